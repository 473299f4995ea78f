//! What the evidence PDF says: the cover, the 证据目录, the case summary ([`super::summary`]),
//! stages and deadlines, the contact log and its violations, the evidence index, each exhibit
//! (a recording with its duration, the contacts it supports and the user's 录音文字整理稿), and
//! how to verify — from a [`CaseReport`]. Every time is shown one way, the user's local time
//! with its offset ([`crate::domain::display_time`]); dates as `YYYY-MM-DD`.
//!
//! Every label comes from the domain's named enums or from [`Word`]; the language is the
//! caller's choice, so an English export holds no Chinese beyond what the user typed (and the
//! exhibits themselves). The PDF engine ([`super::pdf`]) decides how it looks.

use std::collections::HashMap;
use std::sync::Arc;

use super::catalogue::{self, Placed, exhibit_title};
use super::citations;
use super::pack::{self, Manifest};
use super::pdf::{self, Attachment, Block, Document, Lang, RenderError, Rendered};
use super::report::{CaseReport, EvidenceSource, exhibit_label};
use super::words::Word;
use crate::domain::debt::PartyRole;
use crate::domain::display_time;
use crate::domain::{Evidence, Money};

/// Recordings and other files above this size are hashed as a stream, not loaded.
pub const LOAD_LIMIT: u64 = 256 << 20;

/// Most characters of a text exhibit printed (about 35 pages of Chinese); the rest is in the
/// attached original, and the page says so.
pub const MAX_PRINTED_CHARS: usize = 60_000;

/// Files of no named type up to this size are read to see whether they are text (a GBK or
/// UTF-16 chat export, which the intake names `application/octet-stream`).
const TEXT_SNIFF_LIMIT: u64 = 16 << 20;

/// Media types printed as text: plain text, CSV, XML (an SMS backup) and JSON.
fn text_type(media_type: &str) -> bool {
    media_type.starts_with("text/")
        || matches!(
            media_type,
            "application/xml" | "application/json" | "application/csv"
        )
}

/// Whether an exhibit is printed as text: a text type, or bytes of no named type that read
/// as text in some encoding.
fn is_text(e: &Evidence, bytes: &[u8]) -> bool {
    text_type(&e.media_type)
        || (e.media_type == "application/octet-stream"
            && crate::capture::text::looks_like_text(bytes))
}

/// The plaintext of each exhibit, in exhibit order (empty for one only checked as a stream).
pub struct Exhibits {
    pub bytes: Vec<Arc<[u8]>>,
    /// Items too large to embed, said in plain words.
    pub warnings: Vec<String>,
}

/// Reads every exhibit through `source`, loading only what the PDF can show or embed.
///
/// With `checked_by_pack` (the PDF that rides in a pack, without attachments), an exhibit the
/// PDF neither shows nor measures (anything but an image, a PDF, or a recording it can load for
/// its duration) is not read at all: the pack decrypts and re-hashes every exhibit as it
/// writes it, so reading it here too would only double the work.
///
/// # Errors
/// The source's error: a damaged item, or a cancelled job.
pub fn read_exhibits<S: EvidenceSource>(
    report: &CaseReport,
    source: &S,
    with_attachments: bool,
    checked_by_pack: bool,
) -> Result<Exhibits, S::Error> {
    let total = report.evidence.len() as u64;
    let mut out = Exhibits {
        bytes: Vec::with_capacity(report.evidence.len()),
        warnings: Vec::new(),
    };
    for (i, e) in report.evidence.iter().enumerate() {
        source.progress(i as u64, total)?;
        // Long recordings are not loaded whole: they cannot be drawn, a multi-GiB attachment
        // has no place in a PDF (the pack carries it), and memory must stay bounded. They are
        // still decrypted and re-hashed as a stream.
        let shown = e.media_type.starts_with("image/")
            || e.media_type == "application/pdf"
            || text_type(&e.media_type)
            || (e.media_type == "application/octet-stream" && e.size <= TEXT_SNIFF_LIMIT);
        let measured = e.media_type.starts_with("audio/") || e.media_type.starts_with("video/");
        let bytes = if shown || (e.size <= LOAD_LIMIT && (measured || !checked_by_pack)) {
            source.read(e)?
        } else if checked_by_pack {
            Arc::from(Vec::new())
        } else {
            source.check_streaming(e)?;
            if with_attachments {
                out.warnings.push(format!(
                    "{} ({}) is larger than {} MiB and is not embedded; give the evidence pack with the PDF",
                    e.id,
                    e.name,
                    LOAD_LIMIT >> 20
                ));
            }
            Arc::from(Vec::new())
        };
        out.bytes.push(bytes);
    }
    Ok(out)
}

/// Renders the evidence PDF; with `with_attachments`, the originals (those loaded) and the
/// manifest ride inside it as embedded files.
///
/// # Errors
/// [`RenderError`] when the document cannot be rendered.
pub fn render(
    report: &CaseReport,
    exhibits: &Exhibits,
    with_attachments: bool,
    lang: Lang,
) -> Result<Rendered, RenderError> {
    let doc = document(report, exhibits, with_attachments, lang);
    let attachments = if with_attachments {
        attachments(report, exhibits)
    } else {
        Vec::new()
    };
    let mut rendered = pdf::render_full(&doc, &options(report), &attachments)?;
    rendered
        .image_problems
        .extend(exhibits.warnings.iter().cloned());
    Ok(rendered)
}

/// [`render`] streamed to `out` (see [`pdf::render_full_to`]): the finished file is never
/// held in memory, only the exhibits and the document's skeleton.
///
/// # Errors
/// [`RenderError`] when the document cannot be rendered or `out` fails.
pub fn render_to(
    report: &CaseReport,
    exhibits: &Exhibits,
    with_attachments: bool,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> Result<pdf::Written, RenderError> {
    let doc = document(report, exhibits, with_attachments, lang);
    let attachments = if with_attachments {
        attachments(report, exhibits)
    } else {
        Vec::new()
    };
    let mut written = pdf::render_full_to(&doc, &options(report), &attachments, out)?;
    written
        .image_problems
        .extend(exhibits.warnings.iter().cloned());
    Ok(written)
}

/// The PDF's metadata dates are the export's own time, never the Unix epoch.
fn options(report: &CaseReport) -> pdf::RenderOptions {
    pdf::RenderOptions {
        created: Some(report.now.utc),
        ..pdf::RenderOptions::default()
    }
}

fn attachments(report: &CaseReport, exhibits: &Exhibits) -> Vec<Attachment> {
    let mut list: Vec<Attachment> = report
        .evidence
        .iter()
        .zip(&exhibits.bytes)
        .enumerate()
        .filter(|(_, (e, bytes))| bytes.len() as u64 == e.size)
        .map(|(i, (e, bytes))| Attachment {
            name: pack::exhibit_path(i + 1, &e.name)
                .trim_start_matches("exhibits/")
                .to_string(),
            description: format!("{} {} SHA-256 {}", exhibit_label(i + 1), e.name, e.sha256),
            bytes: bytes.clone(),
            mime: e.media_type.clone(),
        })
        .collect();
    let manifest: Manifest = pack::manifest(report, None);
    list.push(Attachment {
        name: pack::MANIFEST_PATH.into(),
        description: "证据清单与哈希链摘录 / exhibit manifest and chain excerpt".into(),
        bytes: serde_json::to_vec_pretty(&manifest)
            .expect("manifest serialises")
            .into(),
        mime: "application/json".into(),
    });
    list
}

/// The whole document, section by section.
pub fn document(
    report: &CaseReport,
    exhibits: &Exhibits,
    with_attachments: bool,
    lang: Lang,
) -> Document {
    let numbers = exhibit_numbers(&report.evidence);
    let order = catalogue::order(&report.evidence);
    let mut blocks = cover(report, lang);
    let catalogue = catalogue::push(&mut blocks, report, &order, lang);
    super::summary::push(&mut blocks, report, lang);
    blocks.push(Block::PageBreak);
    section(&mut blocks, Word::StagesAndDeadlines, 1, lang);
    stages_and_deadlines(&mut blocks, report, lang);
    contact_log(&mut blocks, report, &numbers, lang);
    violations(&mut blocks, report, &numbers, lang);
    evidence_index(&mut blocks, &report.evidence, lang);
    let sections = exhibit_pages(
        &mut blocks,
        report,
        exhibits,
        &order,
        with_attachments,
        lang,
    );
    catalogue::fill_pages(&mut blocks, catalogue, &sections);
    how_to_verify(&mut blocks, with_attachments, lang);
    timestamps(&mut blocks, report, lang);
    Document {
        title: Word::DocumentTitle.fill(lang, &[&report.case.title]),
        header: Some(report.case.title.clone()),
        blocks,
        lang,
    }
}

fn dash(s: Option<String>) -> String {
    s.unwrap_or_else(|| "—".into())
}

fn human_size(size: u64) -> String {
    match size {
        s if s >= 1 << 20 => format!("{:.1} MB", s as f64 / f64::from(1u32 << 20)),
        s if s >= 1 << 10 => format!("{:.1} KB", s as f64 / 1024.0),
        s => format!("{s} B"),
    }
}

fn ymd(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn exhibit_numbers(evidence: &[Evidence]) -> HashMap<&str, String> {
    evidence
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), exhibit_label(i + 1)))
        .collect()
}

/// Evidence ids as exhibit numbers ("E001 E003"); an id not in the case stays as it is.
fn exhibit_refs(ids: &[String], numbers: &HashMap<&str, String>) -> String {
    ids.iter()
        .map(|id| {
            numbers
                .get(id.as_str())
                .cloned()
                .unwrap_or_else(|| id.clone())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn section(blocks: &mut Vec<Block>, title: Word, level: u8, lang: Lang) {
    blocks.push(Block::Section {
        title: title.get(lang),
        level,
    });
}

fn table(headers: &[Word], rows: Vec<Vec<String>>, widths: Vec<f32>, lang: Lang) -> Block {
    Block::Table {
        headers: headers.iter().map(|w| w.get(lang)).collect(),
        rows,
        widths,
    }
}

/// The court (and judge) parties as "<court name> <案号>", each once; `None` when there are none.
fn courts(report: &CaseReport, lang: Lang) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    for p in &report.parties {
        let line = match (p.role, &p.case_number) {
            // A Chinese 案号 opens with its own bracket: no space before it.
            (PartyRole::Court, Some(number)) if number.starts_with('（') => {
                format!("{}{number}", p.name)
            }
            (PartyRole::Court, Some(number)) => format!("{} {number}", p.name),
            (PartyRole::Court, None) => p.name.clone(),
            // A judge's case number is the court's; the judge's name is not a court's.
            (PartyRole::Judge, Some(number)) => number.clone(),
            _ => continue,
        };
        if !lines.iter().any(|l| l.contains(&line)) {
            lines.push(line);
        }
    }
    Some(lines.join(Word::Semicolon.label(lang))).filter(|s| !s.is_empty())
}

fn cover(report: &CaseReport, lang: Lang) -> Vec<Block> {
    let case = &report.case;
    let d = &case.details;
    let not_recorded = || Word::NotRecorded.get(lang);
    let stage = case
        .stage
        .map(|(s, on)| Word::Since.fill(lang, &[s.label(lang), &ymd(on)]));
    let head = report
        .chain_head
        .as_ref()
        .map(|(seq, hash)| format!("#{seq} {hash}"));
    // The lender's type beside its name: the cover keeps to one page with the contents (the
    // loan date and the real rate are in the case summary).
    let lender = match d.lender_type {
        Some(t) => Word::WithKind.fill(lang, &[&case.lender, t.label(lang)]),
        None => case.lender.clone(),
    };
    let fields = [
        (Word::Case, case.title.clone()),
        (Word::Lender, lender),
        (Word::Platform, dash(case.platform.clone())),
        (Word::ContractNumber, dash(d.contract_number.clone())),
        (
            Word::ContractPrincipal,
            case.principal.map_or_else(not_recorded, |p| p.yuan(lang)),
        ),
        (
            Word::AmountReceived,
            d.received_fen
                .map_or_else(not_recorded, |f| Money::from_fen(f).yuan(lang)),
        ),
        (
            Word::AmountClaimed,
            Some(d.claimed.total_fen())
                .filter(|t| *t > 0)
                .map_or_else(not_recorded, |f| Money::from_fen(f).yuan(lang)),
        ),
        (
            Word::OverdueSince,
            case.overdue_since.map_or_else(not_recorded, ymd),
        ),
        (Word::CurrentStage, dash(stage)),
        (
            Word::Court,
            courts(report, lang).unwrap_or_else(not_recorded),
        ),
        (Word::ExhibitCount, report.evidence.len().to_string()),
        (Word::ExportedAt, report.now.display()),
        (Word::ChainHead, dash(head)),
    ];
    vec![
        Block::Fields(fields.into_iter().map(|(w, v)| (w.get(lang), v)).collect()),
        Block::Paragraph(Word::Custody.get(lang)),
        Block::Contents,
    ]
}

fn stages_and_deadlines(blocks: &mut Vec<Block>, report: &CaseReport, lang: Lang) {
    section(blocks, Word::StageHistory, 2, lang);
    if report.stages.is_empty() {
        blocks.push(Block::Paragraph(Word::NoStages.get(lang)));
    } else {
        let rows = report
            .stages
            .iter()
            .map(|s| {
                vec![
                    ymd(s.on),
                    s.stage.label(lang).into(),
                    s.note.clone().unwrap_or_default(),
                ]
            })
            .collect();
        blocks.push(table(
            &[Word::Date, Word::Stage, Word::Note],
            rows,
            vec![1.2, 1.0, 3.0],
            lang,
        ));
    }
    section(blocks, Word::LegalDeadlines, 2, lang);
    if report.deadlines.is_empty() {
        blocks.push(Block::Paragraph(Word::NoDeadlines.get(lang)));
        return;
    }
    let rows = report
        .deadlines
        .iter()
        .map(|dl| {
            vec![
                dl.kind.label(lang).into(),
                ymd(dl.due),
                format!(
                    "{} {}",
                    dl.counts_from.kind.label(lang),
                    ymd(dl.counts_from.on)
                ),
                citations::deadline_basis(dl, lang),
                if dl.passed {
                    Word::Passed.get(lang)
                } else {
                    Word::DaysLeft.fill(lang, &[&dl.days_left.to_string()])
                },
            ]
        })
        .collect();
    let headers = [
        Word::Deadline,
        Word::Due,
        Word::CountsFrom,
        Word::Basis,
        Word::Status,
    ];
    blocks.push(table(&headers, rows, vec![1.3, 1.1, 1.6, 2.0, 0.9], lang));
}

fn contact_log(
    blocks: &mut Vec<Block>,
    report: &CaseReport,
    numbers: &HashMap<&str, String>,
    lang: Lang,
) {
    blocks.push(Block::PageBreak);
    section(blocks, Word::ContactLog, 1, lang);
    if report.contacts.is_empty() {
        blocks.push(Block::Paragraph(Word::NoContacts.get(lang)));
        return;
    }
    let refs = |ids: &[String]| exhibit_refs(ids, numbers);
    let frequency = super::contact_log::frequency(report);
    blocks.extend(super::contact_log::summary(&frequency, lang));
    if let Some(chart) = super::contact_log::chart(&frequency, lang) {
        blocks.push(Block::Chart(chart));
    }
    blocks.push(super::contact_log::table(&report.contacts, &refs, lang));
}

fn violations(
    blocks: &mut Vec<Block>,
    report: &CaseReport,
    numbers: &HashMap<&str, String>,
    lang: Lang,
) {
    let v = &report.violations;
    section(blocks, Word::Violations, 2, lang);
    if v.total == 0 {
        blocks.push(Block::Paragraph(Word::NoViolations.get(lang)));
        return;
    }
    let refs = |ids: &[String]| exhibit_refs(ids, numbers);
    blocks.extend(super::contact_log::violations(report, &refs, lang));
    let channels: Vec<String> = v
        .channels
        .iter()
        .map(|c| format!("{} {}", c.number, c.line.label(lang)))
        .collect();
    blocks.push(Block::Paragraph(format!(
        "{}{}",
        Word::WhereToComplain.label(lang),
        channels.join(Word::Semicolon.label(lang))
    )));
}

fn evidence_index(blocks: &mut Vec<Block>, evidence: &[Evidence], lang: Lang) {
    blocks.push(Block::PageBreak);
    section(blocks, Word::EvidenceIndex, 1, lang);
    if evidence.is_empty() {
        blocks.push(Block::Paragraph(Word::NoEvidence.get(lang)));
        return;
    }
    let rows = evidence
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let taken = camera_time(e, lang);
            let file = e
                .source_modified_at
                .map(|t| Word::FileTime.fill(lang, &[&t.display()]));
            vec![
                exhibit_label(i + 1),
                e.kind.label(lang).into(),
                e.name.clone(),
                human_size(e.size),
                e.sha256.clone(),
                e.added_at.display(),
                taken.or(file).unwrap_or_default(),
                e.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let headers = [
        Word::Number,
        Word::Kind,
        Word::OriginalName,
        Word::Size,
        Word::Sha256,
        Word::Added,
        Word::FileOrCaptureTime,
        Word::Remark,
    ];
    let widths = vec![0.6, 0.7, 1.4, 0.7, 2.2, 1.1, 1.1, 1.0];
    blocks.push(table(&headers, rows, widths, lang));
}

/// Each exhibit's page(s), in the catalogue's order; returns the block index of each
/// exhibit's section, by exhibit (for the catalogue's 页码).
fn exhibit_pages(
    blocks: &mut Vec<Block>,
    report: &CaseReport,
    exhibits: &Exhibits,
    order: &[Placed],
    with_attachments: bool,
    lang: Lang,
) -> Vec<Option<usize>> {
    if !exhibits.bytes.is_empty() {
        blocks.push(Block::PageBreak);
        section(blocks, Word::ExhibitsTitle, 1, lang);
    }
    let items: Vec<(usize, Option<String>)> = order
        .iter()
        .map(|p| (p.exhibit, Some(p.number())))
        .collect();
    exhibit_pages_of(
        blocks,
        report,
        exhibits,
        &items,
        false,
        with_attachments,
        lang,
    )
}

/// The exhibits `items` (an index into the case's evidence, and the item's number in the
/// 证据目录 when the document has one), each on pages of its own, in that order; with
/// `break_first` the first starts a new page too (a caller's document without the exhibits
/// chapter). `with_attachments`: the originals ride in the PDF (notes say so). Returns the
/// block index of each exhibit's section, by exhibit (for the 证据目录's 页码).
pub(crate) fn exhibit_pages_of(
    blocks: &mut Vec<Block>,
    report: &CaseReport,
    exhibits: &Exhibits,
    items: &[(usize, Option<String>)],
    break_first: bool,
    with_attachments: bool,
    lang: Lang,
) -> Vec<Option<usize>> {
    let evidence = &report.evidence;
    let mut sections = vec![None; evidence.len()];
    for (n, (i, number)) in items.iter().enumerate() {
        let i = *i;
        let (Some(e), Some(bytes)) = (evidence.get(i), exhibits.bytes.get(i)) else {
            continue;
        };
        if n > 0 || break_first {
            blocks.push(Block::PageBreak);
        }
        let caption = match number {
            Some(number) => Word::ExhibitHeading.fill(
                lang,
                &[&exhibit_label(i + 1), number, &exhibit_title(e, lang)],
            ),
            None => format!("{} {}", exhibit_label(i + 1), exhibit_title(e, lang)),
        };
        sections[i] = Some(blocks.len());
        blocks.push(Block::Section {
            title: caption.clone(),
            level: 2,
        });
        blocks.push(Block::Fields(vec![
            // The heading carries the short title; the original name is kept beside it.
            (Word::OriginalName.get(lang), e.name.clone()),
            (
                Word::Kind.get(lang),
                Word::WithKind.fill(lang, &[e.kind.label(lang), &e.media_type]),
            ),
            (
                Word::Size.get(lang),
                format!("{} ({} bytes)", human_size(e.size), e.size),
            ),
            ("SHA-256".into(), e.sha256.clone()),
            (Word::Added.get(lang), e.added_at.display()),
        ]));
        let camera = [e.camera_make.as_deref(), e.camera_model.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let mut photo = Vec::new();
        if !camera.is_empty() {
            photo.push((Word::Camera.get(lang), camera));
        }
        if let Some(t) = camera_time(e, lang) {
            photo.push((Word::FileOrCaptureTime.get(lang), t));
        }
        if !photo.is_empty() {
            blocks.push(Block::Fields(photo));
        }
        if let Some(line) = stamp_line(report, e, lang) {
            blocks.push(Block::Fields(vec![(
                Word::TrustedTimestamp.get(lang),
                line,
            )]));
        }
        if let Some(note) = &e.note {
            blocks.push(Block::Paragraph(Word::RemarkLine.fill(lang, &[note])));
        }
        exhibit_body(blocks, report, e, bytes, caption, with_attachments, lang);
    }
    sections
}

/// The exhibit itself: a picture, the pages of a PDF, text, or a note for what cannot be
/// printed.
fn exhibit_body(
    blocks: &mut Vec<Block>,
    report: &CaseReport,
    e: &Evidence,
    bytes: &Arc<[u8]>,
    caption: String,
    with_attachments: bool,
    lang: Lang,
) {
    // Text whose bytes were loaded (a file too large to load is only named, below).
    if bytes.len() as u64 == e.size && is_text(e, bytes) {
        text_exhibit(blocks, e, bytes, with_attachments, lang);
        transcript(blocks, e, false, lang);
        return;
    }
    match e.media_type.split('/').next().unwrap_or_default() {
        "image" => blocks.push(Block::Image {
            bytes: bytes.clone(),
            caption,
        }),
        "audio" | "video" => recording(blocks, report, e, bytes, lang),
        _ if e.media_type == "application/pdf" => blocks.push(Block::PdfPages {
            bytes: bytes.clone(),
            caption,
        }),
        _ => blocks.push(Block::Paragraph(
            Word::NotShown.fill(lang, &[&e.media_type]),
        )),
    }
    if !e.is_recording() {
        transcript(blocks, e, false, lang);
    }
}

/// A recording's page: its measured duration (or 未知), the contacts of the log that cite it,
/// and the 录音文字整理稿 the user wrote, said to be theirs (or （未整理）).
fn recording(
    blocks: &mut Vec<Block>,
    report: &CaseReport,
    e: &Evidence,
    bytes: &Arc<[u8]>,
    lang: Lang,
) {
    blocks.push(Block::Fields(vec![
        (Word::Duration.get(lang), duration_text(e, bytes, lang)),
        (Word::Format.get(lang), e.media_type.clone()),
    ]));
    blocks.push(Block::Paragraph(Word::RecordingOriginal.get(lang)));
    let linked: Vec<Vec<String>> = report
        .contacts
        .iter()
        .map(|c| &c.contact)
        .filter(|k| k.evidence_ids.contains(&e.id))
        .map(|k| {
            let who = [
                k.person.as_deref(),
                k.organisation.as_deref(),
                k.number.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            let mut summary = k.summary.clone().unwrap_or_default();
            for q in &k.quotes {
                summary.push_str(&Word::Quote.fill(lang, &[q]));
            }
            vec![
                display_time(&k.at),
                k.channel.label(lang).to_string(),
                k.direction.label(lang).to_string(),
                who,
                summary,
            ]
        })
        .collect();
    if linked.is_empty() {
        blocks.push(Block::Fields(vec![(
            Word::SupportsContacts.get(lang),
            Word::NoSupportedContacts.get(lang),
        )]));
    } else {
        blocks.push(Block::Paragraph(Word::SupportsContacts.get(lang)));
        blocks.push(table(
            &[
                Word::Time,
                Word::Channel,
                Word::Direction,
                Word::Who,
                Word::Summary,
            ],
            linked,
            vec![1.4, 0.8, 1.0, 1.2, 2.3],
            lang,
        ));
    }
    transcript(blocks, e, true, lang);
}

/// The item's 录音文字整理稿 under a heading that says the user typed it; for a recording
/// without one, （未整理）; for anything else without one, nothing.
fn transcript(blocks: &mut Vec<Block>, e: &Evidence, always: bool, lang: Lang) {
    match e
        .transcript
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => {
            blocks.push(Block::Fields(vec![(
                Word::TranscriptHeading.get(lang),
                Word::TranscriptByUser.get(lang),
            )]));
            blocks.push(Block::Paragraph(text.replace("\r\n", "\n")));
        }
        None if always => blocks.push(Block::Fields(vec![(
            Word::TranscriptHeading.get(lang),
            Word::TranscriptNone.get(lang),
        )])),
        None => {}
    }
}

/// A text exhibit (chat export, SMS backup, notes) printed as it reads, in the encoding
/// detected by the same decoder the capture import uses; at most [`MAX_PRINTED_CHARS`]
/// characters, saying so when the file holds more. Layout carries long text over as many
/// pages as it takes.
///
/// An SMS backup (XML) is printed as its text, not as a table of messages: this page shows
/// what the file itself says, every attribute included, so a reader can hold it against
/// the attached original; when it came in through the capture import, the messages read
/// from it are in the contact log, each with this exhibit's number.
fn text_exhibit(
    blocks: &mut Vec<Block>,
    e: &Evidence,
    bytes: &[u8],
    with_attachments: bool,
    lang: Lang,
) {
    let head = crate::capture::text::decode_head(bytes, MAX_PRINTED_CHARS);
    blocks.push(Block::Fields(vec![(
        Word::TextEncoding.get(lang),
        Word::EncodingDetected.fill(lang, &[head.encoding]),
    )]));
    if !head.complete {
        let cut = if with_attachments {
            Word::TextCutAttached
        } else {
            Word::TextCutInPack
        };
        blocks.push(Block::Paragraph(
            cut.fill(lang, &[&MAX_PRINTED_CHARS.to_string(), &human_size(e.size)]),
        ));
    }
    let text = head.text.replace("\r\n", "\n");
    blocks.push(Block::Paragraph(if text.trim().is_empty() {
        Word::EmptyText.get(lang)
    } else {
        text
    }));
}

/// The EXIF time of a photo, labelled as what it is: 拍摄 only for `DateTimeOriginal`.
fn camera_time(e: &Evidence, lang: Lang) -> Option<String> {
    use crate::domain::media::ExifTimeKind;
    let t = e.exif_taken_at.as_ref()?.replace('T', " ");
    Some(match e.exif_time_kind {
        Some(ExifTimeKind::Original) => Word::Taken.fill(lang, &[&t]),
        // Items from before the kind was kept: the reader then preferred DateTimeOriginal but
        // did not say which it found, so claim no more than "the camera recorded".
        Some(ExifTimeKind::Recorded) | None => Word::TimeRecorded.fill(lang, &[&t]),
    })
}

/// A recording's duration as measured at intake (`H:MM:SS`), marked when it is an estimate;
/// for items from before durations were kept, measured now from the loaded bytes; 未能读取
/// when unknown — never a number that was not measured.
fn duration_text(e: &Evidence, bytes: &Arc<[u8]>, lang: Lang) -> String {
    let measured = match e.duration_ms {
        Some(millis) => Some(crate::domain::media::Playback {
            millis,
            estimated: e.duration_estimated,
        }),
        None if bytes.len() as u64 == e.size && !bytes.is_empty() => {
            crate::domain::media::duration_of_bytes(&e.media_type, bytes.clone())
        }
        None => None,
    };
    match measured {
        Some(p) => {
            let s = p.rounded_seconds();
            let hms = format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
            if p.estimated {
                Word::EstimatedDuration.fill(lang, &[&hms])
            } else {
                hms
            }
        }
        None => Word::DurationUnreadable.get(lang),
    }
}

/// "<service>，<genTime>（入库后 N 分钟）" for a stamped exhibit; "not stamped" when other
/// exhibits of the case are; nothing when the case has no stamps at all.
pub fn stamp_line(report: &CaseReport, e: &Evidence, lang: Lang) -> Option<String> {
    let Some(stamp) = report.stamps.get(&e.id) else {
        return (!report.stamps.is_empty()).then(|| Word::NotStamped.get(lang));
    };
    let offset = e.added_at.local().timezone();
    let shown = display_time(&stamp.gen_time.with_timezone(&offset));
    let minutes = (stamp.gen_time - e.added_at.utc).num_minutes();
    Some(if minutes < 0 {
        Word::StampedBeforeAdded.fill(lang, &[&stamp.service(), &shown])
    } else {
        Word::StampedAfter.fill(lang, &[&stamp.service(), &shown, &minutes.to_string()])
    })
}

/// The page that says what a trusted timestamp proves and how to check it (only when some
/// exhibit of the case is stamped).
fn timestamps(blocks: &mut Vec<Block>, report: &CaseReport, lang: Lang) {
    if report.stamps.is_empty() {
        return;
    }
    blocks.push(Block::PageBreak);
    section(blocks, Word::TimestampsTitle, 1, lang);
    blocks.push(Block::Paragraph(Word::TimestampsExplained.get(lang)));
    let rows = report
        .stamp_batches
        .iter()
        .map(|b| {
            vec![
                b.id.clone(),
                crate::export::report::service_name(&b.tsa_url),
                gen_time_shown(&b.gen_time, report),
                b.root.clone(),
            ]
        })
        .collect();
    blocks.push(table(
        &[Word::Batch, Word::Service, Word::GenTime, Word::Root],
        rows,
        vec![1.2, 1.2, 1.4, 2.6],
        lang,
    ));
    blocks.push(Block::Paragraph(Word::TimestampsHowToCheck.get(lang)));
}

/// A batch's genTime (RFC 3339) in the export's local offset, as every time is shown; as
/// stored when it does not parse.
fn gen_time_shown(gen_time: &str, report: &CaseReport) -> String {
    let offset = report.now.local().timezone();
    chrono::DateTime::parse_from_rfc3339(gen_time).map_or_else(
        |_| gen_time.to_string(),
        |t| display_time(&t.with_timezone(&offset)),
    )
}

fn how_to_verify(blocks: &mut Vec<Block>, with_attachments: bool, lang: Lang) {
    blocks.push(Block::PageBreak);
    section(blocks, Word::HowToVerify, 1, lang);
    let how = if with_attachments {
        Word::VerifyAttached
    } else {
        Word::VerifyInPack
    };
    blocks.push(Block::Paragraph(how.get(lang)));
    let rows = [
        (Word::WindowsCmd, Word::WindowsCmdLine),
        (Word::WindowsPs, Word::WindowsPsLine),
        (Word::MacOs, Word::MacOsLine),
        (Word::Linux, Word::LinuxLine),
    ]
    .into_iter()
    .map(|(system, line)| vec![system.get(lang), line.get(lang)])
    .collect();
    blocks.push(table(
        &[Word::System, Word::Command],
        rows,
        vec![1.5, 3.0],
        lang,
    ));
    blocks.push(Block::Paragraph(Word::SumsAndChain.get(lang)));
}
