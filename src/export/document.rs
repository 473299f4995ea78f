//! A simple A4 document model (headings, sections, a table of contents, paragraphs,
//! label/value fields, tables, signature blocks, pictures and included PDF pages)
//! rendered to PDF bytes with printpdf, then finished with lopdf.
//!
//! Owns: page layout (A4, margins, running header, "第 x 页 / 共 y 页" footer), line
//! breaking for Chinese and Latin text with basic 禁则 (kinsoku) rules, tables that
//! wrap cell text and repeat their header row on every page they span, the table of
//! contents (two-pass layout, clickable lines) and the matching bookmarks (outline)
//! and named destinations, pictures (EXIF orientation applied, long screenshots cut
//! into page-high slices), pages of other PDFs drawn as form XObjects, embedded files
//! (attachments), and the final PDF (metadata title, embedded font subset, fixed
//! document id).
//!
//! Must hold: the same input (and options) gives byte-identical output; every
//! character either renders with the shipped font, with the fallback font, or as
//! [`font::PLACEHOLDER`] and is then listed in [`Rendered::missing_chars`]; no line
//! starts with a closing mark such as `，。）」` nor ends with an opening mark `（「『`
//! unless a single unbreakable run is wider than the line; a picture or PDF that
//! cannot be shown never fails the render: it becomes a visible note and an entry in
//! [`Rendered::image_problems`]; nothing is written to disk; pictures are decoded one
//! at a time and only their encoded form is kept, and large payloads (original JPEG
//! bytes, attachments) are copied once, straight into the output.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write as _};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use lopdf::{Dictionary as LoDict, Object, ObjectId, StringFormat};
use printpdf::{
    Color, FontId, Greyscale, Line, LineCapStyle, LineDashPattern, LinePoint, Mm, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
};

use super::font::{self, FontError};

// ---------------------------------------------------------------------------------
// Public model
// ---------------------------------------------------------------------------------

pub use crate::domain::Lang;

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
    /// A numbered heading with a level: 1 = chapter (drawn like [`Block::Heading`]),
    /// 2 = sub-section, 3 and deeper = minor heading. Every `Section` and `Heading`
    /// gets a named destination, a bookmark (nested by level) and a line in
    /// [`Block::Contents`]. Level 0 counts as 1; levels above 3 as 3.
    Section {
        title: String,
        level: u8,
    },
    /// The table of contents: one clickable line per `Section`/`Heading` of the whole
    /// document with its page number, placed where this block is.
    Contents,
    /// A picture (JPEG, PNG, WebP, GIF, BMP) decoded from memory, EXIF orientation
    /// applied, scaled to the text width (small pictures at most 2× their natural
    /// 96 dpi size). A very tall screenshot is cut into page-high slices at full width,
    /// one per page, the caption marked "（续）" on the continuation pages. Data that
    /// cannot be decoded becomes a visible note (see [`Rendered::image_problems`]).
    Image {
        bytes: Arc<[u8]>,
        caption: String,
    },
    /// Every page of a PDF, each on a page of its own, scaled into the text area under
    /// the running header. Encrypted (with a password) or broken PDFs become a note.
    PdfPages {
        bytes: Arc<[u8]>,
        caption: String,
    },
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
    /// One line per [`Block::Image`] or [`Block::PdfPages`] that could not be shown
    /// (and was replaced by a note in the PDF), naming the block and the reason.
    pub image_problems: Vec<String>,
}

/// A file carried inside the PDF (an "embedded file", listed by `pdfdetach -list`
/// and in a viewer's attachments panel). Extracting it gives back `bytes` exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// File name shown and used on extraction (Chinese is kept; `/` and `\` become `_`).
    pub name: String,
    pub description: String,
    pub bytes: Arc<[u8]>,
    /// Media type, e.g. `image/jpeg`; stored as the embedded file's /Subtype.
    pub mime: String,
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
    render_full(doc, &RenderOptions::default(), &[])
}

/// Render `doc` to PDF bytes.
pub fn render_with(doc: &Document, opts: &RenderOptions) -> Result<Rendered, RenderError> {
    render_full(doc, opts, &[])
}

/// Render `doc` with the default options and carry `attachments` inside the PDF as
/// embedded files (in this order).
pub fn render_with_attachments(
    doc: &Document,
    attachments: &[Attachment],
) -> Result<Rendered, RenderError> {
    render_full(doc, &RenderOptions::default(), attachments)
}

/// Render `doc` with `opts`, embedding `attachments` (may be empty).
pub fn render_full(
    doc: &Document,
    opts: &RenderOptions,
    attachments: &[Attachment],
) -> Result<Rendered, RenderError> {
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

    // Pictures are decoded (and PDFs parsed) one at a time, before layout: layout only
    // needs their sizes, and only their encoded form is kept.
    let mut image_problems = Vec::new();
    let media: Vec<Media> = doc
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| prepare_media(i, b, &mut image_problems))
        .collect();

    // Two passes when there is a table of contents: the first learns on which page
    // each section lands, the second prints those numbers. The contents' own height
    // does not depend on the numbers, so the second pass confirms the first.
    let entries = toc_entries(doc);
    let has_contents = doc.blocks.iter().any(|b| matches!(b, Block::Contents));
    let mut numbers: Option<Vec<usize>> = None;
    let mut passes = 0;
    let mut lay = loop {
        passes += 1;
        let lay = lay_out(&fonts, doc, &media, &entries, numbers.as_deref());
        let got = lay.section_pages();
        if !has_contents || numbers.as_ref() == Some(&got) {
            break lay;
        }
        if passes >= 4 {
            return Err(RenderError::Pdf(
                "the table of contents did not settle".to_string(),
            ));
        }
        numbers = Some(got);
    };

    let total = lay.pages.len();
    for (i, page) in lay.pages.iter_mut().enumerate() {
        let furniture = page_furniture(&fonts, doc, i + 1, total);
        page.extend(furniture);
    }
    let missing_chars: Vec<char> = lay.missing.iter().copied().collect();
    let fallback_chars: Vec<char> = lay.fallback_used.iter().copied().collect();
    let extras = Extras {
        marks: std::mem::take(&mut lay.marks),
        links: std::mem::take(&mut lay.links),
        placements: std::mem::take(&mut lay.placements),
    };
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
    drop(pdf);
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
    let mut payloads = Vec::new();
    finish_document(&mut lo, media, extras, &entries, attachments, &mut payloads)?;
    lo.compress();
    let mut skeleton = Vec::new();
    lo.save_to(&mut skeleton)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    drop(lo);
    let mut bytes = splice_payloads(skeleton, &payloads)?;
    drop(payloads);
    stamp_document_id(&mut bytes)?;

    Ok(Rendered {
        bytes,
        pages: page_count,
        missing_chars,
        fallback_chars,
        image_problems,
    })
}

/// Lay the document out once (see [`render_full`] for why it may run twice).
fn lay_out<'a>(
    fonts: &'a Fonts<'a>,
    doc: &Document,
    media: &'a [Media],
    toc: &'a [TocEntry],
    numbers: Option<&'a [usize]>,
) -> Layout<'a> {
    let mut lay = Layout::new(fonts);
    lay.lang = doc.lang;
    lay.media = media;
    lay.toc = toc;
    lay.toc_numbers = numbers;
    lay.title(&doc.title);
    if let Some(h) = &doc.header {
        lay.resolve(h); // records the header's missing/fallback characters
    }
    for (i, block) in doc.blocks.iter().enumerate() {
        lay.block(i, block, doc.blocks.get(i + 1));
    }
    lay
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
    lang: Lang,
    /// Prepared pictures and PDFs, by block index.
    media: &'a [Media],
    /// Every section of the document, in order (for [`Block::Contents`]).
    toc: &'a [TocEntry],
    /// Page number of each entry of `toc`, once known (second pass).
    toc_numbers: Option<&'a [usize]>,
    /// Where each section landed, in the order of `toc`.
    marks: Vec<SectionMark>,
    links: Vec<TocLink>,
    placements: Vec<Placement>,
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
            lang: Lang::Zh,
            media: &[],
            toc: &[],
            toc_numbers: None,
            marks: Vec::new(),
            links: Vec::new(),
            placements: Vec::new(),
        }
    }

    /// 1-based page number of every section, in document order.
    fn section_pages(&self) -> Vec<usize> {
        self.marks.iter().map(|m| m.page + 1).collect()
    }

    fn page_index(&self) -> usize {
        self.pages.len() - 1
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

    /// Continue at the top of a page: a new one, or this one if nothing is on it yet.
    fn fresh_page(&mut self) {
        if self.page_has_content {
            self.new_page();
        } else {
            self.y = CONTENT_TOP;
        }
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

    /// Lay out `block` (the `index`-th); `next` is looked at to keep a heading with
    /// what follows it.
    fn block(&mut self, index: usize, block: &Block, next: Option<&Block>) {
        let media = self.media;
        let keep = self.keep_with(index + 1, next);
        match block {
            Block::Heading(s) => self.section(s, 1, keep),
            Block::Section { title, level } => self.section(title, *level, keep),
            Block::Contents => self.contents(),
            Block::Image { caption, .. } => match media.get(index) {
                Some(Media::Image(img)) => self.image(index, img, caption),
                _ => self.note_box(note_text(self.lang, false), caption),
            },
            Block::PdfPages { caption, .. } => match media.get(index) {
                Some(Media::Pdf(pdf)) => self.pdf_pages(index, pdf, caption),
                _ => self.note_box(note_text(self.lang, true), caption),
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
        }
    }

    /// A `Heading` (level 1) or `Section`: drawn, and its place recorded for the
    /// contents, the bookmarks and its named destination.
    fn section(&mut self, s: &str, level: u8, keep: f32) {
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
        });
        for line in lines {
            self.draw_text(MARGIN_X, self.y, lh, size, &line, 0.0);
            self.y += lh;
        }
        self.page_has_content = true;
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
            Block::Section { title, .. } => add(title),
            Block::Contents => add(contents_title(doc.lang)),
            Block::Image { caption, .. } | Block::PdfPages { caption, .. } => {
                add(caption);
                add(continued(doc.lang));
                add(&page_of(doc.lang, 1, 1));
                add(note_text(doc.lang, false));
                add(note_text(doc.lang, true));
            }
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
    // The /ID is in the trailer, after every object (and every embedded file).
    let from = rfind(bytes, b"trailer").unwrap_or(0);
    let positions: Vec<usize> = bytes[from..]
        .windows(hex_placeholder.len())
        .enumerate()
        .filter(|(_, w)| w.eq_ignore_ascii_case(&hex_placeholder))
        .map(|(i, _)| from + i)
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

// ---------------------------------------------------------------------------------
// Contents, pictures and included PDFs: layout
// ---------------------------------------------------------------------------------

const SUBHEADING_PT: f32 = 11.5;
const MINOR_HEADING_PT: f32 = 10.5;
const CAPTION_PT: f32 = 9.0;
/// Natural size of one pixel (96 dpi) and how far small pictures may be enlarged.
const MM_PER_PX: f32 = 25.4 / 96.0;
const MAX_UPSCALE: f32 = 2.0;
/// A picture taller than a page is shrunk onto one page only if it keeps at least this
/// share of its width; otherwise it is cut into page-high slices at full width.
const MIN_SHRINK: f32 = 0.5;
/// A picture that fits a page but not the room left is shrunk to fit there if it
/// keeps at least this share of its size; otherwise it goes to the next page.
const SHRINK_HERE: f32 = 0.8;
/// An included PDF page starts on the current page only if it is drawn at least this
/// large there compared with a page of its own.
const PDF_PAGE_HERE: f32 = 0.85;
/// Indent of a contents line per level below 1.
const TOC_INDENT: f32 = 6.0;

/// Natural size (mm) of a picture: its 96 dpi size, at most twice that and at most
/// the text width.
fn image_size(img: &PreparedImage) -> (f32, f32) {
    let (px_w, px_h) = (img.px_w as f32, img.px_h as f32);
    let w = CONTENT_W.min(px_w * MM_PER_PX * MAX_UPSCALE);
    (w, w * px_h / px_w)
}

fn clamp_level(level: u8) -> u8 {
    level.clamp(1, 3)
}

/// One line of the contents / one bookmark.
#[derive(Debug, Clone, PartialEq)]
struct TocEntry {
    /// As written (for the bookmark title, which the viewer draws with its own fonts).
    title: String,
    level: u8,
}

/// Where a section landed: page index and the top of its heading (mm from the top).
#[derive(Debug, Clone, Copy, PartialEq)]
struct SectionMark {
    page: usize,
    y: f32,
}

/// A clickable contents line: page index, rectangle (mm: x, top, w, h), section index.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TocLink {
    page: usize,
    rect: [f32; 4],
    entry: usize,
}

/// An XObject drawn on a page after printpdf's content: an image (or a slice of one)
/// or an included PDF page, clipped to `clip` and framed by a thin border.
#[derive(Debug, Clone, PartialEq)]
struct Placement {
    page: usize,
    /// Block index of the media; `sub` is the page of an included PDF (0 for images).
    slot: usize,
    sub: usize,
    /// The `cm` operands, in PDF points from the bottom-left corner.
    matrix: [f32; 6],
    /// Visible rectangle in PDF points: x, y (bottom), width, height.
    clip: [f32; 4],
}

/// What layout leaves for the lopdf stage.
struct Extras {
    marks: Vec<SectionMark>,
    links: Vec<TocLink>,
    placements: Vec<Placement>,
}

fn toc_entries(doc: &Document) -> Vec<TocEntry> {
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

fn contents_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "目录",
        Lang::En => "Contents",
    }
}

fn note_text(lang: Lang, pdf: bool) -> &'static str {
    match (lang, pdf) {
        (Lang::Zh, false) => "无法显示此图片（格式不支持或文件已损坏），原件见附件",
        (Lang::Zh, true) => "无法显示此 PDF 文件（已加密或文件已损坏），原件见附件",
        (Lang::En, false) => {
            "This picture cannot be shown (unsupported format or damaged file); see the attached original."
        }
        (Lang::En, true) => {
            "This PDF cannot be shown (encrypted or damaged file); see the attached original."
        }
    }
}

fn continued(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "（续）",
        Lang::En => " (continued)",
    }
}

fn page_of(lang: Lang, k: usize, n: usize) -> String {
    match lang {
        Lang::Zh => format!("（第 {k} / {n} 页）"),
        Lang::En => format!(" (page {k} of {n})"),
    }
}

fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// An affine map in PDF's `cm` order: x' = a·x + c·y + e, y' = b·x + d·y + f.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Affine([f32; 6]);

impl Affine {
    fn translate(x: f32, y: f32) -> Self {
        Affine([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn scale(s: f32) -> Self {
        Affine([s, 0.0, 0.0, s, 0.0, 0.0])
    }

    /// `self` first, then `next`.
    fn then(self, next: Affine) -> Affine {
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

    fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// Turn a `w`×`h` box at the origin clockwise by `rotate` degrees (the page
    /// /Rotate sense), leaving the result at the origin.
    fn page_rotation(rotate: u16, w: f32, h: f32) -> Affine {
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
    fn caption_lines(&mut self, caption: &str) -> (Vec<String>, f32) {
        let text = self.resolve(caption);
        if text.trim().is_empty() {
            return (Vec::new(), 0.0);
        }
        let lines = wrap(self.fonts, &text, CAPTION_PT, CONTENT_W);
        let h = 1.5 + lines.len() as f32 * line_height(CAPTION_PT);
        (lines, h)
    }

    fn draw_caption(&mut self, lines: &[String]) {
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
    fn place_image(
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
    fn keep_with(&mut self, index: usize, next: Option<&Block>) -> f32 {
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
            _ => two_lines,
        }
    }

    fn image(&mut self, slot: usize, img: &PreparedImage, caption: &str) {
        let (cap, cap_h) = self.caption_lines(caption);
        let cont_caption = format!("{caption}{}", continued(self.lang));
        let (cap_more, cap_more_h) = self.caption_lines(&cont_caption);
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
            // A long screenshot: page-high slices at full width, whole pixel rows each,
            // the first here if at least half a page is left.
            if room < full * 0.5 {
                self.fresh_page();
            }
            let mm_per_row = h / img.px_h as f32;
            let cap_max = cap_h.max(cap_more_h);
            let x = MARGIN_X + (CONTENT_W - w) / 2.0;
            let mut row = 0u32;
            while row < img.px_h {
                if row > 0 {
                    self.new_page();
                }
                let room = CONTENT_BOTTOM - self.y - cap_max;
                let rows = (((room / mm_per_row).floor() as u32).max(1)).min(img.px_h - row);
                let slice_h = rows as f32 * mm_per_row;
                let image_top = self.y - row as f32 * mm_per_row;
                self.place_image(slot, x, image_top, w, h, self.y, slice_h);
                self.y += slice_h;
                self.draw_caption(if row == 0 { &cap } else { &cap_more });
                row += rows;
            }
        }
        self.y += 3.0;
    }

    /// A whole picture of `w`×`h` mm, centred at the cursor, and its caption.
    fn draw_image(&mut self, slot: usize, w: f32, h: f32, cap: &[String]) {
        let x = MARGIN_X + (CONTENT_W - w) / 2.0;
        self.place_image(slot, x, self.y, w, h, self.y, h);
        self.y += h;
        self.draw_caption(cap);
    }

    fn pdf_pages(&mut self, slot: usize, pdf: &PreparedPdf, caption: &str) {
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
    fn note_box(&mut self, note: &str, caption: &str) {
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
    fn contents(&mut self) {
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

// ---------------------------------------------------------------------------------
// Pictures and included PDFs: preparation (before layout)
// ---------------------------------------------------------------------------------

const JPEG_QUALITY: u8 = 92;
/// Decoding limit per picture (the decoder's allocations, bitmap included).
const MAX_DECODE_BYTES: u64 = 400 * 1024 * 1024;
/// Limit for any single stream decompressed while reading an included PDF.
const MAX_PDF_STREAM: usize = 256 * 1024 * 1024;

/// Bytes that end up in the file as they are: shared with the caller (never copied
/// before the final write) or owned.
enum Payload {
    Shared(Arc<[u8]>),
    Owned(Vec<u8>),
}

impl Payload {
    fn bytes(&self) -> &[u8] {
        match self {
            Payload::Shared(b) => b,
            Payload::Owned(v) => v,
        }
    }
}

/// A picture ready to be placed: its displayed size in pixels and its image XObject.
struct PreparedImage {
    px_w: u32,
    px_h: u32,
    dict: LoDict,
    data: Payload,
}

/// An included PDF: the parsed source and what each page's form XObject needs.
struct PreparedPdf {
    src: lopdf::Document,
    pages: Vec<SourcePage>,
}

struct SourcePage {
    /// The visible box (crop box within the media box) in the page's own space.
    bbox: [f32; 4],
    /// Clockwise page rotation: 0, 90, 180 or 270.
    rotate: u16,
    /// The page content (decoded, annotation appearances appended), or when it could
    /// not be decoded the raw stream with its /Filter and /DecodeParms.
    content: Vec<u8>,
    filter: Option<(Object, Option<Object>)>,
    /// Resources dictionary; references point into `PreparedPdf::src`.
    resources: Object,
    group: Option<Object>,
}

impl SourcePage {
    fn display_size_pt(&self) -> (f32, f32) {
        let [x0, y0, x1, y1] = self.bbox;
        let (w, h) = (x1 - x0, y1 - y0);
        if self.rotate % 180 == 90 {
            (h, w)
        } else {
            (w, h)
        }
    }
}

/// The prepared form of each block (by block index).
enum Media {
    None,
    Image(PreparedImage),
    Pdf(Box<PreparedPdf>),
    /// Cannot be shown: layout draws a note instead.
    Broken,
}

fn prepare_media(index: usize, block: &Block, problems: &mut Vec<String>) -> Media {
    // Decoders for untrusted data: a panic in one (a bug) must not take the export down.
    let guarded = |f: &dyn Fn() -> Result<Media, String>| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .unwrap_or_else(|_| Err("the decoder failed unexpectedly".to_string()))
    };
    let (what, caption, result) = match block {
        Block::Image { bytes, caption } => (
            "image",
            caption,
            guarded(&|| prepare_image(bytes).map(Media::Image)),
        ),
        Block::PdfPages { bytes, caption } => (
            "PDF",
            caption,
            guarded(&|| prepare_pdf(bytes).map(|p| Media::Pdf(Box::new(p)))),
        ),
        _ => return Media::None,
    };
    result.unwrap_or_else(|reason| {
        problems.push(format!(
            "block {index}: {what} \"{caption}\" cannot be shown: {reason}"
        ));
        Media::Broken
    })
}

fn image_dict(width: u32, height: u32, gray: bool) -> LoDict {
    LoDict::from_iter(vec![
        ("Type", Object::from("XObject")),
        ("Subtype", Object::from("Image")),
        ("Width", Object::Integer(i64::from(width))),
        ("Height", Object::Integer(i64::from(height))),
        (
            "ColorSpace",
            Object::from(if gray { "DeviceGray" } else { "DeviceRGB" }),
        ),
        ("BitsPerComponent", Object::Integer(8)),
    ])
}

/// Decode (or, for an upright JPEG, just check) a picture and encode it for the PDF:
/// upright JPEGs keep their original bytes; turned JPEGs are re-encoded at quality
/// 92; everything else is stored losslessly (Flate with PNG predictors).
fn prepare_image(bytes: &Arc<[u8]>) -> Result<PreparedImage, String> {
    if bytes.is_empty() {
        return Err("no data".to_string());
    }
    let orientation = exif_orientation(bytes);
    if orientation == 1
        && let Some(j) = jpeg_info(bytes)
    {
        let mut dict = image_dict(j.width, j.height, j.components == 1);
        dict.set("Filter", Object::from("DCTDecode"));
        return Ok(PreparedImage {
            px_w: j.width,
            px_h: j.height,
            dict,
            data: Payload::Shared(bytes.clone()),
        });
    }
    let mut reader = image::ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader
        .format()
        .ok_or_else(|| "unrecognised image format".to_string())?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut img = reader.decode().map_err(|e| e.to_string())?;
    if let Some(o) = image::metadata::Orientation::from_exif(orientation) {
        img.apply_orientation(o);
    }
    let (width, height) = (img.width(), img.height());
    if width == 0 || height == 0 {
        return Err("the image is empty".to_string());
    }
    if format == image::ImageFormat::Jpeg {
        let gray = !img.color().has_color();
        let mut out = Vec::new();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        let encoded = if gray {
            enc.encode_image(&img.to_luma8())
        } else {
            enc.encode_image(&img.to_rgb8())
        };
        encoded.map_err(|e| format!("re-encoding: {e}"))?;
        drop(img);
        let mut dict = image_dict(width, height, gray);
        dict.set("Filter", Object::from("DCTDecode"));
        return Ok(PreparedImage {
            px_w: width,
            px_h: height,
            dict,
            data: Payload::Owned(out),
        });
    }
    let (dict, data) = flate_image(img).map_err(|e| format!("compressing: {e}"))?;
    Ok(PreparedImage {
        px_w: width,
        px_h: height,
        dict,
        data: Payload::Owned(data),
    })
}

/// EXIF orientation (1–8) of a JPEG, PNG, WebP, TIFF or HEIF file; 1 when absent.
fn exif_orientation(bytes: &[u8]) -> u8 {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return 1;
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .filter(|v| (1..=8).contains(v))
        .map_or(1, |v| v as u8)
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct JpegInfo {
    width: u32,
    height: u32,
    components: u8,
}

/// Size and components of a JPEG that PDF readers can show from its original bytes
/// (8-bit baseline or progressive Huffman, gray or YCbCr/RGB, complete up to its
/// end-of-image marker); `None` for anything else, which then goes through the decoder.
fn jpeg_info(b: &[u8]) -> Option<JpegInfo> {
    if b.len() < 4 || b[0] != 0xFF || b[1] != 0xD8 {
        return None;
    }
    let mut i = 2;
    let mut info = None;
    loop {
        if *b.get(i)? != 0xFF {
            return None;
        }
        while *b.get(i)? == 0xFF {
            i += 1;
        }
        let marker = b[i];
        i += 1;
        match marker {
            0x01 | 0xD0..=0xD8 => continue,
            0xD9 => return None,
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]));
        if len < 2 || i + len > b.len() {
            return None;
        }
        let seg = &b[i + 2..i + len];
        match marker {
            0xC0..=0xC2 => {
                if seg.len() < 6 {
                    return None;
                }
                let precision = seg[0];
                let height = u16::from_be_bytes([seg[1], seg[2]]);
                let width = u16::from_be_bytes([seg[3], seg[4]]);
                let components = seg[5];
                if precision != 8 || height == 0 || width == 0 || !matches!(components, 1 | 3) {
                    return None;
                }
                info = Some(JpegInfo {
                    width: u32::from(width),
                    height: u32::from(height),
                    components,
                });
            }
            // Lossless, hierarchical or arithmetic-coded: not for DCTDecode.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => return None,
            0xDA => {
                let info = info?;
                let scan = &b[i + len..];
                return scan
                    .windows(2)
                    .rev()
                    .any(|w| w == [0xFF, 0xD9])
                    .then_some(info);
            }
            _ => {}
        }
        i += len;
    }
}

/// Store a decoded picture losslessly: 8-bit gray or RGB (alpha composited onto
/// white), rows filtered with the best PNG predictor each, then zlib.
fn flate_image(img: image::DynamicImage) -> std::io::Result<(LoDict, Vec<u8>)> {
    use image::DynamicImage as D;
    let img = match img {
        D::ImageLuma8(_) | D::ImageLumaA8(_) | D::ImageRgb8(_) | D::ImageRgba8(_) => img,
        other => {
            let c = other.color();
            match (c.has_color(), c.has_alpha()) {
                (true, true) => D::ImageRgba8(other.to_rgba8()),
                (true, false) => D::ImageRgb8(other.to_rgb8()),
                (false, true) => D::ImageLumaA8(other.to_luma_alpha8()),
                (false, false) => D::ImageLuma8(other.to_luma8()),
            }
        }
    };
    let color = img.color();
    let ch = usize::from(color.channel_count());
    let alpha = color.has_alpha();
    let out_ch = if alpha { ch - 1 } else { ch };
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_bytes();
    let row_len = w * out_ch;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let mut prev = vec![0u8; row_len];
    let mut cur = vec![0u8; row_len];
    let mut trial = vec![0u8; row_len];
    let mut best = vec![0u8; row_len];
    for y in 0..h {
        let src = &raw[y * w * ch..(y + 1) * w * ch];
        if alpha {
            for x in 0..w {
                let a = u32::from(src[x * ch + ch - 1]);
                for k in 0..out_ch {
                    let c = u32::from(src[x * ch + k]);
                    cur[x * out_ch + k] = ((c * a + 255 * (255 - a) + 127) / 255) as u8;
                }
            }
        } else {
            cur.copy_from_slice(src);
        }
        let mut best_kind = 0u8;
        let mut best_cost = u64::MAX;
        // Average (3) is left out: lopdf 0.44 decodes it wrongly (`a + b / 2`), and
        // printpdf reads PDFs through lopdf.
        for kind in [0u8, 1, 2, 4] {
            png_filter(kind, &cur, &prev, out_ch, &mut trial);
            let cost: u64 = trial
                .iter()
                .map(|&v| u64::from((v as i8).unsigned_abs()))
                .sum();
            if cost < best_cost {
                best_cost = cost;
                best_kind = kind;
                std::mem::swap(&mut best, &mut trial);
            }
        }
        enc.write_all(&[best_kind])?;
        enc.write_all(&best)?;
        std::mem::swap(&mut prev, &mut cur);
    }
    let data = enc.finish()?;
    let mut dict = image_dict(w as u32, h as u32, out_ch == 1);
    dict.set("Filter", Object::from("FlateDecode"));
    dict.set(
        "DecodeParms",
        LoDict::from_iter(vec![
            ("Predictor", Object::Integer(15)),
            ("Colors", Object::Integer(out_ch as i64)),
            ("BitsPerComponent", Object::Integer(8)),
            ("Columns", Object::Integer(w as i64)),
        ]),
    );
    Ok((dict, data))
}

/// PNG row filter `kind` (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) of `cur` into `out`.
fn png_filter(kind: u8, cur: &[u8], prev: &[u8], bpp: usize, out: &mut [u8]) {
    for i in 0..cur.len() {
        let a = if i >= bpp { cur[i - bpp] } else { 0 };
        let b = prev[i];
        let c = if i >= bpp { prev[i - bpp] } else { 0 };
        let predicted = match kind {
            0 => 0,
            1 => a,
            2 => b,
            3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
            _ => {
                let p = i16::from(a) + i16::from(b) - i16::from(c);
                let (pa, pb, pc) = (
                    (p - i16::from(a)).abs(),
                    (p - i16::from(b)).abs(),
                    (p - i16::from(c)).abs(),
                );
                if pa <= pb && pa <= pc {
                    a
                } else if pb <= pc {
                    b
                } else {
                    c
                }
            }
        };
        out[i] = cur[i].wrapping_sub(predicted);
    }
}

/// Open a PDF for inclusion. One that needs a password, has no pages or cannot be
/// parsed is refused. (A PDF encrypted with an empty user password — "owner
/// password only" — opens in every viewer without asking, so it is included.)
fn prepare_pdf(bytes: &[u8]) -> Result<PreparedPdf, String> {
    let opts = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_PDF_STREAM),
        ..Default::default()
    };
    let src = lopdf::Document::load_mem_with_options(bytes, opts)
        .map_err(|e| format!("not a readable PDF: {e}"))?;
    if src.is_encrypted() {
        return Err("the PDF is encrypted with a password".to_string());
    }
    let ids: Vec<ObjectId> = src.get_pages().into_values().collect();
    if ids.is_empty() {
        return Err("the PDF has no pages".to_string());
    }
    let pages = ids
        .iter()
        .enumerate()
        .map(|(k, &id)| source_page(&src, id).map_err(|e| format!("page {}: {e}", k + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PreparedPdf { src, pages })
}

fn resolve<'d>(doc: &'d lopdf::Document, obj: &'d Object) -> Option<&'d Object> {
    match obj {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// A page attribute, looked up through the page tree (MediaBox, CropBox, Resources
/// and Rotate are inheritable).
fn inherited<'d>(doc: &'d lopdf::Document, page: &'d LoDict, key: &[u8]) -> Option<&'d Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return resolve(doc, v);
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|p| resolve(doc, p))
            .and_then(|p| p.as_dict().ok())?;
    }
    None
}

fn rect_of(doc: &lopdf::Document, obj: &Object) -> Option<[f32; 4]> {
    let arr = resolve(doc, obj)?.as_array().ok()?;
    if arr.len() != 4 {
        return None;
    }
    let mut v = [0.0f32; 4];
    for (slot, o) in v.iter_mut().zip(arr) {
        *slot = resolve(doc, o)?.as_float().ok()?;
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    r.iter().all(|x| x.is_finite()).then_some(r)
}

fn source_page(src: &lopdf::Document, id: ObjectId) -> Result<SourcePage, String> {
    let page = src.get_dictionary(id).map_err(|e| e.to_string())?;
    let media = inherited(src, page, b"MediaBox")
        .and_then(|o| rect_of(src, o))
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let mut bbox = inherited(src, page, b"CropBox")
        .and_then(|o| rect_of(src, o))
        .map(|c| {
            [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ]
        })
        .unwrap_or(media);
    if bbox[2] - bbox[0] < 1.0 || bbox[3] - bbox[1] < 1.0 {
        bbox = media;
    }
    if bbox[2] - bbox[0] < 1.0 || bbox[3] - bbox[1] < 1.0 {
        return Err("the page has no area".to_string());
    }
    let rotate = inherited(src, page, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .map_or(0, |r| r.rem_euclid(360));
    let rotate = if rotate % 90 == 0 { rotate as u16 } else { 0 };
    let mut resources = inherited(src, page, b"Resources")
        .and_then(|o| o.as_dict().ok())
        .cloned()
        .unwrap_or_default();
    let group = page.get(b"Group").ok().cloned();

    let streams: Vec<&lopdf::Stream> =
        match page.get(b"Contents").ok().and_then(|c| resolve(src, c)) {
            None => Vec::new(),
            Some(Object::Stream(s)) => vec![s],
            Some(Object::Array(parts)) => parts
                .iter()
                .map(|p| resolve(src, p).and_then(|o| o.as_stream().ok()))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| "broken content stream".to_string())?,
            Some(_) => return Err("broken content stream".to_string()),
        };
    let decoded: Option<Vec<Vec<u8>>> = streams
        .iter()
        .map(|s| s.decompressed_content_with_limit(MAX_PDF_STREAM).ok())
        .collect();
    let (content, filter) = match decoded {
        Some(parts) => {
            let mut content = b"q\n".to_vec();
            for p in parts {
                content.extend_from_slice(&p);
                content.push(b'\n');
            }
            content.extend_from_slice(b"Q\n");
            // Annotation appearances (signature seals, stamps, filled-in fields) are
            // part of what the page shows: draw them over the content.
            let mut xobjects = resources
                .get(b"XObject")
                .ok()
                .and_then(|o| resolve(src, o))
                .and_then(|o| o.as_dict().ok())
                .cloned()
                .unwrap_or_default();
            let mut n = 0;
            for (ap, m) in annotation_appearances(src, page) {
                let name = format!("CfAp{n}");
                n += 1;
                let [a, b, c, d, e, f] = m.0;
                content.extend_from_slice(
                    format!("q {a:.5} {b:.5} {c:.5} {d:.5} {e:.4} {f:.4} cm /{name} Do Q\n")
                        .as_bytes(),
                );
                xobjects.set(name, Object::Reference(ap));
            }
            if n > 0 {
                resources.set("XObject", xobjects);
            }
            (content, None)
        }
        None if streams.len() == 1 => {
            let s = streams[0];
            let f = s.dict.get(b"Filter").ok().cloned();
            let p = s.dict.get(b"DecodeParms").ok().cloned();
            (s.content.clone(), f.map(|f| (f, p)))
        }
        None => return Err("the page content cannot be decoded".to_string()),
    };
    Ok(SourcePage {
        bbox,
        rotate,
        content,
        filter,
        resources: Object::Dictionary(resources),
        group,
    })
}

/// Visible annotation appearances of a page: the appearance stream and the matrix
/// that maps it onto the annotation's rectangle (PDF 32000-1 §12.5.5).
fn annotation_appearances(src: &lopdf::Document, page: &LoDict) -> Vec<(ObjectId, Affine)> {
    let Some(annots) = page
        .get(b"Annots")
        .ok()
        .and_then(|a| resolve(src, a))
        .and_then(|a| a.as_array().ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for annot in annots {
        let Some(d) = resolve(src, annot).and_then(|a| a.as_dict().ok()) else {
            continue;
        };
        let subtype = d.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        if matches!(subtype, b"Link" | b"Popup") {
            continue;
        }
        let flags = d.get(b"F").and_then(Object::as_i64).unwrap_or(0);
        if flags & (2 | 32) != 0 {
            continue; // Hidden or NoView
        }
        let Some(rect) = d.get(b"Rect").ok().and_then(|r| rect_of(src, r)) else {
            continue;
        };
        let Some(normal) = d
            .get(b"AP")
            .ok()
            .and_then(|ap| resolve(src, ap))
            .and_then(|ap| ap.as_dict().ok())
            .and_then(|ap| ap.get(b"N").ok())
        else {
            continue;
        };
        // /N is a stream, or a dictionary of states picked by /AS.
        let ap_id = match normal {
            Object::Reference(id) => match src.get_object(*id) {
                Ok(Object::Stream(_)) => Some(*id),
                Ok(Object::Dictionary(states)) => state_stream(d, states),
                _ => None,
            },
            Object::Dictionary(states) => state_stream(d, states),
            _ => None,
        };
        let Some(ap_id) = ap_id else { continue };
        let Ok(stream) = src.get_object(ap_id).and_then(Object::as_stream) else {
            continue;
        };
        let Some(bbox) = stream.dict.get(b"BBox").ok().and_then(|b| rect_of(src, b)) else {
            continue;
        };
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| resolve(src, m))
            .and_then(|m| m.as_array().ok())
            .and_then(|m| {
                let v: Option<Vec<f32>> = m.iter().map(|x| x.as_float().ok()).collect();
                v.filter(|v| v.len() == 6)
                    .map(|v| Affine([v[0], v[1], v[2], v[3], v[4], v[5]]))
            })
            .unwrap_or(Affine::scale(1.0));
        let corners = [
            matrix.apply(bbox[0], bbox[1]),
            matrix.apply(bbox[2], bbox[1]),
            matrix.apply(bbox[0], bbox[3]),
            matrix.apply(bbox[2], bbox[3]),
        ];
        let x0 = corners.iter().map(|c| c.0).fold(f32::INFINITY, f32::min);
        let x1 = corners
            .iter()
            .map(|c| c.0)
            .fold(f32::NEG_INFINITY, f32::max);
        let y0 = corners.iter().map(|c| c.1).fold(f32::INFINITY, f32::min);
        let y1 = corners
            .iter()
            .map(|c| c.1)
            .fold(f32::NEG_INFINITY, f32::max);
        if !(x1 - x0 > 1e-3 && y1 - y0 > 1e-3) {
            continue;
        }
        let sx = (rect[2] - rect[0]) / (x1 - x0);
        let sy = (rect[3] - rect[1]) / (y1 - y0);
        out.push((
            ap_id,
            Affine([sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy]),
        ));
    }
    out
}

fn state_stream(annot: &LoDict, states: &LoDict) -> Option<ObjectId> {
    let state = annot.get(b"AS").and_then(Object::as_name).ok()?;
    states.get(state).and_then(Object::as_reference).ok()
}

// ---------------------------------------------------------------------------------
// Finishing with lopdf: pictures, included pages, links, bookmarks, attachments
// ---------------------------------------------------------------------------------

/// A PDF text string: plain for ASCII, otherwise UTF-16BE with a byte-order mark.
fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut v = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(v, StringFormat::Hexadecimal)
    }
}

fn dest_key(entry: usize) -> Vec<u8> {
    format!("sec-{:05}", entry + 1).into_bytes()
}

fn xobject_name(slot: usize, sub: usize) -> String {
    format!("CfX{slot}p{sub}")
}

fn reals(v: &[f32]) -> Object {
    Object::Array(v.iter().map(|&x| Object::Real(x)).collect())
}

/// Marker standing in a stream's place in the skeleton file until the payload is
/// spliced in (see [`splice_payloads`]).
const PAYLOAD_MARK: &[u8] = b"%CaseFile-payload-";

fn payload_marker(index: usize) -> Vec<u8> {
    format!("%CaseFile-payload-{index:08}-c0ffee%").into_bytes()
}

/// Add a stream whose bytes are written only at the very end (no copy held in lopdf).
fn add_deferred_stream(
    lo: &mut lopdf::Document,
    payloads: &mut Vec<Payload>,
    dict: LoDict,
    data: Payload,
) -> ObjectId {
    let len = data.bytes().len();
    let mut stream =
        lopdf::Stream::new(dict, payload_marker(payloads.len())).with_compression(false);
    stream.dict.set("Length", Object::Integer(len as i64));
    payloads.push(data);
    lo.add_object(stream)
}

/// Copies objects from an included PDF, renumbering them (each once, iteratively).
struct Importer<'s> {
    src: &'s lopdf::Document,
    map: BTreeMap<ObjectId, ObjectId>,
    queue: Vec<ObjectId>,
}

impl<'s> Importer<'s> {
    fn new(src: &'s lopdf::Document) -> Self {
        Importer {
            src,
            map: BTreeMap::new(),
            queue: Vec::new(),
        }
    }

    fn object(&mut self, dst: &mut lopdf::Document, o: &Object) -> Object {
        match o {
            Object::Reference(id) => Object::Reference(self.reference(dst, *id)),
            Object::Array(a) => Object::Array(a.iter().map(|x| self.object(dst, x)).collect()),
            Object::Dictionary(d) => Object::Dictionary(self.dict(dst, d)),
            Object::Stream(s) => {
                let mut copy = lopdf::Stream::new(self.dict(dst, &s.dict), s.content.clone());
                copy.allows_compression = s.allows_compression;
                Object::Stream(copy)
            }
            other => other.clone(),
        }
    }

    /// Copy of a dictionary without its way back up (/Parent): resources never need it,
    /// and following it would pull in the source's whole page tree.
    fn dict(&mut self, dst: &mut lopdf::Document, d: &LoDict) -> LoDict {
        d.iter()
            .filter(|(k, _)| k.as_slice() != b"Parent")
            .map(|(k, v)| (k.clone(), self.object(dst, v)))
            .collect()
    }

    fn reference(&mut self, dst: &mut lopdf::Document, id: ObjectId) -> ObjectId {
        if let Some(&n) = self.map.get(&id) {
            return n;
        }
        let n = dst.new_object_id();
        self.map.insert(id, n);
        self.queue.push(id);
        n
    }

    /// Copy every object referenced so far (and what they reference).
    fn drain(&mut self, dst: &mut lopdf::Document) {
        let src = self.src;
        while let Some(id) = self.queue.pop() {
            let new = self.map[&id];
            let copy = match src.get_object(id) {
                Ok(o) => self.object(dst, o),
                Err(_) => Object::Null,
            };
            dst.objects.insert(new, copy);
        }
    }
}

/// Everything printpdf does not do: the pictures and included pages (drawn by an extra
/// content stream per page), the named destinations, bookmarks and contents links, and
/// the embedded files.
fn finish_document(
    lo: &mut lopdf::Document,
    media: Vec<Media>,
    extras: Extras,
    entries: &[TocEntry],
    attachments: &[Attachment],
    payloads: &mut Vec<Payload>,
) -> Result<(), RenderError> {
    let err = |what: &str| RenderError::Pdf(format!("finishing the PDF: {what}"));
    lo.version = "1.7".to_string();
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();

    // XObjects go into the one XObject dictionary printpdf shares between all pages.
    let mut xobjects: Vec<(String, ObjectId)> = Vec::new();
    for (slot, m) in media.into_iter().enumerate() {
        match m {
            Media::Image(img) => {
                let id = add_deferred_stream(lo, payloads, img.dict, img.data);
                xobjects.push((xobject_name(slot, 0), id));
            }
            Media::Pdf(pdf) => {
                let mut imp = Importer::new(&pdf.src);
                for (k, page) in pdf.pages.into_iter().enumerate() {
                    let resources = imp.object(lo, &page.resources);
                    let [x0, y0, x1, y1] = page.bbox;
                    let mut dict = LoDict::from_iter(vec![
                        ("Type", Object::from("XObject")),
                        ("Subtype", Object::from("Form")),
                        ("FormType", Object::Integer(1)),
                        ("BBox", reals(&[x0, y0, x1, y1])),
                        ("Resources", resources),
                    ]);
                    if let Some(g) = &page.group {
                        let g = imp.object(lo, g);
                        dict.set("Group", g);
                    }
                    let compressible = page.filter.is_none();
                    if let Some((f, p)) = &page.filter {
                        let f = imp.object(lo, f);
                        dict.set("Filter", f);
                        if let Some(p) = p {
                            let p = imp.object(lo, p);
                            dict.set("DecodeParms", p);
                        }
                    }
                    let stream =
                        lopdf::Stream::new(dict, page.content).with_compression(compressible);
                    let id = lo.add_object(stream);
                    xobjects.push((xobject_name(slot, k), id));
                }
                imp.drain(lo);
            }
            Media::None | Media::Broken => {}
        }
    }
    if !xobjects.is_empty() {
        let first = *page_ids.first().ok_or_else(|| err("no pages"))?;
        let resources = lo
            .get_dictionary(first)
            .and_then(|p| p.get(b"Resources"))
            .and_then(Object::as_reference)
            .map_err(|_| err("page resources"))?;
        let xdict = lo
            .get_dictionary(resources)
            .and_then(|r| r.get(b"XObject"))
            .and_then(Object::as_reference)
            .map_err(|_| err("XObject dictionary"))?;
        let xdict = lo
            .get_object_mut(xdict)
            .and_then(Object::as_dict_mut)
            .map_err(|_| err("XObject dictionary"))?;
        for (name, id) in xobjects {
            xdict.set(name, Object::Reference(id));
        }
    }

    // One more content stream per page that shows pictures or included pages.
    let mut by_page: BTreeMap<usize, Vec<&Placement>> = BTreeMap::new();
    for p in &extras.placements {
        by_page.entry(p.page).or_default().push(p);
    }
    for (page, list) in by_page {
        let mut ops = String::new();
        for p in list {
            let [cx, cy, cw, ch] = p.clip;
            let [a, b, c, d, e, f] = p.matrix;
            ops.push_str(&format!(
                "q {cx:.3} {cy:.3} {cw:.3} {ch:.3} re W n {a:.5} {b:.5} {c:.5} {d:.5} {e:.3} {f:.3} cm /{} Do Q\n\
                 q 0.6 G 0.5 w {cx:.3} {cy:.3} {cw:.3} {ch:.3} re S Q\n",
                xobject_name(p.slot, p.sub)
            ));
        }
        let stream_id = lo.add_object(lopdf::Stream::new(LoDict::new(), ops.into_bytes()));
        let page_id = *page_ids.get(page).ok_or_else(|| err("placement page"))?;
        let page_dict = lo
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| err("page dictionary"))?;
        let old = page_dict
            .get(b"Contents")
            .cloned()
            .map_err(|_| err("page contents"))?;
        let mut parts = match old {
            Object::Array(a) => a,
            other => vec![other],
        };
        parts.push(Object::Reference(stream_id));
        page_dict.set("Contents", Object::Array(parts));
    }

    let mut names = LoDict::new();

    // Named destinations, one per section, and the bookmarks that use them.
    if !extras.marks.is_empty() {
        let mut dests = Vec::new();
        for (k, m) in extras.marks.iter().enumerate() {
            let page_id = *page_ids.get(m.page).ok_or_else(|| err("section page"))?;
            dests.push(Object::String(dest_key(k), StringFormat::Literal));
            // As a dictionary with /D (equally valid, and what lopdf's reader expects).
            let dest = Object::Array(vec![
                Object::Reference(page_id),
                Object::from("XYZ"),
                Object::Real(0.0),
                Object::Real(mm_to_pt(PAGE_H - (m.y - 4.0).max(0.0))),
                Object::Null,
            ]);
            dests.push(Object::Dictionary(LoDict::from_iter(vec![("D", dest)])));
        }
        names.set(
            "Dests",
            LoDict::from_iter(vec![("Names", Object::Array(dests))]),
        );
        let outline = build_outline(lo, entries);
        let catalog = lo.catalog_mut().map_err(|_| err("catalog"))?;
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", Object::from("UseOutlines"));
    }

    // Contents lines link to their section.
    for link in &extras.links {
        let [x, top, w, h] = link.rect;
        let annot = LoDict::from_iter(vec![
            ("Type", Object::from("Annot")),
            ("Subtype", Object::from("Link")),
            (
                "Rect",
                reals(&[
                    mm_to_pt(x),
                    mm_to_pt(PAGE_H - top - h),
                    mm_to_pt(x + w),
                    mm_to_pt(PAGE_H - top),
                ]),
            ),
            (
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            ),
            (
                "Dest",
                Object::String(dest_key(link.entry), StringFormat::Literal),
            ),
        ]);
        let annot_id = lo.add_object(annot);
        let page_id = *page_ids.get(link.page).ok_or_else(|| err("link page"))?;
        let page_dict = lo
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| err("page dictionary"))?;
        match page_dict.get_mut(b"Annots") {
            Ok(Object::Array(a)) => a.push(Object::Reference(annot_id)),
            _ => page_dict.set("Annots", Object::Array(vec![Object::Reference(annot_id)])),
        }
    }

    // Embedded files.
    if !attachments.is_empty() {
        let mut tree = Vec::new();
        for (i, a) in attachments.iter().enumerate() {
            let spec = embed_file(lo, payloads, i, a);
            tree.push(Object::String(
                format!("{:05}", i + 1).into_bytes(),
                StringFormat::Literal,
            ));
            tree.push(Object::Reference(spec));
        }
        names.set(
            "EmbeddedFiles",
            LoDict::from_iter(vec![("Names", Object::Array(tree))]),
        );
        if extras.marks.is_empty() {
            let catalog = lo.catalog_mut().map_err(|_| err("catalog"))?;
            catalog.set("PageMode", Object::from("UseAttachments"));
        }
    }
    if !names.is_empty() {
        let names_id = lo.add_object(names);
        let catalog = lo.catalog_mut().map_err(|_| err("catalog"))?;
        catalog.set("Names", Object::Reference(names_id));
    }
    Ok(())
}

/// The outline (bookmarks): entries nest under the closest earlier entry of a lower
/// level; each opens its section's named destination. Returns the outline root.
fn build_outline(lo: &mut lopdf::Document, entries: &[TocEntry]) -> ObjectId {
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    // Parent of each entry (None = the root).
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (k, e) in entries.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if entries[top].level < e.level {
                break;
            }
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(k);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&k| parent[k] == p).collect()
    };
    // Descendant counts (all items open).
    let mut count = vec![0i64; entries.len()];
    for k in (0..entries.len()).rev() {
        if let Some(p) = parent[k] {
            count[p] += 1 + count[k];
        }
    }
    for (k, e) in entries.iter().enumerate() {
        let siblings = children(parent[k]);
        let pos = siblings.iter().position(|&s| s == k).unwrap_or(0);
        let mut d = LoDict::from_iter(vec![
            ("Title", text_string(&e.title)),
            (
                "Parent",
                Object::Reference(parent[k].map_or(root, |p| ids[p])),
            ),
            ("Dest", Object::String(dest_key(k), StringFormat::Literal)),
        ]);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(k));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            d.set("Count", Object::Integer(count[k]));
        }
        lo.objects.insert(ids[k], Object::Dictionary(d));
    }
    let top = children(None);
    let mut r = LoDict::from_iter(vec![
        ("Type", Object::from("Outlines")),
        ("Count", Object::Integer(entries.len() as i64)),
    ]);
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        r.set("First", Object::Reference(ids[first]));
        r.set("Last", Object::Reference(ids[last]));
    }
    lo.objects.insert(root, Object::Dictionary(r));
    root
}

/// File name safe to extract: no path separators or control characters.
fn attachment_file_name(name: &str, index: usize) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if matches!(c, '/' | '\\') { '_' } else { c })
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.is_empty() {
        format!("attachment-{}", index + 1)
    } else {
        clean
    }
}

/// Media types whose files are already compressed (stored as they are).
fn already_compressed(mime: &str) -> bool {
    let m = mime.to_ascii_lowercase();
    let top = m.split('/').next().unwrap_or("");
    (matches!(top, "audio" | "video")
        || (top == "image" && !matches!(m.as_str(), "image/bmp" | "image/svg+xml" | "image/tiff")))
        || matches!(
            m.as_str(),
            "application/pdf"
                | "application/zip"
                | "application/gzip"
                | "application/x-7z-compressed"
                | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
}

/// One embedded file: the file stream (with /Params /Size and /CheckSum) and its
/// file specification. Returns the file specification.
fn embed_file(
    lo: &mut lopdf::Document,
    payloads: &mut Vec<Payload>,
    index: usize,
    a: &Attachment,
) -> ObjectId {
    use md5::Digest as _;
    let checksum = md5::Md5::digest(&a.bytes[..]).to_vec();
    let mut dict = LoDict::from_iter(vec![
        ("Type", Object::from("EmbeddedFile")),
        (
            "Params",
            Object::Dictionary(LoDict::from_iter(vec![
                ("Size", Object::Integer(a.bytes.len() as i64)),
                (
                    "CheckSum",
                    Object::String(checksum, StringFormat::Hexadecimal),
                ),
            ])),
        ),
    ]);
    let mime = a.mime.trim();
    if !mime.is_empty() && mime.is_ascii() {
        dict.set("Subtype", Object::Name(mime.as_bytes().to_vec()));
    }
    let data = if already_compressed(mime) || a.bytes.len() < 64 {
        Payload::Shared(a.bytes.clone())
    } else {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let packed = enc
            .write_all(&a.bytes)
            .and_then(|()| enc.finish())
            .ok()
            .filter(|c| c.len() + c.len() / 10 < a.bytes.len());
        match packed {
            Some(c) => {
                dict.set("Filter", Object::from("FlateDecode"));
                Payload::Owned(c)
            }
            None => Payload::Shared(a.bytes.clone()),
        }
    };
    let file = add_deferred_stream(lo, payloads, dict, data);
    let name = attachment_file_name(&a.name, index);
    let mut spec = LoDict::from_iter(vec![
        ("Type", Object::from("Filespec")),
        ("F", text_string(&name)),
        ("UF", text_string(&name)),
        (
            "EF",
            Object::Dictionary(LoDict::from_iter(vec![
                ("F", Object::Reference(file)),
                ("UF", Object::Reference(file)),
            ])),
        ),
        ("AFRelationship", Object::from("Source")),
    ]);
    if !a.description.is_empty() {
        spec.set("Desc", text_string(&a.description));
    }
    lo.add_object(spec)
}

/// Put the deferred payloads in place of their markers in the skeleton file and move
/// every later object's cross-reference offset (and `startxref`) accordingly.
fn splice_payloads(skeleton: Vec<u8>, payloads: &[Payload]) -> Result<Vec<u8>, RenderError> {
    if payloads.is_empty() {
        return Ok(skeleton);
    }
    let err = |what: &str| RenderError::Pdf(format!("writing payloads: {what}"));
    // Where each marker sits: (position, payload index, marker length).
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    let mut seen = vec![false; payloads.len()];
    let mut i = 0;
    while let Some(off) = find(&skeleton[i..], PAYLOAD_MARK) {
        let pos = i + off;
        i = pos + 1;
        if !skeleton[..pos].ends_with(b"stream\n") {
            continue;
        }
        let digits = &skeleton[pos + PAYLOAD_MARK.len()..];
        let Some(index) = digits
            .get(..8)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| d.parse::<usize>().ok())
        else {
            continue;
        };
        let marker = payload_marker(index);
        if index < payloads.len()
            && skeleton[pos..].starts_with(&marker)
            && skeleton[pos + marker.len()..].starts_with(b"\nendstream")
        {
            if seen[index] {
                return Err(err("a marker appears twice"));
            }
            seen[index] = true;
            hits.push((pos, index, marker.len()));
        }
    }
    if seen.iter().any(|s| !s) {
        return Err(err("a marker is missing"));
    }
    hits.sort_unstable();
    let added: usize = hits
        .iter()
        .map(|&(_, k, _)| payloads[k].bytes().len())
        .sum();
    let removed: usize = hits.iter().map(|&(_, _, m)| m).sum();
    let mut out = Vec::with_capacity(skeleton.len() + added - removed + 16);
    let mut last = 0;
    for &(pos, k, mlen) in &hits {
        out.extend_from_slice(&skeleton[last..pos]);
        out.extend_from_slice(payloads[k].bytes());
        last = pos + mlen;
    }
    out.extend_from_slice(&skeleton[last..]);
    // How far a byte of the skeleton at `pos` moved.
    let shift = |pos: usize| -> usize {
        hits.iter()
            .take_while(|&&(p, _, _)| p < pos)
            .map(|&(_, k, m)| payloads[k].bytes().len() - m)
            .sum::<usize>()
    };
    // startxref points at the (single, classic) cross-reference table.
    let sx = rfind(&skeleton, b"startxref\n").ok_or_else(|| err("no startxref"))?;
    let old_xref: usize = std::str::from_utf8(&skeleton[sx + 10..])
        .ok()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| err("bad startxref"))?;
    if old_xref < last {
        return Err(err("cross-reference table before a payload"));
    }
    let new_xref = old_xref + shift(old_xref);
    if !out[new_xref..].starts_with(b"xref\n") {
        return Err(err("cross-reference table not found"));
    }
    let mut p = new_xref + 5;
    loop {
        let line_end = p + out[p..]
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| err("xref"))?;
        let line = std::str::from_utf8(&out[p..line_end]).map_err(|_| err("xref"))?;
        if line.starts_with("trailer") {
            break;
        }
        let mut parts = line.split_whitespace();
        let count: usize = parts
            .nth(1)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| err("xref subsection"))?;
        p = line_end + 1;
        for _ in 0..count {
            let entry = out.get(p..p + 20).ok_or_else(|| err("xref entry"))?;
            if entry[17] == b'n' {
                let off: usize = std::str::from_utf8(&entry[..10])
                    .ok()
                    .and_then(|t| t.parse().ok())
                    .ok_or_else(|| err("xref offset"))?;
                let moved = format!("{:010}", off + shift(off));
                if moved.len() != 10 {
                    return Err(err("file too large"));
                }
                out[p..p + 10].copy_from_slice(moved.as_bytes());
            }
            p += 20;
        }
    }
    let sx_new = sx + shift(sx);
    out.truncate(sx_new + 10);
    out.extend_from_slice(format!("{new_xref}\n%%EOF").as_bytes());
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let off = hay[i..=hay.len() - needle.len()]
            .iter()
            .position(|&b| b == first)?;
        i += off;
        if hay[i..].starts_with(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
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

    // -----------------------------------------------------------------------------
    // Contents, bookmarks, pictures, included PDFs, attachments
    // -----------------------------------------------------------------------------

    use image::{ImageEncoder as _, Rgb, RgbImage};

    /// A screenshot-like picture: light background, dark bars like lines of text,
    /// a coloured band every 500 rows (to see the slices).
    fn screenshot(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            let band = (y / 500) % 3;
            if y % 500 < 12 {
                [Rgb([200, 40, 40]), Rgb([40, 150, 40]), Rgb([40, 60, 200])][band as usize]
            } else if y % 40 < 14 && x > 16 && x + 16 + (y / 40 % 5) * 20 < w {
                Rgb([50, 50, 50])
            } else {
                Rgb([245, 245, 240])
            }
        })
    }

    fn png_bytes(img: &RgbImage) -> Arc<[u8]> {
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(
                img.as_raw(),
                img.width(),
                img.height(),
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        out.into()
    }

    /// A `w`×`h` JPEG, red in the top-left quarter, with an EXIF APP1 segment carrying
    /// `orientation` (built by hand: TIFF header, one IFD entry 0x0112 SHORT).
    fn jpeg_with_orientation(w: u32, h: u32, orientation: u16) -> Arc<[u8]> {
        let img = RgbImage::from_fn(w, h, |x, y| {
            if x < w / 2 && y < h / 2 {
                Rgb([220, 20, 20])
            } else {
                Rgb([30, 30, 200])
            }
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
            .encode_image(&img)
            .unwrap();
        let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
        tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
        tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
        tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
        tiff.extend_from_slice(&1u32.to_be_bytes()); // count
        tiff.extend_from_slice(&orientation.to_be_bytes());
        tiff.extend_from_slice(&[0, 0]); // value padding
        tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
        let mut app1 = b"Exif\x00\x00".to_vec();
        app1.extend_from_slice(&tiff);
        let mut out = jpeg[..2].to_vec(); // SOI
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        out.into()
    }

    fn small_pdf() -> Arc<[u8]> {
        let doc = Document {
            title: "借款合同（样本）".into(),
            header: Some("某消费金融有限公司 个人消费贷款合同".into()),
            lang: Lang::Zh,
            blocks: vec![
                Block::Heading("第一条 借款金额".into()),
                Block::Paragraph("借款人向贷款人借款人民币叁万元整（¥30,000.00）。".into()),
                Block::Heading("第二条 利率".into()),
                Block::Paragraph("年化利率 23.9%，按月等额本息还款，共 12 期。".into()),
            ],
        };
        render_with(&doc, &no_fallback()).unwrap().bytes.into()
    }

    const CORRUPT_CAPTION: &str = "证据 5 损坏的图片";
    const LONG_CAPTION: &str = "证据 4 聊天记录长截图";

    fn evidence_doc() -> Document {
        let mut corrupt = png_bytes(&screenshot(40, 40)).to_vec();
        corrupt.truncate(corrupt.len() / 2);
        Document {
            title: "证据材料 · 张三 诉 某消费金融有限公司".into(),
            header: Some(CASE.into()),
            lang: Lang::Zh,
            blocks: vec![
                Block::Paragraph("本材料由 CaseFile 生成，原件作为附件嵌入本文件。".into()),
                Block::Contents,
                Block::PageBreak,
                Block::Section {
                    title: "一、基本情况".into(),
                    level: 1,
                },
                Block::Paragraph(long_paragraph()),
                Block::Section {
                    title: "借款合同".into(),
                    level: 2,
                },
                Block::PdfPages {
                    bytes: small_pdf(),
                    caption: "证据 1 借款合同".into(),
                },
                Block::Section {
                    title: "二、截图与照片".into(),
                    level: 1,
                },
                Block::Image {
                    bytes: png_bytes(&screenshot(360, 240)),
                    caption: "证据 2 还款记录截图".into(),
                },
                Block::Image {
                    bytes: jpeg_with_orientation(240, 160, 6),
                    caption: "证据 3 催收短信照片（EXIF 方向 6）".into(),
                },
                Block::Section {
                    title: "长截图".into(),
                    level: 2,
                },
                Block::Image {
                    bytes: png_bytes(&screenshot(300, 6000)),
                    caption: LONG_CAPTION.into(),
                },
                Block::Heading("三、无法显示的文件".into()),
                Block::Image {
                    bytes: corrupt.into(),
                    caption: CORRUPT_CAPTION.into(),
                },
            ],
        }
    }

    fn evidence_attachments() -> Vec<Attachment> {
        vec![
            Attachment {
                name: "证据3 催收短信照片.jpg".into(),
                description: "证据 3 原件".into(),
                bytes: jpeg_with_orientation(240, 160, 6),
                mime: "image/jpeg".into(),
            },
            Attachment {
                name: "manifest.json".into(),
                description: "exhibit manifest".into(),
                bytes: "{\"exhibits\": [\"证据3\"]}\n"
                    .repeat(50)
                    .into_bytes()
                    .into(),
                mime: "application/json".into(),
            },
        ]
    }

    fn render_evidence() -> Rendered {
        let r = render_full(&evidence_doc(), &no_fallback(), &evidence_attachments()).unwrap();
        if let Some(path) = std::env::var_os("CASEFILE_EVIDENCE_SAMPLE") {
            std::fs::write(path, &r.bytes).unwrap();
        }
        r
    }

    /// Run a command-line tool on `pdf` (written to a temporary file, removed after).
    /// `None` (with a message) when the tool is not installed.
    fn with_pdf_file<T>(
        test: &str,
        tool: &str,
        pdf: &[u8],
        f: impl FnOnce(&std::path::Path) -> T,
    ) -> Option<T> {
        if std::process::Command::new(tool).arg("-v").output().is_err() {
            eprintln!("SKIPPED {test}: {tool} not installed (apt-get install poppler-utils qpdf)");
            return None;
        }
        let dir = std::env::temp_dir().join(format!(
            "casefile-{test}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("doc.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = f(&path);
        let _ = std::fs::remove_dir_all(&dir);
        Some(out)
    }

    fn run(cmd: &str, args: &[&std::ffi::OsStr]) -> (bool, String, String) {
        let out = std::process::Command::new(cmd).args(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Text of every page, through pdftotext (form XObjects included).
    fn poppler_pages(test: &str, pdf: &[u8]) -> Option<Vec<String>> {
        with_pdf_file(test, "pdftotext", pdf, |path| {
            let (ok, text, err) = run(
                "pdftotext",
                &[
                    "-layout".as_ref(),
                    "-enc".as_ref(),
                    "UTF-8".as_ref(),
                    path.as_os_str(),
                    "-".as_ref(),
                ],
            );
            assert!(ok, "{err}");
            let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
            if pages.last().is_some_and(|p| p.trim().is_empty()) {
                pages.pop();
            }
            pages
        })
    }

    #[test]
    fn evidence_pdf_passes_qpdf_check_and_page_count_matches_pdfinfo() {
        let r = render_evidence();
        let Some((ok, out, err)) = with_pdf_file("qpdf", "qpdf", &r.bytes, |p| {
            run("qpdf", &["--check".as_ref(), p.as_os_str()])
        }) else {
            return;
        };
        assert!(ok, "qpdf --check failed:\n{out}\n{err}");
        assert!(
            !out.contains("WARNING") && !err.contains("WARNING"),
            "{out}{err}"
        );
        let Some((ok, info, err)) = with_pdf_file("pdfinfo", "pdfinfo", &r.bytes, |p| {
            run("pdfinfo", &[p.as_os_str()])
        }) else {
            return;
        };
        assert!(ok, "{err}");
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .map(|n| n.trim().parse().unwrap())
            .unwrap();
        assert_eq!(pages, r.pages);
        let version = info.lines().find_map(|l| l.strip_prefix("PDF version:"));
        assert_eq!(version.map(str::trim), Some("1.7"), "{info}");
        eprintln!(
            "evidence PDF: {} pages, {} bytes, problems {:?}",
            r.pages,
            r.bytes.len(),
            r.image_problems
        );
    }

    #[test]
    fn contents_lines_carry_the_pages_their_sections_are_on() {
        let r = render_evidence();
        let Some(pages) = poppler_pages("contents", &r.bytes) else {
            return;
        };
        assert_eq!(pages.len(), r.pages);
        let titles = [
            "一、基本情况",
            "借款合同",
            "二、截图与照片",
            "长截图",
            "三、无法显示的文件",
        ];
        assert!(squash(&pages[0]).contains("目录"), "{}", pages[0]);
        for title in titles {
            // Where the section really is: the first page after the contents page
            // that shows the title at the start of a line.
            let actual = (1..pages.len())
                .find(|&i| pages[i].lines().any(|l| l.trim_start().starts_with(title)))
                .unwrap_or_else(|| panic!("{title} not found"))
                + 1;
            // Its contents line on page 1: the title, then the page number.
            let line = pages[0]
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with(title))
                .unwrap_or_else(|| panic!("no contents line for {title}:\n{}", pages[0]));
            let number: usize = line
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no page number in {line:?}"));
            assert_eq!(number, actual, "contents line {line:?}");
        }
        // The long screenshot is cut into slices, one per page, "（续）" after the first.
        let first = pages
            .iter()
            .filter(|p| squash(p).contains(&squash(LONG_CAPTION)) && !squash(p).contains("（续）"))
            .count();
        let more = pages
            .iter()
            .filter(|p| squash(p).contains(&squash(&format!("{LONG_CAPTION}（续）"))))
            .count();
        assert_eq!(first, 1);
        assert!(more >= 2, "only {more} continuation slices");
        // The included PDF page is there, with its own text and our caption.
        let pdf_page = pages
            .iter()
            .find(|p| squash(p).contains("证据1借款合同（第1/1页）"))
            .expect("included PDF caption");
        assert!(squash(pdf_page).contains("第一条借款金额"), "{pdf_page}");
        assert!(squash(pdf_page).contains("借款合同（样本）"), "{pdf_page}");
    }

    #[test]
    fn lopdf_sees_nested_bookmarks_and_links() {
        let r = render_evidence();
        let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
        let toc = pdf.get_toc().unwrap();
        assert!(toc.errors.is_empty(), "{:?}", toc.errors);
        let got: Vec<(usize, &str)> = toc
            .toc
            .iter()
            .map(|t| (t.level, t.title.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "一、基本情况"),
                (2, "借款合同"),
                (1, "二、截图与照片"),
                (2, "长截图"),
                (1, "三、无法显示的文件"),
            ]
        );
        assert!(toc.toc.windows(2).all(|w| w[0].page <= w[1].page));
        assert!(
            toc.toc[0].page >= 2,
            "first section after the contents page"
        );
        let catalog = pdf.catalog().unwrap();
        assert_eq!(
            catalog.get(b"PageMode").unwrap().as_name().unwrap(),
            b"UseOutlines"
        );
        // Five clickable contents lines on page 1, each naming a destination.
        let page1 = pdf.get_pages()[&1];
        let annots = pdf
            .get_dictionary(page1)
            .unwrap()
            .get(b"Annots")
            .unwrap()
            .as_array()
            .unwrap();
        let dests: Vec<Vec<u8>> = annots
            .iter()
            .map(|a| {
                let d = pdf.get_dictionary(a.as_reference().unwrap()).unwrap();
                assert_eq!(d.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
                d.get(b"Dest").unwrap().as_str().unwrap().to_vec()
            })
            .collect();
        assert_eq!(dests.len(), 5);
        assert_eq!(dests[0], b"sec-00001");
        assert_eq!(dests[4], b"sec-00005");
    }

    #[test]
    fn attachments_extract_byte_for_byte() {
        let r = render_evidence();
        let atts = evidence_attachments();
        let Some(result) = with_pdf_file("pdfdetach", "pdfdetach", &r.bytes, |p| {
            let (ok, list, err) = run("pdfdetach", &["-list".as_ref(), p.as_os_str()]);
            assert!(ok, "{err}");
            let dir = p.parent().unwrap().join("out");
            std::fs::create_dir_all(&dir).unwrap();
            let (ok, _, err) = run(
                "pdfdetach",
                &[
                    "-saveall".as_ref(),
                    "-o".as_ref(),
                    dir.as_os_str(),
                    p.as_os_str(),
                ],
            );
            assert!(ok, "{err}");
            let files: Vec<(String, Vec<u8>)> = atts
                .iter()
                .map(|a| {
                    (
                        a.name.clone(),
                        std::fs::read(dir.join(&a.name)).unwrap_or_default(),
                    )
                })
                .collect();
            (list, files)
        }) else {
            return;
        };
        let (list, files) = result;
        assert!(list.starts_with("2 embedded files"), "{list}");
        for (a, (name, bytes)) in atts.iter().zip(files) {
            assert!(list.contains(&a.name), "{name} not listed in {list}");
            assert!(bytes == a.bytes[..], "{name}: extracted bytes differ");
        }
        // The file specification carries size, MD5 and media type.
        let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
        let files: Vec<&lopdf::Stream> = pdf
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"EmbeddedFile"))
            .collect();
        assert_eq!(files.len(), 2);
        let jpeg = files
            .iter()
            .find(|s| s.dict.get(b"Subtype").unwrap().as_name().unwrap() == b"image/jpeg")
            .unwrap();
        let params = jpeg.dict.get(b"Params").unwrap().as_dict().unwrap();
        assert_eq!(
            params.get(b"Size").unwrap().as_i64().unwrap(),
            atts[0].bytes.len() as i64
        );
        use md5::Digest as _;
        assert_eq!(
            params.get(b"CheckSum").unwrap().as_str().unwrap(),
            &md5::Md5::digest(&atts[0].bytes[..])[..]
        );
    }

    fn image_xobjects(pdf: &lopdf::Document) -> Vec<(i64, i64, Vec<u8>, Vec<u8>)> {
        pdf.objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
            .map(|s| {
                (
                    s.dict.get(b"Width").unwrap().as_i64().unwrap(),
                    s.dict.get(b"Height").unwrap().as_i64().unwrap(),
                    s.dict.get(b"Filter").unwrap().as_name().unwrap().to_vec(),
                    s.content.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn pictures_are_embedded_upright_and_lossless_where_they_were() {
        let r = render_evidence();
        let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
        let images = image_xobjects(&pdf);
        assert_eq!(
            images.len(),
            3,
            "PNG, JPEG, long screenshot (corrupt one skipped)"
        );
        // The orientation-6 JPEG (240×160 as stored) is embedded turned: 160×240, and
        // its red quarter (top-left as stored) is now top-right.
        let (_, _, filter, data) = images
            .iter()
            .find(|i| (i.0, i.1) == (160, 240))
            .expect("turned JPEG");
        assert_eq!(filter, b"DCTDecode");
        assert!(!images.iter().any(|i| (i.0, i.1) == (240, 160)));
        let turned = image::load_from_memory(data).unwrap().to_rgb8();
        let top_right = turned.get_pixel(150, 10);
        let top_left = turned.get_pixel(10, 10);
        assert!(top_right[0] > 150 && top_right[2] < 100, "{top_right:?}");
        assert!(top_left[2] > 150 && top_left[0] < 100, "{top_left:?}");
        // PNG sources stay lossless.
        for dims in [(360, 240), (300, 6000)] {
            let i = images.iter().find(|i| (i.0, i.1) == dims).unwrap();
            assert_eq!(i.2, b"FlateDecode", "{dims:?}");
        }
    }

    #[test]
    fn upright_jpeg_keeps_its_original_bytes() {
        let jpeg = jpeg_with_orientation(200, 100, 1);
        let doc = Document {
            title: "照片".into(),
            header: None,
            lang: Lang::Zh,
            blocks: vec![Block::Image {
                bytes: jpeg.clone(),
                caption: "原图".into(),
            }],
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
        let images = image_xobjects(&pdf);
        assert_eq!(images.len(), 1);
        assert_eq!((images[0].0, images[0].1), (200, 100));
        assert!(images[0].3 == jpeg[..], "JPEG was re-encoded");
        assert!(r.bytes.windows(jpeg.len()).any(|w| w == &jpeg[..]));
    }

    #[test]
    fn corrupt_picture_becomes_a_note_and_a_problem() {
        let r = render_evidence();
        assert_eq!(r.image_problems.len(), 1, "{:?}", r.image_problems);
        assert!(
            r.image_problems[0].contains(CORRUPT_CAPTION),
            "{:?}",
            r.image_problems
        );
        let texts: Vec<String> = page_texts(&r.bytes).iter().map(|t| squash(t)).collect();
        let last = texts.last().unwrap();
        assert!(
            last.contains("无法显示此图片（格式不支持或文件已损坏），原件见附件"),
            "{last}"
        );
        assert!(last.contains(&squash(CORRUPT_CAPTION)));
        // Garbage of every kind: never a panic, always a note.
        for bytes in [
            Vec::new(),
            b"not an image".to_vec(),
            vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 0],
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            b"RIFF\0\0\0\0WEBPVP8 ".to_vec(),
        ] {
            let doc = Document {
                title: "坏图".into(),
                header: None,
                lang: Lang::En,
                blocks: vec![Block::Image {
                    bytes: bytes.into(),
                    caption: "x".into(),
                }],
            };
            let r = render_with(&doc, &no_fallback()).unwrap();
            assert_eq!(r.image_problems.len(), 1);
            assert!(squash(&page_texts(&r.bytes)[0]).contains("Thispicturecannotbeshown"));
        }
    }

    #[test]
    fn unreadable_pdfs_become_notes() {
        let mut cases: Vec<(&str, Vec<u8>)> = vec![
            ("garbage", b"%PDF-1.7\n garbage".to_vec()),
            ("truncated", small_pdf()[..200].to_vec()),
        ];
        // A password-protected PDF, if qpdf can make one.
        let encrypted = with_pdf_file("encrypt", "qpdf", &small_pdf(), |p| {
            let out = p.with_file_name("enc.pdf");
            let (ok, _, err) = run(
                "qpdf",
                &[
                    "--encrypt".as_ref(),
                    "user-pw".as_ref(),
                    "owner-pw".as_ref(),
                    "256".as_ref(),
                    "--".as_ref(),
                    p.as_os_str(),
                    out.as_os_str(),
                ],
            );
            assert!(ok, "{err}");
            std::fs::read(out).unwrap()
        });
        if let Some(e) = encrypted {
            cases.push(("encrypted", e));
        }
        for (what, bytes) in cases {
            let doc = Document {
                title: "合同".into(),
                header: None,
                lang: Lang::Zh,
                blocks: vec![Block::PdfPages {
                    bytes: bytes.into(),
                    caption: "证据 1 借款合同".into(),
                }],
            };
            let r = render_with(&doc, &no_fallback()).unwrap();
            assert_eq!(r.image_problems.len(), 1, "{what}");
            let text = squash(&page_texts(&r.bytes)[0]);
            assert!(text.contains("无法显示此PDF文件"), "{what}: {text}");
        }
    }

    #[test]
    fn owner_password_only_pdf_is_included() {
        let Some(bytes) = with_pdf_file("owner-only", "qpdf", &small_pdf(), |p| {
            let out = p.with_file_name("enc.pdf");
            let (ok, _, err) = run(
                "qpdf",
                &[
                    "--encrypt".as_ref(),
                    "".as_ref(),
                    "owner-pw".as_ref(),
                    "256".as_ref(),
                    "--".as_ref(),
                    p.as_os_str(),
                    out.as_os_str(),
                ],
            );
            assert!(ok, "{err}");
            std::fs::read(out).unwrap()
        }) else {
            return;
        };
        let doc = Document {
            title: "合同".into(),
            header: None,
            lang: Lang::Zh,
            blocks: vec![Block::PdfPages {
                bytes: bytes.into(),
                caption: "证据 1".into(),
            }],
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        assert!(r.image_problems.is_empty(), "{:?}", r.image_problems);
        let Some(pages) = poppler_pages("owner-only", &r.bytes) else {
            return;
        };
        assert!(
            pages.iter().any(|p| squash(p).contains("第一条借款金额")),
            "{pages:?}"
        );
    }

    #[test]
    fn evidence_pdf_is_deterministic() {
        let a = render_evidence();
        let b = render_evidence();
        assert_eq!(a.pages, b.pages);
        assert!(a.bytes == b.bytes, "same input, different bytes");
    }

    #[test]
    fn long_contents_accounts_for_its_own_length() {
        // 70 sections: the contents needs two pages, which pushes every section on.
        let mut blocks = vec![Block::Contents, Block::PageBreak];
        for i in 1..=70 {
            blocks.push(Block::Section {
                title: format!("第{i}节 催收记录"),
                level: if i % 5 == 1 { 1 } else { 2 },
            });
            blocks.push(Block::Paragraph("记录内容。".repeat(60)));
        }
        let doc = Document {
            title: "长目录".into(),
            header: None,
            lang: Lang::Zh,
            blocks,
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
        let toc = pdf.get_toc().unwrap();
        assert_eq!(toc.toc.len(), 70);
        assert_eq!(toc.toc[0].page, 3, "contents takes two pages");
        let texts: Vec<String> = page_texts(&r.bytes).iter().map(|t| squash(t)).collect();
        for t in &toc.toc {
            assert!(
                texts[t.page - 1].contains(&squash(&t.title)),
                "{} not on page {}",
                t.title,
                t.page
            );
            let line = format!("{}{}", squash(&t.title), t.page);
            assert!(
                texts[0].contains(&line) || texts[1].contains(&line),
                "contents lack {line}"
            );
        }
    }

    #[test]
    fn orientation_and_jpeg_headers_are_read() {
        for o in 1..=8 {
            assert_eq!(exif_orientation(&jpeg_with_orientation(16, 8, o)), o as u8);
        }
        assert_eq!(exif_orientation(b"nothing"), 1);
        let j = jpeg_with_orientation(64, 32, 1);
        assert_eq!(
            jpeg_info(&j),
            Some(JpegInfo {
                width: 64,
                height: 32,
                components: 3
            })
        );
        assert_eq!(
            jpeg_info(&j[..j.len() - 10]),
            None,
            "truncated: decode instead"
        );
        assert_eq!(jpeg_info(b"\xFF\xD8\xFF"), None);
    }

    #[test]
    fn png_predictors_round_trip() {
        // What flate_image writes, decoded the way a PDF reader does, is the picture.
        let img = screenshot(37, 90);
        let (dict, data) = flate_image(image::DynamicImage::ImageRgb8(img.clone())).unwrap();
        let stream = lopdf::Stream::new(dict, data);
        let raw = stream.decompressed_content().unwrap();
        assert!(raw == *img.as_raw(), "pixels changed");
        // Alpha is composited onto white.
        let rgba = image::RgbaImage::from_fn(3, 1, |x, _| {
            image::Rgba([0, 0, 0, [0, 128, 255][x as usize]])
        });
        let (_, data) = flate_image(image::DynamicImage::ImageRgba8(rgba)).unwrap();
        let mut dict = LoDict::new();
        dict.set("Filter", Object::from("FlateDecode"));
        dict.set(
            "DecodeParms",
            LoDict::from_iter(vec![
                ("Predictor", Object::Integer(15)),
                ("Colors", Object::Integer(3)),
                ("Columns", Object::Integer(3)),
            ]),
        );
        let raw = lopdf::Stream::new(dict, data)
            .decompressed_content()
            .unwrap();
        assert_eq!(raw, vec![255, 255, 255, 127, 127, 127, 0, 0, 0]);
        // A row where Average would win is still decoded right by lopdf.
        let ramp = RgbImage::from_fn(64, 2, |x, y| Rgb([(x * 4) as u8, (y * 100) as u8, 7]));
        let (dict, data) = flate_image(image::DynamicImage::ImageRgb8(ramp.clone())).unwrap();
        let raw = lopdf::Stream::new(dict, data)
            .decompressed_content()
            .unwrap();
        assert!(raw == *ramp.as_raw());
    }

    /// Peak memory for 100 pictures of about 1.5 MB each (plus each attached):
    /// `cargo test --release -- --ignored hundred_pictures --nocapture`.
    #[test]
    #[ignore]
    fn hundred_pictures_stay_under_a_gigabyte() {
        fn peak_kib() -> u64 {
            std::fs::read_to_string("/proc/self/status")
                .unwrap()
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .unwrap_or(0)
        }
        // Noisy photos (JPEG) and screenshots (PNG), half each, about 1.5 MB apiece.
        let mut blocks = vec![Block::Contents];
        let mut atts = Vec::new();
        let mut seed = 0x1234_5678u32;
        let mut noise = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        let mut input_bytes = 0;
        for i in 0..100 {
            let (bytes, mime): (Arc<[u8]>, &str) = if i % 2 == 0 {
                let img = RgbImage::from_fn(1400, 1050, |x, y| {
                    let n = (noise() & 0x3F) as u8;
                    Rgb([(x / 6) as u8 ^ n, (y / 5) as u8 ^ n, n.wrapping_mul(3)])
                });
                let mut out = Vec::new();
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
                    .encode_image(&img)
                    .unwrap();
                (out.into(), "image/jpeg")
            } else {
                let mut img = screenshot(1080, 2400);
                for p in img.pixels_mut().step_by(3) {
                    p[0] ^= (noise() & 0x1F) as u8;
                }
                (png_bytes(&img), "image/png")
            };
            input_bytes += bytes.len();
            if i % 10 == 0 {
                blocks.push(Block::Section {
                    title: format!("第{}组", i / 10 + 1),
                    level: 1,
                });
            }
            blocks.push(Block::Image {
                bytes: bytes.clone(),
                caption: format!("证据 {}", i + 1),
            });
            atts.push(Attachment {
                name: format!("证据{}.{}", i + 1, if i % 2 == 0 { "jpg" } else { "png" }),
                description: String::new(),
                bytes,
                mime: mime.into(),
            });
        }
        let doc = Document {
            title: "一百张图".into(),
            header: Some(CASE.into()),
            lang: Lang::Zh,
            blocks,
        };
        let before = peak_kib();
        let t = std::time::Instant::now();
        let r = render_full(&doc, &no_fallback(), &atts).unwrap();
        let after = peak_kib();
        eprintln!(
            "inputs {} MB; PDF {} MB, {} pages in {:.1?}; peak RSS {} MiB before render, {} MiB after",
            input_bytes / 1_000_000,
            r.bytes.len() / 1_000_000,
            r.pages,
            t.elapsed(),
            before / 1024,
            after / 1024
        );
        assert!(r.image_problems.is_empty(), "{:?}", r.image_problems);
        assert!(after < 1024 * 1024, "peak RSS {after} KiB");
    }

    #[test]
    fn included_pages_keep_rotation_and_annotation_appearances() {
        // The sample contract turned by /Rotate 90, with a red "seal" stamp annotation
        // (appearance stream only) in the top-right corner of the unturned page.
        let mut src = lopdf::Document::load_mem(&small_pdf()).unwrap();
        let page = src.get_pages()[&1];
        let ap = src.add_object(lopdf::Stream::new(
            LoDict::from_iter(vec![
                ("Type", Object::from("XObject")),
                ("Subtype", Object::from("Form")),
                ("BBox", reals(&[0.0, 0.0, 10.0, 10.0])),
            ]),
            b"1 0 0 rg 0 0 10 10 re f".to_vec(),
        ));
        let annot = src.add_object(LoDict::from_iter(vec![
            ("Type", Object::from("Annot")),
            ("Subtype", Object::from("Stamp")),
            ("Rect", reals(&[400.0, 650.0, 520.0, 740.0])),
            (
                "AP",
                Object::Dictionary(LoDict::from_iter(vec![("N", Object::Reference(ap))])),
            ),
        ]));
        let dict = src.get_object_mut(page).unwrap().as_dict_mut().unwrap();
        dict.set("Rotate", Object::Integer(90));
        dict.set("Annots", Object::Array(vec![Object::Reference(annot)]));
        let mut bytes = Vec::new();
        src.save_to(&mut bytes).unwrap();
        let doc = Document {
            title: String::new(),
            header: None,
            lang: Lang::Zh,
            blocks: vec![Block::PdfPages {
                bytes: bytes.into(),
                caption: "横向合同".into(),
            }],
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        if let Some(path) = std::env::var_os("CASEFILE_ROTATED_SAMPLE") {
            std::fs::write(path, &r.bytes).unwrap();
        }
        assert!(r.image_problems.is_empty(), "{:?}", r.image_problems);
        let Some(png) = with_pdf_file("rotated", "pdftoppm", &r.bytes, |p| {
            let out = p.with_file_name("page");
            let (ok, _, err) = run(
                "pdftoppm",
                &[
                    "-r".as_ref(),
                    "30".as_ref(),
                    "-png".as_ref(),
                    "-singlefile".as_ref(),
                    p.as_os_str(),
                    out.as_os_str(),
                ],
            );
            assert!(ok, "{err}");
            std::fs::read(p.with_file_name("page.png")).unwrap()
        }) else {
            return;
        };
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        let red: Vec<(u32, u32)> = img
            .enumerate_pixels()
            .filter(|(_, _, p)| p[0] > 200 && p[1] < 80 && p[2] < 80)
            .map(|(x, y, _)| (x, y))
            .collect();
        assert!(red.len() > 20, "the stamp's appearance was not drawn");
        let cx =
            red.iter().map(|p| p.0 as f32).sum::<f32>() / red.len() as f32 / img.width() as f32;
        let cy =
            red.iter().map(|p| p.1 as f32).sum::<f32>() / red.len() as f32 / img.height() as f32;
        // Turned clockwise, the top-right corner lands bottom-right of a landscape page
        // drawn full width at the top: x ≈ 72–80 %, y ≈ 36–44 % of the sheet.
        assert!((0.70..0.82).contains(&cx), "stamp at x {cx}");
        assert!((0.33..0.47).contains(&cy), "stamp at y {cy}");
    }
}
