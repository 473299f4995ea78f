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
//! (attachments), and the final PDF (metadata, embedded font subset, fixed document id,
//! PDF/A-3b where nothing included keeps it from being one: see [`pdfa`]).
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
    /// A picture (JPEG, PNG, WebP, GIF, BMP; HEIC and AVIF through libheif with the `heif`
    /// feature) decoded from memory, EXIF orientation (or HEIF's own rotation) applied, scaled to the text width (small pictures at most 2× their natural
    /// 96 dpi size). A very tall screenshot is cut into page-high slices at full width,
    /// one per page, cut in blank rows between lines of text (or overlapping a little where
    /// there are none), each caption marked "（第 k/n 段）" / "(part k of n)". Data that
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
    /// A bar chart drawn with vector primitives (bars with a dark part, limit lines, axes,
    /// labels and a legend), kept on one page: see [`BarChart`].
    Chart(BarChart),
    /// Start a new page unless this many millimetres are left on this one (ignored on an
    /// empty page): keeps a heading, a short paragraph and the start of a table together.
    /// Not finite or negative counts as 0.
    NeedRoom(f32),
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
    /// Why the file does not declare PDF/A-3b (see [`pdfa`]); empty when it does.
    pub pdfa_blockers: Vec<String>,
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
    /// Creation/modification date in the PDF metadata (information dictionary and XMP).
    /// `None` writes no date at all (never the Unix epoch), so output stays deterministic;
    /// exporters pass the time of the export.
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
    #[error("writing the PDF failed: {0}")]
    Write(std::io::Error),
}

/// What [`render_full_to`] wrote, and what it noticed on the way (see [`Rendered`]).
#[derive(Debug, Clone)]
pub struct Written {
    pub sha256: [u8; 32],
    pub size: u64,
    pub pages: usize,
    pub missing_chars: Vec<char>,
    pub fallback_chars: Vec<char>,
    pub image_problems: Vec<String>,
    /// Why the file does not declare PDF/A-3b (see [`pdfa`]); empty when it does.
    pub pdfa_blockers: Vec<String>,
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
    let mut bytes = Vec::new();
    let w = render_full_to(doc, opts, attachments, &mut bytes)?;
    Ok(Rendered {
        bytes,
        pages: w.pages,
        missing_chars: w.missing_chars,
        fallback_chars: w.fallback_chars,
        image_problems: w.image_problems,
        pdfa_blockers: w.pdfa_blockers,
    })
}

/// [`render_full`] streamed to `out`: the pictures and attachments go to `out` from the
/// caller's buffers (never copied into one big file in memory), so memory holds the inputs
/// and the document's skeleton, not the finished file.
///
/// # Errors
/// [`RenderError`]; [`RenderError::Write`] when `out` fails (what reached it is incomplete).
pub fn render_full_to(
    doc: &Document,
    opts: &RenderOptions,
    attachments: &[Attachment],
    out: &mut dyn std::io::Write,
) -> Result<Written, RenderError> {
    validate(doc)?;
    let main = font::builtin();
    let needs_fallback = !font::covers(&all_text(doc).replace([PAGE_REF_OPEN, PAGE_REF_CLOSE], ""));
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

    // Pictures are prepared (decoded, or checked and passed through) and PDFs parsed before
    // layout, several at a time (rayon, one per core): layout only needs their sizes, and
    // only their encoded form is kept.
    let (media, image_problems): (Vec<Media>, Vec<Option<String>>) = {
        use rayon::prelude::*;
        doc.blocks
            .par_iter()
            .enumerate()
            .map(|(i, b)| prepare_media(i, b))
            .unzip()
    };
    let image_problems: Vec<String> = image_problems.into_iter().flatten().collect();

    // With a table of contents, the first pass learns on which page each section lands
    // and the second prints those numbers; the contents' own height does not depend on
    // the numbers, so the second confirms the first. The settled layout is then kept.
    let entries = toc_entries(doc);
    let attached = !attachments.is_empty();
    let ranges = settle(&fonts, doc, &media, &entries, attached)?;
    let numbers: Option<Vec<usize>> = ranges.as_ref().map(|r| r.iter().map(|(a, _)| *a).collect());
    let mut lay = lay_out(
        &fonts,
        doc,
        &media,
        &entries,
        ranges.as_deref(),
        numbers.as_deref(),
        attached,
    );

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
    let page_count = pages.len();

    let mut lo = to_lopdf(doc, opts, &fonts, pages)?;
    let mut payloads = Vec::new();
    let files = finish_document(&mut lo, media, extras, &entries, attachments, &mut payloads)?;
    let conformance = pdfa::apply(
        &mut lo,
        &pdfa::Meta {
            title: &doc.title,
            creator: CREATOR,
            producer: PRODUCER,
            created: opts.created,
        },
        &files,
    )?;
    lo.compress();
    let mut skeleton = Vec::new();
    lo.save_to(&mut skeleton)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    drop(lo);
    let spliced = write_spliced(&skeleton, &payloads, out)?;

    Ok(Written {
        sha256: spliced.sha256,
        size: spliced.size,
        pages: page_count,
        missing_chars,
        fallback_chars,
        image_problems,
        pdfa_blockers: conformance.blockers,
    })
}

/// The first and last page of each contents entry, once laying out with them gives them
/// back (see [`render_full`]); `None` when the document has neither contents nor page
/// references.
fn settle(
    fonts: &Fonts,
    doc: &Document,
    media: &[Media],
    entries: &[TocEntry],
    attached: bool,
) -> Result<Option<Vec<(usize, usize)>>, RenderError> {
    if !doc.blocks.iter().any(|b| matches!(b, Block::Contents))
        && !all_text(doc).contains(PAGE_REF_OPEN)
    {
        return Ok(None);
    }
    let mut ranges: Option<Vec<(usize, usize)>> = None;
    for _ in 0..6 {
        let starts: Option<Vec<usize>> =
            ranges.as_ref().map(|r| r.iter().map(|(a, _)| *a).collect());
        let got = lay_out(
            fonts,
            doc,
            media,
            entries,
            ranges.as_deref(),
            starts.as_deref(),
            attached,
        )
        .section_ranges();
        if ranges.as_ref() == Some(&got) {
            return Ok(ranges);
        }
        ranges = Some(got);
    }
    Err(RenderError::Pdf(
        "the table of contents did not settle".to_string(),
    ))
}

/// The PDF's creator tool and producer, in its metadata.
const CREATOR: &str = "CaseFile 债务案卷";
const PRODUCER: &str = "CaseFile 债务案卷 (printpdf, lopdf)";

/// The laid-out pages as a printpdf document (metadata, fixed font ids), saved to lopdf with
/// a placeholder /ID.
fn to_lopdf(
    doc: &Document,
    opts: &RenderOptions,
    fonts: &Fonts,
    pages: Vec<Vec<Op>>,
) -> Result<lopdf::Document, RenderError> {
    let mut pdf = PdfDocument::new(&doc.title);
    let info = &mut pdf.metadata.info;
    info.creator = CREATOR.to_string();
    info.producer = PRODUCER.to_string();
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
        .insert(main_font_id(), printpdf::PdfFont::new(fonts.main.clone()));
    if let Some(f) = fonts.fallback {
        pdf.resources
            .fonts
            .map
            .insert(fallback_font_id(), printpdf::PdfFont::new(f.clone()));
    }
    pdf.pages = pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops))
        .collect();

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
    Ok(lo)
}

/// Opens a page reference in text (see [`page_range_ref`]); Unicode private use.
const PAGE_REF_OPEN: char = '\u{E000}';
const PAGE_REF_CLOSE: char = '\u{E001}';

/// Text that prints as the pages of the section whose [`Block::Heading`] or
/// [`Block::Section`] is `doc.blocks[block]`: "12–15", or "12" when it fits one page. Usable
/// in any text of the document (an evidence index's 页码 column); the layout settles over a
/// few passes, as the contents' numbers do.
#[must_use]
pub fn page_range_ref(block: usize) -> String {
    format!("{PAGE_REF_OPEN}{block}{PAGE_REF_CLOSE}")
}

/// Lay the document out once (see [`render_full`] for why it may run twice).
fn lay_out<'a>(
    fonts: &'a Fonts<'a>,
    doc: &Document,
    media: &'a [Media],
    toc: &'a [TocEntry],
    ranges: Option<&'a [(usize, usize)]>,
    numbers: Option<&'a [usize]>,
    attached: bool,
) -> Layout<'a> {
    let mut lay = Layout::new(fonts);
    lay.attached = attached;
    lay.lang = doc.lang;
    lay.media = media;
    lay.toc = toc;
    lay.toc_numbers = numbers;
    lay.toc_ranges = ranges;
    let mut k = 0;
    lay.entry_of_block = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading(_) | Block::Section { .. } => {
                k += 1;
                Some(k - 1)
            }
            _ => None,
        })
        .collect();
    lay.title(&doc.title);
    if let Some(h) = &doc.header {
        lay.resolve(h); // records the header's missing/fallback characters
    }
    for (i, block) in doc.blocks.iter().enumerate() {
        lay.block(i, block, doc.blocks.get(i + 1));
    }
    lay
}

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

mod chart;
mod finish;
mod import;
mod layout;
pub mod pdfa;
mod picture;
mod place;
mod table;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_pdfa;
mod text;

pub use chart::{BarChart, ChartBar, ChartLine};
use finish::*;
use import::*;
use layout::*;
use picture::*;
use place::*;
use text::*;
