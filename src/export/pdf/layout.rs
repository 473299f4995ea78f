//! The layout cursor: pages, sections, paragraphs, fields and signatures, and the running
//! header and footer. Tables, contents and media add their own `impl Layout` blocks.

use super::*;

// Layout

pub(super) struct Layout<'a> {
    pub(super) fonts: &'a Fonts<'a>,
    pub(super) pages: Vec<Vec<Op>>,
    /// Cursor, mm from the top of the page.
    pub(super) y: f32,
    pub(super) page_has_content: bool,
    pub(super) missing: BTreeSet<char>,
    pub(super) fallback_used: BTreeSet<char>,
    pub(super) lang: Lang,
    /// Prepared pictures and PDFs, by block index.
    pub(super) media: &'a [Media],
    /// Every section of the document, in order (for [`Block::Contents`]).
    pub(super) toc: &'a [TocEntry],
    /// Page number of each entry of `toc`, once known (second pass).
    pub(super) toc_numbers: Option<&'a [usize]>,
    /// First and last page of each entry of `toc`, once known (for [`page_range_ref`]).
    pub(super) toc_ranges: Option<&'a [(usize, usize)]>,
    /// The `toc` entry of each block that is a heading or section, by block index.
    pub(super) entry_of_block: Vec<Option<usize>>,
    /// Where each section landed, in the order of `toc`.
    pub(super) marks: Vec<SectionMark>,
    pub(super) links: Vec<TocLink>,
    pub(super) placements: Vec<Placement>,
    /// The document carries attachments (the originals): notes say so; otherwise they
    /// point to the evidence pack.
    pub(super) attached: bool,
}

impl<'a> Layout<'a> {
    pub(super) fn new(fonts: &'a Fonts<'a>) -> Self {
        Self {
            fonts,
            pages: vec![Vec::new()],
            y: CONTENT_TOP,
            page_has_content: false,
            missing: BTreeSet::new(),
            fallback_used: BTreeSet::new(),
            lang: Lang::Zh,
            media: &[],
            toc: &[],
            toc_numbers: None,
            toc_ranges: None,
            entry_of_block: Vec::new(),
            marks: Vec::new(),
            links: Vec::new(),
            placements: Vec::new(),
            attached: false,
        }
    }

    /// 1-based first and last page of every section, in document order: a section ends
    /// where the next section of its level or a higher one begins (on the page before, when
    /// that one starts a fresh page), the last at the document's end.
    pub(super) fn section_ranges(&self) -> Vec<(usize, usize)> {
        let level = |k: usize| self.toc.get(k).map_or(1, |e| e.level);
        (0..self.marks.len())
            .map(|k| {
                let start = self.marks[k].page + 1;
                let end = (k + 1..self.marks.len())
                    .find(|&j| level(j) <= level(k))
                    .map_or(self.pages.len(), |j| {
                        let m = self.marks[j];
                        if m.shares_page { m.page + 1 } else { m.page }
                    });
                (start, end.max(start))
            })
            .collect()
    }

    /// `text` with every [`page_range_ref`] replaced by its section's pages ("12–15", or
    /// "12" for one page); before the pages are known, by a stand-in of similar width.
    pub(super) fn fill_page_refs<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if !text.contains(PAGE_REF_OPEN) {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find(PAGE_REF_OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + PAGE_REF_OPEN.len_utf8()..];
            let Some(close) = after.find(PAGE_REF_CLOSE) else {
                rest = after;
                break;
            };
            let range = after[..close]
                .parse::<usize>()
                .ok()
                .and_then(|block| self.entry_of_block.get(block).copied().flatten())
                .and_then(|k| self.toc_ranges.and_then(|r| r.get(k)));
            match range {
                Some((a, b)) if a == b => out.push_str(&a.to_string()),
                Some((a, b)) => out.push_str(&format!("{a}–{b}")),
                None => out.push_str("00–00"),
            }
            rest = &after[close + PAGE_REF_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        std::borrow::Cow::Owned(out)
    }

    pub(super) fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Normalise text for drawing: tabs become spaces, other control characters go,
    /// and characters no font has become the placeholder (and are recorded).
    pub(super) fn resolve(&mut self, text: &str) -> String {
        let filled = self.fill_page_refs(text);
        let text: &str = &filled;
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\n' => out.push('\n'),
                '\t' => out.push(' '),
                '\r' => {}
                c if font::needs_no_glyph(c) => {}
                c if font::has_glyph(self.fonts.main, c) => out.push(c),
                c => match self.fonts.fallback {
                    Some(f) if font::has_glyph(f, c) => {
                        self.fallback_used.insert(c);
                        out.push(c);
                    }
                    _ => {
                        self.missing.insert(c);
                        out.push(font::PLACEHOLDER);
                    }
                },
            }
        }
        out
    }

    pub(super) fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("there is always a page")
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
        self.page_has_content = false;
    }

    /// Continue at the top of a page: a new one, or this one if nothing is on it yet.
    pub(super) fn fresh_page(&mut self) {
        if self.page_has_content {
            self.new_page();
        } else {
            self.y = CONTENT_TOP;
        }
    }

    /// Start a new page unless `h` mm still fit (or the page is empty anyway).
    pub(super) fn ensure(&mut self, h: f32) {
        if self.page_has_content && self.y + h > CONTENT_BOTTOM + 1e-3 {
            self.new_page();
        }
    }

    pub(super) fn gap(&mut self, h: f32) {
        if self.page_has_content {
            self.y += h;
        }
    }

    pub(super) fn draw_text(
        &mut self,
        x: f32,
        top: f32,
        line_h: f32,
        size_pt: f32,
        text: &str,
        shade: f32,
    ) {
        let ops = text_ops(
            self.fonts,
            x,
            baseline_in(top, line_h, size_pt),
            size_pt,
            text,
            shade,
        );
        self.ops().extend(ops);
        self.page_has_content = true;
    }

    pub(super) fn title(&mut self, title: &str) {
        let text = self.resolve(title);
        if text.trim().is_empty() {
            return;
        }
        let lh = line_height(TITLE_PT);
        for line in wrap(self.fonts, &text, TITLE_PT, CONTENT_W) {
            let w = self.fonts.width(&line, TITLE_PT);
            let x = MARGIN_X + (CONTENT_W - w).max(0.0) / 2.0;
            self.draw_text(x, self.y, lh, TITLE_PT, &line, 0.0);
            self.y += lh;
        }
        self.y += 6.0;
    }

    /// Lay out `block` (the `index`-th); `next` is looked at to keep a heading with
    /// what follows it.
    pub(super) fn block(&mut self, index: usize, block: &Block, next: Option<&Block>) {
        let media = self.media;
        let keep = self.keep_with(index + 1, next);
        match block {
            Block::Heading(s) => self.section(s, 1, keep),
            Block::Section { title, level } => self.section(title, *level, keep),
            Block::Contents => self.contents(),
            Block::Image { caption, .. } => match media.get(index) {
                Some(Media::Image(img)) => self.image(index, img, caption),
                _ => self.note_box(note_text(self.lang, false, self.attached), caption),
            },
            Block::PdfPages { caption, .. } => match media.get(index) {
                Some(Media::Pdf(pdf)) => self.pdf_pages(index, pdf, caption),
                _ => self.note_box(note_text(self.lang, true, self.attached), caption),
            },
            Block::Paragraph(s) => self.paragraph(s),
            Block::Fields(rows) => self.fields(rows),
            Block::Table {
                headers,
                rows,
                widths,
            } => self.table(headers, rows, widths),
            Block::Signature { lines } => self.signature(lines),
            Block::Spacer(mm) => {
                if self.y + mm > CONTENT_BOTTOM {
                    self.new_page();
                } else {
                    self.y += mm;
                }
            }
            Block::PageBreak => {
                if self.page_has_content {
                    self.new_page();
                }
            }
            Block::Chart(chart) => self.chart(chart),
            Block::NeedRoom(mm) => {
                if mm.is_finite() && *mm > 0.0 {
                    self.ensure(*mm);
                }
            }
        }
    }

    /// A `Heading` (level 1) or `Section`: drawn, and its place recorded for the
    /// contents, the bookmarks and its named destination.
    pub(super) fn section(&mut self, s: &str, level: u8, keep: f32) {
        let level = clamp_level(level);
        let size = match level {
            1 => HEADING_PT,
            2 => SUBHEADING_PT,
            _ => MINOR_HEADING_PT,
        };
        let text = self.resolve(s);
        let lh = line_height(size);
        let lines = wrap(self.fonts, &text, size, CONTENT_W);
        self.gap(if level == 1 { 3.0 } else { 2.0 });
        // Keep the heading with the start of what follows (two lines of text, or
        // most of a picture or included page).
        self.ensure(lh * lines.len() as f32 + keep);
        self.marks.push(SectionMark {
            page: self.page_index(),
            y: self.y,
            shares_page: self.page_has_content,
        });
        for line in lines {
            self.draw_text(MARGIN_X, self.y, lh, size, &line, 0.0);
            self.y += lh;
        }
        self.page_has_content = true;
        self.y += 1.5;
    }

    pub(super) fn paragraph(&mut self, s: &str) {
        let text = self.resolve(s);
        let lh = line_height(BODY_PT);
        for line in wrap(self.fonts, &text, BODY_PT, CONTENT_W) {
            self.ensure(lh);
            self.draw_text(MARGIN_X, self.y, lh, BODY_PT, &line, 0.0);
            self.y += lh;
        }
        self.y += 2.5;
    }

    pub(super) fn fields(&mut self, rows: &[(String, String)]) {
        let lh = line_height(BODY_PT);
        let rows: Vec<(String, String)> = rows
            .iter()
            .map(|(l, v)| (self.resolve(l), self.resolve(v)))
            .collect();
        let widest = rows
            .iter()
            .map(|(l, _)| self.fonts.width(l, BODY_PT))
            .fold(0.0_f32, f32::max);
        let label_w = (widest + 2.0).min(CONTENT_W * 0.4);
        let value_x = MARGIN_X + label_w + 2.0;
        let value_w = CONTENT_W - label_w - 2.0;
        for (label, value) in &rows {
            let ls = wrap(self.fonts, label, BODY_PT, label_w);
            let vs = wrap(self.fonts, value, BODY_PT, value_w);
            for k in 0..ls.len().max(vs.len()) {
                self.ensure(lh);
                if let Some(l) = ls.get(k) {
                    self.draw_text(MARGIN_X, self.y, lh, BODY_PT, l, 0.35);
                }
                if let Some(v) = vs.get(k) {
                    self.draw_text(value_x, self.y, lh, BODY_PT, v, 0.0);
                }
                self.page_has_content = true;
                self.y += lh;
            }
            self.y += 0.8;
        }
        self.y += 2.0;
    }

    pub(super) fn signature(&mut self, lines: &[String]) {
        let x = MARGIN_X + CONTENT_W * 0.45;
        let w = CONTENT_W * 0.55;
        let lh = line_height(BODY_PT);
        let wrapped: Vec<Vec<String>> = lines
            .iter()
            .map(|l| {
                let t = self.resolve(l);
                wrap(self.fonts, &t, BODY_PT, w)
            })
            .collect();
        let total: f32 = wrapped
            .iter()
            .map(|ls| SIGN_SLOT + (ls.len().max(1) - 1) as f32 * lh)
            .sum();
        self.gap(6.0);
        self.ensure(total);
        for ls in wrapped {
            // Room to sign above the printed line: the text sits at the slot's bottom.
            self.y += SIGN_SLOT - lh;
            for l in ls {
                self.draw_text(x, self.y, lh, BODY_PT, &l, 0.0);
                self.y += lh;
            }
        }
        self.y += 3.0;
    }
}
/// Running header and footer for page `n` of `total`.
pub(super) fn page_furniture(fonts: &Fonts, doc: &Document, n: usize, total: usize) -> Vec<Op> {
    let mut ops = Vec::new();
    if let Some(h) = &doc.header {
        let h = resolve_quiet(fonts, h);
        if !h.trim().is_empty() {
            let text = ellipsize(fonts, &h, SMALL_PT, CONTENT_W);
            ops.extend(text_ops(
                fonts,
                MARGIN_X,
                HEADER_BASELINE,
                SMALL_PT,
                &text,
                0.4,
            ));
            ops.push(Op::SaveGraphicsState);
            ops.extend(stroke_style(0.7, 0.5));
            ops.push(hline(MARGIN_X, MARGIN_X + CONTENT_W, HEADER_RULE));
            ops.push(Op::RestoreGraphicsState);
        }
    }
    let footer = footer_text(doc.lang, n, total);
    let w = fonts.width(&footer, SMALL_PT);
    ops.extend(text_ops(
        fonts,
        (PAGE_W - w) / 2.0,
        FOOTER_BASELINE,
        SMALL_PT,
        &footer,
        0.4,
    ));
    ops
}

/// The footer line: "第 x 页 / 共 y 页" or "Page x of y".
pub fn footer_text(lang: Lang, page: usize, total: usize) -> String {
    match lang {
        Lang::Zh => format!("第 {page} 页 / 共 {total} 页"),
        Lang::En => format!("Page {page} of {total}"),
    }
}

/// Like [`Layout::resolve`] but without recording (the running header is resolved
/// once through the layout, then drawn on every page with this).
pub(super) fn resolve_quiet(fonts: &Fonts, text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\n' || !font::needs_no_glyph(c))
        .map(|c| {
            if font::has_glyph(fonts.main, c)
                || fonts.fallback.is_some_and(|f| font::has_glyph(f, c))
            {
                c
            } else {
                font::PLACEHOLDER
            }
        })
        .collect()
}

/// Every string in the document (to decide whether a fallback font is needed).
pub(super) fn all_text(doc: &Document) -> String {
    let mut s = String::new();
    let mut add = |t: &str| {
        s.push_str(t);
        s.push('\n');
    };
    add(&doc.title);
    if let Some(h) = &doc.header {
        add(h);
    }
    for b in &doc.blocks {
        match b {
            Block::Heading(t) | Block::Paragraph(t) => add(t),
            Block::Fields(rows) => {
                for (l, v) in rows {
                    add(l);
                    add(v);
                }
            }
            Block::Table { headers, rows, .. } => {
                headers.iter().for_each(|h| add(h));
                rows.iter().flatten().for_each(|c| add(c));
            }
            Block::Signature { lines } => lines.iter().for_each(|l| add(l)),
            Block::Section { title, .. } => add(title),
            Block::Contents => add(contents_title(doc.lang)),
            Block::Image { caption, .. } | Block::PdfPages { caption, .. } => {
                add(caption);
                add(&part_of(doc.lang, 1, 1));
                add(&page_of(doc.lang, 1, 1));
                for attached in [true, false] {
                    add(note_text(doc.lang, false, attached));
                    add(note_text(doc.lang, true, attached));
                    add(incomplete_text(doc.lang, attached));
                }
            }
            Block::Chart(chart) => chart.texts().into_iter().for_each(&mut add),
            Block::Spacer(_) | Block::PageBreak | Block::NeedRoom(_) => {}
        }
    }
    s
}
