//! The use cases: the only surface the CLI and the desktop shell call.
//!
//! A [`Session`] is an unlocked vault with its database. Every change takes the vault's writer
//! lock for its duration, appends its chain event in the same transaction as its rows, and
//! leaves either nothing or the whole change behind.

pub mod case;
pub mod contacts;
pub mod corrections;
pub mod dashboard;
pub mod debt;
pub mod documents;
pub mod evidence;
pub mod export;
pub mod import;
pub mod log;
pub mod mediation;
pub mod overview;
pub mod process;
pub mod profile;
pub mod rate;
pub mod sample;
pub mod stamping;
pub mod timeline;
pub mod timestamp;
pub mod verify;

pub use crate::domain::Lang;
pub use crate::vault::{HEADER_FILE, KdfChoice, RecoveryKey};

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use secrecy::SecretString;
use serde_json::json;

use crate::chain::{Draft, EventKind};
use crate::domain::{Clock, Instant};
use crate::vault::lock::WriteLock;
use crate::vault::{self, Vault};
use crate::{Error, Result, db};

/// Progress and cancellation for long work (intake of a large file, an export, verify).
///
/// A `Job` is cheap to clone; every clone shares one cancel flag, so the UI keeps one clone to
/// cancel with while the work holds another. Work checks the flag between steps and stops with
/// [`Error::Cancelled`], leaving nothing half-written.
#[derive(Clone, Default)]
pub struct Job {
    cancelled: std::sync::Arc<std::sync::atomic::AtomicBool>,
    #[allow(clippy::type_complexity)]
    progress: Option<std::sync::Arc<dyn Fn(JobProgress) + Send + Sync>>,
}

/// One progress report: `done` of `total` units (bytes for intake, items for exports and verify).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JobProgress {
    pub phase: JobPhase,
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum JobPhase {
    /// Reading, hashing and encrypting a file into the vault (bytes).
    Intake,
    /// Decrypting and checking evidence items (items).
    Reading,
    /// Laying out and writing the PDF (one step).
    Rendering,
    /// Writing the pack's entries (items).
    Packing,
    /// Checking the vault (items).
    Verifying,
    /// Turning imported records into contacts and sealing their files into the vault (records).
    Saving,
}

impl Job {
    pub fn new() -> Self {
        Job::default()
    }

    /// A job whose progress goes to `f`.
    pub fn with_progress(f: impl Fn(JobProgress) + Send + Sync + 'static) -> Self {
        Job {
            cancelled: Default::default(),
            progress: Some(std::sync::Arc::new(f)),
        }
    }

    /// Asks the work to stop at its next step.
    pub fn cancel(&self) {
        self.cancelled
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Reports progress, then fails with [`Error::Cancelled`] if the job was cancelled.
    pub fn step(&self, phase: JobPhase, done: u64, total: u64) -> Result<()> {
        if let Some(f) = &self.progress {
            f(JobProgress { phase, done, total });
        }
        if self.is_cancelled() {
            return Err(Error::Cancelled);
        }
        Ok(())
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("cancelled", &self.is_cancelled())
            .finish_non_exhaustive()
    }
}

/// The vault folder when none is named: `CASEFILE_VAULT`, else `casefile` in the user's data
/// folder (`~/.local/share/casefile` on Linux). The CLI and the desktop app agree on it.
pub fn default_vault_dir() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("CASEFILE_VAULT").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    dirs::data_dir()
        .map(|d| d.join("casefile"))
        .ok_or_else(|| Error::InvalidInput("cannot find your data folder; pass --vault DIR".into()))
}

/// How long a change waits for another process's change to finish before giving up.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(10);

pub struct Session {
    vault: Vault,
    conn: Connection,
    clock: Box<dyn Clock>,
    lock_wait: Duration,
}

/// What `init` hands back once: the recovery key must be shown to the user and then dropped.
#[derive(Debug)]
pub struct Created {
    pub vault_id: String,
    pub recipient: String,
    pub recovery_key: RecoveryKey,
    pub kdf_memory_kib: u32,
    pub kdf_iterations: u32,
}

/// Creates a new vault at `root` (which must not exist or be empty).
pub fn init(
    root: &Path,
    passphrase: &SecretString,
    kdf: KdfChoice,
    clock: &dyn Clock,
) -> Result<Created> {
    let now = clock.now();
    let (mut vault, recovery_key) = Vault::create(root, passphrase, kdf, now)?;
    let result = (|| {
        let mut conn = db::create(&vault)?;
        Session::change_locked(&mut conn, now, "creating the database", |c| {
            c.event(
                EventKind::VaultCreated,
                None,
                json!({
                    "vault_id": vault.header().vault_id,
                    "age_recipient": vault.header().age_recipient,
                    "schema": db::SCHEMA_VERSION,
                }),
            )
        })?;
        // The header is written last: a vault folder without it is not a vault.
        vault.commit_header()
    })();
    if let Err(e) = result {
        // Leave no half-made vault behind.
        for name in [
            vault::DB_FILE,
            vault::CASES_DIR,
            vault::TMP_DIR,
            vault::lock::LOCK_FILE,
        ] {
            let p = root.join(name);
            let _ = fs::remove_dir_all(&p).or_else(|_| fs::remove_file(&p));
        }
        return Err(e);
    }
    let h = vault.header();
    Ok(Created {
        vault_id: h.vault_id.clone(),
        recipient: h.age_recipient.clone(),
        recovery_key,
        kdf_memory_kib: h.kdf.memory_kib,
        kdf_iterations: h.kdf.iterations,
    })
}

/// Sets a new passphrase with the recovery key, for a user who lost the passphrase.
pub fn recover(
    root: &Path,
    recovery_key: &RecoveryKey,
    new_passphrase: &SecretString,
) -> Result<()> {
    let mut vault = Vault::unlock_with_recovery_key(root, recovery_key)?;
    let _lock = WriteLock::acquire(root, DEFAULT_LOCK_WAIT)?;
    vault.set_passphrase(new_passphrase)
}

impl Session {
    /// Unlocks the vault with its passphrase and opens the database.
    pub fn open(root: &Path, passphrase: &SecretString, clock: Box<dyn Clock>) -> Result<Session> {
        let vault = Vault::unlock(root, passphrase)?;
        Self::with_vault(vault, clock)
    }

    pub fn open_with_recovery_key(
        root: &Path,
        recovery_key: &RecoveryKey,
        clock: Box<dyn Clock>,
    ) -> Result<Session> {
        let vault = Vault::unlock_with_recovery_key(root, recovery_key)?;
        Self::with_vault(vault, clock)
    }

    fn with_vault(vault: Vault, clock: Box<dyn Clock>) -> Result<Session> {
        let conn = db::open(&vault)?;
        let session = Session {
            vault,
            conn,
            clock,
            lock_wait: DEFAULT_LOCK_WAIT,
        };
        // Finish what a crashed intake left, unless another process is busy with the vault
        // (its temporaries are not ours to remove).
        if let Some(_lock) = WriteLock::try_acquire(session.vault.root())? {
            session.clean_interrupted()?;
        }
        Ok(session)
    }

    /// How long changes wait for another writer (default [`DEFAULT_LOCK_WAIT`]).
    pub fn set_lock_wait(&mut self, wait: Duration) {
        self.lock_wait = wait;
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn root(&self) -> &Path {
        self.vault.root()
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn now(&self) -> Instant {
        self.clock.now()
    }

    pub(crate) fn write_lock(&self) -> Result<WriteLock> {
        WriteLock::acquire(self.vault.root(), self.lock_wait)
    }

    /// Changes the passphrase: rewraps the master key; no evidence is re-encrypted.
    /// Checks that `passphrase` opens this vault (before a sensitive change such as a new
    /// passphrase, asked of whoever sits at an unlocked app). Fails with `WrongPassphrase`.
    pub fn confirm_passphrase(&self, passphrase: &SecretString) -> Result<()> {
        Vault::unlock(self.root(), passphrase).map(drop)
    }

    pub fn change_passphrase(&mut self, new_passphrase: &SecretString) -> Result<()> {
        let _lock = self.write_lock()?;
        self.vault.set_passphrase(new_passphrase)
    }

    /// The hash of the newest chain event, and its position.
    pub fn chain_head(&self) -> Result<Option<(u64, String)>> {
        db::chain_head(&self.conn)
    }

    /// The user's local time now.
    pub fn vault_now(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.clock.now().local()
    }

    /// The user's local calendar date now.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.now().local().date_naive()
    }

    /// Appends one case record and its chain event in one transaction, under the writer lock.
    /// The event's data is `{"id": …, "record": <the record's JSON>}`, so the chain alone holds
    /// everything the record says.
    pub(crate) fn append_record<T: serde::Serialize>(
        &mut self,
        case_id: &str,
        kind: RecordKind,
        id: &str,
        body: &T,
    ) -> Result<u64> {
        let value = serde_json::to_value(body).expect("records serialise");
        debug_assert!(
            !has_float(&value),
            "chain records carry integers only (a float would not survive canonical encoding)"
        );
        let text = serde_json::to_string(&value).expect("records serialise");
        db::get_case(&self.conn, case_id)?;
        let ev = self.change("saving the record", |c| {
            let ev = c.event(
                kind.event(),
                Some(case_id),
                json!({"id": id, "record": value}),
            )?;
            db::insert_record(c.tx(), id, case_id, kind.as_str(), &text, ev.seq)?;
            Ok(ev)
        })?;
        Ok(ev.seq)
    }

    /// One case's records of one kind as they stand now, in the order they were made: a
    /// corrected record has its latest corrected content, a withdrawn one is left out (its
    /// history stays in the chain and in [`corrections::list`]).
    pub(crate) fn records<T: serde::de::DeserializeOwned>(
        &self,
        case_id: &str,
        kind: RecordKind,
    ) -> Result<Vec<T>> {
        let fixes = corrections::Fixes::load(self, case_id)?;
        db::records(&self.conn, case_id, kind.as_str())?
            .into_iter()
            .filter(|row| !fixes.is_withdrawn(&row.id))
            .map(|row| {
                let body = fixes.current_body(&row.id).unwrap_or(&row.body);
                serde_json::from_str(body).map_err(|e| Error::RecordDamaged {
                    id: row.id.clone(),
                    reason: e.to_string(),
                })
            })
            .collect()
    }

    /// Checks that each evidence id exists and belongs to the case.
    pub(crate) fn check_evidence(&self, case_id: &str, ids: &[String]) -> Result<()> {
        for id in ids {
            evidence::check_id(id)?;
            let e = db::get_evidence(&self.conn, id)?;
            if e.case_id != case_id {
                return Err(Error::InvalidInput(format!(
                    "evidence {id} belongs to another case ({}); link evidence of this case",
                    e.case_id
                )));
            }
        }
        Ok(())
    }

    /// Removes what an interrupted intake left in `tmp/`. Must hold the writer lock.
    ///
    /// `*.casefile-partial` files (and `*.partial` of older versions) are ciphertext that never
    /// got committed; the vault folder's own are half-written headers. A `*.pending` marker names
    /// a blob that was moved into place but whose database row may not have been committed:
    /// if the row is missing, the blob goes too.
    fn clean_interrupted(&self) -> Result<()> {
        crate::atomic::remove_leftovers(self.vault.root());
        self.remove_empty_orphan_case_folders()?;
        let tmp = self.vault.tmp_dir();
        let entries = match fs::read_dir(&tmp) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fs::create_dir_all(&tmp)
                    .map_err(|e| Error::io("creating the vault's tmp folder", e))?;
                return Ok(());
            }
            Err(e) => return Err(Error::io("reading the vault's tmp folder", e)),
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(id) = name.strip_suffix(".pending") {
                let target = fs::read_to_string(&path).unwrap_or_default();
                let target = self.pending_target(id, target.trim());
                if let Some(target) = target
                    && !db::evidence_exists(&self.conn, id)?
                {
                    let _ = fs::remove_file(&target);
                }
                let _ = fs::remove_file(&path);
            } else if name.ends_with(".partial") || name.ends_with(crate::atomic::PARTIAL_SUFFIX) {
                let _ = fs::remove_file(&path);
            }
        }
        Ok(())
    }

    /// Removes case folders that hold nothing and have no case row: what an older version left
    /// when `case new` was killed between making the folder and committing the row. Only empty
    /// folders are removed (`remove_dir` refuses anything else), so no file can be lost.
    fn remove_empty_orphan_case_folders(&self) -> Result<()> {
        let Ok(entries) = fs::read_dir(self.root().join(vault::CASES_DIR)) else {
            return Ok(());
        };
        for entry in entries.flatten() {
            let id = entry.file_name().to_string_lossy().into_owned();
            let evidence = entry.path().join("evidence");
            let empty = |dir: &Path| fs::read_dir(dir).is_ok_and(|mut e| e.next().is_none());
            let holds_nothing = empty(&evidence) || !evidence.exists();
            // Cleaning is best effort: a database that cannot answer is for verify to report.
            if crate::domain::is_valid_id('c', &id)
                && holds_nothing
                && matches!(db::case_exists(&self.conn, &id), Ok(false))
            {
                let _ = fs::remove_dir(&evidence);
                let _ = fs::remove_dir(entry.path());
            }
        }
        Ok(())
    }

    /// Checks that a pending marker names a blob path of the expected shape for `id`.
    fn pending_target(&self, id: &str, rel: &str) -> Option<PathBuf> {
        let mut parts = rel.split('/');
        let (Some("cases"), Some(case), Some("evidence"), Some(file), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        let ok = crate::domain::is_valid_id('c', case)
            && crate::domain::is_valid_id('e', id)
            && file == format!("{id}.age");
        ok.then(|| self.vault.evidence_path(case, id))
    }
}

/// One unit of work: everything a use case changes — rows and their chain events — under the
/// vault's writer lock, in one database transaction, committed whole or not at all.
///
/// Every change to a vault goes through [`Session::change`]; nothing else begins a transaction.
pub(crate) struct Change<'s> {
    tx: rusqlite::Transaction<'s>,
    at: Instant,
}

impl Change<'_> {
    /// The transaction, for the rows of this change.
    pub(crate) fn tx(&self) -> &rusqlite::Transaction<'_> {
        &self.tx
    }

    /// The time of this change (one clock reading for all its events).
    pub(crate) fn at(&self) -> Instant {
        self.at
    }

    /// Appends a chain event to this change.
    pub(crate) fn event(
        &self,
        kind: EventKind,
        case_id: Option<&str>,
        data: serde_json::Value,
    ) -> Result<crate::chain::StoredEvent> {
        db::append_event(
            &self.tx,
            &Draft {
                kind,
                case_id: case_id.map(str::to_owned),
                at: self.at,
                data,
            },
        )
    }
}

impl Session {
    /// Runs `work` as one unit of work (see [`Change`]); `what` names it in an error message
    /// ("saving the case"). When `work` fails nothing is committed.
    pub(crate) fn change<T>(
        &mut self,
        what: &str,
        work: impl FnOnce(&Change<'_>) -> Result<T>,
    ) -> Result<T> {
        let _lock = self.write_lock()?;
        let at = self.now();
        Self::change_locked(&mut self.conn, at, what, work)
    }

    /// [`Session::change`] for a caller that already holds the writer lock (intake holds it
    /// while it writes the file the change records).
    pub(crate) fn change_locked<T>(
        conn: &mut Connection,
        at: Instant,
        what: &str,
        work: impl FnOnce(&Change<'_>) -> Result<T>,
    ) -> Result<T> {
        let change = Change {
            tx: db::begin(conn)?,
            at,
        };
        let out = work(&change)?;
        change.tx.commit().map_err(|e| Error::db(what, e))?;
        Ok(out)
    }
}

/// The kinds of record a case accumulates, and the chain event each is carried by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordKind {
    StageChange,
    LegalEvent,
    Contact,
    Party,
    MediationCheck,
    ChecklistLink,
    PlanChoice,
    Agreement,
    Payment,
    CashFlow,
    /// A recorded correction of another record: its new content (see `corrections`).
    Correction,
    /// The user unticked a checklist item that evidence ticked by itself.
    ChecklistUntick,
    /// A recorded withdrawal of another record (see `corrections`).
    Withdrawal,
}

impl RecordKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RecordKind::StageChange => "stage_change",
            RecordKind::LegalEvent => "legal_event",
            RecordKind::Contact => "contact",
            RecordKind::Party => "party",
            RecordKind::MediationCheck => "mediation_check",
            RecordKind::ChecklistLink => "checklist_link",
            RecordKind::PlanChoice => "plan_choice",
            RecordKind::Agreement => "agreement",
            RecordKind::Payment => "payment",
            RecordKind::CashFlow => "cash_flow",
            RecordKind::Correction => "correction",
            RecordKind::ChecklistUntick => "checklist_untick",
            RecordKind::Withdrawal => "withdrawal",
        }
    }

    pub(crate) fn from_str(s: &str) -> Option<RecordKind> {
        [
            RecordKind::StageChange,
            RecordKind::LegalEvent,
            RecordKind::Contact,
            RecordKind::Party,
            RecordKind::MediationCheck,
            RecordKind::ChecklistLink,
            RecordKind::PlanChoice,
            RecordKind::Agreement,
            RecordKind::Payment,
            RecordKind::CashFlow,
            RecordKind::Correction,
            RecordKind::ChecklistUntick,
            RecordKind::Withdrawal,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    pub(crate) fn event(self) -> EventKind {
        match self {
            RecordKind::StageChange => EventKind::StageChanged,
            RecordKind::LegalEvent => EventKind::LegalEventRecorded,
            RecordKind::Contact => EventKind::ContactLogged,
            RecordKind::Party => EventKind::PartyAdded,
            RecordKind::MediationCheck => EventKind::MediationChecked,
            RecordKind::ChecklistLink => EventKind::ChecklistLinked,
            RecordKind::PlanChoice => EventKind::PlanChosen,
            RecordKind::Agreement => EventKind::AgreementRecorded,
            RecordKind::Payment => EventKind::PaymentRecorded,
            RecordKind::CashFlow => EventKind::CashFlowRecorded,
            RecordKind::Correction => EventKind::RecordCorrected,
            RecordKind::ChecklistUntick => EventKind::ChecklistUnticked,
            RecordKind::Withdrawal => EventKind::RecordWithdrawn,
        }
    }
}

fn has_float(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Number(n) => n.is_f64(),
        serde_json::Value::Array(a) => a.iter().any(has_float),
        serde_json::Value::Object(o) => o.values().any(has_float),
        _ => false,
    }
}

/// Trims optional text; empty means absent.
pub(crate) fn clean(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}
