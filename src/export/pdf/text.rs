//! Fonts and measuring, line breaking for Chinese and Latin text (禁则), and the drawing
//! primitives (text runs, rules, filled boxes) every part of the layout uses.

use super::*;

// Fonts and measuring

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Main,
    Fallback,
}

pub(super) struct Fonts<'a> {
    pub(super) main: &'a ParsedFont,
    pub(super) fallback: Option<&'a ParsedFont>,
}

impl Fonts<'_> {
    /// Which face draws `c` (after [`Layout::resolve`], every char has one).
    pub(super) fn face(&self, c: char) -> Face {
        if font::has_glyph(self.main, c) {
            return Face::Main;
        }
        match self.fallback {
            Some(f) if font::has_glyph(f, c) => Face::Fallback,
            _ => Face::Main,
        }
    }

    pub(super) fn parsed(&self, face: Face) -> &ParsedFont {
        match (face, self.fallback) {
            (Face::Fallback, Some(f)) => f,
            _ => self.main,
        }
    }

    /// Advance width of `c` in mm at `size_pt`.
    pub(super) fn advance(&self, c: char, size_pt: f32) -> f32 {
        let f = self.parsed(self.face(c));
        let gid = f.lookup_glyph_index(u32::from(c)).unwrap_or(0);
        let upem = f32::from(f.pdf_font_metrics.units_per_em.max(1));
        f32::from(f.get_horizontal_advance(gid)) / upem * size_pt * MM_PER_PT
    }

    pub(super) fn width(&self, s: &str, size_pt: f32) -> f32 {
        s.chars().map(|c| self.advance(c, size_pt)).sum()
    }
}

/// Characters that may not start a line (closing marks and trailing punctuation).
pub(super) const NO_START: &str = "，。、；：？！）」』》〉】〕〗〙〛”’…‥·・—～％‰℃°,.;:?!)]}%·";
/// Characters that may not end a line (opening marks and leading currency signs).
pub(super) const NO_END: &str = "（「『《〈【〔〖〘〚“‘([{￥¥$＄";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Space,
    /// A run of Latin letters, digits and ASCII punctuation: breaks only at spaces.
    Word,
    /// One ideograph or CJK/full-width mark: a break may fall on either side.
    Unit,
}

#[derive(Debug)]
pub(super) struct Tok {
    pub(super) s: String,
    pub(super) w: f32,
    pub(super) kind: Kind,
}

/// True for characters that stand alone for line breaking (CJK text has no spaces).
pub(super) fn is_unit_char(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF       // Hangul Jamo
        | 0x2010..=0x206F     // general punctuation (— … “ ”)
        | 0x2E80..=0x9FFF     // CJK radicals … unified ideographs, kana, CJK punctuation
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE6F     // CJK compatibility / small forms
        | 0xFF00..=0xFFEF     // full-width forms
        | 0x20000..=0x3FFFF) // CJK extensions B+
}

pub(super) fn tokenize(fonts: &Fonts, line: &str, size_pt: f32) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    for c in line.chars() {
        let w = fonts.advance(c, size_pt);
        let kind = if c == ' ' {
            Kind::Space
        } else if is_unit_char(c) {
            Kind::Unit
        } else {
            Kind::Word
        };
        if kind == Kind::Word
            && let Some(last) = toks.last_mut()
            && last.kind == Kind::Word
        {
            last.s.push(c);
            last.w += w;
            continue;
        }
        toks.push(Tok {
            s: c.to_string(),
            w,
            kind,
        });
    }
    toks
}

/// May a line break fall between `toks[i - 1]` and `toks[i]`?
pub(super) fn break_allowed(toks: &[Tok], i: usize) -> bool {
    let (prev, cur) = (&toks[i - 1], &toks[i]);
    if prev.kind == Kind::Space || cur.kind == Kind::Space {
        return true;
    }
    let first = cur.s.chars().next().unwrap_or(' ');
    let last = prev.s.chars().last().unwrap_or(' ');
    if NO_START.contains(first) || NO_END.contains(last) {
        return false;
    }
    prev.kind == Kind::Unit || cur.kind == Kind::Unit
}

/// Wrap `text` into lines no wider than `max_w` mm (a `\n` forces a break).
pub(super) fn wrap(fonts: &Fonts, text: &str, size_pt: f32, max_w: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut toks = tokenize(fonts, para, size_pt);
        // A word wider than the whole line is broken between its characters.
        if toks.iter().any(|t| t.w > max_w) {
            toks = toks
                .into_iter()
                .flat_map(|t| {
                    if t.w > max_w {
                        t.s.chars()
                            .map(|c| Tok {
                                s: c.to_string(),
                                w: fonts.advance(c, size_pt),
                                kind: Kind::Unit,
                            })
                            .collect()
                    } else {
                        vec![t]
                    }
                })
                .collect();
        }
        if toks.is_empty() {
            out.push(String::new());
            continue;
        }
        let n = toks.len();
        let mut i = 0;
        loop {
            while i < n && toks[i].kind == Kind::Space {
                i += 1;
            }
            if i >= n {
                break;
            }
            let start = i;
            let mut w = 0.0;
            let mut j = i;
            while j < n && (j == start || w + toks[j].w <= max_w + 1e-3) {
                w += toks[j].w;
                j += 1;
            }
            let end = if j == n {
                n
            } else {
                // Last permitted break at or before the overflowing token; if the
                // rules forbid every break, break where the line is full.
                (start + 1..=j)
                    .rev()
                    .find(|&b| break_allowed(&toks, b))
                    .unwrap_or(j)
            };
            let mut line_end = end;
            while line_end > start && toks[line_end - 1].kind == Kind::Space {
                line_end -= 1;
            }
            out.push(toks[start..line_end].iter().map(|t| t.s.as_str()).collect());
            i = end;
        }
    }
    out
}

/// Ops that draw `text` (already resolved) with its left edge at `x` and its
/// baseline at `baseline` (both mm from the top-left corner).
pub(super) fn text_ops(
    fonts: &Fonts,
    x: f32,
    baseline: f32,
    size_pt: f32,
    text: &str,
    shade: f32,
) -> Vec<Op> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut ops = vec![
        Op::StartTextSection,
        Op::SetFillColor { col: grey(shade) },
        Op::SetTextCursor {
            pos: Point {
                x: Mm(x).into(),
                y: pt_y(baseline),
            },
        },
    ];
    let mut run = String::new();
    let mut run_face: Option<Face> = None;
    let flush = |ops: &mut Vec<Op>, run: &mut String, face: Face| {
        if run.is_empty() {
            return;
        }
        let id = match face {
            Face::Main => main_font_id(),
            Face::Fallback => fallback_font_id(),
        };
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id),
            size: Pt(size_pt),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(std::mem::take(run))],
        });
    };
    for c in text.chars() {
        let face = fonts.face(c);
        if let Some(prev) = run_face
            && prev != face
        {
            flush(&mut ops, &mut run, prev);
        }
        run_face = Some(face);
        run.push(c);
    }
    if let Some(face) = run_face {
        flush(&mut ops, &mut run, face);
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Baseline for text of `size_pt` vertically centred in a line box starting at `top`.
pub(super) fn baseline_in(top: f32, line_h: f32, size_pt: f32) -> f32 {
    // The ideographic em box spans roughly 0.88 em above to 0.12 em below the baseline.
    top + line_h / 2.0 + 0.38 * size_pt * MM_PER_PT
}

pub(super) fn hline(x0: f32, x1: f32, y: f32) -> Op {
    line_op(x0, y, x1, y)
}

pub(super) fn vline(x: f32, y0: f32, y1: f32) -> Op {
    line_op(x, y0, x, y1)
}

pub(super) fn line_op(x0: f32, y0: f32, x1: f32, y1: f32) -> Op {
    let p = |x: f32, y: f32| LinePoint {
        p: Point {
            x: Mm(x).into(),
            y: pt_y(y),
        },
        bezier: false,
    };
    Op::DrawLine {
        line: Line {
            points: vec![p(x0, y0), p(x1, y1)],
            is_closed: false,
        },
    }
}

pub(super) fn fill_rect(x: f32, top: f32, w: f32, h: f32, shade: f32) -> Vec<Op> {
    vec![
        Op::SaveGraphicsState,
        Op::SetFillColor { col: grey(shade) },
        Op::DrawRectangle {
            rectangle: Rect {
                x: Mm(x).into(),
                y: pt_y(top + h),
                width: Mm(w).into(),
                height: Mm(h).into(),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        },
        Op::RestoreGraphicsState,
    ]
}

pub(super) fn stroke_style(shade: f32, width_pt: f32) -> [Op; 2] {
    [
        Op::SetOutlineColor { col: grey(shade) },
        Op::SetOutlineThickness { pt: Pt(width_pt) },
    ]
}

/// Shorten `text` with a trailing "…" so it fits in `max_w`.
pub(super) fn ellipsize(fonts: &Fonts, text: &str, size_pt: f32, max_w: f32) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    if fonts.width(&one_line, size_pt) <= max_w {
        return one_line;
    }
    let budget = max_w - fonts.width("…", size_pt);
    let mut out = String::new();
    let mut w = 0.0;
    for c in one_line.chars() {
        let cw = fonts.advance(c, size_pt);
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}
