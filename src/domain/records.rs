//! The records a vault holds, as plain data. Their serde form is the `--json` output and the
//! shape the desktop app receives: ids as `id`, hashes as `sha256`, sizes as `size`, times as
//! RFC 3339 strings in the user's offset, money as integer 分 with a 元 string beside it.

use chrono::NaiveDate;
use serde::Serialize;

use super::debt::{DebtDetails, Stage};
use super::media::ExifTimeKind;
use super::stage::StageBasis;
use super::{EvidenceKind, Instant, Money};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: String,
    pub title: String,
    pub lender: String,
    pub platform: Option<String>,
    pub principal: Option<Money>,
    pub overdue_since: Option<NaiveDate>,
    pub created_at: Instant,
    pub evidence_count: u64,
    pub details: DebtDetails,
    /// The current stage and the date it was entered: as read from the database, the latest
    /// explicit stage change; as the `api` hands it out, derived by `domain::stage::derive`.
    pub stage: Option<(Stage, NaiveDate)>,
    /// Why the case is in `stage` (set by the `api`; `None` from the database alone).
    pub stage_basis: Option<StageBasis>,
}

impl Serialize for Case {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        wire::Case::from(self).serialize(s)
    }
}

#[cfg(feature = "specta")]
impl specta::Type for Case {
    fn definition(types: &mut specta::Types) -> specta::datatype::DataType {
        <wire::Case<'static> as specta::Type>::definition(types)
    }
}

/// The serde form of a [`Case`]: flat, with the stage split in two and money given twice —
/// `principal_fen` (integer 分, for programs) and `principal` (元 with two decimals, for people).
mod wire {
    use super::*;

    #[derive(Serialize)]
    #[cfg_attr(feature = "specta", derive(specta::Type))]
    pub struct Case<'a> {
        id: &'a str,
        title: &'a str,
        lender: &'a str,
        platform: Option<&'a str>,
        principal_fen: Option<i64>,
        principal: Option<String>,
        overdue_since: Option<NaiveDate>,
        created_at: String,
        evidence_count: u64,
        stage: Option<Stage>,
        stage_since: Option<NaiveDate>,
        stage_basis: Option<StageBasis>,
        details: &'a DebtDetails,
    }

    impl<'a> From<&'a super::Case> for Case<'a> {
        fn from(c: &'a super::Case) -> Self {
            Case {
                id: &c.id,
                title: &c.title,
                lender: &c.lender,
                platform: c.platform.as_deref(),
                principal_fen: c.principal.map(Money::fen),
                principal: c.principal.map(|m| m.to_string()),
                overdue_since: c.overdue_since,
                created_at: c.created_at.to_rfc3339(),
                evidence_count: c.evidence_count,
                stage: c.stage.map(|(s, _)| s),
                stage_since: c.stage.map(|(_, d)| d),
                stage_basis: c.stage_basis,
                details: &c.details,
            }
        }
    }
}

/// The longest 录音文字整理稿 an evidence item keeps, in characters (about 35 printed pages of
/// Chinese; an hour of talk is about 15,000).
pub const MAX_TRANSCRIPT_CHARS: usize = 60_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Evidence {
    pub id: String,
    pub case_id: String,
    /// The original file name as text (invalid UTF-8 replaced by U+FFFD for display).
    pub name: String,
    /// The original name's exact bytes in hex, present only when they are not valid UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_raw_hex: Option<String>,
    pub size: u64,
    pub sha256: String,
    pub media_type: String,
    pub kind: EvidenceKind,
    pub note: Option<String>,
    /// What the user offers it to prove (证明目的, 民事证据规定 第19条); `None` when not written
    /// (exports then show a suggestion from [`crate::domain::purpose::suggest`], marked as one).
    pub purpose: Option<String>,
    /// The 录音文字整理稿: what the recording says, typed or pasted by the user (never a machine
    /// transcription); `None` when not written. At most [`MAX_TRANSCRIPT_CHARS`] characters.
    pub transcript: Option<String>,
    #[serde(serialize_with = "ser_opt_instant")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub source_modified_at: Option<Instant>,
    /// EXIF time as the camera wrote it (local time, no zone): `YYYY-MM-DDTHH:MM:SS`.
    pub exif_taken_at: Option<String>,
    /// Which EXIF time `exif_taken_at` is (taken, or only recorded); `None` for items added
    /// before this was kept.
    pub exif_time_kind: Option<ExifTimeKind>,
    /// The camera's EXIF make and model: a court weighs how a photo was produced.
    pub camera_make: Option<String>,
    pub camera_model: Option<String>,
    /// Playing time of a recording in milliseconds, measured at intake; `None` when not a
    /// recording or not known (never a guess). Serialised as `duration_seconds` (a number with
    /// millisecond precision, or null).
    #[serde(rename = "duration_seconds", serialize_with = "ser_ms_as_seconds")]
    #[cfg_attr(feature = "specta", specta(type = Option<f64>))]
    pub duration_ms: Option<u64>,
    /// The duration is an estimate from the bytes present (a header never finished).
    pub duration_estimated: bool,
    #[serde(serialize_with = "ser_instant")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub added_at: Instant,
    /// Position of the `evidence_added` event in the chain.
    pub chain_seq: u64,
}

impl Evidence {
    /// Whether the item is a recording (sound or video), which carries a duration.
    pub fn is_recording(&self) -> bool {
        self.media_type.starts_with("audio/") || self.media_type.starts_with("video/")
    }

    /// The measured duration in seconds (millisecond precision); `None` when unknown.
    pub fn duration_seconds(&self) -> Option<f64> {
        self.duration_ms.map(|ms| ms as f64 / 1000.0)
    }
}

fn ser_ms_as_seconds<S: serde::Serializer>(ms: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
    match ms {
        Some(ms) => s.serialize_f64(*ms as f64 / 1000.0),
        None => s.serialize_none(),
    }
}

fn ser_instant<S: serde::Serializer>(i: &Instant, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&i.to_rfc3339())
}

fn ser_opt_instant<S: serde::Serializer>(i: &Option<Instant>, s: S) -> Result<S::Ok, S::Error> {
    match i {
        Some(i) => s.serialize_str(&i.to_rfc3339()),
        None => s.serialize_none(),
    }
}
