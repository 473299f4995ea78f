//! An unencrypted iPhone (iTunes/Finder) backup: `sms.db` and `CallHistory.storedata`, plain
//! SQLite files stored under the SHA-1 of their domain path (CAPTURE.md). Opened read-only and
//! immutable, so nothing is ever written beside the backup (no journal, no WAL files).
//!
//! Apple counts time from 2001-01-01 UTC: `message.date` in nanoseconds on current iOS and in
//! seconds on old ones; `ZCALLRECORD.ZDATE` in (fractional) seconds.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{CallEntry, CallKind, Message, Parsed, Problem, When, bounded_text};
use crate::domain::contact::Channel;

/// `HomeDomain-Library/SMS/sms.db` in a backup folder.
pub const SMS_DB: &str = "3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28";
/// `HomeDomain-Library/CallHistoryDB/CallHistory.storedata` in a backup folder.
pub const CALL_HISTORY: &str = "5a/5a4935c78a5255723f707230a451d79c540d2741";

/// Seconds from the Unix epoch to 2001-01-01 UTC.
const APPLE_EPOCH: i64 = 978_307_200;

/// The two databases of a backup folder, those that are there.
pub fn backup_files(folder: &Path) -> Vec<PathBuf> {
    [SMS_DB, CALL_HISTORY]
        .iter()
        .map(|rel| folder.join(rel))
        .filter(|p| p.is_file())
        .collect()
}

/// Whether `folder` looks like a backup (its manifest, or one of the two databases).
pub fn is_backup_folder(folder: &Path) -> bool {
    (folder.join("Manifest.db").is_file() || folder.join("Manifest.plist").is_file())
        || !backup_files(folder).is_empty()
}

/// Which of the two databases a SQLite file is, if either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Database {
    Messages,
    CallHistory,
}

fn open(path: &Path) -> Result<Connection, Problem> {
    let unreadable = |e: rusqlite::Error| Problem::Unreadable {
        reason: e.to_string(),
    };
    // `immutable=1`: the file is read as it is, with no locks and no side files.
    let uri = format!(
        "file:{}?immutable=1",
        path.to_string_lossy()
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23")
    );
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(unreadable)?;
    // No key: SQLCipher reads a plain SQLite file as plain SQLite.
    Ok(conn)
}

/// Tells which database `path` is; `Ok(None)` for another SQLite file.
pub fn identify(path: &Path) -> Result<Option<Database>, Problem> {
    let conn = open(path)?;
    let has = |table: &str| -> Result<bool, Problem> {
        conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(|e| Problem::malformed("the database", e.to_string()))
    };
    if has("message")? && has("handle")? {
        Ok(Some(Database::Messages))
    } else if has("ZCALLRECORD")? {
        Ok(Some(Database::CallHistory))
    } else {
        Ok(None)
    }
}

fn apple_time(value: f64) -> Option<When> {
    if !value.is_finite() {
        return None;
    }
    // Nanoseconds on current iOS, seconds on old ones: no real message is dated before 2001
    // plus 10^11 seconds, so anything larger must be nanoseconds.
    let seconds = if value.abs() > 1e11 {
        value / 1e9
    } else {
        value
    };
    let unix = (seconds as i64).checked_add(APPLE_EPOCH)?;
    When::from_unix_seconds(unix)
}

/// Reads `sms.db`: every message with a handle, in time order.
pub fn messages(path: &Path) -> Result<Parsed, Problem> {
    let conn = open(path)?;
    let bad = |e: rusqlite::Error| Problem::malformed("the message table", e.to_string());
    let mut stmt = conn
        .prepare(
            "SELECT m.ROWID, m.date, m.is_from_me, m.text, h.id
             FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id
             ORDER BY m.date, m.ROWID",
        )
        .map_err(bad)?;
    let mut rows = stmt.query([]).map_err(bad)?;
    let mut out = Parsed::default();
    while let Some(row) = rows.next().map_err(bad)? {
        let rowid: i64 = row.get(0).map_err(bad)?;
        let date: f64 = row.get::<_, Option<f64>>(1).map_err(bad)?.unwrap_or(0.0);
        let from_me: i64 = row.get::<_, Option<i64>>(2).map_err(bad)?.unwrap_or(0);
        let text: Option<String> = row.get(3).ok().flatten();
        let handle: Option<String> = row.get(4).ok().flatten();
        let Some(peer) = handle.filter(|h| !h.trim().is_empty()) else {
            // Group-chat system rows and messages without a counterpart.
            out.skipped += 1;
            continue;
        };
        let at = apple_time(date).ok_or_else(|| {
            Problem::malformed(
                format!("message {rowid}"),
                format!("its date {date} is out of range"),
            )
        })?;
        out.messages.push(Message {
            channel: Channel::Sms,
            peer,
            peer_name: None,
            sender: None,
            at,
            outgoing: Some(from_me != 0),
            // Newer iOS keeps some texts only in `attributedBody` (a binary archive).
            text: bounded_text(
                text.filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| "[无文字内容（附件或富文本） / no plain text]".into()),
            ),
        });
        out.check_limit()?;
    }
    Ok(out)
}

/// Reads `CallHistory.storedata`: every call with an address.
pub fn calls(path: &Path) -> Result<Parsed, Problem> {
    let conn = open(path)?;
    let bad = |e: rusqlite::Error| Problem::malformed("the ZCALLRECORD table", e.to_string());
    let mut stmt = conn
        .prepare(
            "SELECT Z_PK, ZDATE, ZADDRESS, ZDURATION, ZANSWERED, ZORIGINATED
             FROM ZCALLRECORD ORDER BY ZDATE, Z_PK",
        )
        .map_err(bad)?;
    let mut rows = stmt.query([]).map_err(bad)?;
    let mut out = Parsed::default();
    while let Some(row) = rows.next().map_err(bad)? {
        let pk: i64 = row.get(0).map_err(bad)?;
        let date: f64 = row.get::<_, Option<f64>>(1).map_err(bad)?.unwrap_or(0.0);
        // ZADDRESS is text on some iOS versions and a blob of UTF-8 on others.
        let address = match row.get_ref(2).map_err(bad)? {
            rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                String::from_utf8_lossy(t).trim().to_string()
            }
            rusqlite::types::ValueRef::Integer(i) => i.to_string(),
            _ => String::new(),
        };
        if address.is_empty() {
            out.skipped += 1;
            continue;
        }
        let duration: f64 = row.get::<_, Option<f64>>(3).map_err(bad)?.unwrap_or(0.0);
        let answered = row.get::<_, Option<i64>>(4).map_err(bad)?.unwrap_or(0) != 0;
        let originated = row.get::<_, Option<i64>>(5).map_err(bad)?.unwrap_or(0) != 0;
        let at = apple_time(date).ok_or_else(|| {
            Problem::malformed(
                format!("call {pk}"),
                format!("its date {date} is out of range"),
            )
        })?;
        let kind = match (originated, answered) {
            (true, _) => CallKind::Outgoing,
            (false, true) => CallKind::Incoming,
            (false, false) => CallKind::Missed,
        };
        out.calls.push(CallEntry {
            number: address,
            name: None,
            at,
            duration_seconds: (0.0..1e9)
                .contains(&duration)
                .then(|| duration.round() as u32),
            kind,
        });
        out.check_limit()?;
    }
    Ok(out)
}
