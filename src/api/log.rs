//! Reading the chain for people and programs.

use serde::Serialize;

use super::Session;
use crate::domain::Instant;
use crate::{Result, db};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LogEntry {
    /// Position in the chain, from 1.
    pub seq: u64,
    pub kind: String,
    pub case_id: Option<String>,
    /// RFC 3339 in the user's offset at the time.
    pub at: String,
    /// The event's payload.
    pub data: serde_json::Value,
    /// This event's hash (lower-case hex).
    pub sha256: String,
    /// The previous event's hash; all zeros for the first.
    pub prev_sha256: String,
}

/// The chain, or one case's part of it, oldest first.
pub fn entries(session: &Session, case_id: Option<&str>) -> Result<Vec<LogEntry>> {
    if let Some(id) = case_id {
        super::case::show(session, id)?;
    }
    let events = db::events(session.conn(), case_id)?;
    Ok(events
        .into_iter()
        .map(|ev| {
            let body: serde_json::Value = serde_json::from_str(&ev.body).unwrap_or_default();
            let at = body
                .get("at")
                .and_then(|v| v.as_str())
                .and_then(|utc| {
                    let offset = body.get("offset").and_then(|o| o.as_i64()).unwrap_or(0);
                    Instant::from_stored(utc, i32::try_from(offset).unwrap_or(0))
                })
                .map(|i| i.to_rfc3339())
                .unwrap_or_default();
            LogEntry {
                seq: ev.seq,
                kind: ev.kind,
                case_id: ev.case_id,
                at,
                data: body.get("data").cloned().unwrap_or_default(),
                sha256: ev.hash,
                prev_sha256: ev.prev_hash,
            }
        })
        .collect())
}
