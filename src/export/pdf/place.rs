//! Contents, pictures and included PDF pages in the layout: the table of contents with
//! page numbers and links, pictures scaled or sliced, included pages placed whole.

use super::*;

// Contents, pictures and included PDFs: layout

pub(super) const SUBHEADING_PT: f32 = 11.5;
pub(super) const MINOR_HEADING_PT: f32 = 10.5;
pub(super) const CAPTION_PT: f32 = 9.0;
/// Natural size of one pixel (96 dpi) and how far small pictures may be enlarged.
pub(super) const MM_PER_PX: f32 = 25.4 / 96.0;
pub(super) const MAX_UPSCALE: f32 = 2.0;
/// A picture taller than a page is shrunk onto one page only if it keeps at least this
/// share of its width; otherwise it is cut into page-high slices at full width.
pub(super) const MIN_SHRINK: f32 = 0.5;
/// A picture that fits a page but not the room left is shrunk to fit there if it
/// keeps at least this share of its size; otherwise it goes to the next page.
pub(super) const SHRINK_HERE: f32 = 0.8;
/// An included PDF page starts on the current page only if it is drawn at least this
/// large there compared with a page of its own.
pub(super) const PDF_PAGE_HERE: f32 = 0.85;
/// Indent of a contents line per level below 1.
pub(super) const TOC_INDENT: f32 = 6.0;

/// Natural size (mm) of a picture: its 96 dpi size, at most twice that and at most
/// the text width.
pub(super) fn image_size(img: &PreparedImage) -> (f32, f32) {
    let (px_w, px_h) = (img.px_w as f32, img.px_h as f32);
    let w = CONTENT_W.min(px_w * MM_PER_PX * MAX_UPSCALE);
    (w, w * px_h / px_w)
}

pub(super) fn clamp_level(level: u8) -> u8 {
    level.clamp(1, 3)
}

/// One line of the contents / one bookmark.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TocEntry {
    /// As written (for the bookmark title, which the viewer draws with its own fonts).
    pub(super) title: String,
    pub(super) level: u8,
}

/// Where a section landed: page index and the top of its heading (mm from the top).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct SectionMark {
    pub(super) page: usize,
    pub(super) y: f32,
    /// Something was drawn on the page before the heading (the section before it ends on
    /// this page, not the one before).
    pub(super) shares_page: bool,
}

/// A clickable contents line: page index, rectangle (mm: x, top, w, h), section index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TocLink {
    pub(super) page: usize,
    pub(super) rect: [f32; 4],
    pub(super) entry: usize,
}

/// An XObject drawn on a page after printpdf's content: an image (or a slice of one)
/// or an included PDF page, clipped to `clip` and framed by a thin border.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Placement {
    pub(super) page: usize,
    /// Block index of the media; `sub` is the page of an included PDF (0 for images).
    pub(super) slot: usize,
    pub(super) sub: usize,
    /// The `cm` operands, in PDF points from the bottom-left corner.
    pub(super) matrix: [f32; 6],
    /// Visible rectangle in PDF points: x, y (bottom), width, height.
    pub(super) clip: [f32; 4],
}

/// What layout leaves for the lopdf stage.
pub(super) struct Extras {
    pub(super) marks: Vec<SectionMark>,
    pub(super) links: Vec<TocLink>,
    pub(super) placements: Vec<Placement>,
}

pub(super) fn toc_entries(doc: &Document) -> Vec<TocEntry> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(t) => Some((t, 1)),
            Block::Section { title, level } => Some((title, clamp_level(*level))),
            _ => None,
        })
        .map(|(t, level)| TocEntry {
            title: t.split_whitespace().collect::<Vec<_>>().join(" "),
            level,
        })
        .collect()
}

pub(super) fn contents_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "目录",
        Lang::En => "Contents",
    }
}

/// The note drawn where a picture or a PDF cannot be drawn. Calm and true: a format the
/// writer has no decoder for is not a damaged file, and the original is kept — attached to
/// this PDF (`attached`), or in the evidence pack this PDF rides in.
pub(super) fn note_text(lang: Lang, pdf: bool, attached: bool) -> &'static str {
    match (lang, pdf, attached) {
        (Lang::Zh, false, true) => {
            "此图片无法在本 PDF 中画出。原件已附在本 PDF 中，可用系统自带的看图程序打开。"
        }
        (Lang::Zh, false, false) => {
            "此图片无法在本 PDF 中画出。原件在证据包中，可用系统自带的看图程序打开。"
        }
        (Lang::Zh, true, true) => {
            "无法显示此 PDF 文件（设有密码或无法读取），原件已附在本 PDF 中。"
        }
        (Lang::Zh, true, false) => "无法显示此 PDF 文件（设有密码或无法读取），原件在证据包中。",
        (Lang::En, false, true) => {
            "This picture cannot be drawn in this PDF. The original is attached to this PDF and opens in the system's picture viewer."
        }
        (Lang::En, false, false) => {
            "This picture cannot be drawn in this PDF. The original is in the evidence pack and opens in the system's picture viewer."
        }
        (Lang::En, true, true) => {
            "This PDF cannot be shown (it has a password or cannot be read); the original is attached to this PDF."
        }
        (Lang::En, true, false) => {
            "This PDF cannot be shown (it has a password or cannot be read); the original is in the evidence pack."
        }
    }
}

/// The note drawn above a picture whose file ends before its image data does: what could
/// be read is drawn below it.
pub(super) fn incomplete_text(lang: Lang, attached: bool) -> &'static str {
    match (lang, attached) {
        (Lang::Zh, true) => "文件不完整：只显示了能读出的部分，原件已附在本 PDF 中。",
        (Lang::Zh, false) => "文件不完整：只显示了能读出的部分，原件在证据包中。",
        (Lang::En, true) => {
            "The file is incomplete: only the part that could be read is shown; the original is attached to this PDF."
        }
        (Lang::En, false) => {
            "The file is incomplete: only the part that could be read is shown; the original is in the evidence pack."
        }
    }
}

/// The label of slice `k` of `n` of a long screenshot.
pub(super) fn part_of(lang: Lang, k: usize, n: usize) -> String {
    match lang {
        Lang::Zh => format!("（第 {k}/{n} 段）"),
        Lang::En => format!(" (part {k} of {n})"),
    }
}

pub(super) fn page_of(lang: Lang, k: usize, n: usize) -> String {
    match lang {
        Lang::Zh => format!("（第 {k} / {n} 页）"),
        Lang::En => format!(" (page {k} of {n})"),
    }
}

pub(super) fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// An affine map in PDF's `cm` order: x' = a·x + c·y + e, y' = b·x + d·y + f.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Affine(pub(super) [f32; 6]);

impl Affine {
    pub(super) fn translate(x: f32, y: f32) -> Self {
        Affine([1.0, 0.0, 0.0, 1.0, x, y])
    }

    pub(super) fn scale(s: f32) -> Self {
        Affine([s, 0.0, 0.0, s, 0.0, 0.0])
    }

    /// `self` first, then `next`.
    pub(super) fn then(self, next: Affine) -> Affine {
        let [a1, b1, c1, d1, e1, f1] = self.0;
        let [a2, b2, c2, d2, e2, f2] = next.0;
        Affine([
            a2 * a1 + c2 * b1,
            b2 * a1 + d2 * b1,
            a2 * c1 + c2 * d1,
            b2 * c1 + d2 * d1,
            a2 * e1 + c2 * f1 + e2,
            b2 * e1 + d2 * f1 + f2,
        ])
    }

    pub(super) fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// Turn a `w`×`h` box at the origin clockwise by `rotate` degrees (the page
    /// /Rotate sense), leaving the result at the origin.
    pub(super) fn page_rotation(rotate: u16, w: f32, h: f32) -> Affine {
        match rotate {
            90 => Affine([0.0, -1.0, 1.0, 0.0, 0.0, w]),
            180 => Affine([-1.0, 0.0, 0.0, -1.0, w, h]),
            270 => Affine([0.0, 1.0, -1.0, 0.0, h, 0.0]),
            _ => Affine([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
        }
    }
}

impl Layout<'_> {
    /// Wrapped caption lines (resolved) and the height they take below a picture.
    pub(super) fn caption_lines(&mut self, caption: &str) -> (Vec<String>, f32) {
        let text = self.resolve(caption);
        if text.trim().is_empty() {
            return (Vec::new(), 0.0);
        }
        let lines = wrap(self.fonts, &text, CAPTION_PT, CONTENT_W);
        let h = 1.5 + lines.len() as f32 * line_height(CAPTION_PT);
        (lines, h)
    }

    pub(super) fn draw_caption(&mut self, lines: &[String]) {
        if lines.is_empty() {
            return;
        }
        self.y += 1.5;
        let lh = line_height(CAPTION_PT);
        for line in lines {
            let w = self.fonts.width(line, CAPTION_PT);
            let x = MARGIN_X + (CONTENT_W - w).max(0.0) / 2.0;
            self.draw_text(x, self.y, lh, CAPTION_PT, line, 0.3);
            self.y += lh;
        }
    }

    /// Record an XObject drawn in the rectangle (mm from the top-left) `x, top, w, h`,
    /// showing only the part inside `clip_top .. clip_top + clip_h`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn place_image(
        &mut self,
        slot: usize,
        x: f32,
        top: f32,
        w: f32,
        h: f32,
        clip_top: f32,
        clip_h: f32,
    ) {
        let matrix = [
            mm_to_pt(w),
            0.0,
            0.0,
            mm_to_pt(h),
            mm_to_pt(x),
            mm_to_pt(PAGE_H - top - h),
        ];
        let clip = [
            mm_to_pt(x),
            mm_to_pt(PAGE_H - clip_top - clip_h),
            mm_to_pt(w),
            mm_to_pt(clip_h),
        ];
        self.placements.push(Placement {
            page: self.page_index(),
            slot,
            sub: 0,
            matrix,
            clip,
        });
        self.page_has_content = true;
    }

    /// Height a heading must find below itself to stay with block `index` (`next`).
    pub(super) fn keep_with(&mut self, index: usize, next: Option<&Block>) -> f32 {
        let two_lines = 2.0 * line_height(BODY_PT);
        let full = CONTENT_BOTTOM - CONTENT_TOP;
        match (next, self.media.get(index)) {
            (Some(Block::Image { .. }), Some(Media::Image(img))) => {
                // The least room the picture accepts to start where it is (see image()).
                let (_, h) = image_size(img);
                let fresh = (full - 12.0) / h;
                if fresh >= 1.0 {
                    h * SHRINK_HERE + 12.0
                } else if fresh >= MIN_SHRINK {
                    h * fresh * SHRINK_HERE + 12.0
                } else {
                    full * 0.5
                }
            }
            (Some(Block::PdfPages { .. }), Some(Media::Pdf(_))) => full * PDF_PAGE_HERE,
            (Some(Block::Image { .. } | Block::PdfPages { .. }), _) => 25.0,
            // A table's header and its first row (each may wrap to a second line): a heading
            // left alone at the foot of a page, its rows on the next, reads as a lost title.
            (Some(Block::Table { .. }), _) => 4.0 * line_height(TABLE_PT) + 4.0 * CELL_PAD + 1.0,
            _ => two_lines,
        }
    }

    pub(super) fn image(&mut self, slot: usize, img: &PreparedImage, caption: &str) {
        if img.incomplete {
            self.paragraph(incomplete_text(self.lang, self.attached));
        }
        let (cap, cap_h) = self.caption_lines(caption);
        // The longest a slice's label can be ("part 999 of 999"), to leave room for it.
        let longest = format!("{caption}{}", part_of(self.lang, 999, 999));
        let (_, cap_max) = self.caption_lines(&longest);
        let (w, h) = image_size(img);
        let full = CONTENT_BOTTOM - CONTENT_TOP;
        self.gap(2.0);
        let room = CONTENT_BOTTOM - self.y;
        // Scale at which it fits here, and on a page of its own (1 = natural size).
        let here = ((room - cap_h) / h).min(1.0);
        let fresh = ((full - cap_h) / h).min(1.0);
        if fresh >= MIN_SHRINK && here >= fresh * SHRINK_HERE {
            // Here, at most slightly smaller than on a page of its own.
            self.draw_image(slot, w * here, h * here, &cap);
        } else if fresh >= MIN_SHRINK {
            self.fresh_page();
            self.draw_image(slot, w * fresh, h * fresh, &cap);
        } else {
            // A long screenshot: page-high slices at full width, whole pixel rows each, cut
            // between lines of text (see plan_slices), the first here if at least half a
            // page is left; each labelled "part k of n".
            if room < full * 0.5 {
                self.fresh_page();
            }
            let mm_per_row = h / img.px_h as f32;
            let x = MARGIN_X + (CONTENT_W - w) / 2.0;
            let rows_in = |room: f32| (room / mm_per_row).floor().max(1.0) as u32;
            let slices = plan_slices(
                img.rows.as_deref(),
                blank_limit(img.px_w),
                img.px_h,
                rows_in(CONTENT_BOTTOM - self.y - cap_max),
                rows_in(full - cap_max),
            );
            let n = slices.len();
            for (k, &(start, end)) in slices.iter().enumerate() {
                if k > 0 {
                    self.new_page();
                }
                let slice_h = (end - start) as f32 * mm_per_row;
                let image_top = self.y - start as f32 * mm_per_row;
                self.place_image(slot, x, image_top, w, h, self.y, slice_h);
                self.y += slice_h;
                let (label, _) =
                    self.caption_lines(&format!("{caption}{}", part_of(self.lang, k + 1, n)));
                self.draw_caption(&label);
            }
        }
        self.y += 3.0;
    }

    /// A whole picture of `w`×`h` mm, centred at the cursor, and its caption.
    pub(super) fn draw_image(&mut self, slot: usize, w: f32, h: f32, cap: &[String]) {
        let x = MARGIN_X + (CONTENT_W - w) / 2.0;
        self.place_image(slot, x, self.y, w, h, self.y, h);
        self.y += h;
        self.draw_caption(cap);
    }

    pub(super) fn pdf_pages(&mut self, slot: usize, pdf: &PreparedPdf, caption: &str) {
        let n = pdf.pages.len();
        let full = CONTENT_BOTTOM - CONTENT_TOP;
        for (k, page) in pdf.pages.iter().enumerate() {
            let label = format!("{caption}{}", page_of(self.lang, k + 1, n));
            let (cap, cap_h) = self.caption_lines(&label);
            let (pw, ph) = page.display_size_pt();
            let (pw_mm, ph_mm) = (pw * MM_PER_PT, ph * MM_PER_PT);
            let fit = |room: f32| (CONTENT_W / pw_mm).min(room / ph_mm).min(MAX_UPSCALE);
            // A page of its own, unless nearly as much room is left here (below a
            // heading, say).
            if fit(CONTENT_BOTTOM - self.y - cap_h) < PDF_PAGE_HERE * fit(full - cap_h) {
                self.fresh_page();
            }
            let s = fit(CONTENT_BOTTOM - self.y - cap_h);
            let (w, h) = (pw_mm * s, ph_mm * s);
            let x = MARGIN_X + (CONTENT_W - w) / 2.0;
            let top = self.y;
            let [bx0, by0, bx1, by1] = page.bbox;
            let to_page = Affine::translate(-bx0, -by0)
                .then(Affine::page_rotation(page.rotate, bx1 - bx0, by1 - by0))
                .then(Affine::scale(s))
                .then(Affine::translate(mm_to_pt(x), mm_to_pt(PAGE_H - top - h)));
            self.placements.push(Placement {
                page: self.page_index(),
                slot,
                sub: k,
                matrix: to_page.0,
                clip: [
                    mm_to_pt(x),
                    mm_to_pt(PAGE_H - top - h),
                    mm_to_pt(w),
                    mm_to_pt(h),
                ],
            });
            self.page_has_content = true;
            self.y += h;
            self.draw_caption(&cap);
        }
        self.y += 3.0;
    }

    /// A framed note in place of a picture or PDF that cannot be shown.
    pub(super) fn note_box(&mut self, note: &str, caption: &str) {
        let (cap, cap_h) = self.caption_lines(caption);
        let text = self.resolve(note);
        let lh = line_height(BODY_PT);
        let pad = 4.0;
        let lines = wrap(self.fonts, &text, BODY_PT, CONTENT_W - 2.0 * pad);
        let box_h = lines.len() as f32 * lh + 2.0 * pad;
        self.gap(2.0);
        self.ensure(box_h + cap_h);
        let top = self.y;
        let mut ops = vec![Op::SaveGraphicsState, Op::SetFillColor { col: grey(0.95) }];
        ops.extend(stroke_style(0.45, 0.8));
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Mm(MARGIN_X).into(),
                y: pt_y(top + box_h),
                width: Mm(CONTENT_W).into(),
                height: Mm(box_h).into(),
                mode: Some(PaintMode::FillStroke),
                winding_order: None,
            },
        });
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
        self.y += pad;
        for line in &lines {
            let w = self.fonts.width(line, BODY_PT);
            let x = MARGIN_X + (CONTENT_W - w).max(0.0) / 2.0;
            self.draw_text(x, self.y, lh, BODY_PT, line, 0.2);
            self.y += lh;
        }
        self.y = top + box_h;
        self.page_has_content = true;
        self.draw_caption(&cap);
        self.y += 3.0;
    }

    /// The table of contents: a title, then one line per section with a dotted leader
    /// and its page number (blank in the first pass), each line a link.
    pub(super) fn contents(&mut self) {
        let title = self.resolve(contents_title(self.lang));
        let lh_title = line_height(HEADING_PT);
        self.gap(3.0);
        self.ensure(lh_title + 2.0 * line_height(BODY_PT));
        let w = self.fonts.width(&title, HEADING_PT);
        self.draw_text(
            MARGIN_X + (CONTENT_W - w).max(0.0) / 2.0,
            self.y,
            lh_title,
            HEADING_PT,
            &title,
            0.0,
        );
        self.y += lh_title + 3.0;
        let lh = line_height(BODY_PT);
        let num_w = self.fonts.width("0000", BODY_PT);
        let right = MARGIN_X + CONTENT_W;
        for (k, entry) in self.toc.iter().enumerate() {
            let indent = f32::from(entry.level - 1) * TOC_INDENT;
            let text = self.resolve(&entry.title);
            let text_w = CONTENT_W - indent - num_w - 4.0;
            let lines = wrap(self.fonts, &text, BODY_PT, text_w);
            if entry.level == 1 && k > 0 {
                self.y += 1.2;
            }
            let last = lines.len().saturating_sub(1);
            for (i, line) in lines.iter().enumerate() {
                self.ensure(lh);
                let x = MARGIN_X + indent;
                self.draw_text(x, self.y, lh, BODY_PT, line, 0.0);
                if i == last {
                    let end = x + self.fonts.width(line, BODY_PT) + 1.5;
                    let mut num_x = right - num_w;
                    if let Some(n) = self.toc_numbers.and_then(|n| n.get(k)) {
                        let num = n.to_string();
                        num_x = right - self.fonts.width(&num, BODY_PT);
                        self.draw_text(num_x, self.y, lh, BODY_PT, &num, 0.0);
                    }
                    let leader_end = num_x - 1.5;
                    if leader_end - end > 2.0 {
                        let y = baseline_in(self.y, lh, BODY_PT);
                        let mut ops = vec![Op::SaveGraphicsState];
                        ops.extend(stroke_style(0.45, 0.9));
                        ops.push(Op::SetLineCapStyle {
                            cap: LineCapStyle::Round,
                        });
                        ops.push(Op::SetLineDashPattern {
                            dash: LineDashPattern::new(0.0, &[0.0, 2.6]),
                        });
                        ops.push(hline(end, leader_end, y));
                        ops.push(Op::RestoreGraphicsState);
                        self.ops().extend(ops);
                    }
                }
                self.links.push(TocLink {
                    page: self.page_index(),
                    rect: [MARGIN_X + indent, self.y, CONTENT_W - indent, lh],
                    entry: k,
                });
                self.y += lh;
            }
        }
        self.y += 4.0;
    }
}
