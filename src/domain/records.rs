//! The records a vault holds, as plain data. Their serde form is the `--json` output and the
//! shape the desktop app receives: ids as `id`, hashes as `sha256`, sizes as `size`, times as
//! RFC 3339 strings in the user's offset, money as integer 分 with a 元 string beside it.

use chrono::NaiveDate;
use serde::Serialize;

use super::debt::{DebtDetails, Stage};
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
    /// The current stage and the date it was entered (the latest stage change by date).
    pub stage: Option<(Stage, NaiveDate)>,
}

impl Serialize for Case {
    /// Money goes out twice: `principal_fen` (integer 分, for programs) and `principal`
    /// (元 with two decimals, for people).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Case", 12)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("title", &self.title)?;
        st.serialize_field("lender", &self.lender)?;
        st.serialize_field("platform", &self.platform)?;
        st.serialize_field("principal_fen", &self.principal.map(Money::fen))?;
        st.serialize_field("principal", &self.principal.map(|m| m.to_string()))?;
        st.serialize_field("overdue_since", &self.overdue_since)?;
        st.serialize_field("created_at", &self.created_at.to_rfc3339())?;
        st.serialize_field("evidence_count", &self.evidence_count)?;
        st.serialize_field("stage", &self.stage.map(|(s, _)| s))?;
        st.serialize_field("stage_since", &self.stage.map(|(_, d)| d))?;
        st.serialize_field("details", &self.details)?;
        st.end()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    #[serde(serialize_with = "ser_opt_instant")]
    pub source_modified_at: Option<Instant>,
    /// EXIF capture time as the camera wrote it (local time, no zone): `YYYY-MM-DDTHH:MM:SS`.
    pub exif_taken_at: Option<String>,
    #[serde(serialize_with = "ser_instant")]
    pub added_at: Instant,
    /// Position of the `evidence_added` event in the chain.
    pub chain_seq: u64,
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
