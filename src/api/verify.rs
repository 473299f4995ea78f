//! `verify`: is everything in the vault exactly as it was recorded?
//!
//! Runs SQLCipher's page check and SQLite's integrity check, recomputes the whole chain,
//! checks that every evidence row matches its chain event, decrypts and re-hashes every blob,
//! and walks the folders for files that should not be there. Each problem names the evidence
//! id, the chain position or the path it concerns.
//!
//! Blobs are checked several at a time (rayon), each large one decrypted on one thread while
//! another hashes it. [`Depth::Quick`] is the daily check: everything but the contents — each
//! blob's length is compared with what its recorded size implies, and only its header is read.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use serde::Serialize;

use super::Session;
use crate::domain::Evidence;
use crate::vault::{self, blob};
use crate::{Result, chain, db};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Report {
    pub ok: bool,
    pub problems: Vec<Problem>,
    pub checked: Checked,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Checked {
    pub chain_events: u64,
    pub evidence_items: u64,
    /// Bytes of evidence content decrypted and re-hashed (0 for a quick check).
    pub evidence_bytes: u64,
    /// Trusted-timestamp batches whose token, proofs and chain event were checked.
    pub timestamp_batches: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Problem {
    /// Stable code: `header` (a header copy damaged, changed or repaired),
    /// `database_integrity`, `chain`, `evidence_missing`, `evidence_damaged`,
    /// `evidence_hash_mismatch`, `evidence_unchained`, `chain_evidence_missing`, `stray_file`,
    /// `record_unchained`, `timestamp_invalid` (a stored token does not verify offline),
    /// `timestamp_unchained` (a batch differs from its chain event), `timestamp_proof` (a proof
    /// or leaf does not hold), `timestamp_rollback` (a stamped chain head is gone from the chain).
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub message: String,
}

impl Problem {
    fn evidence(code: &'static str, e: &Evidence, message: String) -> Problem {
        Problem {
            code,
            evidence_id: Some(e.id.clone()),
            position: None,
            path: None,
            message: format!("evidence {} ({}): {message}", e.id, e.name),
        }
    }
}

/// Checks the whole vault. `progress` receives (items done, items total).
pub fn run(session: &Session, progress: &mut dyn FnMut(u64, u64)) -> Result<Report> {
    run_job(session, &super::Job::default(), progress)
}

/// How far the evidence files are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Decrypt and re-hash every blob.
    Full,
    /// Only each blob's length against its recorded size (and its header); the database,
    /// the chain, the records and the folders are checked as in a full run.
    Quick,
}

/// [`run`], stopping with [`crate::Error::Cancelled`] when `job` is cancelled; `job` also
/// receives the progress.
pub fn run_job(
    session: &Session,
    job: &super::Job,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Report> {
    run_depth(session, job, Depth::Full, progress)
}

/// [`run_job`] to the given [`Depth`].
pub fn run_depth(
    session: &Session,
    job: &super::Job,
    depth: Depth,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Report> {
    // Hold the writer lock: nothing changes under the check, and interrupted intakes are
    // cleaned first so they are not reported as stray files. A vault on read-only media
    // cannot change and cannot be cleaned: it is checked as it is.
    let _lock = match session.write_lock() {
        Ok(lock) => {
            session.clean_interrupted()?;
            Some(lock)
        }
        Err(crate::Error::ReadOnlyVault { .. }) => None,
        Err(e) => return Err(e),
    };
    let mut problems = header_problems(session);
    let mut checked = Checked::default();
    let database = database_problems(session.conn())?;
    if !database.is_empty() {
        problems.extend(database);
        return Ok(Report {
            ok: false,
            problems,
            checked,
        });
    }
    let events = db::events(session.conn(), None)?;
    checked.chain_events = events.len() as u64;
    let evidence = db::list_evidence(session.conn(), None)?;
    problems.extend(chain_problems(&events, &evidence));
    let by_seq: HashMap<u64, &chain::StoredEvent> = events.iter().map(|e| (e.seq, e)).collect();
    problems.extend(record_problems(session.conn(), &by_seq)?);
    problems.extend(
        super::timestamp::check_all(session, &by_seq)?
            .into_iter()
            .map(|p| Problem {
                code: p.code,
                evidence_id: p.evidence_id,
                position: p.position,
                path: None,
                message: p.message,
            }),
    );
    checked.timestamp_batches = db::batches(session.conn())?.len() as u64;
    problems.extend(evidence_problems(
        session,
        &evidence,
        &by_seq,
        &mut checked,
        job,
        depth,
        progress,
    )?);
    problems.extend(stray_files(session, &evidence)?);
    Ok(Report {
        ok: problems.is_empty(),
        problems,
        checked,
    })
}

/// Header copies repaired at unlock, and what is wrong with them on disk now.
fn header_problems(session: &Session) -> Vec<Problem> {
    let vault = session.vault();
    vault
        .take_header_repairs()
        .into_iter()
        .chain(vault.check_header_copies())
        .map(|message| Problem {
            code: "header",
            evidence_id: None,
            position: None,
            path: Some(vault::HEADER_FILE.into()),
            message,
        })
        .collect()
}

/// SQLCipher's page check and SQLite's structure check. When they find damage, the other
/// checks (which read the database) would fail on a read error rather than report, so the
/// problems end with what to do.
fn database_problems(conn: &rusqlite::Connection) -> Result<Vec<Problem>> {
    let found = db::integrity_problems(conn)?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let problem = |message: String| Problem {
        code: "database_integrity",
        evidence_id: None,
        position: None,
        path: Some(vault::DB_FILE.into()),
        message,
    };
    let mut out: Vec<Problem> = found
        .into_iter()
        .map(|p| problem(format!("database: {p}")))
        .collect();
    out.push(problem(
        "the chain and the evidence were not checked because the database is damaged; restore casefile.db from a backup of the vault folder and run verify again".into(),
    ));
    Ok(out)
}

/// Links of the chain, and evidence the chain records whose row is gone.
fn chain_problems(events: &[chain::StoredEvent], evidence: &[Evidence]) -> Vec<Problem> {
    let mut problems: Vec<Problem> = chain::verify(events)
        .into_iter()
        .map(|p| Problem {
            code: "chain",
            evidence_id: None,
            position: Some(p.position),
            path: None,
            message: format!("chain position {}: {}", p.position, p.reason),
        })
        .collect();
    let recorded: HashSet<&str> = evidence.iter().map(|e| e.id.as_str()).collect();
    let chained: HashSet<String> = events
        .iter()
        .filter(|e| e.kind == "evidence_added")
        .filter_map(|ev| {
            let data: serde_json::Value = serde_json::from_str(&ev.body).unwrap_or_default();
            data["data"]["evidence_id"].as_str().map(str::to_owned)
        })
        .collect();
    let mut missing: Vec<&String> = chained
        .iter()
        .filter(|id| !recorded.contains(id.as_str()))
        .collect();
    missing.sort();
    problems.extend(missing.into_iter().map(|id| Problem {
        code: "chain_evidence_missing",
        evidence_id: Some(id.clone()),
        position: None,
        path: None,
        message: format!("evidence {id}: the chain records it but its database row is gone"),
    }));
    problems
}

/// Case records whose row differs from the chain event that carries them.
fn record_problems(
    conn: &rusqlite::Connection,
    by_seq: &HashMap<u64, &chain::StoredEvent>,
) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    for (case_id, kind, row) in db::all_records(conn)? {
        let ok = by_seq.get(&row.seq).is_some_and(|ev| {
            let body: serde_json::Value = serde_json::from_str(&ev.body).unwrap_or_default();
            let stored: serde_json::Value = serde_json::from_str(&row.body).unwrap_or_default();
            ev.case_id.as_deref() == Some(case_id.as_str())
                && super::RecordKind::from_str(&kind).is_some_and(|k| k.event().as_str() == ev.kind)
                && body["data"]["id"].as_str() == Some(row.id.as_str())
                && body["data"]["record"] == stored
        });
        if !ok {
            problems.push(Problem {
                code: "record_unchained",
                evidence_id: None,
                position: Some(row.seq),
                path: None,
                message: format!(
                    "{kind} record {} of case {case_id}: it differs from its chain event at position {}",
                    row.id, row.seq
                ),
            });
        }
    }
    Ok(problems)
}

/// Each evidence row against its chain event, and each file decrypted and re-hashed (or, in
/// a quick check, measured).
fn evidence_problems(
    session: &Session,
    evidence: &[Evidence],
    by_seq: &HashMap<u64, &chain::StoredEvent>,
    checked: &mut Checked,
    job: &super::Job,
    depth: Depth,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<Problem>> {
    let total = evidence.len() as u64;
    progress(0, total);
    job.step(super::JobPhase::Verifying, 0, total)?;
    let files = check_files(session, evidence, job, depth, progress)?;
    let mut problems = Vec::new();
    for (e, (path, found)) in evidence.iter().zip(files) {
        if let Some(reason) = row_matches_chain(e, by_seq.get(&e.chain_seq).copied()) {
            problems.push(Problem::evidence("evidence_unchained", e, reason));
        }
        match found {
            Ok(Some((sha, size))) => {
                checked.evidence_bytes += size;
                if hex::encode(sha) != e.sha256 || size != e.size {
                    problems.push(Problem::evidence(
                        "evidence_hash_mismatch",
                        e,
                        format!(
                            "its content has SHA-256 {} ({size} bytes) but {} ({} bytes) was recorded at intake",
                            hex::encode(sha),
                            e.sha256,
                            e.size
                        ),
                    ));
                }
            }
            Ok(None) => {}
            Err(reason) if !path.exists() => {
                problems.push(Problem::evidence("evidence_missing", e, reason));
            }
            Err(reason) => problems.push(Problem::evidence("evidence_damaged", e, reason)),
        }
        checked.evidence_items += 1;
    }
    progress(total, total);
    job.step(super::JobPhase::Verifying, total, total)?;
    Ok(problems)
}

/// What reading one blob found: its content's (SHA-256, size), nothing (a quick check that
/// passed), or what is wrong.
type Found = std::result::Result<Option<([u8; 32], u64)>, String>;

/// Checks every blob, several at a time; returns each one's path and finding in `evidence`
/// order. Progress and cancellation are handled here, on the calling thread, as results come.
fn check_files(
    session: &Session,
    evidence: &[Evidence],
    job: &super::Job,
    depth: Depth,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<(std::path::PathBuf, Found)>> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    let vault = session.vault();
    let identity = vault.identity();
    let paths: Vec<std::path::PathBuf> = evidence
        .iter()
        .map(|e| vault.evidence_path(&e.case_id, &e.id))
        .collect();
    let total = evidence.len() as u64;
    let stop = AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Found)>();
    let mut found: Vec<Option<Found>> = vec![None; evidence.len()];
    let outcome = std::thread::scope(|scope| {
        let (paths, stop) = (&paths, &stop);
        scope.spawn(move || {
            paths
                .par_iter()
                .zip(evidence)
                .enumerate()
                .for_each_with(tx, |tx, (i, (path, e))| {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let result = match depth {
                        Depth::Full => blob::digest(path, identity).map(Some),
                        Depth::Quick => blob::check_length(path, e.size).map(|()| None),
                    };
                    let _ = tx.send((i, result));
                });
        });
        let mut done = 0u64;
        for (i, result) in rx {
            found[i] = Some(result);
            done += 1;
            progress(done, total);
            if let Err(e) = job.step(super::JobPhase::Verifying, done, total) {
                stop.store(true, Ordering::Relaxed);
                return Err(e);
            }
        }
        Ok(())
    });
    outcome?;
    Ok(paths
        .into_iter()
        .zip(found)
        .map(|(p, f)| (p, f.expect("every item was checked")))
        .collect())
}

fn row_matches_chain(e: &Evidence, event: Option<&chain::StoredEvent>) -> Option<String> {
    let Some(event) = event else {
        return Some(format!(
            "the chain has no event at position {}",
            e.chain_seq
        ));
    };
    let body: serde_json::Value = serde_json::from_str(&event.body).unwrap_or_default();
    let d = &body["data"];
    let matches = event.kind == "evidence_added"
        && event.case_id.as_deref() == Some(e.case_id.as_str())
        && d["evidence_id"].as_str() == Some(e.id.as_str())
        && d["sha256"].as_str() == Some(e.sha256.as_str())
        && d["size"].as_u64() == Some(e.size);
    (!matches).then(|| {
        format!(
            "its database row differs from the chain event at position {} (id, case, size or SHA-256 changed)",
            e.chain_seq
        )
    })
}

/// Files in the vault folder that no record accounts for.
fn stray_files(session: &Session, evidence: &[Evidence]) -> Result<Vec<Problem>> {
    let root = session.root();
    let mut problems = Vec::new();
    let mut stray = |path: &Path, why: &str| {
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        problems.push(Problem {
            code: "stray_file",
            evidence_id: None,
            position: None,
            path: Some(rel.clone()),
            message: format!("{rel}: {why}"),
        });
    };
    let known_cases: HashSet<String> = db::list_cases(session.conn())?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let expected: HashSet<(String, String)> = evidence
        .iter()
        .map(|e| (e.case_id.clone(), format!("{}.age", e.id)))
        .collect();

    let allowed_top = [
        vault::HEADER_FILE,
        vault::HEADER_COPY_FILE,
        vault::lock::LOCK_FILE,
        vault::DB_FILE,
        "casefile.db-journal",
        vault::CASES_DIR,
        vault::TMP_DIR,
    ];
    for entry in read_dir(root)? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !allowed_top.contains(&name.as_str()) {
            stray(&entry.path(), "not part of a CaseFile vault");
        }
    }
    for entry in read_dir(&root.join(vault::TMP_DIR))? {
        stray(&entry.path(), "a leftover temporary file");
    }
    for case_entry in read_dir(&root.join(vault::CASES_DIR))? {
        let case_id = case_entry.file_name().to_string_lossy().into_owned();
        if !known_cases.contains(&case_id) || !case_entry.path().is_dir() {
            stray(&case_entry.path(), "no case with this id exists");
            continue;
        }
        for inner in read_dir(&case_entry.path())? {
            if inner.file_name() != "evidence" || !inner.path().is_dir() {
                stray(&inner.path(), "not part of a case folder");
                continue;
            }
            for file in read_dir(&inner.path())? {
                let name = file.file_name().to_string_lossy().into_owned();
                if !expected.contains(&(case_id.clone(), name)) {
                    stray(&file.path(), "an evidence file with no record");
                }
            }
        }
    }
    Ok(problems)
}

fn read_dir(dir: &Path) -> Result<Vec<fs::DirEntry>> {
    match fs::read_dir(dir) {
        Ok(entries) => {
            let mut v: Vec<_> = entries.flatten().collect();
            v.sort_by_key(|e| e.file_name());
            Ok(v)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(crate::Error::io(format!("reading {}", dir.display()), e)),
    }
}
