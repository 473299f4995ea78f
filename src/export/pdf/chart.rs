//! A simple bar chart ([`Block::Chart`]) drawn with vector primitives: filled rectangles for
//! the bars (each with a darker part at its foot, such as the night contacts), dashed
//! horizontal lines for limits with a short label at their right end, axes with count ticks
//! and gridlines, a label under every bar or every few bars (so labels never overlap), a mark
//! (▲) over bars the caller flags, and a legend. The whole chart is kept on one page.
//!
//! Legibility with many bars: the plot is as wide as the text; a bar is 70% of its slot, so 92
//! bars (the most a contact chart has, see [`crate::domain::contact::MAX_BARS`]) are about
//! 1.2 mm wide, and labels are thinned to every k-th bar.

use super::*;

/// A bar chart; see the module notes of `chart.rs` for how it is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    /// Printed above the chart.
    pub title: String,
    /// What the vertical axis counts, printed above it ("次数").
    pub y_label: String,
    pub bars: Vec<ChartBar>,
    /// Horizontal lines (limits), each with its value, a short label at its end and a
    /// legend line.
    pub lines: Vec<ChartLine>,
    /// Legend words for the bar, its dark part and the mark (each shown only when the chart
    /// has one).
    pub legend_bar: String,
    pub legend_part: String,
    pub legend_mark: String,
    /// A note under the legend (how the bars are grouped), if any.
    pub note: Option<String>,
}

/// One bar: its label under the axis, its height, the part of it drawn dark (from the foot),
/// and whether it carries the mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartBar {
    pub label: String,
    pub value: u32,
    pub part: u32,
    pub marked: bool,
}

/// A horizontal line at `value`: `short` is drawn at its right end, `legend` in the legend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartLine {
    pub value: u32,
    pub short: String,
    pub legend: String,
}

impl BarChart {
    /// Every string the chart draws (to decide on a fallback font).
    pub(super) fn texts(&self) -> Vec<&str> {
        let mut out = vec![
            self.title.as_str(),
            self.y_label.as_str(),
            self.legend_bar.as_str(),
            self.legend_part.as_str(),
            self.legend_mark.as_str(),
            MARK,
        ];
        out.extend(self.bars.iter().map(|b| b.label.as_str()));
        for l in &self.lines {
            out.push(&l.short);
            out.push(&l.legend);
        }
        out.extend(self.note.as_deref());
        out
    }
}

const MARK: &str = "▲";
const PLOT_H: f32 = 62.0;
const AXIS_PT: f32 = 7.0;
/// Room left of the plot for the count labels, right of it for the lines' short labels.
const LEFT_ROOM: f32 = 9.0;
const RIGHT_ROOM: f32 = 14.0;
const BAR_SHADE: f32 = 0.62;
const PART_SHADE: f32 = 0.1;
const GRID_SHADE: f32 = 0.85;
const LINE_SHADE: f32 = 0.15;
const SWATCH: f32 = 3.0;

/// A tick step of 1, 2 or 5 times a power of ten giving at most 6 steps up to `max`.
pub(super) fn tick_step(max: u32) -> u32 {
    let mut unit: u32 = 1;
    loop {
        for k in [1, 2, 5] {
            let step = unit.saturating_mul(k);
            if max.div_ceil(step) <= 6 || step == u32::MAX {
                return step;
            }
        }
        unit = unit.saturating_mul(10);
    }
}

enum Swatch {
    Fill(f32),
    Dash,
    Mark,
    None,
}

/// A dashed horizontal limit line (and its legend swatch) from `x0` to `x1` at `y`, in mm;
/// `dash` is the on/off pattern in points.
fn dashed_hline(x0: f32, x1: f32, y: f32, dash: &[f32]) -> Vec<Op> {
    vec![
        Op::SaveGraphicsState,
        Op::SetOutlineColor {
            col: grey(LINE_SHADE),
        },
        Op::SetOutlineThickness { pt: Pt(0.9) },
        Op::SetLineDashPattern {
            dash: LineDashPattern::new(0.0, dash),
        },
        hline(x0, x1, y),
        Op::RestoreGraphicsState,
    ]
}

impl Layout<'_> {
    pub(super) fn chart(&mut self, chart: &BarChart) {
        let lh_cap = line_height(CAPTION_PT);
        let lh_axis = line_height(AXIS_PT);
        let title = self.resolve(&chart.title);
        let title_lines = wrap(self.fonts, &title, CAPTION_PT, CONTENT_W);

        // The legend: (swatch, wrapped lines).
        let text_w = CONTENT_W - SWATCH - 2.0;
        let mut legend: Vec<(Swatch, Vec<String>)> = Vec::new();
        let mut add = |lay: &mut Self, swatch: Swatch, text: &str| {
            let t = lay.resolve(text);
            if !t.trim().is_empty() {
                legend.push((swatch, wrap(lay.fonts, &t, CAPTION_PT, text_w)));
            }
        };
        if !chart.bars.is_empty() {
            add(self, Swatch::Fill(BAR_SHADE), &chart.legend_bar);
        }
        if chart.bars.iter().any(|b| b.part > 0) {
            add(self, Swatch::Fill(PART_SHADE), &chart.legend_part);
        }
        if chart.bars.iter().any(|b| b.marked) {
            add(self, Swatch::Mark, &chart.legend_mark);
        }
        for l in &chart.lines {
            add(self, Swatch::Dash, &l.legend);
        }
        if let Some(note) = &chart.note {
            add(self, Swatch::None, note);
        }
        let legend_h: f32 = legend
            .iter()
            .map(|(_, ls)| ls.len().max(1) as f32 * lh_cap + 0.6)
            .sum();
        let total = title_lines.len() as f32 * lh_cap
            + 2.0
            + lh_axis
            + PLOT_H
            + lh_axis
            + 3.0
            + legend_h
            + 2.0;
        self.gap(2.0);
        self.ensure(total);

        for line in &title_lines {
            self.draw_text(MARGIN_X, self.y, lh_cap, CAPTION_PT, line, 0.0);
            self.y += lh_cap;
        }
        self.y += 2.0;
        let y_label = self.resolve(&chart.y_label);
        self.draw_text(MARGIN_X, self.y, lh_axis, AXIS_PT, &y_label, 0.35);
        // Room for the top count label, drawn half above the plot.
        self.y += lh_axis * 1.5;

        let plot_x = MARGIN_X + LEFT_ROOM;
        let plot_w = CONTENT_W - LEFT_ROOM - RIGHT_ROOM;
        let plot_top = self.y;
        let plot_bottom = plot_top + PLOT_H;
        let max = chart
            .bars
            .iter()
            .map(|b| b.value)
            .chain(chart.lines.iter().map(|l| l.value))
            .max()
            .unwrap_or(0)
            .max(1);
        let step = tick_step(max);
        let y_max = max.div_ceil(step).saturating_mul(step) as f32;
        let y_of = |v: f32| plot_bottom - PLOT_H * (v / y_max).min(1.0);

        // Gridlines and count labels.
        let mut ops = vec![Op::SaveGraphicsState];
        ops.extend(stroke_style(GRID_SHADE, 0.4));
        let mut tick = step;
        while (tick as f32) <= y_max {
            ops.push(hline(plot_x, plot_x + plot_w, y_of(tick as f32)));
            tick = tick.saturating_add(step);
            if tick == u32::MAX {
                break;
            }
        }
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
        let mut tick = 0u32;
        while (tick as f32) <= y_max {
            let s = tick.to_string();
            let w = self.fonts.width(&s, AXIS_PT);
            let y = y_of(tick as f32) - lh_axis / 2.0;
            self.draw_text(plot_x - 1.2 - w, y, lh_axis, AXIS_PT, &s, 0.35);
            tick = tick.saturating_add(step);
            if tick == u32::MAX {
                break;
            }
        }

        // Bars, their dark part, and marks.
        let n = chart.bars.len().max(1);
        let slot = plot_w / n as f32;
        let bar_w = (slot * 0.7).max(0.3);
        let mut bar_ops = Vec::new();
        for (i, b) in chart.bars.iter().enumerate() {
            if b.value == 0 {
                continue;
            }
            let x = plot_x + slot * i as f32 + (slot - bar_w) / 2.0;
            let top = y_of(b.value as f32);
            let part = b.part.min(b.value);
            let part_top = y_of(part as f32);
            if part < b.value {
                bar_ops.extend(fill_rect(x, top, bar_w, part_top - top, BAR_SHADE));
            }
            if part > 0 {
                bar_ops.extend(fill_rect(
                    x,
                    part_top,
                    bar_w,
                    plot_bottom - part_top,
                    PART_SHADE,
                ));
            }
        }
        self.ops().extend(bar_ops);
        for (i, b) in chart.bars.iter().enumerate() {
            if !b.marked {
                continue;
            }
            let w = self.fonts.width(MARK, AXIS_PT);
            let cx = plot_x + slot * (i as f32 + 0.5);
            let top = y_of(b.value as f32) - lh_axis;
            self.draw_text(cx - w / 2.0, top, lh_axis, AXIS_PT, MARK, 0.0);
        }

        // Axes.
        let mut axis = vec![Op::SaveGraphicsState];
        axis.extend(stroke_style(0.2, 0.6));
        axis.push(hline(plot_x, plot_x + plot_w, plot_bottom));
        axis.push(vline(plot_x, plot_top, plot_bottom));
        axis.push(Op::RestoreGraphicsState);
        self.ops().extend(axis);

        // Limit lines, dashed, with their short label to the right of the plot.
        for l in &chart.lines {
            let y = y_of(l.value as f32);
            let ops = dashed_hline(plot_x, plot_x + plot_w, y, &[3.0, 2.0]);
            self.ops().extend(ops);
            let short = self.resolve(&l.short);
            let short = ellipsize(self.fonts, &short, AXIS_PT, RIGHT_ROOM - 1.0);
            self.draw_text(
                plot_x + plot_w + 1.0,
                y - lh_axis / 2.0,
                lh_axis,
                AXIS_PT,
                &short,
                0.0,
            );
        }

        // Labels under the bars, every `every`-th so they never overlap.
        let labels: Vec<String> = chart.bars.iter().map(|b| self.resolve(&b.label)).collect();
        let widest = labels
            .iter()
            .map(|l| self.fonts.width(l, AXIS_PT))
            .fold(0.0_f32, f32::max);
        let every = ((widest + 1.5) / slot).ceil().max(1.0) as usize;
        for (i, label) in labels.iter().enumerate() {
            if i % every != 0 {
                continue;
            }
            let w = self.fonts.width(label, AXIS_PT);
            let cx = plot_x + slot * (i as f32 + 0.5);
            let x = (cx - w / 2.0).max(MARGIN_X);
            self.draw_text(x, plot_bottom + 0.8, lh_axis, AXIS_PT, label, 0.2);
        }
        self.y = plot_bottom + 0.8 + lh_axis + 3.0;

        // Legend.
        for (swatch, lines) in legend {
            let top = self.y;
            let mid = top + lh_cap / 2.0;
            match swatch {
                Swatch::Fill(shade) => {
                    let ops = fill_rect(MARGIN_X, mid - SWATCH / 2.0, SWATCH, SWATCH, shade);
                    self.ops().extend(ops);
                }
                Swatch::Dash => {
                    let ops = dashed_hline(MARGIN_X, MARGIN_X + SWATCH, mid, &[2.0, 1.5]);
                    self.ops().extend(ops);
                }
                Swatch::Mark => {
                    let w = self.fonts.width(MARK, AXIS_PT);
                    self.draw_text(
                        MARGIN_X + (SWATCH - w) / 2.0,
                        top,
                        lh_cap,
                        AXIS_PT,
                        MARK,
                        0.0,
                    );
                }
                Swatch::None => {}
            }
            for line in &lines {
                self.draw_text(
                    MARGIN_X + SWATCH + 2.0,
                    self.y,
                    lh_cap,
                    CAPTION_PT,
                    line,
                    0.25,
                );
                self.y += lh_cap;
            }
            self.y += 0.6;
        }
        self.page_has_content = true;
        self.y += 2.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(n: usize) -> BarChart {
        BarChart {
            title: "每日联系次数".into(),
            y_label: "次数".into(),
            bars: (0..n)
                .map(|i| ChartBar {
                    label: format!("03-{:02}", i % 28 + 1),
                    value: (i % 5) as u32,
                    part: u32::from(i % 3 == 0),
                    marked: i == 4,
                })
                .collect(),
            lines: vec![ChartLine {
                value: 3,
                short: "上限 3".into(),
                legend: "每日接通电话上限 3 次".into(),
            }],
            legend_bar: "对方联系次数".into(),
            legend_part: "夜间".into(),
            legend_mark: "当天有次数标记".into(),
            note: None,
        }
    }

    /// The `re` (rectangle) operators on page `n` (1-based) of `bytes`.
    fn rectangles(bytes: &[u8], n: u32) -> usize {
        let pdf = lopdf::Document::load_mem(bytes).unwrap();
        let page = pdf.get_pages()[&n];
        let content = pdf.get_and_decode_page_content(page).unwrap();
        content
            .operations
            .iter()
            .filter(|op| op.operator == "re")
            .count()
    }

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            title: String::new(),
            header: None,
            blocks,
            lang: Lang::Zh,
        }
    }

    #[test]
    fn bars_parts_swatches_and_labels_are_drawn() {
        let c = chart(21);
        let nonzero = c.bars.iter().filter(|b| b.value > 0).count();
        // A bar with a part below its value is two rectangles; a bar that is all part, one.
        let rects: usize = c
            .bars
            .iter()
            .filter(|b| b.value > 0)
            .map(|b| if b.part > 0 && b.part < b.value { 2 } else { 1 })
            .sum();
        assert!(rects > nonzero, "some bars have a night part");
        let opts = RenderOptions {
            fallback: Fallback::None,
            created: None,
        };
        let empty = render_with(&doc(vec![Block::Paragraph("x".into())]), &opts).unwrap();
        let base = rectangles(&empty.bytes, 1);
        let r = render_with(&doc(vec![Block::Chart(c.clone())]), &opts).unwrap();
        assert_eq!(r.pages, 1);
        assert!(r.missing_chars.is_empty(), "{:?}", r.missing_chars);
        // Two legend swatches (bar, part) besides the bars.
        assert_eq!(rectangles(&r.bytes, 1), base + rects + 2);
        let text = squash(&pdf_text(&r.bytes));
        for want in [
            "每日联系次数",
            "上限3",
            "每日接通电话上限3次",
            "03-01",
            "夜间",
            "▲",
        ] {
            assert!(text.contains(want), "{want} in {text}");
        }
    }

    #[test]
    fn ninety_bars_fit_one_page_with_thinned_labels() {
        let c = chart(92);
        let opts = RenderOptions {
            fallback: Fallback::None,
            created: None,
        };
        let r = render_with(&doc(vec![Block::Chart(c)]), &opts).unwrap();
        assert_eq!(r.pages, 1);
        let text = pdf_text(&r.bytes);
        let labels = text.matches("03-").count();
        assert!(labels > 5 && labels < 40, "{labels} labels");
    }

    #[test]
    fn need_room_starts_a_page_only_when_the_room_is_not_left() {
        let opts = RenderOptions {
            fallback: Fallback::None,
            created: None,
        };
        let pages = |need: f32| {
            let blocks = vec![
                Block::Paragraph("上文".into()),
                Block::Spacer(200.0),
                Block::NeedRoom(need),
                Block::Paragraph("下文".into()),
            ];
            render_with(&doc(blocks), &opts).unwrap().pages
        };
        assert_eq!(pages(10.0), 1);
        assert_eq!(pages(60.0), 2);
        assert_eq!(pages(f32::NAN), 1);
    }

    #[test]
    fn ticks_are_round_and_few() {
        assert_eq!(tick_step(1), 1);
        assert_eq!(tick_step(6), 1);
        assert_eq!(tick_step(7), 2);
        assert_eq!(tick_step(40), 10);
        assert_eq!(tick_step(u32::MAX), 1_000_000_000);
    }

    fn squash(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn pdf_text(bytes: &[u8]) -> String {
        let pdf = lopdf::Document::load_mem(bytes).unwrap();
        let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
        pdf.extract_text(&pages).unwrap()
    }
}
