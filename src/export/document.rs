//! A simple A4 document model (headings, paragraphs, label/value fields, tables,
//! signature blocks) rendered to PDF bytes with printpdf.
//!
//! Owns: page layout (A4, margins, running header, "第 x 页 / 共 y 页" footer), line
//! breaking for Chinese and Latin text with basic 禁则 (kinsoku) rules, tables that
//! wrap cell text and repeat their header row on every page they span, and the final
//! PDF (metadata title, embedded font subset, fixed document id).
//!
//! Must hold: the same input (and options) gives byte-identical output; every
//! character either renders with the shipped font, with the fallback font, or as
//! [`font::PLACEHOLDER`] and is then listed in [`Rendered::missing_chars`]; no line
//! starts with a closing mark such as `，。）」` nor ends with an opening mark `（「『`
//! unless a single unbreakable run is wider than the line.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
};

use super::font::{self, FontError};

// ---------------------------------------------------------------------------------
// Public model
// ---------------------------------------------------------------------------------

/// Language of the page furniture (the footer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// A document to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Shown at the top of page 1 and stored as the PDF's metadata title.
    pub title: String,
    /// Running header on every page, e.g. the case title.
    pub header: Option<String>,
    pub blocks: Vec<Block>,
    /// Language of the footer: "第 x 页 / 共 y 页" or "Page x of y".
    pub lang: Lang,
}

/// One block of content, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    /// Wrapped text; `\n` starts a new line.
    Paragraph(String),
    /// Label: value rows.
    Fields(Vec<(String, String)>),
    /// Cell text wraps; the header row repeats on every page the table spans.
    /// `widths` are relative column widths; empty means equal columns.
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f32>,
    },
    /// Lines such as "申请人（签名）：" with room to sign; kept on one page.
    Signature {
        lines: Vec<String>,
    },
    /// Vertical space in millimetres.
    Spacer(f32),
    /// Start a new page (ignored when the current page is still empty).
    PageBreak,
}

/// A rendered PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters no available font could draw; each was drawn as [`font::PLACEHOLDER`].
    pub missing_chars: Vec<char>,
    /// Characters the shipped font lacks that were drawn with the fallback font.
    pub fallback_chars: Vec<char>,
}

/// Where to find glyphs the shipped font lacks.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Fallback {
    /// Face 2 of the system's `NotoSansCJK-Regular.ttc`, if installed (never shipped).
    #[default]
    System,
    /// No fallback: missing characters become placeholders.
    None,
    /// A specific font file and face index.
    File { path: PathBuf, face: usize },
}

/// Options for [`render_with`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RenderOptions {
    pub fallback: Fallback,
    /// Creation/modification date in the PDF metadata. `None` writes the Unix epoch,
    /// so output stays deterministic; callers pass their clock's time.
    pub created: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("fallback font: {0}")]
    Font(#[from] FontError),
    #[error("table (block {block}): {reason}")]
    Table { block: usize, reason: String },
    #[error("spacer (block {block}) must be a finite, non-negative number of mm, got {mm}")]
    Spacer { block: usize, mm: f32 },
    #[error("PDF generation failed: {0}")]
    Pdf(String),
}

/// Render `doc` with the default options (system fallback font if installed).
pub fn render(doc: &Document) -> Result<Rendered, RenderError> {
    render_with(doc, &RenderOptions::default())
}

/// Render `doc` to PDF bytes.
pub fn render_with(doc: &Document, opts: &RenderOptions) -> Result<Rendered, RenderError> {
    validate(doc)?;
    let main = font::builtin();
    let needs_fallback = !font::covers(&all_text(doc));
    let loaded;
    let fallback: Option<&ParsedFont> = if !needs_fallback {
        None
    } else {
        match &opts.fallback {
            Fallback::System => font::system_fallback(),
            Fallback::None => None,
            Fallback::File { path, face } => {
                loaded = font::load_face(path, *face)?;
                Some(&loaded)
            }
        }
    };

    let fonts = Fonts { main, fallback };
    let mut lay = Layout::new(&fonts);
    lay.title(&doc.title);
    if let Some(h) = &doc.header {
        lay.resolve(h); // records the header's missing/fallback characters
    }
    for block in &doc.blocks {
        lay.block(block);
    }
    let total = lay.pages.len();
    for (i, page) in lay.pages.iter_mut().enumerate() {
        let furniture = page_furniture(&fonts, doc, i + 1, total);
        page.extend(furniture);
    }
    let missing_chars: Vec<char> = lay.missing.iter().copied().collect();
    let fallback_chars: Vec<char> = lay.fallback_used.iter().copied().collect();
    let pages = lay.pages;

    let mut pdf = PdfDocument::new(&doc.title);
    let info = &mut pdf.metadata.info;
    info.creator = "CaseFile 债务案卷".to_string();
    info.producer = "CaseFile 债务案卷 (printpdf)".to_string();
    if let Some(t) = opts.created {
        let when = printpdf::OffsetDateTime::from_unix_timestamp(t.timestamp())
            .map_err(|e| RenderError::Pdf(format!("creation date: {e}")))?;
        info.creation_date = when;
        info.modification_date = when;
        info.metadata_date = when;
    }
    // Fixed ids (not printpdf's random ones): they name the font resources and, first
    // six letters, the subset tag "CASEFA+…", so they must stay stable for
    // deterministic output.
    pdf.resources
        .fonts
        .map
        .insert(main_font_id(), printpdf::PdfFont::new(main.clone()));
    if let Some(f) = fallback {
        pdf.resources
            .fonts
            .map
            .insert(fallback_font_id(), printpdf::PdfFont::new(f.clone()));
    }
    pdf.pages = pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops))
        .collect();
    let page_count = pdf.pages.len();

    let save = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&save, &mut warnings);
    let errors: Vec<String> = warnings
        .iter()
        .filter(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
        .map(|w| w.msg.clone())
        .collect();
    if !errors.is_empty() {
        return Err(RenderError::Pdf(errors.join("; ")));
    }
    // printpdf writes a random /ID; use a placeholder, then replace it with a hash of
    // the finished file (same length, so the xref offsets stay valid).
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(ID_PLACEHOLDER.to_vec(), lopdf::StringFormat::Hexadecimal),
            lopdf::Object::String(ID_PLACEHOLDER.to_vec(), lopdf::StringFormat::Hexadecimal),
        ]),
    );
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    stamp_document_id(&mut bytes)?;

    Ok(Rendered {
        bytes,
        pages: page_count,
        missing_chars,
        fallback_chars,
    })
}

// ---------------------------------------------------------------------------------
// Page geometry (millimetres, measured from the top-left corner)
// ---------------------------------------------------------------------------------

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const MARGIN_X: f32 = 20.0;
const CONTENT_TOP: f32 = 25.0;
const CONTENT_BOTTOM: f32 = PAGE_H - 22.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const HEADER_BASELINE: f32 = 14.0;
const HEADER_RULE: f32 = 17.0;
const FOOTER_BASELINE: f32 = PAGE_H - 11.0;

const MM_PER_PT: f32 = 25.4 / 72.0;
const TITLE_PT: f32 = 18.0;
const HEADING_PT: f32 = 13.0;
const BODY_PT: f32 = 10.5;
const TABLE_PT: f32 = 9.0;
const SMALL_PT: f32 = 8.0;
const LINE_SPACING: f32 = 1.55;
const CELL_PAD: f32 = 1.6;
const SIGN_SLOT: f32 = 13.0;

const ID_PLACEHOLDER: &[u8; 16] = b"CASEFILE-DOC-ID!";

fn main_font_id() -> FontId {
    FontId("CASEFA".to_string())
}

fn fallback_font_id() -> FontId {
    FontId("CASEFB".to_string())
}

fn line_height(size_pt: f32) -> f32 {
    size_pt * MM_PER_PT * LINE_SPACING
}

fn pt_y(y_from_top: f32) -> Pt {
    Mm(PAGE_H - y_from_top).into()
}

fn grey(v: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: v,
        icc_profile: None,
    })
}

// ---------------------------------------------------------------------------------
// Fonts and measuring
// ---------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
    Main,
    Fallback,
}

struct Fonts<'a> {
    main: &'a ParsedFont,
    fallback: Option<&'a ParsedFont>,
}

impl Fonts<'_> {
    /// Which face draws `c` (after [`Layout::resolve`], every char has one).
    fn face(&self, c: char) -> Face {
        if font::has_glyph(self.main, c) {
            return Face::Main;
        }
        match self.fallback {
            Some(f) if font::has_glyph(f, c) => Face::Fallback,
            _ => Face::Main,
        }
    }

    fn parsed(&self, face: Face) -> &ParsedFont {
        match (face, self.fallback) {
            (Face::Fallback, Some(f)) => f,
            _ => self.main,
        }
    }

    /// Advance width of `c` in mm at `size_pt`.
    fn advance(&self, c: char, size_pt: f32) -> f32 {
        let f = self.parsed(self.face(c));
        let gid = f.lookup_glyph_index(u32::from(c)).unwrap_or(0);
        let upem = f32::from(f.pdf_font_metrics.units_per_em.max(1));
        f32::from(f.get_horizontal_advance(gid)) / upem * size_pt * MM_PER_PT
    }

    fn width(&self, s: &str, size_pt: f32) -> f32 {
        s.chars().map(|c| self.advance(c, size_pt)).sum()
    }
}

// ---------------------------------------------------------------------------------
// Line breaking
// ---------------------------------------------------------------------------------

/// Characters that may not start a line (closing marks and trailing punctuation).
const NO_START: &str = "，。、；：？！）」』》〉】〕〗〙〛”’…‥·・—～％‰℃°,.;:?!)]}%·";
/// Characters that may not end a line (opening marks and leading currency signs).
const NO_END: &str = "（「『《〈【〔〖〘〚“‘([{￥¥$＄";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Space,
    /// A run of Latin letters, digits and ASCII punctuation: breaks only at spaces.
    Word,
    /// One ideograph or CJK/full-width mark: a break may fall on either side.
    Unit,
}

#[derive(Debug)]
struct Tok {
    s: String,
    w: f32,
    kind: Kind,
}

/// True for characters that stand alone for line breaking (CJK text has no spaces).
fn is_unit_char(c: char) -> bool {
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

fn tokenize(fonts: &Fonts, line: &str, size_pt: f32) -> Vec<Tok> {
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
fn break_allowed(toks: &[Tok], i: usize) -> bool {
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
fn wrap(fonts: &Fonts, text: &str, size_pt: f32, max_w: f32) -> Vec<String> {
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

// ---------------------------------------------------------------------------------
// Drawing primitives
// ---------------------------------------------------------------------------------

/// Ops that draw `text` (already resolved) with its left edge at `x` and its
/// baseline at `baseline` (both mm from the top-left corner).
fn text_ops(fonts: &Fonts, x: f32, baseline: f32, size_pt: f32, text: &str, shade: f32) -> Vec<Op> {
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
fn baseline_in(top: f32, line_h: f32, size_pt: f32) -> f32 {
    // The ideographic em box spans roughly 0.88 em above to 0.12 em below the baseline.
    top + line_h / 2.0 + 0.38 * size_pt * MM_PER_PT
}

fn hline(x0: f32, x1: f32, y: f32) -> Op {
    line_op(x0, y, x1, y)
}

fn vline(x: f32, y0: f32, y1: f32) -> Op {
    line_op(x, y0, x, y1)
}

fn line_op(x0: f32, y0: f32, x1: f32, y1: f32) -> Op {
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

fn fill_rect(x: f32, top: f32, w: f32, h: f32, shade: f32) -> Vec<Op> {
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

fn stroke_style(shade: f32, width_pt: f32) -> [Op; 2] {
    [
        Op::SetOutlineColor { col: grey(shade) },
        Op::SetOutlineThickness { pt: Pt(width_pt) },
    ]
}

/// Shorten `text` with a trailing "…" so it fits in `max_w`.
fn ellipsize(fonts: &Fonts, text: &str, size_pt: f32, max_w: f32) -> String {
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

// ---------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------

struct Layout<'a> {
    fonts: &'a Fonts<'a>,
    pages: Vec<Vec<Op>>,
    /// Cursor, mm from the top of the page.
    y: f32,
    page_has_content: bool,
    missing: BTreeSet<char>,
    fallback_used: BTreeSet<char>,
}

impl<'a> Layout<'a> {
    fn new(fonts: &'a Fonts<'a>) -> Self {
        Self {
            fonts,
            pages: vec![Vec::new()],
            y: CONTENT_TOP,
            page_has_content: false,
            missing: BTreeSet::new(),
            fallback_used: BTreeSet::new(),
        }
    }

    /// Normalise text for drawing: tabs become spaces, other control characters go,
    /// and characters no font has become the placeholder (and are recorded).
    fn resolve(&mut self, text: &str) -> String {
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

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("there is always a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
        self.page_has_content = false;
    }

    /// Start a new page unless `h` mm still fit (or the page is empty anyway).
    fn ensure(&mut self, h: f32) {
        if self.page_has_content && self.y + h > CONTENT_BOTTOM + 1e-3 {
            self.new_page();
        }
    }

    fn gap(&mut self, h: f32) {
        if self.page_has_content {
            self.y += h;
        }
    }

    fn draw_text(&mut self, x: f32, top: f32, line_h: f32, size_pt: f32, text: &str, shade: f32) {
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

    fn title(&mut self, title: &str) {
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

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(s) => self.heading(s),
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
        }
    }

    fn heading(&mut self, s: &str) {
        let text = self.resolve(s);
        let lh = line_height(HEADING_PT);
        let lines = wrap(self.fonts, &text, HEADING_PT, CONTENT_W);
        self.gap(3.0);
        // Keep the heading with at least two lines of what follows.
        self.ensure(lh * lines.len() as f32 + 2.0 * line_height(BODY_PT));
        for line in lines {
            self.draw_text(MARGIN_X, self.y, lh, HEADING_PT, &line, 0.0);
            self.y += lh;
        }
        self.y += 1.5;
    }

    fn paragraph(&mut self, s: &str) {
        let text = self.resolve(s);
        let lh = line_height(BODY_PT);
        for line in wrap(self.fonts, &text, BODY_PT, CONTENT_W) {
            self.ensure(lh);
            self.draw_text(MARGIN_X, self.y, lh, BODY_PT, &line, 0.0);
            self.y += lh;
        }
        self.y += 2.5;
    }

    fn fields(&mut self, rows: &[(String, String)]) {
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

    fn table(&mut self, headers: &[String], rows: &[Vec<String>], widths: &[f32]) {
        let ncols = headers
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return;
        }
        let total: f32 = if widths.len() == ncols {
            widths.iter().sum()
        } else {
            ncols as f32
        };
        let col_w: Vec<f32> = (0..ncols)
            .map(|i| {
                let rel = if widths.len() == ncols {
                    widths[i]
                } else {
                    1.0
                };
                CONTENT_W * rel / total
            })
            .collect();
        let col_x: Vec<f32> = col_w
            .iter()
            .scan(MARGIN_X, |x, w| {
                let here = *x;
                *x += w;
                Some(here)
            })
            .collect();
        let lh = line_height(TABLE_PT);
        let wrap_row = |lay: &mut Self, cells: &[String]| -> Vec<Vec<String>> {
            (0..ncols)
                .map(|i| {
                    let text = lay.resolve(cells.get(i).map(String::as_str).unwrap_or(""));
                    wrap(lay.fonts, &text, TABLE_PT, col_w[i] - 2.0 * CELL_PAD)
                })
                .collect()
        };
        let head = if headers.is_empty() {
            None
        } else {
            Some(wrap_row(self, headers))
        };
        let body: Vec<Vec<Vec<String>>> = rows.iter().map(|r| wrap_row(self, r)).collect();
        let lines_of = |cells: &[Vec<String>]| cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let head_h = head
            .as_ref()
            .map_or(0.0, |h| lines_of(h) as f32 * lh + 2.0 * CELL_PAD);

        let geom = TableGeom {
            col_x: &col_x,
            col_w: &col_w,
            lh,
        };
        let first_h = body
            .first()
            .map_or(0.0, |r| lines_of(r).min(3) as f32 * lh + 2.0 * CELL_PAD);
        self.gap(1.0);
        self.ensure(head_h + first_h);
        if let Some(h) = &head {
            self.table_segment(&geom, h, 0, lines_of(h), true);
        }
        // Lines of a row that fit on an otherwise empty page under the header.
        let page_capacity =
            (((CONTENT_BOTTOM - CONTENT_TOP - head_h - 2.0 * CELL_PAD) / lh).floor() as usize)
                .max(1);
        for row in &body {
            let n = lines_of(row);
            let mut off = 0;
            while off < n {
                let avail = CONTENT_BOTTOM - self.y;
                let need = (n - off) as f32 * lh + 2.0 * CELL_PAD;
                if need <= avail + 1e-3 {
                    self.table_segment(&geom, row, off, n, false);
                    off = n;
                    continue;
                }
                let fit = ((avail - 2.0 * CELL_PAD) / lh).floor().max(0.0) as usize;
                let at_top = self.y <= CONTENT_TOP + head_h + 1e-3;
                if at_top || (n - off > page_capacity && fit >= 1) {
                    // Split the row: as many lines as fit here, the rest overleaf.
                    let k = fit.max(1).min(n - off);
                    self.table_segment(&geom, row, off, off + k, false);
                    off += k;
                    if off >= n {
                        continue;
                    }
                }
                self.new_page();
                if let Some(h) = &head {
                    self.table_segment(&geom, h, 0, lines_of(h), true);
                }
            }
        }
        self.y += 3.0;
    }

    /// Draw lines `from..to` of one table row at the cursor and advance it.
    fn table_segment(
        &mut self,
        g: &TableGeom,
        cells: &[Vec<String>],
        from: usize,
        to: usize,
        is_header: bool,
    ) {
        let top = self.y;
        let h = (to - from) as f32 * g.lh + 2.0 * CELL_PAD;
        let x0 = g.col_x[0];
        let x1 = MARGIN_X + CONTENT_W;
        if is_header {
            let ops = fill_rect(x0, top, x1 - x0, h, 0.9);
            self.ops().extend(ops);
        }
        for (i, lines) in cells.iter().enumerate() {
            for (k, line) in lines.iter().enumerate().take(to).skip(from) {
                let ly = top + CELL_PAD + (k - from) as f32 * g.lh;
                self.draw_text(g.col_x[i] + CELL_PAD, ly, g.lh, TABLE_PT, line, 0.0);
            }
        }
        let mut ops = Vec::new();
        ops.push(Op::SaveGraphicsState);
        ops.extend(stroke_style(0.55, 0.5));
        ops.push(hline(x0, x1, top));
        ops.push(hline(x0, x1, top + h));
        for (i, x) in g.col_x.iter().enumerate() {
            ops.push(vline(*x, top, top + h));
            if i + 1 == g.col_x.len() {
                ops.push(vline(x + g.col_w[i], top, top + h));
            }
        }
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
        self.page_has_content = true;
        self.y += h;
    }

    fn signature(&mut self, lines: &[String]) {
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

struct TableGeom<'g> {
    col_x: &'g [f32],
    col_w: &'g [f32],
    lh: f32,
}

/// Running header and footer for page `n` of `total`.
fn page_furniture(fonts: &Fonts, doc: &Document, n: usize, total: usize) -> Vec<Op> {
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
fn resolve_quiet(fonts: &Fonts, text: &str) -> String {
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
fn all_text(doc: &Document) -> String {
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
            Block::Spacer(_) | Block::PageBreak => {}
        }
    }
    s
}

fn validate(doc: &Document) -> Result<(), RenderError> {
    for (block, b) in doc.blocks.iter().enumerate() {
        match b {
            Block::Table {
                headers,
                rows,
                widths,
            } => {
                let ncols = headers
                    .len()
                    .max(rows.iter().map(Vec::len).max().unwrap_or(0));
                if !widths.is_empty() && widths.len() != ncols {
                    return Err(RenderError::Table {
                        block,
                        reason: format!("{} widths for {ncols} columns", widths.len()),
                    });
                }
                if widths.iter().any(|w| !w.is_finite() || *w <= 0.0) {
                    return Err(RenderError::Table {
                        block,
                        reason: "widths must be finite and positive".to_string(),
                    });
                }
            }
            Block::Spacer(mm) if !mm.is_finite() || *mm < 0.0 => {
                return Err(RenderError::Spacer { block, mm: *mm });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Replace the /ID placeholder with a digest of the file, keeping its length.
fn stamp_document_id(bytes: &mut [u8]) -> Result<(), RenderError> {
    let hex_placeholder: Vec<u8> = ID_PLACEHOLDER
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    let positions: Vec<usize> = bytes
        .windows(hex_placeholder.len())
        .enumerate()
        .filter(|(_, w)| w.eq_ignore_ascii_case(&hex_placeholder))
        .map(|(i, _)| i)
        .collect();
    if positions.len() != 2 {
        return Err(RenderError::Pdf(format!(
            "expected the document id placeholder twice, found it {} times",
            positions.len()
        )));
    }
    let digest = digest128(bytes);
    let hex: Vec<u8> = digest
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    for p in positions {
        bytes[p..p + hex.len()].copy_from_slice(&hex);
    }
    Ok(())
}

/// 128-bit FNV-1a: not cryptographic, just a stable content-derived file identifier.
fn digest128(data: &[u8]) -> [u8; 16] {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for &b in data {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h.to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE: &str = "案卷：张三 诉 某消费金融有限公司 借款合同纠纷";

    fn long_paragraph() -> String {
        "本人于2024年3月通过某手机应用申请个人消费贷款人民币30,000元，约定分12期偿还。\
         因2025年下半年失业，自第7期起未能按期还款。逾期后，催收人员多次在夜间拨打本人电话，\
         并向本人通讯录中的亲友发送含有侮辱性语言的短信，严重影响本人及家人的正常生活。\
         本人已保存全部通话录音、短信截图及还款记录，现整理如下，请予核查。"
            .repeat(4)
            + " The lender's agreement (No. CF-2024-000123) states an annual rate of 23.9 percent, \
               which exceeds the limit set by the Supreme People's Court."
    }

    fn rows(n: usize) -> Vec<Vec<String>> {
        (1..=n)
            .map(|i| {
                let what = if i % 10 == 3 {
                    "催收人员致电本人工作单位，向同事透露欠款情况并称将“上门处理”，通话时长约十五分钟".to_string()
                } else {
                    format!("第{i}次催收来电，号码 138 0000 {i:04}")
                };
                vec![
                    i.to_string(),
                    format!("2025-{:02}-{:02} 21:{:02}", (i % 12) + 1, (i % 28) + 1, i % 60),
                    what,
                    format!("¥{}.00", 100 * i),
                ]
            })
            .collect()
    }

    fn long_doc() -> Document {
        Document {
            title: "债务情况说明及证据清单".to_string(),
            header: Some(CASE.to_string()),
            lang: Lang::Zh,
            blocks: vec![
                Block::Heading("一、基本情况".to_string()),
                Block::Fields(vec![
                    ("申请人".to_string(), "张三".to_string()),
                    ("身份证号".to_string(), "110101199001011234".to_string()),
                    ("借款金额".to_string(), "¥30,000.00（叁万元整）".to_string()),
                    (
                        "出借方".to_string(),
                        "某消费金融有限公司（统一社会信用代码 91110000XXXXXXXXXX）".to_string(),
                    ),
                ]),
                Block::Heading("二、情况说明".to_string()),
                Block::Paragraph(long_paragraph()),
                Block::Heading("三、催收记录".to_string()),
                Block::Table {
                    headers: vec![
                        "序号".to_string(),
                        "时间".to_string(),
                        "事项".to_string(),
                        "金额（元）".to_string(),
                    ],
                    rows: rows(80),
                    widths: vec![0.8, 2.4, 6.0, 1.6],
                },
                Block::Signature {
                    lines: vec![
                        "申请人（签名）：".to_string(),
                        "日期：    年  月  日".to_string(),
                    ],
                },
            ],
        }
    }

    fn no_fallback() -> RenderOptions {
        RenderOptions {
            fallback: Fallback::None,
            created: None,
        }
    }

    fn page_texts(bytes: &[u8]) -> Vec<String> {
        let pdf = lopdf::Document::load_mem(bytes).expect("lopdf parses our PDF");
        let pages = pdf.get_pages();
        pages
            .keys()
            .map(|n| pdf.extract_text(&[*n]).expect("text extraction"))
            .collect()
    }

    fn squash(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn multi_page_chinese_document() {
        let r = render_with(&long_doc(), &no_fallback()).unwrap();
        if let Some(path) = std::env::var_os("CASEFILE_SAMPLE_PDF") {
            std::fs::write(path, &r.bytes).unwrap();
        }
        assert!(r.bytes.starts_with(b"%PDF-"));
        assert!(r.missing_chars.is_empty(), "{:?}", r.missing_chars);
        assert_eq!(
            r.pages, 4,
            "paragraph + 80-row table + signature lay out on 4 pages"
        );
        let texts = page_texts(&r.bytes);
        assert_eq!(texts.len(), r.pages, "page objects in the file");
        let last = squash(texts.last().unwrap());
        assert!(
            last.contains("第4页/共4页"),
            "last page footer missing in {last:?}"
        );
        assert!(squash(&texts[0]).contains("第1页/共4页"));
        assert!(
            r.bytes.len() < 400_000,
            "PDF is {} bytes: the font was not subset?",
            r.bytes.len()
        );
    }

    #[test]
    fn header_and_table_header_repeat_on_every_page() {
        let r = render_with(&long_doc(), &no_fallback()).unwrap();
        let texts: Vec<String> = page_texts(&r.bytes).iter().map(|t| squash(t)).collect();
        assert!(
            texts[0].contains("债务情况说明及证据清单"),
            "title on page 1"
        );
        for (i, t) in texts.iter().enumerate() {
            assert!(
                t.contains(&squash(CASE)),
                "running header missing on page {}",
                i + 1
            );
            assert!(t.contains(&format!("第{}页/共{}页", i + 1, texts.len())));
        }
        // The table starts on page 1 or 2 and spans to the last page: every page it
        // touches repeats the header row (序号 … 金额（元）).
        let with_rows: Vec<usize> = (0..texts.len())
            .filter(|&i| texts[i].contains("第") && texts[i].contains("次催收来电"))
            .collect();
        assert!(with_rows.len() >= 2, "table should span pages");
        for i in with_rows {
            assert!(
                texts[i].contains("金额（元）"),
                "header row not repeated on page {}",
                i + 1
            );
        }
        assert!(texts.last().unwrap().contains("申请人（签名）："));
    }

    #[test]
    fn pdftotext_sees_the_footer() {
        let r = render_with(&long_doc(), &no_fallback()).unwrap();
        let path =
            std::env::temp_dir().join(format!("casefile-pdftotext-{}.pdf", std::process::id()));
        std::fs::write(&path, &r.bytes).unwrap();
        let out = std::process::Command::new("pdftotext")
            .args(["-f", "4", "-l", "4", "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output();
        let _ = std::fs::remove_file(&path);
        let Ok(out) = out else {
            eprintln!("SKIPPED pdftotext_sees_the_footer: pdftotext (poppler-utils) not installed");
            return;
        };
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = squash(&String::from_utf8(out.stdout).unwrap());
        assert!(text.contains("第4页/共4页"), "{text}");
        assert!(text.contains("日期：年月日"), "{text}");
    }

    #[test]
    fn three_page_document_stays_small_and_has_metadata() {
        let mut doc = long_doc();
        doc.blocks[5] = Block::Table {
            headers: vec![
                "序号".into(),
                "时间".into(),
                "事项".into(),
                "金额（元）".into(),
            ],
            rows: rows(45),
            widths: vec![0.8, 2.4, 6.0, 1.6],
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        assert_eq!(r.pages, 3);
        eprintln!("3-page Chinese document: {} bytes", r.bytes.len());
        assert!(r.bytes.len() < 300_000, "{} bytes", r.bytes.len());
        let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
        let info = pdf
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
            .unwrap();
        let title = pdf.get_dictionary(info).unwrap().get(b"Title").unwrap();
        let lopdf::Object::String(raw, _) = title else {
            panic!("{title:?}")
        };
        assert_eq!(raw[..2], [0xFE, 0xFF], "UTF-16BE with BOM");
        let units: Vec<u16> = raw[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        assert_eq!(
            String::from_utf16(&units).unwrap(),
            "债务情况说明及证据清单"
        );
        // Only a subset of the 1.6 MB font is embedded, tagged as such.
        assert!(r.bytes.windows(7).any(|w| w == b"CASEFA+"), "no subset tag");
    }

    #[test]
    fn english_footer() {
        let doc = Document {
            title: "Statement".into(),
            header: None,
            lang: Lang::En,
            blocks: vec![
                Block::Paragraph("Hello.".into()),
                Block::PageBreak,
                Block::Paragraph("Bye.".into()),
            ],
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        assert_eq!(r.pages, 2);
        let texts = page_texts(&r.bytes);
        assert!(squash(&texts[1]).contains("Page2of2"), "{:?}", texts[1]);
    }

    #[test]
    fn rare_characters_are_reported_without_fallback() {
        let doc = Document {
            title: "吉𠮷".into(),
            header: Some("犇".into()),
            lang: Lang::Zh,
            blocks: vec![Block::Paragraph("姓名：𠮷祥 犇犇".into())],
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        assert_eq!(r.missing_chars, vec!['犇', '𠮷']);
        assert!(r.fallback_chars.is_empty());
        let text = squash(&page_texts(&r.bytes)[0]);
        assert!(
            text.contains("姓名：□祥□□"),
            "placeholder not drawn: {text}"
        );
    }

    #[test]
    fn system_fallback_draws_rare_characters() {
        if !std::path::Path::new(font::SYSTEM_FALLBACK_PATH).exists() {
            eprintln!(
                "SKIPPED system_fallback_draws_rare_characters: {} not installed",
                font::SYSTEM_FALLBACK_PATH
            );
            return;
        }
        let doc = Document {
            title: "说明".into(),
            header: None,
            lang: Lang::Zh,
            blocks: vec![Block::Paragraph("姓名：𠮷祥 犇犇，金额 ¥100".into())],
        };
        let r = render(&doc).unwrap();
        assert!(r.missing_chars.is_empty(), "{:?}", r.missing_chars);
        assert_eq!(r.fallback_chars, vec!['犇', '𠮷']);
        let text = squash(&page_texts(&r.bytes)[0]);
        assert!(text.contains("姓名：𠮷祥犇犇，金额¥100"), "{text}");
        assert!(
            r.bytes.len() < 200_000,
            "fallback font not subset: {} bytes",
            r.bytes.len()
        );
    }

    #[test]
    fn output_is_deterministic_and_id_follows_content() {
        let a = render_with(&long_doc(), &no_fallback()).unwrap();
        let b = render_with(&long_doc(), &no_fallback()).unwrap();
        assert!(a.bytes == b.bytes, "same input, different bytes");
        let mut other = long_doc();
        other.title.push('二');
        let c = render_with(&other, &no_fallback()).unwrap();
        let id = |bytes: &[u8]| {
            let pdf = lopdf::Document::load_mem(bytes).unwrap();
            format!("{:?}", pdf.trailer.get(b"ID").unwrap())
        };
        assert_ne!(id(&a.bytes), id(&c.bytes));
        assert!(
            !a.bytes
                .windows(16)
                .any(|w| w.eq_ignore_ascii_case(b"4341534546494C45"))
        );
    }

    #[test]
    fn creation_date_comes_from_the_caller() {
        let mut opts = no_fallback();
        opts.created = Some("2026-11-20T08:30:00Z".parse().unwrap());
        let r = render_with(&long_doc(), &opts).unwrap();
        assert!(r.bytes.windows(16).any(|w| w == b"D:20261120083000"));
    }

    fn fonts() -> Fonts<'static> {
        Fonts {
            main: font::builtin(),
            fallback: None,
        }
    }

    #[test]
    fn chinese_wraps_by_character_with_kinsoku() {
        let f = fonts();
        // 10 ideographs per line at 10 pt: a comma that would start line 2 is pulled
        // back with the preceding character instead.
        let em = f.advance('中', 10.0);
        let text = "一二三四五六七八九十，一二三四五六七八（九）十。";
        let lines = wrap(&f, text, 10.0, em * 10.0 + 0.01);
        for l in &lines {
            let first = l.chars().next().unwrap();
            let last = l.chars().last().unwrap();
            assert!(
                !NO_START.contains(first),
                "line starts with {first}: {lines:?}"
            );
            assert!(!NO_END.contains(last), "line ends with {last}: {lines:?}");
            assert!(f.width(l, 10.0) <= em * 10.0 + 0.02, "overfull: {l}");
        }
        assert_eq!(lines.concat(), text, "no character lost");
        assert_eq!(lines[0], "一二三四五六七八九");
        assert_eq!(lines[1], "十，一二三四五六七八");
        assert_eq!(lines[2], "（九）十。");
    }

    #[test]
    fn latin_wraps_at_spaces_and_long_words_break() {
        let f = fonts();
        let w = f.width("the quick brown", 10.0) + 0.01;
        let lines = wrap(&f, "the quick brown fox jumps over the lazy dog", 10.0, w);
        assert_eq!(
            lines,
            vec!["the quick brown", "fox jumps over", "the lazy dog"]
        );
        // A word wider than the line is cut between characters, filling each line.
        let long = "0123456789012345678901234567890123456789";
        let lines = wrap(&f, &format!("ab {long}"), 10.0, w);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| f.width(l, 10.0) <= w), "{lines:?}");
        assert_eq!(lines.concat(), format!("ab {long}"));
        // Mixed: a Latin word next to ideographs may break on either side.
        let lines = wrap(
            &f,
            "合同编号CF2024由甲方提供",
            10.0,
            f.width("合同编号CF2024", 10.0) + 0.01,
        );
        assert_eq!(lines, vec!["合同编号CF2024", "由甲方提供"]);
        assert_eq!(wrap(&f, "a\n\nb", 10.0, 50.0), vec!["a", "", "b"]);
    }

    #[test]
    fn bad_tables_and_spacers_are_rejected() {
        let mut doc = long_doc();
        doc.blocks.push(Block::Table {
            headers: vec!["a".into(), "b".into()],
            rows: vec![],
            widths: vec![1.0],
        });
        assert!(matches!(
            render(&doc),
            Err(RenderError::Table { block: 7, .. })
        ));
        let mut doc = long_doc();
        doc.blocks.push(Block::Spacer(f32::NAN));
        assert!(matches!(
            render(&doc),
            Err(RenderError::Spacer { block: 7, .. })
        ));
    }

    #[test]
    fn a_row_taller_than_a_page_is_split() {
        let doc = Document {
            title: "长单元格".into(),
            header: None,
            lang: Lang::Zh,
            blocks: vec![Block::Table {
                headers: vec!["项".into(), "内容".into()],
                rows: vec![vec!["1".into(), "很长的内容。".repeat(900)]],
                widths: vec![1.0, 4.0],
            }],
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        assert!(r.pages >= 3, "{} pages", r.pages);
        for t in page_texts(&r.bytes) {
            assert!(
                squash(&t).contains("项内容"),
                "header row missing on a page"
            );
        }
    }
}
