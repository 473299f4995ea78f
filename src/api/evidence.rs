//! Evidence intake, listing and extraction.
//!
//! Intake reads the source once: SHA-256 of the plaintext and age encryption in the same pass,
//! into a temporary file in the vault's `tmp/` (`crate::atomic`); a `tmp/<id>.pending` marker;
//! fsync and a no-clobber rename into the case folder; then the database row and the chain event in one transaction; then the marker
//! goes. A crash at any point leaves either nothing (after the next open cleans up) or the whole
//! item. The source file is opened read-only and never modified.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::Session;
use crate::atomic::AtomicFile;
use crate::chain::EventKind;
use crate::domain::{Evidence, EvidenceKind, Instant, MAX_TRANSCRIPT_CHARS, media, new_id};
use crate::vault::{blob, sync_dir};
use crate::{Error, Result, db};

#[derive(Debug, Clone, Default)]
pub struct AddOptions {
    /// What the file is; guessed from its content when `None`.
    pub kind: Option<EvidenceKind>,
    pub note: Option<String>,
    /// Cancels the intake between chunks; nothing is left behind.
    pub job: super::Job,
}

/// Bytes of one file read so far, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AddOutcome {
    /// Stored and chained.
    Added {
        #[serde(flatten)]
        evidence: Evidence,
    },
    /// The same content (same SHA-256) is already in this case; nothing was stored.
    Duplicate {
        #[serde(flatten)]
        existing: Evidence,
    },
}

impl AddOutcome {
    pub fn evidence(&self) -> &Evidence {
        match self {
            AddOutcome::Added { evidence } => evidence,
            AddOutcome::Duplicate { existing } => existing,
        }
    }
}

/// A source that stops with an error once its job is cancelled, so `seal` unwinds cleanly.
struct Cancellable<'a, R> {
    inner: &'a mut R,
    job: &'a super::Job,
}

impl<R: Read> Read for Cancellable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.job.is_cancelled() {
            return Err(std::io::Error::other("cancelled"));
        }
        self.inner.read(buf)
    }
}

/// The source file being added, opened read-only, with what was known before reading it.
struct Source<'p> {
    path: &'p Path,
    file: File,
    before: fs::Metadata,
    name_raw: Vec<u8>,
}

impl<'p> Source<'p> {
    fn open(path: &'p Path) -> Result<Source<'p>> {
        let unreadable = |e| Error::SourceUnreadable {
            path: path.to_path_buf(),
            source: e,
        };
        let file = File::open(path).map_err(unreadable)?;
        let before = file.metadata().map_err(unreadable)?;
        if !before.is_file() {
            return Err(Error::NotAFile {
                path: path.to_path_buf(),
            });
        }
        Ok(Source {
            name_raw: file_name_bytes(path)?,
            path,
            file,
            before,
        })
    }

    fn unreadable(&self, e: std::io::Error) -> Error {
        Error::SourceUnreadable {
            path: self.path.to_path_buf(),
            source: e,
        }
    }

    /// A file that grew, shrank or was rewritten while it was read has a hash that matches
    /// neither version: refuse it rather than record a wrong hash.
    fn check_unchanged(&self, bytes_read: u64) -> Result<()> {
        let after = fs::metadata(self.path).map_err(|e| self.unreadable(e))?;
        let same = bytes_read == self.before.len()
            && after.len() == self.before.len()
            && after.modified().ok() == self.before.modified().ok();
        if same {
            Ok(())
        } else {
            Err(Error::SourceChanged {
                path: self.path.to_path_buf(),
            })
        }
    }
}

/// Adds one file to a case.
pub fn add(
    session: &mut Session,
    case_id: &str,
    source: &Path,
    options: &AddOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<AddOutcome> {
    super::case::check_id(case_id)?;
    db::get_case(session.conn(), case_id)?;
    let _lock = session.write_lock()?;
    let now = session.now();
    let mut staged = match stage(session, case_id, source, options, now, progress)? {
        Staging::Duplicate(existing) => return Ok(AddOutcome::Duplicate { existing }),
        Staging::Staged(s) => s,
    };
    let committed =
        Session::change_locked(&mut session.conn, now, "saving the evidence record", |c| {
            staged.record(c)
        });
    if let Err(e) = committed {
        staged.discard();
        return Err(e);
    }
    staged.finish();
    Ok(AddOutcome::Added {
        evidence: staged.evidence,
    })
}

/// An item sealed into its case folder whose row is not committed yet: a `tmp/<id>.pending`
/// marker makes the next open remove the blob if the process dies before the commit.
pub(crate) struct Staged {
    pub(crate) evidence: Evidence,
    name_raw: Vec<u8>,
    final_path: std::path::PathBuf,
    pending: std::path::PathBuf,
}

pub(crate) enum Staging {
    Staged(Staged),
    /// The same content is already in the case.
    Duplicate(Evidence),
}

impl Staged {
    /// Appends the item's chain event and row to `c` (sets its chain position).
    pub(crate) fn record(&mut self, c: &super::Change<'_>) -> Result<()> {
        let ev = c.event(
            EventKind::EvidenceAdded,
            Some(&self.evidence.case_id),
            evidence_event_data(&self.evidence),
        )?;
        self.evidence.chain_seq = ev.seq;
        db::insert_evidence(c.tx(), &self.evidence, &self.name_raw)
    }

    /// Removes the blob and its marker (the row was not committed).
    pub(crate) fn discard(&self) {
        let _ = fs::remove_file(&self.final_path);
        let _ = fs::remove_file(&self.pending);
    }

    /// Drops the marker once the row is committed (best effort: a marker whose row exists is
    /// simply removed at the next open).
    pub(crate) fn finish(&self) {
        let _ = fs::remove_file(&self.pending);
    }
}

/// Seals `source` into the case folder without committing its row. The caller holds the
/// writer lock and then either records the item in a change or discards it.
pub(crate) fn stage(
    session: &Session,
    case_id: &str,
    source: &Path,
    options: &AddOptions,
    now: Instant,
    progress: &mut dyn FnMut(Progress),
) -> Result<Staging> {
    let mut source = Source::open(source)?;
    let id = new_id('e', 8);
    let final_path = session.vault().evidence_path(case_id, &id);
    let (out, sealed) = seal(session, &mut source, &final_path, options, progress)?;
    let sha256 = hex::encode(sealed.sha256);
    if let Some(existing) = db::find_evidence_by_hash(session.conn(), case_id, &sha256)? {
        return Ok(Staging::Duplicate(existing));
    }
    let media_type = sniff_media_type(&sealed.head);
    drop(sealed.head);
    let measured = measure(session, out.temp_path(), &media_type);
    let pending = place(session, out, case_id, &id, &final_path)?;

    let evidence = Evidence {
        id,
        case_id: case_id.to_string(),
        name_raw_hex: std::str::from_utf8(&source.name_raw)
            .is_err()
            .then(|| hex::encode(&source.name_raw)),
        name: String::from_utf8_lossy(&source.name_raw).into_owned(),
        size: sealed.size,
        sha256,
        kind: options
            .kind
            .unwrap_or_else(|| EvidenceKind::guess(&media_type, measured.camera.from_camera())),
        media_type,
        note: super::clean(options.note.clone()),
        source_modified_at: source.before.modified().ok().map(|t| Instant {
            utc: chrono::DateTime::<chrono::Utc>::from(t),
            offset_minutes: now.offset_minutes,
        }),
        exif_taken_at: measured.camera.taken_at,
        exif_time_kind: measured.camera.time_kind,
        camera_make: measured.camera.make,
        camera_model: measured.camera.model,
        purpose: None,
        transcript: None,
        duration_ms: measured.duration.map(|d| d.millis),
        duration_estimated: measured.duration.is_some_and(|d| d.estimated),
        added_at: now,
        chain_seq: 0,
    };
    Ok(Staging::Staged(Staged {
        evidence,
        name_raw: source.name_raw,
        final_path,
        pending,
    }))
}

/// What is measured at intake from the sealed copy, the exact bytes that were hashed.
struct Measured {
    duration: Option<media::Playback>,
    camera: media::CameraFacts,
}

/// Reads a recording's duration or a picture's EXIF from the sealed (encrypted) copy through
/// a seekable decrypting reader: the source is read only once, what is measured is what was
/// hashed, nothing in plaintext touches the disk, and memory stays bounded whatever the size
/// (headers and frames are read by seeking). A copy that cannot be read back measures nothing.
fn measure(session: &Session, sealed: &Path, media_type: &str) -> Measured {
    let mut measured = Measured {
        duration: None,
        camera: media::CameraFacts {
            orientation: 1,
            ..Default::default()
        },
    };
    let recording = media_type.starts_with("audio/") || media_type.starts_with("video/");
    if !recording && !media_type.starts_with("image/") {
        return measured;
    }
    let Ok(reader) = blob::open(sealed, session.vault().identity()) else {
        return measured;
    };
    if recording {
        measured.duration = media::duration(media_type, reader);
    } else {
        measured.camera = media::camera_facts(media_type, &mut std::io::BufReader::new(reader));
    }
    measured
}

/// Reads the source once, hashing and encrypting it into a temporary file in the vault's
/// `tmp/`, and checks that it did not change while it was read.
fn seal(
    session: &Session,
    source: &mut Source<'_>,
    final_path: &Path,
    options: &AddOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<(AtomicFile, blob::Sealed)> {
    let mut out = AtomicFile::create_in(&session.vault().tmp_dir(), final_path)?;
    let dest = out
        .file()
        .try_clone()
        .map_err(|e| Error::io("creating a temporary file in the vault", e))?;
    let total = source.before.len();
    let mut input = Cancellable {
        inner: &mut source.file,
        job: &options.job,
    };
    let sealed = blob::seal(&mut input, dest, session.vault().recipient(), &mut |done| {
        progress(Progress { done, total })
    });
    let sealed = match sealed {
        Ok(s) => s,
        Err(_) if options.job.is_cancelled() => return Err(Error::Cancelled),
        Err(blob::SealError::Read(e)) => return Err(source.unreadable(e)),
        Err(blob::SealError::Write(e)) => {
            return Err(Error::io("writing the encrypted copy into the vault", e));
        }
    };
    source.check_unchanged(sealed.size)?;
    Ok((out, sealed))
}

/// Moves the sealed file into the case folder. The marker goes first: if the process dies
/// after the rename but before the database commit, the next open finds the marker and removes
/// the orphaned blob. Returns the marker's path.
fn place(
    session: &Session,
    out: AtomicFile,
    case_id: &str,
    id: &str,
    final_path: &Path,
) -> Result<std::path::PathBuf> {
    let tmp_dir = session.vault().tmp_dir();
    let pending = tmp_dir.join(format!("{id}.pending"));
    let moving = |e| Error::io("moving the encrypted copy into the case folder", e);
    let moved = (|| -> Result<()> {
        (|| -> std::io::Result<()> {
            let mut marker = create_private(&pending)?;
            marker.write_all(format!("cases/{case_id}/evidence/{id}.age").as_bytes())?;
            marker.sync_all()?;
            sync_dir(&tmp_dir)?;
            fs::create_dir_all(final_path.parent().expect("evidence path has a folder"))
        })()
        .map_err(moving)?;
        out.commit(false)?;
        sync_dir(&tmp_dir).map_err(moving)
    })();
    if let Err(e) = moved {
        let _ = fs::remove_file(final_path);
        let _ = fs::remove_file(&pending);
        return Err(e);
    }
    Ok(pending)
}

fn evidence_event_data(e: &Evidence) -> serde_json::Value {
    let mut data = json!({
        "evidence_id": e.id,
        "name": e.name,
        "size": e.size,
        "sha256": e.sha256,
        "media_type": e.media_type,
        "kind": e.kind.as_str(),
        "note": e.note,
        "source_modified_at": e.source_modified_at.map(|t| t.utc_rfc3339()),
        "exif_taken_at": e.exif_taken_at,
    });
    let optional = [
        (
            "exif_time_kind",
            e.exif_time_kind.map(|k| json!(k.as_str())),
        ),
        ("camera_make", e.camera_make.as_ref().map(|m| json!(m))),
        ("camera_model", e.camera_model.as_ref().map(|m| json!(m))),
        ("duration_ms", e.duration_ms.map(|d| json!(d))),
        (
            "duration_estimated",
            e.duration_estimated.then_some(json!(true)),
        ),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            data[key] = v;
        }
    }
    if let Some(raw) = &e.name_raw_hex {
        data["name_raw_hex"] = json!(raw);
    }
    data
}

pub fn list(session: &Session, case_id: &str) -> Result<Vec<Evidence>> {
    super::case::check_id(case_id)?;
    db::get_case(session.conn(), case_id)?;
    db::list_evidence(session.conn(), Some(case_id))
}

/// Adds several files one after another, as a drop or a multiple pick does. A file that fails
/// does not stop the others; once `options.job` is cancelled, the file being read leaves
/// nothing behind and every later file is reported as [`Error::Cancelled`]. `progress`
/// receives the file's index with its bytes read so far. One result per path, in order.
pub fn add_all(
    session: &mut Session,
    case_id: &str,
    sources: &[&Path],
    options: &AddOptions,
    progress: &mut dyn FnMut(usize, Progress),
) -> Vec<Result<AddOutcome>> {
    sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            if options.job.is_cancelled() {
                return Err(Error::Cancelled);
            }
            add(session, case_id, source, options, &mut |p| progress(i, p))
        })
        .collect()
}

/// Changes an item's kind, note, 证明目的 (`purpose`: what it is offered to prove; `None` or
/// blank clears it, and exports then show a suggestion marked as one) and 录音文字整理稿
/// (`transcript`: what a recording says, as the user typed or pasted it; `None` or blank
/// clears it). The chain records the old and new values of each changed field as a
/// correction; the file, its hash and its times stay as they were at intake.
///
/// # Errors
/// `InvalidInput` when the transcript is longer than [`MAX_TRANSCRIPT_CHARS`] characters
/// (nothing is saved); `EvidenceNotFound`; `VaultBusy`.
pub fn annotate(
    session: &mut Session,
    id: &str,
    kind: EvidenceKind,
    note: Option<&str>,
    purpose: Option<&str>,
    transcript: Option<&str>,
) -> Result<Evidence> {
    check_id(id)?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let purpose = purpose.map(str::trim).filter(|n| !n.is_empty());
    let transcript = transcript.map(str::trim).filter(|n| !n.is_empty());
    check_transcript(transcript)?;
    let _lock = session.write_lock()?;
    let before = db::get_evidence(session.conn(), id)?;
    let mut changes = Vec::new();
    if before.kind != kind {
        changes.push(
            serde_json::json!({"field": "kind", "old": before.kind.as_str(), "new": kind.as_str()}),
        );
    }
    if before.note.as_deref() != note {
        changes.push(serde_json::json!({"field": "note", "old": before.note, "new": note}));
    }
    if before.purpose.as_deref() != purpose {
        changes
            .push(serde_json::json!({"field": "purpose", "old": before.purpose, "new": purpose}));
    }
    if before.transcript.as_deref() != transcript {
        changes.push(
            serde_json::json!({"field": "transcript", "old": before.transcript, "new": transcript}),
        );
    }
    if changes.is_empty() {
        return Ok(before);
    }
    let at = session.now();
    Session::change_locked(&mut session.conn, at, "saving the evidence note", |c| {
        c.event(
            crate::chain::EventKind::RecordCorrected,
            Some(&before.case_id),
            serde_json::json!({"record": "evidence", "id": id, "changes": changes}),
        )?;
        db::update_evidence_annotation(c.tx(), id, kind.as_str(), note, purpose, transcript)
    })?;
    db::get_evidence(session.conn(), id)
}

/// Refuses a transcript longer than [`MAX_TRANSCRIPT_CHARS`], saying how long it is.
fn check_transcript(transcript: Option<&str>) -> Result<()> {
    let Some(t) = transcript else { return Ok(()) };
    // Counting stops one past the limit: a huge paste is not walked to its end.
    let chars = t.chars().take(MAX_TRANSCRIPT_CHARS + 1).count();
    if chars > MAX_TRANSCRIPT_CHARS {
        return Err(Error::InvalidInput(format!(
            "the transcript is longer than {MAX_TRANSCRIPT_CHARS} characters ({} in all); shorten it, or split a long recording's text and add the rest as a text file of evidence (录音文字整理稿最多 {MAX_TRANSCRIPT_CHARS} 字)",
            t.chars().count()
        )));
    }
    Ok(())
}

pub fn show(session: &Session, id: &str) -> Result<Evidence> {
    check_id(id)?;
    db::get_evidence(session.conn(), id)
}

/// Decrypts a copy of an evidence item to `out`, checking its hash on the way. The copy is
/// written beside `out` under a temporary name and renamed only once it is complete and
/// matches, so a damaged blob never leaves a half-written or wrong file behind.
pub fn extract(session: &Session, id: &str, out: &Path, force: bool) -> Result<Evidence> {
    let evidence = show(session, id)?;
    if !force && fs::symlink_metadata(out).is_ok() {
        return Err(Error::OutputExists {
            path: out.to_path_buf(),
        });
    }
    let damaged = |reason: String| Error::EvidenceDamaged {
        evidence_id: id.to_string(),
        reason,
    };
    let mut reader = open_plaintext(session, &evidence)?;
    let mut file = AtomicFile::create(out)?;
    let write_err = |e| Error::io(format!("writing {}", out.display()), e);
    let result = (|| -> Result<()> {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        let mut buf = zeroize::Zeroizing::new(vec![0u8; 1 << 20]);
        let mut size = 0u64;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(damaged(format!(
                        "its encrypted file is damaged or truncated after {size} bytes ({e})"
                    )));
                }
            };
            hasher.update(&buf[..n]);
            size += n as u64;
            file.file().write_all(&buf[..n]).map_err(write_err)?;
        }
        if hex::encode(hasher.finalize()) != evidence.sha256 || size != evidence.size {
            return Err(damaged(
                "its content no longer matches the SHA-256 recorded at intake".into(),
            ));
        }
        file.commit(force)
    })();
    result.map(|()| evidence)
}

/// Opens an evidence item's plaintext as a stream (decrypting; nothing touches the disk).
/// Damage found while reading surfaces as read errors, which callers report with the id.
pub fn open_plaintext(
    session: &Session,
    e: &Evidence,
) -> Result<age::stream::StreamReader<std::io::BufReader<File>>> {
    let damaged = |reason: String| Error::EvidenceDamaged {
        evidence_id: e.id.clone(),
        reason,
    };
    let path = session.vault().evidence_path(&e.case_id, &e.id);
    blob::open(&path, session.vault().identity()).map_err(|err| match err {
        blob::OpenError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            damaged("its encrypted file is missing".into())
        }
        blob::OpenError::Io(io) => Error::io("reading the encrypted evidence", io),
        blob::OpenError::Decrypt(d) => {
            damaged(format!("its encrypted file's header is damaged ({d})"))
        }
    })
}

/// Largest HEIC/AVIF photo turned into a JPEG for [`picture_preview`] (a phone photo is a
/// few MiB), and how much its decoded pixels may take.
const PREVIEW_SOURCE_LIMIT: u64 = 64 << 20;
const PREVIEW_DECODE_LIMIT: u64 = 400 << 20;

/// A JPEG rendering of a HEIC/AVIF photo, for a viewer (the app's webview) that cannot show
/// those formats; `None` for any other item, one larger than 64 MiB, or one that cannot be
/// decoded (the viewer then offers the original). Decrypted and decoded in memory only.
///
/// # Errors
/// [`Error::EvidenceDamaged`] when the item cannot be decrypted.
pub fn picture_preview(session: &Session, e: &Evidence) -> Result<Option<Vec<u8>>> {
    if !matches!(
        e.media_type.as_str(),
        "image/heic" | "image/heif" | "image/avif"
    ) || e.size > PREVIEW_SOURCE_LIMIT
    {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    open_plaintext(session, e)?
        .take(PREVIEW_SOURCE_LIMIT)
        .read_to_end(&mut bytes)
        .map_err(|err| Error::EvidenceDamaged {
            evidence_id: e.id.clone(),
            reason: format!("it could not be decrypted ({err})"),
        })?;
    let Ok(img) = media::heif::decode(&bytes, PREVIEW_DECODE_LIMIT) else {
        return Ok(None);
    };
    drop(bytes);
    let mut jpeg = Vec::new();
    let encoded = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img.to_rgb8());
    Ok(encoded.ok().map(|()| jpeg))
}

pub(crate) fn check_id(id: &str) -> Result<()> {
    if crate::domain::is_valid_id('e', id) {
        Ok(())
    } else {
        Err(Error::EvidenceNotFound(id.to_string()))
    }
}

/// Creates a new file readable by its owner only.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// The file name's exact bytes (on Unix any byte string; elsewhere its UTF-8).
fn file_name_bytes(path: &Path) -> Result<Vec<u8>> {
    let name = path.file_name().ok_or_else(|| Error::NotAFile {
        path: path.to_path_buf(),
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Ok(name.as_bytes().to_vec())
    }
    #[cfg(not(unix))]
    {
        Ok(name.to_string_lossy().into_owned().into_bytes())
    }
}

/// The media type from the content's magic bytes, never from the name.
pub fn sniff_media_type(head: &[u8]) -> String {
    if head.is_empty() {
        return "application/x-empty".into();
    }
    // The formats phones write first: generic tables misname several of them (AMR-WB's
    // `#!AMR-WB` as a shell script, AMR in 3GP as nothing at all).
    if let Some(t) = media::sniff(head) {
        return t.into();
    }
    if let Some(t) = infer::get(head) {
        return t.mime_type().to_string();
    }
    if let Some(t) = media::sniff_stream(head) {
        return t.into();
    }
    // Text (chat exports, SMS dumps): valid UTF-8 without control bytes, allowing a cut-off
    // final character at the end of the sniffed head.
    let text = match std::str::from_utf8(head) {
        Ok(s) => Some(s),
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok(),
        Err(_) => None,
    };
    match text {
        Some(s)
            if !s
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) =>
        {
            "text/plain".into()
        }
        // A chat or SMS export in UTF-16 or GBK/GB18030 (PC tools write these) is text too.
        _ if crate::capture::text::looks_like_text(head) => "text/plain".into(),
        _ => "application/octet-stream".into(),
    }
}

#[cfg(test)]
mod sniff_tests {
    use super::sniff_media_type;

    #[test]
    fn text_in_the_encodings_pc_tools_write_is_text() {
        let chat =
            "2025-10-03 23:41 催收员：你女儿在哪个小学我们都知道。\r\n我：请不要再打了。\r\n";
        let gbk = encoding_rs::GBK.encode(chat).0.into_owned();
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(chat.encode_utf16().flat_map(u16::to_le_bytes));
        let utf16_no_bom: Vec<u8> = "2025-10-03 hello, this is a log line\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        for (what, bytes) in [
            ("GBK", gbk),
            ("UTF-16LE", utf16le),
            ("UTF-16 no BOM", utf16_no_bom),
        ] {
            assert_eq!(sniff_media_type(&bytes), "text/plain", "{what}");
        }
        assert_eq!(sniff_media_type(chat.as_bytes()), "text/plain");
    }

    #[test]
    fn bytes_that_read_as_nothing_stay_unnamed() {
        // A xorshift stream: no format's magic, not text in any encoding.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        assert_eq!(sniff_media_type(&noise), "application/octet-stream");
    }
}
