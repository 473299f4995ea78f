//! Exports for a lawyer, a mediator or a court clerk: the evidence PDF and the evidence pack.
//!
//! This module gathers the case's report from the vault, supplies the evidence reader, lets
//! `export` decide what the PDF and the pack say, and writes the result through
//! [`AtomicFile`], so a failure (a damaged evidence file, a full disk) leaves nothing behind.
//! Every evidence file is re-hashed while it is read; a mismatch stops the export and names the
//! item. Decrypted content lives in memory only (the pack streams it); each export is a chain
//! event.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Job, JobPhase, Session};
use crate::atomic::AtomicFile;
use crate::chain::EventKind;
use crate::domain::Evidence;
pub use crate::domain::Lang;
pub use crate::domain::contact::ComplaintRecipient;
use crate::domain::deadline::LegalEvent;
use crate::domain::debt::{MediationCheck, Payment};
use crate::export::action_pdf;
pub use crate::export::action_pdf::Action;
use crate::export::evidence_pdf::{self, Exhibits};
use crate::export::pack::{self, CasePackError};
pub use crate::export::pack::{PackProblem, PackReport};
use crate::export::pdf::Rendered;
pub use crate::export::report::exhibit_label;
use crate::export::report::{
    AgreementRecord, CaseReport, CheckedContact, EvidenceSource, ExhibitStamp, Repayment,
    StampBatch,
};
use crate::{Error, Result, db};

#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Embed the original files in the PDF (default true).
    pub attachments: bool,
    pub lang: Lang,
    /// Progress (evidence items read) and cancellation.
    pub job: Job,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            attachments: true,
            lang: Lang::Zh,
            job: Job::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Exported {
    pub path: PathBuf,
    pub sha256: String,
    pub size: u64,
    pub exhibits: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub encrypted: bool,
    /// The password CaseFile made for a password-protected pack ([`new_zip_password`]),
    /// shown to the user once; `None` otherwise (a password the user gave is not repeated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_password: Option<String>,
}

/// Everything the export says about a case, read from the vault: the case and its parties,
/// stages, deadlines, contacts and violations, evidence, chain, trusted timestamps, the loan's
/// payments and real rate, agreements with their payments, and the mediation checks.
///
/// # Errors
/// `CaseNotFound`; a database or damaged-record error.
pub fn report(session: &Session, case_id: &str) -> Result<CaseReport> {
    let case = super::case::show(session, case_id)?;
    let conn = session.conn();
    let legal_events = super::timeline::events(session, case_id)?
        .into_iter()
        .map(LegalEvent::from)
        .collect();
    let contacts = super::contacts::list(session, case_id)?
        .into_iter()
        .map(|c| CheckedContact {
            contact: c.contact,
            flags: c.flags,
        })
        .collect();
    let evidence = db::list_evidence(conn, Some(case_id))?;
    let (stamps, stamp_batches) = stamps_of(session, &evidence)?;
    let repayments = super::debt::flows(session, case_id)?
        .into_iter()
        .map(|f| Repayment {
            on: f.on,
            amount_fen: f.amount_fen,
            scheduled: f.scheduled,
            note: f.note,
        })
        .collect();
    // The rate when every figure it needs is recorded; a set of flows no rate balances is
    // left out (the PDF says the rate was not computed), not an error that stops the export.
    let rate = if super::rate::missing_figures(session, case_id)?.is_empty() {
        match super::rate::for_case(session, case_id) {
            Ok(r) => Some(r),
            Err(Error::InvalidInput(_)) => None,
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let mut payments: Vec<Payment> = session.records(case_id, super::RecordKind::Payment)?;
    payments.sort_by_key(|p| p.paid_on);
    let agreements = super::mediation::agreements(session, case_id)?
        .into_iter()
        .map(|agreement| AgreementRecord {
            payments: payments
                .iter()
                .filter(|p| p.agreement_id == agreement.id)
                .cloned()
                .collect(),
            agreement,
        })
        .collect();
    let mut mediation_checks: Vec<MediationCheck> =
        session.records(case_id, super::RecordKind::MediationCheck)?;
    mediation_checks.sort_by_key(|c| c.on);
    Ok(CaseReport {
        parties: super::debt::parties(session, case_id)?,
        stages: super::timeline::stages(session, case_id)?,
        legal_events,
        deadlines: super::timeline::deadlines(session, Some(case_id))?
            .into_iter()
            .map(|d| d.deadline)
            .collect(),
        contacts,
        violations: super::contacts::violations(session, case_id)?,
        evidence,
        chain: db::events(conn, Some(case_id))?,
        chain_head: db::chain_head(conn)?,
        now: session.now(),
        case,
        stamps,
        stamp_batches,
        repayments,
        rate,
        agreements,
        mediation_checks,
    })
}

/// The trusted timestamps of `evidence`, and the batches they belong to (oldest first).
fn stamps_of(
    session: &Session,
    evidence: &[crate::domain::Evidence],
) -> Result<(HashMap<String, ExhibitStamp>, Vec<StampBatch>)> {
    let mut all = super::timestamp::item_stamps(session)?;
    let mut stamps = HashMap::new();
    for e in evidence {
        if let Some(s) = all.remove(&e.id) {
            let gen_time = chrono::DateTime::parse_from_rfc3339(&s.batch.gen_time)
                .map_err(|err| Error::RecordDamaged {
                    id: s.batch.id.clone(),
                    reason: format!("genTime: {err}"),
                })?
                .with_timezone(&chrono::Utc);
            stamps.insert(
                e.id.clone(),
                ExhibitStamp {
                    batch_id: s.batch.id.clone(),
                    tsa_url: s.batch.tsa_url.clone(),
                    gen_time,
                    proof: s.proof,
                },
            );
        }
    }
    let used: std::collections::HashSet<&str> =
        stamps.values().map(|s| s.batch_id.as_str()).collect();
    let batches = super::timestamp::batch_files(session)?
        .into_iter()
        .filter(|(b, _, _)| used.contains(b.id.as_str()))
        .map(|(b, response, certs_pem)| StampBatch {
            id: b.id,
            tsa_url: b.tsa_url,
            gen_time: b.gen_time,
            root: b.root,
            serial: b.serial,
            policy: b.policy,
            response,
            certs_pem,
        })
        .collect();
    Ok((stamps, batches))
}

/// Evidence read from the vault, each read checked; progress goes to the job.
struct VaultEvidence<'s> {
    session: &'s Session,
    job: &'s Job,
    phase: JobPhase,
}

impl VaultEvidence<'_> {
    fn damaged(e: &Evidence, reason: String) -> Error {
        Error::EvidenceDamaged {
            evidence_id: e.id.clone(),
            reason,
        }
    }

    fn mismatch(e: &Evidence) -> Error {
        Self::damaged(
            e,
            "its content no longer matches the SHA-256 recorded at intake".into(),
        )
    }
}

impl EvidenceSource for VaultEvidence<'_> {
    type Error = Error;

    fn progress(&self, done: u64, total: u64) -> Result<()> {
        self.job.step(self.phase, done, total)
    }

    fn read(&self, e: &Evidence) -> Result<Arc<[u8]>> {
        let mut reader = super::evidence::open_plaintext(self.session, e)?;
        let mut bytes = Vec::with_capacity(usize::try_from(e.size).unwrap_or(0));
        reader.read_to_end(&mut bytes).map_err(|err| {
            Self::damaged(
                e,
                format!("its encrypted file is damaged or truncated ({err})"),
            )
        })?;
        if bytes.len() as u64 != e.size || hex::encode(Sha256::digest(&bytes)) != e.sha256 {
            return Err(Self::mismatch(e));
        }
        Ok(bytes.into())
    }

    fn check_streaming(&self, e: &Evidence) -> Result<()> {
        let vault = self.session.vault();
        let path = vault.evidence_path(&e.case_id, &e.id);
        let (sha, size) = crate::vault::blob::digest(&path, vault.identity())
            .map_err(|reason| Self::damaged(e, reason))?;
        if size != e.size || hex::encode(sha) != e.sha256 {
            return Err(Self::mismatch(e));
        }
        Ok(())
    }

    fn open(&self, e: &Evidence) -> Result<Box<dyn Read + '_>> {
        Ok(Box::new(super::evidence::open_plaintext(self.session, e)?))
    }
}

fn check_output(out: &Path, force: bool) -> Result<()> {
    if !force && std::fs::symlink_metadata(out).is_ok() {
        return Err(Error::OutputExists {
            path: out.to_path_buf(),
        });
    }
    Ok(())
}

fn record_export(session: &mut Session, case_id: &str, data: serde_json::Value) -> Result<()> {
    session
        .change("recording the export", |c| {
            c.event(EventKind::ExportMade, Some(case_id), data)
        })
        .map(drop)
}

/// Reads the exhibits the PDF shows and renders the PDF that rides in a pack, in memory
/// (without attachments: the originals sit beside it; exhibits it does not show are read and
/// checked by the pack itself).
fn render_pdf(session: &Session, report: &CaseReport, lang: Lang, job: &Job) -> Result<Rendered> {
    let source = VaultEvidence {
        session,
        job,
        phase: JobPhase::Reading,
    };
    let exhibits: Exhibits = evidence_pdf::read_exhibits(report, &source, false, true)?;
    job.step(JobPhase::Rendering, 0, 1)?;
    let rendered =
        evidence_pdf::render(report, &exhibits, false, lang).map_err(|e| Error::RenderFailed {
            document: "the evidence PDF".into(),
            reason: e.to_string(),
        })?;
    job.step(JobPhase::Rendering, 1, 1)?;
    Ok(rendered)
}

/// `casefile export pdf`: rendered straight into the output file (through [`AtomicFile`]),
/// so the finished PDF is never held in memory as a whole.
pub fn evidence_pdf(
    session: &mut Session,
    case_id: &str,
    out: &Path,
    force: bool,
    options: PdfOptions,
) -> Result<Exported> {
    let report = report(session, case_id)?;
    check_output(out, force)?;
    let source = VaultEvidence {
        session,
        job: &options.job,
        phase: JobPhase::Reading,
    };
    let exhibits: Exhibits =
        evidence_pdf::read_exhibits(&report, &source, options.attachments, false)?;
    options.job.step(JobPhase::Rendering, 0, 1)?;
    let mut file = AtomicFile::create(out)?;
    let written = {
        let mut sink = std::io::BufWriter::with_capacity(1 << 20, file.file());
        let written = evidence_pdf::render_to(
            &report,
            &exhibits,
            options.attachments,
            options.lang,
            &mut sink,
        )
        .map_err(|e| match e {
            crate::export::pdf::RenderError::Write(io) => Error::io("writing the PDF", io),
            e => Error::RenderFailed {
                document: "the evidence PDF".into(),
                reason: e.to_string(),
            },
        })?;
        sink.flush().map_err(|e| Error::io("writing the PDF", e))?;
        written
    };
    drop(exhibits);
    // The last point a cancel is heard: once the file is in place, the export is done.
    options.job.step(JobPhase::Rendering, 1, 1)?;
    file.commit(force)?;
    let sha256 = hex::encode(written.sha256);
    let mut warnings: Vec<String> = written.image_problems.clone();
    if !written.missing_chars.is_empty() {
        warnings.push(format!(
            "the font lacks these characters, shown as □: {}",
            written.missing_chars.iter().collect::<String>()
        ));
    }
    if !written.pdfa_blockers.is_empty() {
        warnings.push(format!(
            "the PDF is not declared PDF/A-3b (archival): {}",
            written.pdfa_blockers.join("; ")
        ));
    }
    let evidence = &report.evidence;
    record_export(
        session,
        case_id,
        json!({
            "export": "evidence_pdf",
            "sha256": sha256,
            "size": written.size,
            "pages": written.pages,
            "pdfa": written.pdfa_blockers.is_empty(),
            "attachments": options.attachments,
            "exhibits": evidence.iter().map(|e| &e.id).collect::<Vec<_>>(),
        }),
    )?;
    Ok(Exported {
        path: out.to_path_buf(),
        sha256,
        size: written.size,
        exhibits: evidence.len(),
        pages: Some(written.pages),
        warnings,
        encrypted: false,
        zip_password: None,
    })
}

/// `casefile export complaint` / `casefile export police`: 投诉材料 (to 12378, 12363 or the
/// internet finance association) or 报警材料 (asking for an order not to contact), built from the
/// contact log's violations, as a PDF followed by the exhibits it cites (pictures and PDFs drawn;
/// recordings and other files listed by number, title and SHA-256). Written atomically; a chain
/// event records it.
///
/// # Errors
/// `InvalidInput` when the log has nothing to put in it (no violation for a complaint, no
/// threat for the police); `OutputExists` without `force`; a damaged exhibit; a render failure.
pub fn action_pdf(
    session: &mut Session,
    case_id: &str,
    action: Action,
    out: &Path,
    force: bool,
    lang: Lang,
    job: &Job,
) -> Result<Exported> {
    let report = report(session, case_id)?;
    if action_pdf::items_for(&report, action).is_empty() {
        return Err(Error::InvalidInput(match action {
            Action::Complaint(_) => "the contact log has no violation to complain about: log the calls and messages (with what was said) first".into(),
            Action::Police => "the contact log has no threat flagged: log the threatening calls or messages with their words first, or complain to the regulator instead".into(),
        }));
    }
    check_output(out, force)?;
    let cited = action_pdf::cited_ids(&report, action);
    let source = VaultEvidence {
        session,
        job,
        phase: JobPhase::Reading,
    };
    let exhibits = action_pdf::read_cited(&report, &source, &cited)?;
    job.step(JobPhase::Rendering, 0, 1)?;
    let today = session.now().local().date_naive();
    let doc = action_pdf::document(&report, &exhibits, action, today, lang);
    let options = crate::export::pdf::RenderOptions {
        created: Some(report.now.utc),
        ..crate::export::pdf::RenderOptions::default()
    };
    let rendered =
        crate::export::pdf::render_with(&doc, &options).map_err(|e| Error::RenderFailed {
            document: "the complaint or police-report PDF".into(),
            reason: e.to_string(),
        })?;
    drop(exhibits);
    job.step(JobPhase::Rendering, 1, 1)?;
    crate::atomic::write(out, &rendered.bytes, force)?;
    let sha256 = hex::encode(Sha256::digest(&rendered.bytes));
    let mut warnings = rendered.image_problems.clone();
    if !rendered.missing_chars.is_empty() {
        warnings.push(format!(
            "the font lacks these characters, shown as □: {}",
            rendered.missing_chars.iter().collect::<String>()
        ));
    }
    let (export, to) = match action {
        Action::Complaint(to) => ("complaint_pdf", Some(to.as_str())),
        Action::Police => ("police_report_pdf", None),
    };
    record_export(
        session,
        case_id,
        json!({
            "export": export,
            "to": to,
            "sha256": sha256,
            "size": rendered.bytes.len(),
            "pages": rendered.pages,
            "exhibits": cited,
        }),
    )?;
    Ok(Exported {
        path: out.to_path_buf(),
        sha256,
        size: rendered.bytes.len() as u64,
        exhibits: cited.len(),
        pages: Some(rendered.pages),
        warnings,
        encrypted: false,
        zip_password: None,
    })
}

/// How many items of the contact log each action pack would hold: the app offers 投诉材料
/// and 报警材料 only when there is something to put in them, and says so otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActionItems {
    /// Violations for a complaint (every flagged violation).
    pub complaint: u32,
    /// Threats for the police report.
    pub police: u32,
}

/// The counts of [`ActionItems`] for the case, from its violation summary (the same selection
/// [`action_pdf`] makes).
///
/// # Errors
/// `CaseNotFound`, or a database error.
pub fn action_items(session: &Session, case_id: &str) -> Result<ActionItems> {
    let summary = super::contacts::violations(session, case_id)?;
    let count = |action: Action| {
        let n = summary.items.iter().filter(|i| action.takes(i)).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    Ok(ActionItems {
        complaint: count(Action::Complaint(ComplaintRecipient::Regulator)),
        police: count(Action::Police),
    })
}

/// `casefile export pack`: a zip (optionally age-encrypted to `to`) streamed to `out`.
pub fn evidence_pack(
    session: &mut Session,
    case_id: &str,
    out: &Path,
    force: bool,
    to: Option<&str>,
    lang: Lang,
    job: &Job,
) -> Result<Exported> {
    let request = PackRequest {
        force,
        to,
        password: None,
        lang,
    };
    evidence_pack_with(session, case_id, out, &request, job)
}

/// How the pack is written (see [`evidence_pack_with`]).
#[derive(Debug, Default)]
pub struct PackRequest<'a> {
    /// Replace an existing `out`.
    pub force: bool,
    /// Encrypt the whole pack to this age public key (`age1…`).
    pub to: Option<&'a str>,
    /// Encrypt every entry with WinZip AES-256 (the zip a lawyer opens in 7-Zip, WinRAR or
    /// Bandizip). Not together with `to`.
    pub password: Option<PackPassword>,
    pub lang: Lang,
}

/// The password of a password-protected pack.
#[derive(Debug)]
pub enum PackPassword {
    /// A new one from [`new_zip_password`], returned once in [`Exported::zip_password`].
    New,
    /// The user's own (not repeated in the result).
    Given(secrecy::SecretString),
}

/// The alphabet of [`new_zip_password`]: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, which are mistaken
/// for each other when a password is read out over the phone or copied from paper.
const PASSWORD_ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTUVWXY";
/// 24 characters from 25: about 111 bits, past what guessing at AES zip speed can reach.
const PASSWORD_CHARS: usize = 24;

/// A random password for an AES-encrypted pack: 24 characters in six groups of four
/// (`7KQ4-M3XD-…`), from an alphabet without look-alikes. The user sends it to the lawyer
/// by another way than the pack (a call, a message): whoever has both can open it.
#[must_use]
pub fn new_zip_password() -> secrecy::SecretString {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    let mut s = String::with_capacity(PASSWORD_CHARS + PASSWORD_CHARS / 4);
    for i in 0..PASSWORD_CHARS {
        if i > 0 && i % 4 == 0 {
            s.push('-');
        }
        s.push(char::from(
            PASSWORD_ALPHABET[rng.gen_range(0..PASSWORD_ALPHABET.len())],
        ));
    }
    secrecy::SecretString::from(s)
}

/// [`evidence_pack`] with every option: a zip streamed to `out`, age-encrypted to
/// `request.to` or AES-encrypted under `request.password` (one or neither), its entries
/// dated with the export's local time.
///
/// # Errors
/// [`Error::InvalidInput`] when both `to` and `password` are given or the password is
/// empty; otherwise as [`evidence_pack`].
pub fn evidence_pack_with(
    session: &mut Session,
    case_id: &str,
    out: &Path,
    request: &PackRequest,
    job: &Job,
) -> Result<Exported> {
    use secrecy::ExposeSecret;
    let PackRequest {
        force,
        to,
        password,
        lang,
    } = request;
    let (force, to, lang) = (*force, *to, *lang);
    if to.is_some() && password.is_some() {
        return Err(Error::InvalidInput(
            "choose one: encrypt the pack to the lawyer's key (--to) or with a password (--zip-password), not both".into(),
        ));
    }
    let made = matches!(password, Some(PackPassword::New)).then(new_zip_password);
    let password = match password {
        Some(PackPassword::Given(p)) => Some(p.clone()),
        Some(PackPassword::New) => made.clone(),
        None => None,
    };
    if password
        .as_ref()
        .is_some_and(|p| p.expose_secret().is_empty())
    {
        return Err(Error::InvalidInput(
            "the pack's password is empty; leave the password to CaseFile (it makes a strong one) or give one".into(),
        ));
    }
    let report = report(session, case_id)?;
    let out = match to {
        Some(_) if out.extension().is_none_or(|x| x != "age") => {
            let mut name = out.as_os_str().to_owned();
            name.push(".age");
            PathBuf::from(name)
        }
        _ => out.to_path_buf(),
    };
    check_output(&out, force)?;
    // The PDF inside the pack carries no attachments: the originals sit beside it.
    let rendered = render_pdf(session, &report, lang, job)?;
    let mut file = AtomicFile::create(&out)?;
    let options = pack::PackOptions {
        modified: Some(report.now.local().naive_local()),
        password: password.clone(),
    };
    let (sha256, size) = write_pack(
        session,
        &report,
        &rendered.bytes,
        to,
        &options,
        file.file(),
        job,
    )?;
    file.commit(force)?;
    let evidence = &report.evidence;
    record_export(
        session,
        case_id,
        json!({
            "export": "evidence_pack",
            "sha256": sha256,
            "size": size,
            "encrypted_to": to,
            "password_protected": password.is_some(),
            "exhibits": evidence.iter().map(|e| &e.id).collect::<Vec<_>>(),
        }),
    )?;
    Ok(Exported {
        path: out,
        sha256,
        size,
        exhibits: evidence.len(),
        pages: None,
        warnings: rendered.image_problems.clone(),
        encrypted: to.is_some() || password.is_some(),
        zip_password: made.map(|p| p.expose_secret().to_string()),
    })
}

/// Streams the pack (encrypted to `to` if given) into `file`; returns the SHA-256 (hex) and
/// size of what was written. A third thread hashes and writes the output, so the file need
/// not be read again to record its hash.
fn write_pack(
    session: &Session,
    report: &CaseReport,
    pdf: &[u8],
    to: Option<&str>,
    options: &pack::PackOptions,
    file: &mut File,
    job: &Job,
) -> Result<(String, u64)> {
    let source = VaultEvidence {
        session,
        job,
        phase: JobPhase::Packing,
    };
    let manifest = pack::manifest(report, Some(pack::pdf_path(&report.case.title)));
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(OUTPUT_DEPTH);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || hash_and_write(rx, file));
        let sink = OutputQueue {
            tx,
            buf: Vec::with_capacity(OUTPUT_CHUNK),
        };
        let packed = (|| -> Result<OutputQueue> {
            let mut sink = match to {
                Some(recipient) => {
                    let enc = pack::encrypt_to(recipient, sink)
                        .map_err(|e| Error::InvalidInput(e.to_string()))?;
                    let enc = pack::write_case(enc, report, &manifest, pdf, &source, options)
                        .map_err(pack_error)?;
                    enc.finish()
                        .map_err(|e| Error::io("encrypting the pack", e))?
                }
                None => pack::write_case(sink, report, &manifest, pdf, &source, options)
                    .map_err(pack_error)?,
            };
            sink.flush().map_err(|e| Error::io("writing the pack", e))?;
            Ok(sink)
        })();
        // Dropping the queue (with it, after an error) ends the writer.
        let finished = packed.map(drop);
        let written = writer.join().expect("the writing thread does not panic");
        // A failed write (a full disk) stops the packer too: report the cause, not the symptom.
        let written = written.map_err(|e| Error::io("writing the pack", e))?;
        finished.map(|()| written)
    })
}

/// Bytes of output passed to the writing thread at a time, and how many may wait.
const OUTPUT_CHUNK: usize = 1 << 20;
const OUTPUT_DEPTH: usize = 4;

/// The pack's output as seen by the zip writer: batches sent to [`hash_and_write`].
struct OutputQueue {
    tx: std::sync::mpsc::SyncSender<Vec<u8>>,
    buf: Vec<u8>,
}

impl Write for OutputQueue {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let n = data.len().min(OUTPUT_CHUNK - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == OUTPUT_CHUNK {
            self.flush()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.buf, Vec::with_capacity(OUTPUT_CHUNK));
        self.tx
            .send(full)
            .map_err(|_| std::io::Error::other("the pack's file could not be written"))
    }
}

/// Writes every batch to `file` and hashes it; returns the SHA-256 (hex) and size.
fn hash_and_write(
    rx: std::sync::mpsc::Receiver<Vec<u8>>,
    file: &mut File,
) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    for batch in rx {
        file.write_all(&batch)?;
        hasher.update(&batch);
        size += batch.len() as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// Maps a pack error to the core's.
fn pack_error(e: CasePackError<Error>) -> Error {
    match e {
        CasePackError::Source(e) => e,
        CasePackError::Damaged {
            evidence_id,
            reason,
        } => Error::EvidenceDamaged {
            evidence_id,
            reason,
        },
        CasePackError::Pack(pack::PackError::Io(io)) => Error::io("writing the pack", io),
        CasePackError::Pack(other) => Error::RenderFailed {
            document: "the evidence pack".into(),
            reason: other.to_string(),
        },
    }
}

/// `casefile verify-pack`: checks a received pack without any vault.
pub fn verify_pack(path: &Path, identity: Option<&Path>) -> Result<PackReport> {
    verify_pack_with(path, identity, None)
}

/// [`verify_pack`] of a pack that may be password-protected.
///
/// # Errors
/// [`Error::InvalidInput`] naming what is needed when the pack asks for a password that
/// was not given or does not open it, or for an age key.
pub fn verify_pack_with(
    path: &Path,
    identity: Option<&Path>,
    password: Option<&secrecy::SecretString>,
) -> Result<PackReport> {
    use secrecy::ExposeSecret;
    if !path.exists() {
        return Err(Error::SourceUnreadable {
            path: path.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    let password = password.map(|p| p.expose_secret().as_bytes());
    match pack::open_pack_file_with(path, identity, password) {
        Ok(report) => Ok(report),
        // A file that is not a readable pack at all is a failed check, not a usage error.
        Err(
            e
            @ (pack::PackError::NotZip(_) | pack::PackError::Zip(_) | pack::PackError::Decrypt(_)),
        ) => Ok(PackReport {
            ok: false,
            files_checked: 0,
            exhibits: 0,
            problems: vec![PackProblem {
                code: "damaged",
                path: None,
                message: format!("{}: {e}", path.display()),
            }],
        }),
        Err(e) => Err(Error::InvalidInput(e.to_string())),
    }
}
