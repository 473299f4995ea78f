//! The evidence PDF's 证据目录 (民事证据规定 2019 第19条): the exhibits grouped by category
//! (证据一、证据二 …, items 1-1, 1-2 …), each with a short title, how it was obtained, what it
//! is offered to prove and the pages it takes in the PDF, then a line for the submitter to sign
//! and date.
//!
//! Everything said comes from what is recorded: the title is the first line of the user's note
//! or the kind and a time; the source is what the file is and what its EXIF and the contact log
//! say; the purpose is the user's, or a suggestion from [`crate::domain::purpose::suggest`]
//! marked 建议. The page numbers are page references the layout settles
//! ([`pdf::page_range_ref`]).

use super::pdf::{self, Block, Lang};
use super::report::{CaseReport, CheckedContact, exhibit_label};
use super::words::Word;
use crate::domain::contact::FlagCode;
use crate::domain::{Evidence, EvidenceKind};

/// Characters of a title taken from a note; longer first lines are cut with "…".
const TITLE_CHARS: usize = 30;
/// Linked contacts named in an item's source; more are counted, not listed.
const LINKED_SHOWN: usize = 2;

/// The categories, in the order the catalogue lists them.
const GROUPS: [Word; 6] = [
    Word::GroupContracts,
    Word::GroupRepayments,
    Word::GroupRecordings,
    Word::GroupMessages,
    Word::GroupPhotos,
    Word::GroupOther,
];

fn group_of(kind: EvidenceKind) -> usize {
    match kind {
        EvidenceKind::Contract => 0,
        EvidenceKind::Repayment => 1,
        EvidenceKind::Recording => 2,
        EvidenceKind::Screenshot | EvidenceKind::Sms | EvidenceKind::Chat => 3,
        EvidenceKind::Photo => 4,
        EvidenceKind::Notice | EvidenceKind::Id | EvidenceKind::Income | EvidenceKind::Other => 5,
    }
}

/// One exhibit's place in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Index in the report's evidence (E-number − 1).
    pub exhibit: usize,
    /// Which category it falls in (index into the catalogue's groups).
    group: usize,
    /// 1-based number of its category among those the case has (证据一 = 1).
    pub group_no: usize,
    /// 1-based position within its category.
    pub item_no: usize,
}

impl Placed {
    /// "3-1".
    pub fn number(&self) -> String {
        format!("{}-{}", self.group_no, self.item_no)
    }
}

/// The exhibits in catalogue order: by category, then by E-number; only the categories the
/// case has are numbered.
pub fn order(evidence: &[Evidence]) -> Vec<Placed> {
    let mut out = Vec::with_capacity(evidence.len());
    let mut group_no = 0;
    for group in 0..GROUPS.len() {
        let members: Vec<usize> = (0..evidence.len())
            .filter(|&i| group_of(evidence[i].kind) == group)
            .collect();
        if members.is_empty() {
            continue;
        }
        group_no += 1;
        for (k, exhibit) in members.into_iter().enumerate() {
            out.push(Placed {
                exhibit,
                group,
                group_no,
                item_no: k + 1,
            });
        }
    }
    out
}

/// 一, 二, … 十, then digits (there are six categories).
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 11] = [
        "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    DIGITS
        .get(n)
        .filter(|d| !d.is_empty())
        .map_or_else(|| n.to_string(), |d| (*d).to_string())
}

fn group_label(group_no: usize, lang: Lang) -> String {
    let n = match lang {
        Lang::Zh => chinese_number(group_no),
        Lang::En => group_no.to_string(),
    };
    Word::GroupLabel.fill(lang, &[&n])
}

/// A short title: the first non-empty line of the user's note (cut at [`TITLE_CHARS`]), else the
/// kind and the best time known (camera, file, arrival) — never the file name.
pub fn exhibit_title(e: &Evidence, lang: Lang) -> String {
    let first = e
        .note
        .as_deref()
        .and_then(|n| n.lines().map(str::trim).find(|l| !l.is_empty()));
    if let Some(line) = first {
        let mut title: String = line.chars().take(TITLE_CHARS).collect();
        if line.chars().count() > TITLE_CHARS {
            title.push('…');
        }
        return title;
    }
    // Times as every time of the document reads (local, with the offset); the camera's own
    // clock has no zone, so its time is shown without one rather than with a guessed one.
    let time = e
        .exif_taken_at
        .as_deref()
        .map(|t| t.replace('T', " ").chars().take(19).collect::<String>())
        .or_else(|| e.source_modified_at.map(|t| t.display()))
        .unwrap_or_else(|| e.added_at.display());
    format!("{} {time}", e.kind.label(lang))
}

/// The contacts of the log that name `e` among their evidence.
fn linked<'r>(report: &'r CaseReport, e: &Evidence) -> Vec<&'r CheckedContact> {
    report
        .contacts
        .iter()
        .filter(|c| c.contact.evidence_ids.contains(&e.id))
        .collect()
}

/// How the item came to be, from what is recorded: what the file is, the camera its EXIF
/// names, the contacts of the log it is linked to.
pub fn origin(e: &Evidence, linked: &[&CheckedContact], lang: Lang) -> String {
    let top = e.media_type.split('/').next().unwrap_or_default();
    let camera = [e.camera_make.as_deref(), e.camera_model.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = match top {
        "audio" | "video" => Word::OriginRecording.fill(lang, &[&e.media_type]),
        "image" if !camera.is_empty() => Word::OriginCamera.fill(lang, &[&camera]),
        "image"
            if matches!(
                e.kind,
                EvidenceKind::Screenshot | EvidenceKind::Sms | EvidenceKind::Chat
            ) =>
        {
            Word::OriginScreenshot.fill(lang, &[&e.media_type])
        }
        "image" => Word::OriginPicture.fill(lang, &[&e.media_type]),
        _ if e.media_type == "application/pdf" => Word::OriginPdf.get(lang),
        _ => Word::OriginFile.fill(lang, &[&e.media_type]),
    };
    for c in linked.iter().take(LINKED_SHOWN) {
        let k = &c.contact;
        let who = [
            k.number.as_deref(),
            k.organisation.as_deref(),
            k.person.as_deref(),
        ]
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_default();
        let what = [
            crate::domain::display_time(&k.at),
            k.channel.label(lang).to_string(),
            k.direction.label(lang).to_string(),
            who.to_string(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
        out.push_str(Word::Semicolon.label(lang));
        out.push_str(&Word::OriginLinked.fill(lang, &[&what]));
    }
    if linked.len() > LINKED_SHOWN {
        out.push_str(&format!(" (+{})", linked.len() - LINKED_SHOWN));
    }
    out
}

/// The user's 证明目的, else the suggestion (marked 建议) from the kind and the flags of the
/// linked contacts.
pub fn purpose(e: &Evidence, linked: &[&CheckedContact], lang: Lang) -> String {
    if let Some(p) = e
        .purpose
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        return p.to_string();
    }
    let flags: Vec<FlagCode> = linked
        .iter()
        .flat_map(|c| c.flags.iter().map(|f| f.code))
        .collect();
    Word::Suggested.fill(
        lang,
        &[&crate::domain::purpose::suggest(e.kind, &flags, lang)],
    )
}

/// Where the catalogue's table is and which exhibit each of its rows shows, for
/// [`fill_pages`].
pub struct Filled {
    table: Option<usize>,
    rows: Vec<(usize, usize)>,
}

/// Column of 页码.
const PAGES_COLUMN: usize = 4;

/// Appends the catalogue: its section, a note, the table (页码 filled later by
/// [`fill_pages`]) and the signature block.
pub fn push(blocks: &mut Vec<Block>, report: &CaseReport, order: &[Placed], lang: Lang) -> Filled {
    blocks.push(Block::PageBreak);
    blocks.push(Block::Section {
        title: Word::Catalogue.get(lang),
        level: 1,
    });
    let mut filled = Filled {
        table: None,
        rows: Vec::new(),
    };
    if order.is_empty() {
        blocks.push(Block::Paragraph(Word::NoEvidence.get(lang)));
        return filled;
    }
    blocks.push(Block::Paragraph(Word::CatalogueNote.get(lang)));
    let mut rows = Vec::new();
    let mut last_group = None;
    for p in order {
        let e = &report.evidence[p.exhibit];
        if last_group != Some(p.group) {
            last_group = Some(p.group);
            rows.push(vec![
                group_label(p.group_no, lang),
                GROUPS[p.group].get(lang),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        let links = linked(report, e);
        filled.rows.push((rows.len(), p.exhibit));
        rows.push(vec![
            format!("{}\n{}", p.number(), exhibit_label(p.exhibit + 1)),
            exhibit_title(e, lang),
            origin(e, &links, lang),
            purpose(e, &links, lang),
            "—".to_string(),
        ]);
    }
    filled.table = Some(blocks.len());
    blocks.push(Block::Table {
        headers: [
            Word::SerialNo,
            Word::EvidenceName,
            Word::EvidenceOrigin,
            Word::Purpose,
            Word::Pages,
        ]
        .iter()
        .map(|w| w.get(lang))
        .collect(),
        rows,
        widths: vec![0.7, 1.6, 2.0, 2.4, 0.7],
    });
    blocks.push(Block::Spacer(6.0));
    blocks.push(Block::Signature {
        lines: vec![Word::Submitter.get(lang), Word::SignedOn.get(lang)],
    });
    filled
}

/// Puts in each catalogue row the pages of its exhibit's section (`sections[exhibit]`, the
/// block index of that section); an exhibit without pages keeps "—".
pub fn fill_pages(blocks: &mut [Block], filled: Filled, sections: &[Option<usize>]) {
    let Some(Block::Table { rows, .. }) = filled.table.and_then(|t| blocks.get_mut(t)) else {
        return;
    };
    for (row, exhibit) in filled.rows {
        let cell = rows
            .get_mut(row)
            .and_then(|cells| cells.get_mut(PAGES_COLUMN));
        if let (Some(Some(at)), Some(cell)) = (sections.get(exhibit), cell) {
            *cell = pdf::page_range_ref(*at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Instant;
    use chrono::TimeZone;

    fn item(n: usize, kind: EvidenceKind, media_type: &str) -> Evidence {
        Evidence {
            id: format!("e-{n}"),
            case_id: "c-1".into(),
            name: format!("IMG_{n}.bin"),
            name_raw_hex: None,
            size: 1,
            sha256: "00".repeat(32),
            media_type: media_type.into(),
            kind,
            note: None,
            purpose: None,
            transcript: None,
            source_modified_at: None,
            exif_taken_at: None,
            exif_time_kind: None,
            camera_make: None,
            camera_model: None,
            duration_ms: None,
            duration_estimated: false,
            added_at: Instant {
                utc: chrono::Utc.with_ymd_and_hms(2026, 11, 3, 6, 20, 0).unwrap(),
                offset_minutes: 480,
            },
            chain_seq: 1,
        }
    }

    #[test]
    fn exhibits_are_grouped_by_kind_and_numbered_within_the_groups_the_case_has() {
        let evidence = [
            item(1, EvidenceKind::Screenshot, "image/png"),
            item(2, EvidenceKind::Contract, "application/pdf"),
            item(3, EvidenceKind::Recording, "audio/mp4"),
            item(4, EvidenceKind::Other, "text/plain"),
            item(5, EvidenceKind::Contract, "application/pdf"),
        ];
        let got: Vec<(String, usize)> = order(&evidence)
            .iter()
            .map(|p| (p.number(), p.exhibit + 1))
            .collect();
        let want = [("1-1", 2), ("1-2", 5), ("2-1", 3), ("3-1", 1), ("4-1", 4)];
        assert_eq!(
            got,
            want.map(|(n, e)| (n.to_string(), e)).to_vec(),
            "no 还款 or 照片 group: the numbers close up"
        );
        assert_eq!(group_label(3, Lang::Zh), "证据三");
        assert_eq!(group_label(3, Lang::En), "Group 3");
    }

    #[test]
    fn titles_come_from_the_note_or_the_kind_and_time_never_the_file_name() {
        let mut e = item(1, EvidenceKind::Recording, "audio/mp4");
        // Times read as everywhere in the document: local, with seconds and the offset.
        assert_eq!(
            exhibit_title(&e, Lang::Zh),
            "录音录像 2026-11-03 14:20:00 +08:00"
        );
        // The camera's clock has no zone: shown without an offset, never with a guessed one.
        e.exif_taken_at = Some("2026-10-01T08:00:00".into());
        assert_eq!(exhibit_title(&e, Lang::En), "recording 2026-10-01 08:00:00");
        e.note = Some("\n  催收电话录音  \n对方：再不还就通知单位".into());
        assert_eq!(exhibit_title(&e, Lang::Zh), "催收电话录音");
        e.note = Some("长".repeat(40));
        let long = exhibit_title(&e, Lang::Zh);
        assert_eq!(long.chars().count(), TITLE_CHARS + 1);
        assert!(long.ends_with('…'));
        assert!(!exhibit_title(&e, Lang::Zh).contains("IMG_1"));
    }

    #[test]
    fn the_source_says_only_what_is_recorded() {
        let mut photo = item(1, EvidenceKind::Photo, "image/jpeg");
        assert_eq!(origin(&photo, &[], Lang::Zh), "图片文件（image/jpeg）");
        photo.camera_make = Some("HUAWEI".into());
        photo.camera_model = Some("ELS-AN00".into());
        assert_eq!(
            origin(&photo, &[], Lang::Zh),
            "照片，EXIF 记录的拍摄设备：HUAWEI ELS-AN00"
        );
        let shot = item(2, EvidenceKind::Sms, "image/png");
        assert_eq!(origin(&shot, &[], Lang::En), "screenshot (image/png)");
        let pdf = item(3, EvidenceKind::Contract, "application/pdf");
        assert_eq!(origin(&pdf, &[], Lang::Zh), "PDF 文件");
        let mut own = item(4, EvidenceKind::Other, "text/plain");
        assert!(purpose(&own, &[], Lang::Zh).starts_with("（建议）"));
        own.purpose = Some(" 证明对方的催收方式 ".into());
        assert_eq!(purpose(&own, &[], Lang::Zh), "证明对方的催收方式");
    }
}
