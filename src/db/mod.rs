//! The SQLCipher database: connection, migrations, queries.
//!
//! Invariants: the key is the first statement on every connection (a raw 32-byte key derived
//! from the master key, never a passphrase); temporary tables and indices stay in memory, so
//! SQLite never spills plaintext to a temp file; migrations are forward-only, embedded at build
//! time, and a database newer than this binary is refused rather than touched.

use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use rusqlite_migration::{M, Migrations};

mod timestamps;
pub use timestamps::*;

use crate::chain::{self, Draft, StoredEvent};
use crate::domain::{Case, Evidence, EvidenceKind, Instant, Money};
use crate::vault::Vault;
use crate::{Error, Result};

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_vault.sql"),
    include_str!("../../migrations/0002_case_records.sql"),
    include_str!("../../migrations/0003_evidence_media.sql"),
    include_str!("../../migrations/0004_timestamps.sql"),
    include_str!("../../migrations/0005_evidence_purpose.sql"),
    include_str!("../../migrations/0006_evidence_transcript.sql"),
];

/// The schema version this binary writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// Opens the vault's existing database, keyed and migrated.
///
/// # Errors
/// [`Error::DatabaseMissing`] when the file is gone: a vault whose header exists but whose
/// database does not must never be "repaired" by silently creating an empty one.
pub fn open(vault: &Vault) -> Result<Connection> {
    let path = vault.db_path();
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => open_path(&path, vault),
        Ok(_) => Err(Error::DatabaseMissing { path }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::DatabaseMissing { path }),
        Err(e) => Err(Error::io(format!("reading {}", path.display()), e)),
    }
}

/// Creates the database of a new vault (`init` only), keyed and migrated.
pub fn create(vault: &Vault) -> Result<Connection> {
    open_path(&vault.db_path(), vault)
}

pub(crate) fn open_path(path: &Path, vault: &Vault) -> Result<Connection> {
    let mut conn = Connection::open(path).map_err(|e| Error::db("opening the database", e))?;
    {
        let key = vault.database_key_literal();
        // The key must be the very first statement. It is a hex literal, not user text.
        conn.pragma_update(None, "key", &*key as &str)
            .map_err(|e| Error::db("keying the database", e))?;
    }
    // SQLCipher writes its own log lines to stderr (e.g. "ERROR CORE sqlcipher_page_cipher:
    // hmac check failed"); errors reach the user through our messages instead.
    let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
    conn.busy_timeout(Duration::from_secs(10))
        .map_err(|e| Error::db("configuring the database", e))?;
    // Reading the schema is the first use of the key: a wrong key fails here.
    let user_version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| Error::db("reading the database", e))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| Error::db("reading the database", e))?;
    conn.execute_batch(
        "PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;",
    )
    .map_err(|e| Error::db("configuring the database", e))?;
    if user_version > SCHEMA_VERSION {
        return Err(Error::DatabaseTooNew {
            found: user_version,
            supported: SCHEMA_VERSION,
        });
    }
    if user_version < SCHEMA_VERSION {
        migrations().to_latest(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => {
                Error::db("upgrading the database", err)
            }
            other => Error::DatabaseUpgrade {
                reason: other.to_string(),
            },
        })?;
    }
    Ok(conn)
}

/// A write transaction that takes SQLite's write lock up front.
pub fn begin(conn: &mut Connection) -> Result<Transaction<'_>> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| Error::db("starting a change", e))
}

// ---- the chain ----

/// Appends an event after the current head, inside the caller's transaction.
pub fn append_event(tx: &Transaction<'_>, draft: &Draft) -> Result<StoredEvent> {
    // Cached statements: an import appends thousands of events in one transaction.
    let head: Option<(u64, String)> = tx
        .prepare_cached("SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1")
        .and_then(|mut s| s.query_row([], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .map_err(|e| Error::db("reading the chain head", e))?;
    let (seq, prev) = match &head {
        Some((seq, hash)) => (seq + 1, Some(hash.as_str())),
        None => (1, None),
    };
    let ev = chain::append(seq, prev, draft);
    tx.prepare_cached(
        "INSERT INTO chain (seq, kind, case_id, body, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .and_then(|mut s| s.execute(params![ev.seq, ev.kind, ev.case_id, ev.body, ev.prev_hash, ev.hash]))
    .map_err(|e| Error::db("appending to the chain", e))?;
    Ok(ev)
}

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        seq: r.get(0)?,
        kind: r.get(1)?,
        case_id: r.get(2)?,
        body: r.get(3)?,
        prev_hash: r.get(4)?,
        hash: r.get(5)?,
    })
}

/// The whole chain, or only one case's events, in order.
pub fn events(conn: &Connection, case_id: Option<&str>) -> Result<Vec<StoredEvent>> {
    let sql = "SELECT seq, kind, case_id, body, prev_hash, hash FROM chain
               WHERE ?1 IS NULL OR case_id = ?1 ORDER BY seq";
    let mut stmt = conn
        .prepare(sql)
        .map_err(|e| Error::db("reading the chain", e))?;
    let rows = stmt
        .query_map(params![case_id], event_from_row)
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| Error::db("reading the chain", e))?;
    Ok(rows)
}

pub fn chain_head(conn: &Connection) -> Result<Option<(u64, String)>> {
    conn.query_row(
        "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .map_err(|e| Error::db("reading the chain head", e))
}

// ---- cases ----

pub struct NewCase<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub lender: &'a str,
    pub platform: Option<&'a str>,
    pub principal: Option<Money>,
    pub overdue_since: Option<NaiveDate>,
    pub at: Instant,
    pub seq: u64,
}

pub fn insert_case(tx: &Transaction<'_>, c: &NewCase<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO cases (id, title, lender, platform, principal_fen, overdue_since,
                            created_at, created_offset_min, created_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            c.id,
            c.title,
            c.lender,
            c.platform,
            c.principal.map(Money::fen),
            c.overdue_since.map(|d| d.format("%Y-%m-%d").to_string()),
            c.at.utc_rfc3339(),
            c.at.offset_minutes,
            c.seq,
        ],
    )
    .map_err(|e| Error::db("saving the case", e))?;
    Ok(())
}

const CASE_COLUMNS: &str = "c.id, c.title, c.lender, c.platform, c.principal_fen, c.overdue_since,
     c.created_at, c.created_offset_min,
     (SELECT count(*) FROM evidence e WHERE e.case_id = c.id),
     c.details,
     (SELECT json_extract(r.body, '$.stage') || ' ' || json_extract(r.body, '$.on')
        FROM case_records r WHERE r.case_id = c.id AND r.kind = 'stage_change'
        ORDER BY json_extract(r.body, '$.on') DESC, r.seq DESC LIMIT 1)";

fn case_from_row(r: &Row<'_>) -> rusqlite::Result<Case> {
    let overdue: Option<String> = r.get(5)?;
    let created: String = r.get(6)?;
    Ok(Case {
        id: r.get(0)?,
        title: r.get(1)?,
        lender: r.get(2)?,
        platform: r.get(3)?,
        principal: r.get::<_, Option<i64>>(4)?.map(Money::from_fen),
        overdue_since: overdue.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        created_at: Instant::from_stored(&created, r.get(7)?).ok_or_else(|| bad_time(6))?,
        evidence_count: r.get(8)?,
        details: serde_json::from_str(&r.get::<_, String>(9)?).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(9, rusqlite::types::Type::Text, e.into())
        })?,
        stage: r.get::<_, Option<String>>(10)?.and_then(|s| {
            let (stage, on) = s.split_once(' ')?;
            Some((
                stage.parse().ok()?,
                NaiveDate::parse_from_str(on, "%Y-%m-%d").ok()?,
            ))
        }),
        stage_basis: None,
    })
}

fn bad_time(col: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        rusqlite::types::Type::Text,
        "not an RFC 3339 time".into(),
    )
}

pub fn get_case(conn: &Connection, id: &str) -> Result<Case> {
    conn.query_row(
        &format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = ?1"),
        params![id],
        case_from_row,
    )
    .optional()
    .map_err(|e| Error::db("reading the case", e))?
    .ok_or_else(|| Error::CaseNotFound(id.to_string()))
}

/// The case's own fields after an edit (the edit's chain event carries old and new values).
pub fn update_case(tx: &Transaction<'_>, c: &Case) -> Result<()> {
    let details = serde_json::to_string(&c.details).expect("details serialise");
    tx.execute(
        "UPDATE cases SET title = ?2, lender = ?3, platform = ?4, principal_fen = ?5,
                          overdue_since = ?6, details = ?7
         WHERE id = ?1",
        params![
            c.id,
            c.title,
            c.lender,
            c.platform,
            c.principal.map(Money::fen),
            c.overdue_since.map(|d| d.format("%Y-%m-%d").to_string()),
            details,
        ],
    )
    .map_err(|e| Error::db("saving the case", e))?;
    Ok(())
}

/// Changes what an evidence item is called, noted as, offered to prove and transcribed as;
/// its content, hash and times never change.
pub fn update_evidence_annotation(
    tx: &Transaction<'_>,
    id: &str,
    kind: &str,
    note: Option<&str>,
    purpose: Option<&str>,
    transcript: Option<&str>,
) -> Result<()> {
    tx.execute(
        "UPDATE evidence SET kind = ?2, note = ?3, purpose = ?4, transcript = ?5 WHERE id = ?1",
        params![id, kind, note, purpose, transcript],
    )
    .map_err(|e| Error::db("saving the evidence note", e))?;
    Ok(())
}

pub fn list_cases(conn: &Connection) -> Result<Vec<Case>> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {CASE_COLUMNS} FROM cases c ORDER BY c.created_seq"
        ))
        .map_err(|e| Error::db("listing cases", e))?;
    stmt.query_map([], case_from_row)
        .and_then(|rows| rows.collect())
        .map_err(|e| Error::db("listing cases", e))
}

// ---- case records ----

/// A stored case record: its id, JSON body and chain position.
#[derive(Debug, Clone)]
pub struct RecordRow {
    pub id: String,
    pub body: String,
    pub seq: u64,
}

pub fn insert_record(
    tx: &Transaction<'_>,
    id: &str,
    case_id: &str,
    kind: &str,
    body: &str,
    seq: u64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO case_records (id, case_id, kind, body, seq) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .and_then(|mut s| s.execute(params![id, case_id, kind, body, seq]))
    .map_err(|e| Error::db("saving the record", e))?;
    Ok(())
}

/// Every case record in the vault as (case id, kind, row), for `verify`.
pub fn all_records(conn: &Connection) -> Result<Vec<(String, String, RecordRow)>> {
    let mut stmt = conn
        .prepare("SELECT case_id, kind, id, body, seq FROM case_records ORDER BY seq")
        .map_err(|e| Error::db("reading the case records", e))?;
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            RecordRow {
                id: r.get(2)?,
                body: r.get(3)?,
                seq: r.get(4)?,
            },
        ))
    })
    .and_then(|rows| rows.collect())
    .map_err(|e| Error::db("reading the case records", e))
}

/// The case and kind of record `id`, if there is one.
pub fn record_kind(conn: &Connection, id: &str) -> Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT case_id, kind FROM case_records WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .map_err(|e| Error::db("reading a record", e))
}

/// The body of record `id` as first made, if there is one.
pub fn record_body(conn: &Connection, id: &str) -> Result<Option<String>> {
    conn.query_row(
        "SELECT body FROM case_records WHERE id = ?1",
        params![id],
        |r| r.get(0),
    )
    .optional()
    .map_err(|e| Error::db("reading a record", e))
}

/// One case's records of one kind, in the order they were made.
pub fn records(conn: &Connection, case_id: &str, kind: &str) -> Result<Vec<RecordRow>> {
    let mut stmt = conn
        .prepare(
            "SELECT id, body, seq FROM case_records WHERE case_id = ?1 AND kind = ?2 ORDER BY seq",
        )
        .map_err(|e| Error::db("reading the case's records", e))?;
    stmt.query_map(params![case_id, kind], |r| {
        Ok(RecordRow {
            id: r.get(0)?,
            body: r.get(1)?,
            seq: r.get(2)?,
        })
    })
    .and_then(|rows| rows.collect())
    .map_err(|e| Error::db("reading the case's records", e))
}

// ---- evidence ----

pub fn insert_evidence(tx: &Transaction<'_>, e: &Evidence, name_raw: &[u8]) -> Result<()> {
    tx.execute(
        "INSERT INTO evidence (id, case_id, name, name_raw, size, sha256, media_type, kind, note,
                               source_modified_at, exif_taken_at, added_at, added_offset_min,
                               added_seq, duration_ms, duration_estimated, exif_time_kind,
                               camera_make, camera_model, purpose, transcript)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21)",
        params![
            e.id,
            e.case_id,
            e.name,
            name_raw,
            e.size,
            e.sha256,
            e.media_type,
            e.kind.as_str(),
            e.note,
            e.source_modified_at.map(|t| t.utc_rfc3339()),
            e.exif_taken_at,
            e.added_at.utc_rfc3339(),
            e.added_at.offset_minutes,
            e.chain_seq,
            e.duration_ms,
            e.duration_estimated,
            e.exif_time_kind.map(|k| k.as_str()),
            e.camera_make,
            e.camera_model,
            e.purpose,
            e.transcript,
        ],
    )
    .map_err(|err| Error::db("saving the evidence record", err))?;
    Ok(())
}

const EVIDENCE_COLUMNS: &str = "id, case_id, name, name_raw, size, sha256, media_type, kind, note,
     source_modified_at, exif_taken_at, added_at, added_offset_min, added_seq, duration_ms,
     duration_estimated, exif_time_kind, camera_make, camera_model, purpose, transcript";

fn evidence_from_row(r: &Row<'_>) -> rusqlite::Result<Evidence> {
    let name: String = r.get(2)?;
    let raw: Vec<u8> = r.get(3)?;
    let kind: String = r.get(7)?;
    let source_modified: Option<String> = r.get(9)?;
    let added: String = r.get(11)?;
    let offset: i32 = r.get(12)?;
    Ok(Evidence {
        id: r.get(0)?,
        case_id: r.get(1)?,
        name_raw_hex: (std::str::from_utf8(&raw) != Ok(name.as_str())).then(|| hex::encode(&raw)),
        name,
        size: r.get(4)?,
        sha256: r.get(5)?,
        media_type: r.get(6)?,
        kind: kind.parse().unwrap_or(EvidenceKind::Other),
        note: r.get(8)?,
        source_modified_at: source_modified.and_then(|t| Instant::from_stored(&t, offset)),
        exif_taken_at: r.get(10)?,
        added_at: Instant::from_stored(&added, offset).ok_or_else(|| bad_time(11))?,
        chain_seq: r.get(13)?,
        duration_ms: r.get(14)?,
        duration_estimated: r.get(15)?,
        exif_time_kind: r.get::<_, Option<String>>(16)?.and_then(|k| k.parse().ok()),
        camera_make: r.get(17)?,
        camera_model: r.get(18)?,
        purpose: r.get(19)?,
        transcript: r.get(20)?,
    })
}

pub fn get_evidence(conn: &Connection, id: &str) -> Result<Evidence> {
    conn.query_row(
        &format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE id = ?1"),
        params![id],
        evidence_from_row,
    )
    .optional()
    .map_err(|e| Error::db("reading the evidence record", e))?
    .ok_or_else(|| Error::EvidenceNotFound(id.to_string()))
}

/// The original file name's exact bytes.
pub fn evidence_name_raw(conn: &Connection, id: &str) -> Result<Vec<u8>> {
    conn.query_row(
        "SELECT name_raw FROM evidence WHERE id = ?1",
        params![id],
        |r| r.get(0),
    )
    .optional()
    .map_err(|e| Error::db("reading the evidence record", e))?
    .ok_or_else(|| Error::EvidenceNotFound(id.to_string()))
}

pub fn find_evidence_by_hash(
    conn: &Connection,
    case_id: &str,
    sha256: &str,
) -> Result<Option<Evidence>> {
    conn.query_row(
        &format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE case_id = ?1 AND sha256 = ?2"),
        params![case_id, sha256],
        evidence_from_row,
    )
    .optional()
    .map_err(|e| Error::db("looking for a duplicate", e))
}

/// One case's evidence, or every item in the vault, in intake order.
pub fn list_evidence(conn: &Connection, case_id: Option<&str>) -> Result<Vec<Evidence>> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE ?1 IS NULL OR case_id = ?1 ORDER BY added_seq"
        ))
        .map_err(|e| Error::db("listing evidence", e))?;
    stmt.query_map(params![case_id], evidence_from_row)
        .and_then(|rows| rows.collect())
        .map_err(|e| Error::db("listing evidence", e))
}

pub fn evidence_exists(conn: &Connection, id: &str) -> Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM evidence WHERE id = ?1)",
        params![id],
        |r| r.get(0),
    )
    .map_err(|e| Error::db("reading the evidence record", e))
}

pub fn case_exists(conn: &Connection, id: &str) -> Result<bool> {
    match get_case(conn, id) {
        Ok(_) => Ok(true),
        Err(Error::CaseNotFound(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// SQLite's structural check plus SQLCipher's per-page HMAC check. Empty when all is well.
pub fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    // SQLCipher's check reads every page and reports each one whose HMAC fails ("HMAC
    // verification failed for page N") without stopping; only when it finds nothing is the
    // structure worth checking (a damaged page makes `integrity_check` itself fail).
    let cipher = pragma_rows(conn, "PRAGMA cipher_integrity_check")?;
    if !cipher.is_empty() {
        return Ok(cipher);
    }
    match pragma_rows(conn, "PRAGMA integrity_check") {
        Ok(rows) => Ok(rows),
        Err(Error::Database { source, .. }) => Ok(vec![format!(
            "the database's structure could not be read ({source})"
        )]),
        Err(e) => Err(e),
    }
}

fn pragma_rows(conn: &Connection, pragma: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare(pragma)
        .map_err(|e| Error::db("checking the database", e))?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| Error::db("checking the database", e))?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

/// The schema as SQLite records it, for the migrations snapshot test.
pub fn schema_sql(conn: &Connection) -> Result<String> {
    let mut stmt = conn
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name")
        .map_err(|e| Error::db("reading the schema", e))?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| Error::db("reading the schema", e))?;
    Ok(rows.join(";\n") + ";\n")
}
