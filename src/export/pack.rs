//! The evidence pack: a zip a lawyer receives and can check without this app.
//!
//! Layout: `exhibits/E001_<name>` (the decrypted originals, byte for byte), the evidence PDF,
//! `manifest.json` ([`Manifest`]), `核验说明.txt` and `VERIFY.txt` ([`VERIFY_TXT_ZH`],
//! [`VERIFY_TXT_EN`]) and, written last by [`PackWriter::finish`], `SHA256SUMS`: one
//! `<64 hex>  <path>\n` line per other file, sorted by path, as GNU `sha256sum -c` reads it.
//!
//! What must hold:
//! - The writer streams ([`zip::ZipWriter::new_stream`]): the output need not seek (an age
//!   encryptor), memory stays bounded whatever the file sizes, and every byte written is hashed
//!   on the way. An exhibit whose bytes differ from the recorded size or SHA-256 stops the pack
//!   with [`PackError::Mismatch`]; after any error the writer is spent: nothing more reaches the
//!   output (not even a central directory), so what was written is not a readable zip and the
//!   caller discards it.
//! - Output is deterministic: fixed entry times (1980-01-01 00:00, the zip epoch), fixed
//!   permissions, fixed compression level. Media and PDFs are stored, text and JSON deflated.
//! - Names are portable to Windows, macOS and Linux ([`sanitize_component`]); non-ASCII names
//!   carry the zip UTF-8 flag (general purpose bit 11).
//! - [`verify_pack`] needs no vault: it recomputes every hash from the zip by streaming and names
//!   the file behind every problem. It fails with an error only when the input is not a zip.
//! - The chain rule is the vault's (`chain.rs`): event hash = SHA-256(prev hash as 32 raw
//!   bytes ‖ body as UTF-8), lower-case hex.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

pub const PACK_FORMAT: &str = "casefile-pack";
pub const PACK_VERSION: u32 = 1;

/// Written last by [`PackWriter::finish`]; callers cannot add a file of this name.
pub const SUMS_PATH: &str = "SHA256SUMS";
pub const MANIFEST_PATH: &str = "manifest.json";
pub const VERIFY_TXT_ZH_PATH: &str = "核验说明.txt";
pub const VERIFY_TXT_EN_PATH: &str = "VERIFY.txt";

/// A path component is cut to this many characters (the extension kept)…
pub const MAX_COMPONENT_CHARS: usize = 120;
/// …and to this many UTF-8 bytes: Linux file systems allow 255 bytes per name, and 120
/// Chinese characters are 360.
pub const MAX_COMPONENT_BYTES: usize = 240;

const CHUNK: usize = 64 * 1024;
/// Entries at least this large need zip64 headers, which a streaming writer must know upfront.
const ZIP64_THRESHOLD: u64 = 0xFFFF_FFFF;
const AGE_BINARY_HEADER: &[u8] = b"age-encryption.org/";
const AGE_ARMOR_HEADER: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
const SUMS_READ_LIMIT: u64 = 16 << 20;
const MANIFEST_READ_LIMIT: u64 = 256 << 20;
const IDENTITY_FILE_LIMIT: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{path}: {}", mismatch_detail(.expected_sha256, .expected_size, .actual_sha256, .actual_size))]
    Mismatch {
        path: String,
        expected_sha256: String,
        expected_size: u64,
        /// SHA-256 of what was read; when more than `expected_size` bytes came, reading
        /// stopped one byte past it and this covers only that prefix.
        actual_sha256: String,
        actual_size: u64,
    },
    #[error("{path:?} cannot be a name in the pack: {reason}")]
    BadPath { path: String, reason: &'static str },
    #[error("{path:?} is already in the pack (names must differ, ignoring case)")]
    Duplicate { path: String },
    #[error("{path}: the expected SHA-256 {value:?} is not 64 hexadecimal digits")]
    BadExpectedHash { path: String, value: String },
    #[error("{path}: reading the source failed: {source}")]
    Read { path: String, source: io::Error },
    #[error("an earlier error left this pack incomplete; it must be discarded")]
    Aborted,
    #[error("writing the pack failed: {0}")]
    Io(#[from] io::Error),
    #[error("writing the pack failed: {0}")]
    Zip(String),
    #[error("not a readable zip archive: {0}")]
    NotZip(String),
    #[error("cannot read {}: {source}", .path.display())]
    Open { path: PathBuf, source: io::Error },
    #[error(
        "this pack is encrypted with age: pass the key file that opens it with --identity KEYFILE"
    )]
    NeedIdentity,
    #[error("identity file {}: {reason}", .path.display())]
    BadIdentity { path: PathBuf, reason: String },
    #[error(
        "none of the keys in {} can open this pack: it was encrypted to a different age public key",
        .path.display()
    )]
    WrongIdentity { path: PathBuf },
    #[error("the encrypted pack cannot be opened: {0}")]
    Decrypt(String),
    #[error("{recipient:?} is not an age public key (expected age1…): {reason}")]
    BadRecipient { recipient: String, reason: String },
}

fn mismatch_detail(
    expected_sha256: &str,
    expected_size: &u64,
    actual_sha256: &str,
    actual_size: &u64,
) -> String {
    if actual_size > expected_size {
        format!(
            "the source holds more than the recorded {expected_size} bytes: it is not the file recorded at intake"
        )
    } else {
        format!(
            "the source gave {actual_size} bytes with SHA-256 {actual_sha256}, but the record says {expected_size} bytes with SHA-256 {expected_sha256}"
        )
    }
}

fn zip_err(e: zip::result::ZipError) -> PackError {
    match e {
        zip::result::ZipError::Io(e) => PackError::Io(e),
        other => PackError::Zip(other.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// Names

/// One path component safe on Windows, macOS and Linux (see the module header).
pub fn sanitize_component(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| if forbidden_in_name(c) { '_' } else { c })
        .collect();
    let mut out = cap_component(trim_edges(&replaced));
    if out.is_empty() {
        out = "file".to_string();
    }
    if is_reserved_on_windows(&out) {
        // Cutting to length only ever shortens the end, so the prefix stays.
        out = cap_component(&format!("_{out}"));
    }
    out
}

/// `exhibits/E001_<sanitised name>`; three digits, more when the number needs them.
pub fn exhibit_path(number: usize, original_name: &str) -> String {
    let name = sanitize_component(original_name);
    let mut component = cap_component(&format!("E{number:03}_{name}"));
    let end = component.trim_end_matches(is_edge).len();
    component.truncate(end);
    format!("exhibits/{component}")
}

/// The same paths, made unique ignoring case (as Windows and macOS compare names): a repeat
/// gets ` (2)`, ` (3)`, … before its extension.
pub fn unique_paths<S: AsRef<str>>(paths: &[S]) -> Vec<String> {
    let mut taken = HashSet::new();
    paths
        .iter()
        .map(|p| {
            let p = p.as_ref();
            let mut candidate = p.to_string();
            let mut n = 2usize;
            while !taken.insert(candidate.to_lowercase()) {
                candidate = with_number(p, n);
                n += 1;
            }
            candidate
        })
        .collect()
}

fn with_number(path: &str, n: usize) -> String {
    let (dir, last) = match path.rsplit_once('/') {
        Some((d, l)) => (Some(d), l),
        None => (None, path),
    };
    let (stem, ext) = split_ext(last);
    let component = fit(stem, &format!(" ({n}){ext}"));
    match dir {
        Some(d) => format!("{d}/{component}"),
        None => component,
    }
}

fn forbidden_in_name(c: char) -> bool {
    matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')
        || c.is_control()
        // Bidirectional overrides make "exe.pdf" read as "fdp.exe" and the like.
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_edge(c: char) -> bool {
    c == '.' || c.is_whitespace()
}

fn trim_edges(s: &str) -> &str {
    s.trim_matches(is_edge)
}

fn is_reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end_matches(' ');
    let upper = stem.to_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && rest.len() == 1
        && matches!(rest[0], '0'..='9' | '¹' | '²' | '³')
}

/// `name` split before its extension; an extension is 1–16 characters without spaces after
/// the last dot, and the stem before it is not empty.
fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => {
            let ext = &name[i + 1..];
            let n = ext.chars().count();
            if (1..=16).contains(&n) && !ext.chars().any(char::is_whitespace) {
                (&name[..i], &name[i..])
            } else {
                (name, "")
            }
        }
        _ => (name, ""),
    }
}

fn fits(s: &str) -> bool {
    s.len() <= MAX_COMPONENT_BYTES && s.chars().count() <= MAX_COMPONENT_CHARS
}

fn cap_component(s: &str) -> String {
    if fits(s) {
        return s.to_string();
    }
    let (stem, ext) = split_ext(s);
    fit(stem, ext)
}

/// `stem` cut so that `stem + tail` fits the limits; `tail` (an extension, a number) is kept.
fn fit(stem: &str, tail: &str) -> String {
    let max_chars = MAX_COMPONENT_CHARS.saturating_sub(tail.chars().count());
    let max_bytes = MAX_COMPONENT_BYTES.saturating_sub(tail.len());
    let mut out = String::new();
    for (count, c) in stem.chars().enumerate() {
        if count + 1 > max_chars || out.len() + c.len_utf8() > max_bytes {
            break;
        }
        out.push(c);
    }
    let end = out.trim_end_matches(is_edge).len();
    out.truncate(end);
    out.push_str(tail);
    out
}

/// Why `path` may not name a file in a pack we write, if it may not.
fn path_refusal(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("it is empty");
    }
    if path.starts_with('/') {
        return Some("it is absolute");
    }
    if path.contains('\\') {
        return Some("it contains a backslash");
    }
    if path == SUMS_PATH {
        return Some("SHA256SUMS is written by the pack itself");
    }
    for component in path.split('/') {
        if component.is_empty() {
            return Some("it has an empty component");
        }
        if component == "." || component == ".." {
            return Some("it has a `.` or `..` component");
        }
        if component.chars().any(char::is_control) {
            return Some("it contains a control character");
        }
        if component
            .chars()
            .any(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        {
            return Some("it contains a character Windows does not allow in names");
        }
        if component.len() > 255 {
            return Some("a component is longer than 255 bytes");
        }
    }
    None
}

/// Why a name found in a received zip is unsafe to extract, if it is.
fn unsafe_entry_name(name: &str) -> Option<&'static str> {
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    if trimmed.starts_with('/') {
        return Some("it is absolute");
    }
    if trimmed.contains('\\') {
        return Some("it contains a backslash");
    }
    let first = trimmed.split('/').next().unwrap_or("");
    if first.len() >= 2 && first.as_bytes()[1] == b':' {
        return Some("it starts with a drive letter");
    }
    if trimmed.split('/').any(|c| c.is_empty() || c == "..") {
        return Some("it has an empty or `..` component");
    }
    None
}

/// Already-compressed formats, stored as they are.
fn is_precompressed(path: &str) -> bool {
    let ext = match path.rsplit_once('.') {
        Some((_, e)) if !e.contains('/') => e.to_ascii_lowercase(),
        _ => return false,
    };
    matches!(
        ext.as_str(),
        "jpg"
            | "jpeg"
            | "png"
            | "gif"
            | "webp"
            | "heic"
            | "heif"
            | "avif"
            | "mp4"
            | "m4v"
            | "m4a"
            | "mov"
            | "3gp"
            | "mp3"
            | "aac"
            | "amr"
            | "ogg"
            | "oga"
            | "opus"
            | "webm"
            | "mkv"
            | "flac"
            | "pdf"
            | "zip"
            | "gz"
            | "bz2"
            | "xz"
            | "zst"
            | "7z"
            | "rar"
            | "docx"
            | "xlsx"
            | "pptx"
            | "odt"
            | "ods"
            | "age"
    )
}

fn parse_sha(s: &str) -> Option<String> {
    (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_ascii_lowercase())
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Passes writes through until closed, then swallows them: a writer dropped or failed half way
/// leaves no central directory behind, so its output never passes for a finished pack.
struct Gate<W> {
    inner: W,
    closed: Arc<AtomicBool>,
}

impl<W: Write> Write for Gate<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed.load(Ordering::Relaxed) {
            return Ok(buf.len());
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed.load(Ordering::Relaxed) {
            return Ok(());
        }
        self.inner.flush()
    }
}

/// Streams a pack into `W` (see the module header).
pub struct PackWriter<W: Write> {
    zip: Option<ZipWriter<StreamWriter<Gate<W>>>>,
    closed: Arc<AtomicBool>,
    sums: BTreeMap<String, String>,
    names: HashSet<String>,
    buf: Vec<u8>,
}

impl<W: Write> PackWriter<W> {
    pub fn new(w: W) -> Result<Self, PackError> {
        let closed = Arc::new(AtomicBool::new(false));
        let gate = Gate {
            inner: w,
            closed: Arc::clone(&closed),
        };
        Ok(Self {
            zip: Some(ZipWriter::new_stream(gate)),
            closed,
            sums: BTreeMap::new(),
            names: HashSet::new(),
            buf: vec![0u8; CHUNK],
        })
    }

    /// Streams `reader` into the pack as `path`, checking it against the recorded size and
    /// SHA-256 on the way. On [`PackError::Mismatch`] (or any error) the pack is spent.
    pub fn add_file(
        &mut self,
        path: &str,
        reader: &mut dyn Read,
        expected_sha256: &str,
        expected_size: u64,
    ) -> Result<(), PackError> {
        let expected = parse_sha(expected_sha256).ok_or_else(|| PackError::BadExpectedHash {
            path: path.to_string(),
            value: expected_sha256.to_string(),
        })?;
        self.claim(path)?;
        let result = self.stream_entry(path, reader, Some(expected_size), expected_size);
        let (sha, size) = self.spent_on_error(result)?;
        if size != expected_size || sha != expected {
            self.close();
            return Err(PackError::Mismatch {
                path: path.to_string(),
                expected_sha256: expected,
                expected_size,
                actual_sha256: sha,
                actual_size: size,
            });
        }
        self.sums.insert(path.to_string(), sha);
        Ok(())
    }

    /// Adds `bytes` as `path` (the manifest, the PDF, the instructions).
    pub fn add_bytes(&mut self, path: &str, bytes: &[u8]) -> Result<(), PackError> {
        self.claim(path)?;
        let result = self.stream_entry(path, &mut &bytes[..], None, bytes.len() as u64);
        let (sha, _) = self.spent_on_error(result)?;
        self.sums.insert(path.to_string(), sha);
        Ok(())
    }

    /// Writes `SHA256SUMS` and the zip's central directory; returns the output.
    pub fn finish(mut self) -> Result<W, PackError> {
        let mut zip = self.zip.take().ok_or(PackError::Aborted)?;
        let mut sums = String::new();
        for (path, sha) in &self.sums {
            sums.push_str(sha);
            sums.push_str("  ");
            sums.push_str(path);
            sums.push('\n');
        }
        let written = (|| -> Result<W, PackError> {
            zip.start_file(SUMS_PATH, entry_options(SUMS_PATH, sums.len() as u64))
                .map_err(zip_err)?;
            zip.write_all(sums.as_bytes())?;
            let mut gate = zip.finish().map_err(zip_err)?.into_inner();
            gate.inner.flush()?;
            Ok(gate.inner)
        })();
        if written.is_err() {
            self.close();
        }
        written
    }

    fn claim(&mut self, path: &str) -> Result<(), PackError> {
        if self.zip.is_none() {
            return Err(PackError::Aborted);
        }
        if let Some(reason) = path_refusal(path) {
            return Err(PackError::BadPath {
                path: path.to_string(),
                reason,
            });
        }
        if !self.names.insert(path.to_lowercase()) {
            return Err(PackError::Duplicate {
                path: path.to_string(),
            });
        }
        Ok(())
    }

    /// Streams at most `limit + 1` bytes (unbounded without a limit) into a new entry;
    /// returns their SHA-256 and count.
    fn stream_entry(
        &mut self,
        path: &str,
        reader: &mut dyn Read,
        limit: Option<u64>,
        size_hint: u64,
    ) -> Result<(String, u64), PackError> {
        let zip = self.zip.as_mut().ok_or(PackError::Aborted)?;
        zip.start_file(path, entry_options(path, size_hint))
            .map_err(zip_err)?;
        let mut reader = reader.take(limit.map_or(u64::MAX, |n| n.saturating_add(1)));
        let mut hasher = Sha256::new();
        let mut total = 0u64;
        loop {
            let n = match reader.read(&mut self.buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(source) => {
                    return Err(PackError::Read {
                        path: path.to_string(),
                        source,
                    });
                }
            };
            hasher.update(&self.buf[..n]);
            total += n as u64;
            zip.write_all(&self.buf[..n])?;
        }
        Ok((hex::encode(hasher.finalize()), total))
    }

    fn spent_on_error<T>(&mut self, r: Result<T, PackError>) -> Result<T, PackError> {
        if r.is_err() {
            self.close();
        }
        r
    }

    /// Nothing more reaches the output; dropping the zip writer then writes into the void.
    fn close(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
        self.zip = None;
    }
}

impl<W: Write> Drop for PackWriter<W> {
    fn drop(&mut self) {
        // Not finished: the output must not end as a readable zip without SHA256SUMS.
        if self.zip.is_some() {
            self.close();
        }
    }
}

fn entry_options(path: &str, size: u64) -> SimpleFileOptions {
    let base = SimpleFileOptions::DEFAULT
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644)
        .large_file(size >= ZIP64_THRESHOLD);
    if is_precompressed(path) {
        base.compression_method(CompressionMethod::Stored)
    } else {
        base.compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
    }
}

// ---------------------------------------------------------------------------------------------
// Manifest

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub created_at: String,
    /// Case summary, free-form.
    pub case: Value,
    pub exhibits: Vec<ManifestExhibit>,
    pub chain: Vec<ChainExcerptEvent>,
    /// Path of the evidence PDF in the pack.
    pub pdf: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ManifestExhibit {
    pub number: usize,
    pub path: String,
    pub id: String,
    pub name: String,
    pub kind: String,
    pub size: u64,
    pub sha256: String,
    pub added_at: String,
    pub chain_seq: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChainExcerptEvent {
    pub seq: u64,
    pub prev_sha256: String,
    pub sha256: String,
    /// Canonical body exactly as hashed.
    pub body: String,
}

/// `SHA-256(prev (32 raw bytes) ‖ body (UTF-8))`, the vault chain's rule.
pub fn chain_event_hash(prev: &[u8; 32], body: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(prev)
        .chain_update(body.as_bytes())
        .finalize()
        .into()
}

// ---------------------------------------------------------------------------------------------
// Verifying

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackProblem {
    /// `sums`, `missing_file`, `hash_mismatch`, `unlisted_file`, `damaged`, `unsafe_path`,
    /// `manifest`, `exhibit_mismatch`, `chain`, `exhibit_unchained`.
    pub code: &'static str,
    pub path: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackReport {
    pub ok: bool,
    /// Files listed in SHA256SUMS that were found in the pack and checked, matching or not.
    pub files_checked: usize,
    /// Exhibits the manifest lists.
    pub exhibits: usize,
    pub problems: Vec<PackProblem>,
}

enum Entry {
    Read { sha256: String, size: u64 },
    Damaged(String),
}

#[derive(Default)]
struct Problems(Vec<PackProblem>);

impl Problems {
    fn add(&mut self, code: &'static str, path: Option<&str>, message: impl Into<String>) {
        self.0.push(PackProblem {
            code,
            path: path.map(str::to_string),
            message: message.into(),
        });
    }
}

/// Checks a pack read from `r` (see the module header). Errors only when `r` is not a zip.
pub fn verify_pack<R: Read + Seek>(r: R) -> Result<PackReport, PackError> {
    let mut zip = ZipArchive::new(r).map_err(|e| PackError::NotZip(e.to_string()))?;
    let mut problems = Problems::default();
    let entries = hash_entries(&mut zip, &mut problems);

    let listed = check_sums(&mut zip, &entries, &mut problems);
    let files_checked = match &listed {
        Some(listed) => listed.keys().filter(|p| entries.contains_key(*p)).count(),
        None => 0,
    };
    let exhibits = check_manifest(&mut zip, &entries, listed.as_ref(), &mut problems);

    Ok(PackReport {
        ok: problems.0.is_empty(),
        files_checked,
        exhibits,
        problems: problems.0,
    })
}

/// Every file in the zip, hashed by streaming.
fn hash_entries<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    problems: &mut Problems,
) -> BTreeMap<String, Entry> {
    let mut entries = BTreeMap::new();
    let mut buf = vec![0u8; CHUNK];
    for i in 0..zip.len() {
        let name = match zip.name_for_index(i) {
            Some(Ok(name)) => name.into_owned(),
            _ => {
                problems.add(
                    "damaged",
                    None,
                    format!("entry {} of the zip has an unreadable name", i + 1),
                );
                continue;
            }
        };
        if let Some(reason) = unsafe_entry_name(&name) {
            problems.add(
                "unsafe_path",
                Some(&name),
                format!("this name is unsafe to extract: {reason}"),
            );
        }
        let state = match zip.by_index(i) {
            Ok(file) if file.is_dir() => continue,
            Ok(mut file) => hash_reader(&mut file, &mut buf),
            Err(e) => Entry::Damaged(e.to_string()),
        };
        if entries.insert(name.clone(), state).is_some() {
            problems.add(
                "damaged",
                Some(&name),
                "the zip holds two entries of this name",
            );
        }
    }
    entries
}

fn hash_reader(r: &mut dyn Read, buf: &mut [u8]) -> Entry {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    loop {
        match r.read(buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                size += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Entry::Damaged(e.to_string()),
        }
    }
    Entry::Read {
        sha256: hex::encode(hasher.finalize()),
        size,
    }
}

fn read_entry<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, String> {
    let file = zip.by_name(name).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| e.to_string())?;
    if out.len() as u64 > limit {
        return Err(format!("it is larger than {limit} bytes"));
    }
    Ok(out)
}

/// Checks SHA256SUMS against the zip; returns what it lists (path → hash) when it could be read.
fn check_sums<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    entries: &BTreeMap<String, Entry>,
    problems: &mut Problems,
) -> Option<BTreeMap<String, String>> {
    let sums = Some(SUMS_PATH);
    match entries.get(SUMS_PATH) {
        None => {
            problems.add(
                "sums",
                sums,
                "SHA256SUMS is missing: the files cannot be checked against it",
            );
            report_damaged_entries(entries, problems, |_| true);
            return None;
        }
        Some(Entry::Damaged(why)) => {
            problems.add("damaged", sums, format!("SHA256SUMS cannot be read: {why}"));
            report_damaged_entries(entries, problems, |p| p != SUMS_PATH);
            return None;
        }
        Some(Entry::Read { .. }) => {}
    }
    let bytes = match read_entry(zip, SUMS_PATH, SUMS_READ_LIMIT) {
        Ok(b) => b,
        Err(why) => {
            problems.add("sums", sums, format!("SHA256SUMS cannot be read: {why}"));
            return None;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        problems.add("sums", sums, "SHA256SUMS is not UTF-8 text");
        return None;
    };
    let mut listed = BTreeMap::new();
    let body = text.strip_suffix('\n').unwrap_or(&text);
    for (i, line) in body.split('\n').enumerate() {
        let n = i + 1;
        let Some((sha, path)) = parse_sums_line(line) else {
            problems.add(
                "sums",
                sums,
                format!(
                    "line {n} is not of the form `<64 hex digits>  <path>`: {:?}",
                    line.chars().take(100).collect::<String>()
                ),
            );
            continue;
        };
        if path == SUMS_PATH {
            problems.add("sums", sums, format!("line {n} lists SHA256SUMS itself"));
            continue;
        }
        if listed.insert(path.to_string(), sha).is_some() {
            problems.add("sums", sums, format!("line {n} lists {path} a second time"));
        }
    }
    for (path, sha) in &listed {
        match entries.get(path) {
            None => problems.add(
                "missing_file",
                Some(path),
                "listed in SHA256SUMS but not in the pack (removed or renamed)",
            ),
            Some(Entry::Damaged(why)) => problems.add(
                "hash_mismatch",
                Some(path),
                format!(
                    "its content cannot be read back intact ({why}): it was changed or damaged"
                ),
            ),
            Some(Entry::Read { sha256, .. }) if sha256 != sha => problems.add(
                "hash_mismatch",
                Some(path),
                format!("its SHA-256 is {sha256}, but SHA256SUMS says {sha}: it was changed"),
            ),
            Some(Entry::Read { .. }) => {}
        }
    }
    for (path, entry) in entries {
        if path == SUMS_PATH || listed.contains_key(path) {
            continue;
        }
        problems.add(
            "unlisted_file",
            Some(path),
            "in the pack but not listed in SHA256SUMS (added or renamed)",
        );
        if let Entry::Damaged(why) = entry {
            problems.add("damaged", Some(path), format!("it cannot be read: {why}"));
        }
    }
    Some(listed)
}

fn report_damaged_entries(
    entries: &BTreeMap<String, Entry>,
    problems: &mut Problems,
    include: impl Fn(&str) -> bool,
) {
    for (path, entry) in entries {
        if let Entry::Damaged(why) = entry
            && include(path)
        {
            problems.add("damaged", Some(path), format!("it cannot be read: {why}"));
        }
    }
}

/// `<64 hex>  <path>` or `<64 hex> *<path>` (GNU's binary-mode marker).
fn parse_sums_line(line: &str) -> Option<(String, &str)> {
    let b = line.as_bytes();
    if b.len() < 67 || b[64] != b' ' || !(b[65] == b' ' || b[65] == b'*') {
        return None;
    }
    let sha = parse_sha(&line[..64])?;
    let path = &line[66..];
    if path.contains('\r') || path.starts_with('\\') {
        return None;
    }
    Some((sha, path))
}

/// Checks manifest.json, its exhibits and its chain excerpt; returns the number of exhibits.
fn check_manifest<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    entries: &BTreeMap<String, Entry>,
    listed: Option<&BTreeMap<String, String>>,
    problems: &mut Problems,
) -> usize {
    let here = Some(MANIFEST_PATH);
    match entries.get(MANIFEST_PATH) {
        None => {
            problems.add("manifest", here, "manifest.json is missing");
            return 0;
        }
        Some(Entry::Damaged(why)) => {
            problems.add(
                "manifest",
                here,
                format!("manifest.json cannot be read: {why}"),
            );
            return 0;
        }
        Some(Entry::Read { .. }) => {}
    }
    let value: Value = match read_entry(zip, MANIFEST_PATH, MANIFEST_READ_LIMIT)
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| format!("not valid JSON: {e}")))
    {
        Ok(v) => v,
        Err(why) => {
            problems.add(
                "manifest",
                here,
                format!("manifest.json cannot be read: {why}"),
            );
            return 0;
        }
    };
    let format = value.get("format").and_then(Value::as_str);
    let version = value.get("version").and_then(Value::as_u64);
    if format != Some(PACK_FORMAT) || version != Some(u64::from(PACK_VERSION)) {
        problems.add(
            "manifest",
            here,
            format!(
                "manifest.json is format {format:?} version {version:?}; this checker reads {PACK_FORMAT:?} version {PACK_VERSION}"
            ),
        );
        return 0;
    }
    let manifest: Manifest = match serde_json::from_value(value) {
        Ok(m) => m,
        Err(e) => {
            problems.add(
                "manifest",
                here,
                format!("manifest.json does not have the expected fields: {e}"),
            );
            return 0;
        }
    };
    if let Some(pdf) = &manifest.pdf
        && !entries.contains_key(pdf)
    {
        problems.add(
            "manifest",
            Some(pdf),
            "manifest.json names this evidence PDF, but the pack has no such file",
        );
    }
    let by_seq = check_chain(&manifest.chain, problems);
    for ex in &manifest.exhibits {
        check_exhibit(ex, entries, listed, problems);
        check_exhibit_chained(ex, &by_seq, problems);
    }
    manifest.exhibits.len()
}

fn check_exhibit(
    ex: &ManifestExhibit,
    entries: &BTreeMap<String, Entry>,
    listed: Option<&BTreeMap<String, String>>,
    problems: &mut Problems,
) {
    let path = Some(ex.path.as_str());
    let label = format!("exhibit E{:03}", ex.number);
    let Some(manifest_sha) = parse_sha(&ex.sha256) else {
        problems.add(
            "exhibit_mismatch",
            path,
            format!(
                "{label}: the manifest's SHA-256 {:?} is not 64 hex digits",
                ex.sha256
            ),
        );
        return;
    };
    match entries.get(&ex.path) {
        None => problems.add(
            "exhibit_mismatch",
            path,
            format!("{label} is in manifest.json but not in the pack"),
        ),
        Some(Entry::Damaged(why)) => problems.add(
            "exhibit_mismatch",
            path,
            format!("{label} cannot be read back intact ({why})"),
        ),
        Some(Entry::Read { sha256, size }) => {
            if *sha256 != manifest_sha || *size != ex.size {
                problems.add(
                    "exhibit_mismatch",
                    path,
                    format!(
                        "{label} is {size} bytes with SHA-256 {sha256}; manifest.json records {} bytes with SHA-256 {manifest_sha}",
                        ex.size
                    ),
                );
            }
        }
    }
    if let Some(listed) = listed {
        match listed.get(&ex.path) {
            None => problems.add(
                "exhibit_mismatch",
                path,
                format!("{label} is not listed in SHA256SUMS"),
            ),
            Some(sha) if *sha != manifest_sha => problems.add(
                "exhibit_mismatch",
                path,
                format!("{label}: SHA256SUMS says {sha}, manifest.json says {manifest_sha}"),
            ),
            Some(_) => {}
        }
    }
}

fn check_exhibit_chained(
    ex: &ManifestExhibit,
    by_seq: &HashMap<u64, Value>,
    problems: &mut Problems,
) {
    let path = Some(ex.path.as_str());
    let label = format!("exhibit E{:03}", ex.number);
    let Some(body) = by_seq.get(&ex.chain_seq) else {
        problems.add(
            "exhibit_unchained",
            path,
            format!(
                "{label} points at chain event {}, which the chain excerpt does not hold",
                ex.chain_seq
            ),
        );
        return;
    };
    let data = &body["data"];
    let kind_ok = body.get("kind").and_then(Value::as_str) == Some("evidence_added");
    let sha_ok = data
        .get("sha256")
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case(&ex.sha256));
    let size_ok = data.get("size").is_none_or(|s| s.as_u64() == Some(ex.size));
    let id_ok = data
        .get("evidence_id")
        .is_none_or(|s| s.as_str() == Some(ex.id.as_str()));
    if !(kind_ok && sha_ok && size_ok && id_ok) {
        problems.add(
            "exhibit_unchained",
            path,
            format!(
                "{label}: chain event {} is not the evidence_added event of this file (its kind, SHA-256, size or id differs)",
                ex.chain_seq
            ),
        );
    }
}

/// Recomputes every excerpt event; returns the parsed bodies by position.
fn check_chain(chain: &[ChainExcerptEvent], problems: &mut Problems) -> HashMap<u64, Value> {
    let here = Some(MANIFEST_PATH);
    let mut bodies = HashMap::new();
    let mut before: Option<&ChainExcerptEvent> = None;
    for ev in chain {
        let seq = ev.seq;
        match parse_sha(&ev.prev_sha256).and_then(|p| hex::decode(p).ok()) {
            Some(prev) => {
                let prev: [u8; 32] = prev.try_into().expect("64 hex digits are 32 bytes");
                let recomputed = hex::encode(chain_event_hash(&prev, &ev.body));
                if parse_sha(&ev.sha256).as_deref() != Some(recomputed.as_str()) {
                    problems.add(
                        "chain",
                        here,
                        format!(
                            "chain event {seq}: SHA-256(prev ‖ body) is {recomputed}, not the recorded {}: the event was altered",
                            ev.sha256
                        ),
                    );
                }
                if seq == 1 && prev != [0u8; 32] {
                    problems.add(
                        "chain",
                        here,
                        "chain event 1 must point at 64 zeros as the hash before it",
                    );
                }
            }
            None => problems.add(
                "chain",
                here,
                format!("chain event {seq}: prev_sha256 is not 64 hex digits"),
            ),
        }
        if let Some(b) = before {
            if seq <= b.seq {
                problems.add(
                    "chain",
                    here,
                    format!(
                        "chain event {seq} follows event {}: out of order or repeated",
                        b.seq
                    ),
                );
            } else if seq == b.seq + 1 && !ev.prev_sha256.eq_ignore_ascii_case(&b.sha256) {
                problems.add(
                    "chain",
                    here,
                    format!(
                        "chain event {seq} does not point at the hash of event {}: the link is broken",
                        b.seq
                    ),
                );
            }
        }
        match serde_json::from_str::<Value>(&ev.body) {
            Ok(body) => {
                if body.get("seq").and_then(Value::as_u64) != Some(seq) {
                    problems.add(
                        "chain",
                        here,
                        format!("chain event {seq}: its body gives a different position"),
                    );
                }
                bodies.insert(seq, body);
            }
            Err(_) => problems.add(
                "chain",
                here,
                format!("chain event {seq}: its body is not valid JSON"),
            ),
        }
        before = Some(ev);
    }
    bodies
}

// ---------------------------------------------------------------------------------------------
// Files and age

/// Checks the pack at `path`: an age-encrypted pack is decrypted on the fly with the X25519 keys in `identity_file`; nothing decrypted touches the disk.
pub fn open_pack_file(path: &Path, identity_file: Option<&Path>) -> Result<PackReport, PackError> {
    let open_err = |source| PackError::Open {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(open_err)?;
    let mut head = [0u8; 64];
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(open_err(e)),
        }
    }
    file.seek(SeekFrom::Start(0)).map_err(open_err)?;
    let head = &head[..n];
    let armored = head.trim_ascii_start().starts_with(AGE_ARMOR_HEADER);
    if !(head.starts_with(AGE_BINARY_HEADER) || armored) {
        return verify_pack(BufReader::new(file));
    }
    if armored {
        // The main project builds age without its `armor` feature.
        return Err(PackError::Decrypt(
            "it is ASCII-armored age (-----BEGIN AGE ENCRYPTED FILE-----); convert it with `age -d` or ask for the binary .age file"
                .into(),
        ));
    }
    let identity_file = identity_file.ok_or(PackError::NeedIdentity)?;
    let identities = read_identities(identity_file)?;
    let input = BufReader::new(file);
    let decryptor =
        age::Decryptor::new_buffered(input).map_err(|e| decrypt_err(e, identity_file))?;
    if decryptor.is_scrypt() {
        return Err(PackError::Decrypt(
            "it is encrypted with a passphrase, not to a public key; packs are encrypted to the recipient's age key"
                .into(),
        ));
    }
    let reader = decryptor
        .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
        .map_err(|e| decrypt_err(e, identity_file))?;
    verify_pack(BufReader::with_capacity(CHUNK, reader))
}

fn decrypt_err(e: age::DecryptError, identity_file: &Path) -> PackError {
    match e {
        age::DecryptError::NoMatchingKeys => PackError::WrongIdentity {
            path: identity_file.to_path_buf(),
        },
        other => PackError::Decrypt(other.to_string()),
    }
}

/// X25519 identities, one `AGE-SECRET-KEY-1…` per line; `#` comments and blank lines ignored.
/// Errors name the line, never its content.
fn read_identities(path: &Path) -> Result<Vec<age::x25519::Identity>, PackError> {
    let bad = |reason: String| PackError::BadIdentity {
        path: path.to_path_buf(),
        reason,
    };
    let file = File::open(path).map_err(|e| bad(format!("cannot be read: {e}")))?;
    let mut text = String::new();
    file.take(IDENTITY_FILE_LIMIT)
        .read_to_string(&mut text)
        .map_err(|e| bad(format!("cannot be read as text: {e}")))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line
            .get(..16)
            .is_some_and(|p| p.eq_ignore_ascii_case("AGE-SECRET-KEY-1"))
        {
            let id = age::x25519::Identity::from_str(line)
                .map_err(|_| bad(format!("line {} is not a valid age secret key", i + 1)))?;
            out.push(id);
        } else if line.starts_with("AGE-PLUGIN-") {
            return Err(bad(format!(
                "line {} is an age plugin identity, which is not supported",
                i + 1
            )));
        } else {
            return Err(bad(format!(
                "line {} is not an age secret key (expected AGE-SECRET-KEY-1…)",
                i + 1
            )));
        }
    }
    if out.is_empty() {
        return Err(bad("it holds no age secret key (AGE-SECRET-KEY-1…)".into()));
    }
    Ok(out)
}

/// An age writer encrypting to `recipient` (`age1…`); call its `finish()` after the pack's.
pub fn encrypt_to<W: Write>(
    recipient: &str,
    w: W,
) -> Result<age::stream::StreamWriter<W>, PackError> {
    let bad = |reason: String| PackError::BadRecipient {
        recipient: recipient.to_string(),
        reason,
    };
    let parsed =
        age::x25519::Recipient::from_str(recipient.trim()).map_err(|e| bad(e.to_string()))?;
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&parsed as &dyn age::Recipient))
            .map_err(|e| bad(e.to_string()))?;
    Ok(encryptor.wrap_output(w)?)
}

// ---------------------------------------------------------------------------------------------
// Instructions

/// Recomputes every chain excerpt event from manifest.json; prints `<seq> OK` or `<seq> MISMATCH`.
/// No double quotes and no `$`, so it can be quoted for sh, cmd and PowerShell alike.
macro_rules! chain_check_py {
    () => {
        "import hashlib,json;m=json.load(open('manifest.json',encoding='utf-8'));[print(e['seq'],'OK' if hashlib.sha256(bytes.fromhex(e['prev_sha256'])+e['body'].encode('utf-8')).hexdigest()==e['sha256'] else 'MISMATCH') for e in m['chain']]"
    };
}

#[cfg(test)]
const CHAIN_CHECK_PY: &str = chain_check_py!();

/// `核验说明.txt`. Starts with a UTF-8 byte-order mark so that older Windows editors do not
/// take the Chinese text for the local code page.
pub const VERIFY_TXT_ZH: &str = concat!(
    "\u{FEFF}",
    "CaseFile（债务案卷）证据包 核验说明\n",
    "==================================\n",
    "\n",
    "一、这是什么\n",
    "本压缩包由 CaseFile（债务案卷）从当事人自己电脑上的加密证据库中导出，交给律师或其他收件人查看和核对。包内有：\n",
    "  exhibits/        证据原件，按编号 E001、E002……排列，与当事人收入证据库时的文件逐字节相同；\n",
    "  证据材料 PDF      文件名以“证据材料”开头：封面、目录、阶段时间线、期限、联系记录、证据清单（每份证据的完整 SHA-256 值和时间）及证据本身；\n",
    "  manifest.json    机器可读的清单（见第四部分）；\n",
    "  SHA256SUMS       包内其他每个文件的 SHA-256 值，每行一个：64 位十六进制值、两个空格、文件在包内的路径；\n",
    "  核验说明.txt、VERIFY.txt  本说明（中文、英文）。\n",
    "\n",
    "SHA-256 相当于文件的“指纹”：文件内容哪怕只改动一个字节，算出的值就完全不同。核验，就是自己重新计算每个文件的 SHA-256，与 SHA256SUMS、证据材料 PDF 中记载的值比较。\n",
    "\n",
    "二、先解压\n",
    "把压缩包完整解压到一个新文件夹，不要改动其中的文件名和文件夹结构。\n",
    "\n",
    "三、核对每个文件\n",
    "Linux：在解压出的文件夹中打开终端，运行\n",
    "    sha256sum -c SHA256SUMS\n",
    "  每个文件后显示“成功”或“OK”即一致；显示“失败”或“FAILED”的文件已被改动或损坏，最后还会提示有几个文件不一致。\n",
    "macOS：打开“终端”，用 cd 命令进入该文件夹，运行\n",
    "    shasum -a 256 -c SHA256SUMS\n",
    "  结果的读法同上。\n",
    "Windows：系统没有一次核对全部文件的命令，需要逐个文件计算，再用眼睛比对。在该文件夹中打开“命令提示符”，运行\n",
    "    certutil -hashfile 文件路径 SHA256\n",
    "  例如：certutil -hashfile exhibits\\E001_合同.pdf SHA256\n",
    "  把输出的那串字符，与 SHA256SUMS 中该文件那一行开头的 64 位字符逐一比较，应当完全相同（字母不分大小写；旧版 Windows 的输出中间夹有空格，忽略空格即可）。\n",
    "  也可以在 PowerShell 中运行\n",
    "    Get-FileHash -Algorithm SHA256 文件路径\n",
    "  输出中 Hash 一栏是大写字母，同样与 SHA256SUMS 中的值比较。\n",
    "  SHA256SUMS 是纯文本文件，可以用记事本等任何文本编辑器打开。\n",
    "\n",
    "四、manifest.json 里有什么\n",
    "  format、version：本格式的名称（casefile-pack）和版本；\n",
    "  created_at：导出的时间；\n",
    "  case：案件概要（债权人、金额、所处阶段等）；\n",
    "  exhibits：每份证据的编号、在包内的路径、原文件名、类型、大小（字节）、SHA-256、收入证据库的时间，以及记录这次收入的哈希链事件序号（chain_seq）；\n",
    "  chain：本案的哈希链摘录（见第五部分）；\n",
    "  pdf：证据材料 PDF 在包内的路径。\n",
    "\n",
    "五、哈希链摘录：任何人都可以复算\n",
    "当事人在证据库中的每一次操作（立案、收入证据、记录催收联系、阶段变化、更正、导出等）都依次记为哈希链上的一个“事件”。manifest.json 的 chain 部分列出本案的事件，每个事件有：\n",
    "  seq：在链中的序号；\n",
    "  body：事件内容，是一段 JSON 文本，按计算哈希时的原样保存，一个字符都不能改；\n",
    "  prev_sha256：前一个事件的哈希值（整条链的第一个事件为 64 个 0）；\n",
    "  sha256：本事件的哈希值。\n",
    "规则：sha256 = SHA-256（把 prev_sha256 从十六进制还原成 32 个字节，后面紧接 body 的 UTF-8 编码）。\n",
    "复算不需要本软件，任何能计算 SHA-256 的工具都可以。例如电脑上装有 Python 3 时，在解压出的文件夹中运行（Windows 上把 python3 换成 python）：\n",
    "    python3 -c \"",
    chain_check_py!(),
    "\"\n",
    "每个事件显示 OK 即一致，显示 MISMATCH 的事件被改动过。\n",
    "序号相连的两个事件，后一个的 prev_sha256 应当等于前一个的 sha256；摘录只含本案的事件，序号不相连的地方是证据库中其他案件的事件。\n",
    "每份证据的 SHA-256 都出现在它的 chain_seq 所指的 evidence_added（收入证据）事件中：这说明包内的文件就是当时收入证据库的那一份，之后没有被改动。\n",
    "\n",
    "六、发现不一致怎么办\n",
    "不要使用不一致的文件，请与当事人联系，请其重新导出证据包。\n",
    "装有 CaseFile 的电脑也可以运行 casefile verify-pack 证据包文件，一次完成以上全部检查；加密的证据包还需加上 --identity 密钥文件。\n",
);

/// `VERIFY.txt`.
pub const VERIFY_TXT_EN: &str = concat!(
    "CaseFile evidence pack: how to check it\n",
    "=======================================\n",
    "\n",
    "1. What this is\n",
    "This archive was exported by CaseFile (债务案卷) from the encrypted evidence vault the client keeps on their own computer, for a lawyer or another recipient to read and check. It holds:\n",
    "  exhibits/         the original evidence files, numbered E001, E002, ..., byte for byte as they were when the client added them to the vault;\n",
    "  the evidence PDF  its name starts with 证据材料 (\"evidence materials\"): cover, contents, stage timeline, deadlines, contact log, an evidence index with every file's full SHA-256 and times, and the evidence itself;\n",
    "  manifest.json     a machine-readable list (see part 4);\n",
    "  SHA256SUMS        the SHA-256 of every other file in the pack, one per line: 64 hexadecimal digits, two spaces, the file's path in the pack;\n",
    "  核验说明.txt, VERIFY.txt  these instructions (Chinese, English).\n",
    "\n",
    "A SHA-256 value is a fingerprint of a file: change a single byte and it comes out completely different. Checking the pack means computing each file's SHA-256 yourself and comparing it with SHA256SUMS and with the values printed in the evidence PDF.\n",
    "\n",
    "2. Extract first\n",
    "Extract the whole archive into a new folder, without renaming anything or moving files around.\n",
    "\n",
    "3. Check every file\n",
    "Linux: open a terminal in the extracted folder and run\n",
    "    sha256sum -c SHA256SUMS\n",
    "  Each file followed by OK is intact; a file marked FAILED was changed or damaged, and a warning at the end counts them.\n",
    "macOS: open Terminal, cd into the folder and run\n",
    "    shasum -a 256 -c SHA256SUMS\n",
    "  Read the result the same way.\n",
    "Windows: there is no built-in command that checks all files at once, so compute each file's value and compare it by eye. Open a Command Prompt in the folder and run\n",
    "    certutil -hashfile PATH SHA256\n",
    "  for example: certutil -hashfile exhibits\\E001_合同.pdf SHA256\n",
    "  Compare the output with the 64 characters at the start of that file's line in SHA256SUMS: they must be the same (upper or lower case does not matter; older Windows versions print spaces between the pairs, ignore them).\n",
    "  In PowerShell you can run instead\n",
    "    Get-FileHash -Algorithm SHA256 PATH\n",
    "  and compare its Hash column (printed in capitals) the same way.\n",
    "  SHA256SUMS is plain text: any text editor, Notepad included, opens it.\n",
    "\n",
    "4. What manifest.json holds\n",
    "  format, version: the name of this format (casefile-pack) and its version;\n",
    "  created_at: when the pack was exported;\n",
    "  case: a summary of the case (creditor, amounts, stage, ...);\n",
    "  exhibits: for each exhibit its number, path in the pack, original file name, kind, size in bytes, SHA-256, when it was added to the vault, and the position (chain_seq) of the hash-chain event that recorded its addition;\n",
    "  chain: an excerpt of the hash chain for this case (see part 5);\n",
    "  pdf: the path of the evidence PDF in the pack.\n",
    "\n",
    "5. The hash-chain excerpt: anyone can recompute it\n",
    "Everything the client does in the vault (opening a case, adding evidence, logging a collector's contact, a change of stage, a correction, an export) is appended, in order, as an event to a hash chain. The chain part of manifest.json lists this case's events, each with:\n",
    "  seq: its position in the chain;\n",
    "  body: the event's content, a JSON text kept exactly as it was hashed (not one character may change);\n",
    "  prev_sha256: the hash of the event before it (64 zeros for the very first event of the chain);\n",
    "  sha256: this event's hash.\n",
    "The rule: sha256 = SHA-256(prev_sha256 turned back from hexadecimal into its 32 bytes, immediately followed by the UTF-8 bytes of body).\n",
    "No CaseFile software is needed: any tool that computes SHA-256 will do. With Python 3, for example, run this in the extracted folder (on Windows, type python instead of python3):\n",
    "    python3 -c \"",
    chain_check_py!(),
    "\"\n",
    "Each event printed with OK is intact; one printed with MISMATCH was altered.\n",
    "Where two events have consecutive positions, the later one's prev_sha256 equals the earlier one's sha256; the excerpt holds only this case's events, so gaps in the positions are other cases' events in the vault.\n",
    "Every exhibit's SHA-256 appears in the evidence_added event at its chain_seq: the file in the pack is the one that was added to the vault then, unchanged since.\n",
    "\n",
    "6. If something does not match\n",
    "Do not rely on a file that does not match; contact the client and ask for a new export.\n",
    "Where CaseFile is installed, casefile verify-pack PACKFILE runs all of the checks above at once; add --identity KEYFILE for an encrypted pack.\n",
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::io::Cursor;
    use std::process::Command;

    const PDF_PATH: &str = "证据材料_测试案件.pdf";
    const MARKER: &[u8] = b"CASEFILE-TEST-MARKER-7d1c";

    fn sha(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    /// Incompressible bytes without a random-number crate (xorshift64).
    fn noise(len: usize, mut seed: u64) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            out.extend_from_slice(&seed.to_le_bytes());
        }
        out.truncate(len);
        out
    }

    /// A scanned contract (with a marker to find in the zip), an empty note, a 5 MB photo.
    fn items() -> Vec<(&'static str, Vec<u8>)> {
        let mut contract = b"%PDF-1.4\n".to_vec();
        contract.extend_from_slice(MARKER);
        contract.extend_from_slice(&noise(3000, 1));
        vec![
            ("合同（扫描件）.pdf", contract),
            ("empty note.txt", Vec::new()),
            ("催收短信截图.jpg", noise(5 * 1024 * 1024 + 17, 2)),
        ]
    }

    fn body(seq: u64, kind: &str, case: &str, data: Value) -> String {
        // serde_json without `preserve_order` sorts object keys, as the canonical form does.
        format!(
            r#"{{"v":1,"seq":{seq},"at":"2026-11-29T03:40:00Z","offset":480,"kind":"{kind}","case":"{case}","data":{}}}"#,
            serde_json::to_string(&data).unwrap()
        )
    }

    /// A vault chain: vault created, this case opened, one evidence_added per item with another
    /// case's event in between; the excerpt keeps this case's events only.
    fn manifest_for(items: &[(&str, Vec<u8>)]) -> Manifest {
        let mut all: Vec<(ChainExcerptEvent, bool)> = Vec::new();
        let mut push = |kind: &str, case: &str, data: Value, ours: bool| {
            let seq = all.len() as u64 + 1;
            let prev = all
                .last()
                .map(|(e, _)| e.sha256.clone())
                .unwrap_or_else(|| "0".repeat(64));
            let body = body(seq, kind, case, data);
            let prev_bytes: [u8; 32] = hex::decode(&prev).unwrap().try_into().unwrap();
            let ev = ChainExcerptEvent {
                seq,
                prev_sha256: prev,
                sha256: hex::encode(chain_event_hash(&prev_bytes, &body)),
                body,
            };
            all.push((ev, ours));
            seq
        };
        push("vault_created", "", json!({}), false);
        push(
            "case_created",
            "case-1",
            json!({"title": "某网贷平台借款"}),
            true,
        );
        let mut exhibits = Vec::new();
        for (i, (name, bytes)) in items.iter().enumerate() {
            let id = format!("ev-{}", i + 1);
            let seq = push(
                "evidence_added",
                "case-1",
                json!({"evidence_id": id, "name": name, "sha256": sha(bytes), "size": bytes.len()}),
                true,
            );
            push(
                "contact_logged",
                "case-2",
                json!({"note": "另一案件"}),
                false,
            );
            exhibits.push(ManifestExhibit {
                number: i + 1,
                path: exhibit_path(i + 1, name),
                id,
                name: name.to_string(),
                kind: "document".into(),
                size: bytes.len() as u64,
                sha256: sha(bytes),
                added_at: "2026-11-29T11:40:00+08:00".into(),
                chain_seq: seq,
            });
        }
        Manifest {
            format: PACK_FORMAT.into(),
            version: PACK_VERSION,
            created_at: "2026-11-30T09:00:00+08:00".into(),
            case: json!({"id": "case-1", "title": "某网贷平台借款"}),
            exhibits,
            chain: all
                .into_iter()
                .filter(|(_, ours)| *ours)
                .map(|(e, _)| e)
                .collect(),
            pdf: Some(PDF_PATH.into()),
        }
    }

    fn write_pack<W: Write>(w: W, items: &[(&str, Vec<u8>)]) -> W {
        let manifest = manifest_for(items);
        let mut pw = PackWriter::new(w).unwrap();
        for (ex, (_, bytes)) in manifest.exhibits.iter().zip(items) {
            pw.add_file(&ex.path, &mut &bytes[..], &ex.sha256, ex.size)
                .unwrap();
        }
        pw.add_bytes(
            MANIFEST_PATH,
            &serde_json::to_vec_pretty(&manifest).unwrap(),
        )
        .unwrap();
        pw.add_bytes(PDF_PATH, b"%PDF-1.7\n% the evidence PDF\n")
            .unwrap();
        pw.add_bytes(VERIFY_TXT_ZH_PATH, VERIFY_TXT_ZH.as_bytes())
            .unwrap();
        pw.add_bytes(VERIFY_TXT_EN_PATH, VERIFY_TXT_EN.as_bytes())
            .unwrap();
        pw.finish().unwrap()
    }

    fn sample_pack() -> Vec<u8> {
        write_pack(Vec::new(), &items())
    }

    fn entries(pack: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = ZipArchive::new(Cursor::new(pack)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut bytes = Vec::new();
                f.read_to_end(&mut bytes).unwrap();
                (f.name().unwrap().into_owned(), bytes)
            })
            .collect()
    }

    /// The pack rewritten through `edit` (None drops an entry). With `recompute_sums` the
    /// SHA256SUMS matches the edited files (a forger's pack); otherwise the original is kept.
    fn rebuild(
        pack: &[u8],
        recompute_sums: bool,
        edit: impl Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>,
    ) -> Vec<u8> {
        let mut kept = Vec::new();
        for (name, bytes) in entries(pack) {
            if name == SUMS_PATH {
                if !recompute_sums {
                    kept.push((name, bytes));
                }
            } else if let Some(e) = edit(&name, bytes) {
                kept.push(e);
            }
        }
        if recompute_sums {
            let mut pw = PackWriter::new(Vec::new()).unwrap();
            for (name, bytes) in &kept {
                pw.add_bytes(name, bytes).unwrap();
            }
            pw.finish().unwrap()
        } else {
            let mut zw = ZipWriter::new(Cursor::new(Vec::new()));
            for (name, bytes) in &kept {
                zw.start_file(name.as_str(), SimpleFileOptions::DEFAULT)
                    .unwrap();
                zw.write_all(bytes).unwrap();
            }
            zw.finish().unwrap().into_inner()
        }
    }

    fn edit_manifest(pack: &[u8], recompute_sums: bool, f: impl Fn(&mut Manifest)) -> Vec<u8> {
        rebuild(pack, recompute_sums, |name, bytes| {
            if name != MANIFEST_PATH {
                return Some((name.into(), bytes));
            }
            let mut m: Manifest = serde_json::from_slice(&bytes).unwrap();
            f(&mut m);
            Some((name.into(), serde_json::to_vec_pretty(&m).unwrap()))
        })
    }

    fn report(pack: &[u8]) -> PackReport {
        verify_pack(Cursor::new(pack)).unwrap()
    }

    fn has(r: &PackReport, code: &str, path: &str) -> bool {
        r.problems
            .iter()
            .any(|p| p.code == code && p.path.as_deref() == Some(path))
    }

    #[track_caller]
    fn assert_has(r: &PackReport, code: &str, path: &str) {
        assert!(!r.ok, "{r:#?}");
        assert!(
            has(r, code, path),
            "no {code} for {path}: {:#?}",
            r.problems
        );
    }

    fn extract_to(pack: &[u8], dir: &Path) {
        for (name, bytes) in entries(pack) {
            let target = dir.join(&name);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
    }

    fn tool_exists(name: &str) -> bool {
        Command::new(name).arg("--version").output().is_ok()
    }

    #[test]
    fn a_written_pack_verifies() {
        let pack = sample_pack();
        let r = report(&pack);
        assert!(r.ok, "{:#?}", r.problems);
        assert_eq!(r.exhibits, 3);
        // 3 exhibits, manifest, PDF, two instructions.
        assert_eq!(r.files_checked, 7);
        let names: Vec<String> = entries(&pack).into_iter().map(|(n, _)| n).collect();
        assert!(
            names.contains(&"exhibits/E001_合同（扫描件）.pdf".to_string()),
            "{names:?}"
        );
        assert!(
            names.contains(&"exhibits/E002_empty note.txt".to_string()),
            "{names:?}"
        );
        assert_eq!(
            names.last().map(String::as_str),
            Some(SUMS_PATH),
            "SHA256SUMS is last"
        );
        for ((name, bytes), (_, original)) in entries(&pack).iter().zip(items()) {
            assert!(name.starts_with("exhibits/E00"));
            assert_eq!(*bytes, original, "{name} round-trips byte for byte");
        }
    }

    #[test]
    fn sums_lines_are_what_sha256sum_reads() {
        let pack = sample_pack();
        let all = entries(&pack);
        let sums =
            String::from_utf8(all.iter().find(|(n, _)| n == SUMS_PATH).unwrap().1.clone()).unwrap();
        assert!(sums.ends_with('\n'));
        let lines: Vec<&str> = sums.lines().collect();
        assert_eq!(lines.len(), all.len() - 1, "{sums}");
        let mut paths: Vec<&str> = Vec::new();
        for line in &lines {
            let (hash, path) = line.split_at(64);
            assert!(
                hash.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            );
            let path = path.strip_prefix("  ").expect("two spaces");
            let bytes = &all.iter().find(|(n, _)| n == path).expect(path).1;
            assert_eq!(hash, sha(bytes), "{path}");
            paths.push(path);
        }
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
        assert!(!paths.contains(&SUMS_PATH));
    }

    #[test]
    fn gnu_sha256sum_accepts_the_extracted_pack() {
        if !tool_exists("sha256sum") {
            eprintln!("SKIPPED: sha256sum is not installed");
            return;
        }
        let pack = sample_pack();
        let dir = tempfile::tempdir().unwrap();
        extract_to(&pack, dir.path());
        let out = Command::new("sha256sum")
            .args(["-c", "--strict", SUMS_PATH])
            .current_dir(dir.path())
            .env("LC_ALL", "C")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout.matches(": OK").count(), 7, "{stdout}");

        // And it notices a changed file.
        let victim = dir.path().join("exhibits/E002_empty note.txt");
        std::fs::write(victim, b"x").unwrap();
        let out = Command::new("sha256sum")
            .args(["-c", SUMS_PATH])
            .current_dir(dir.path())
            .env("LC_ALL", "C")
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("E002_empty note.txt: FAILED"));
    }

    #[test]
    fn info_zip_unzip_extracts_the_names_and_sha256sum_agrees() {
        if !tool_exists("sha256sum") || Command::new("unzip").arg("-v").output().is_err() {
            eprintln!("SKIPPED: unzip or sha256sum is not installed");
            return;
        }
        let pack = sample_pack();
        let dir = tempfile::tempdir().unwrap();
        let zip_path = dir.path().join("pack.zip");
        std::fs::write(&zip_path, &pack).unwrap();
        let out_dir = dir.path().join("out");
        let out = Command::new("unzip")
            .arg("-q")
            .arg(&zip_path)
            .arg("-d")
            .arg(&out_dir)
            .env("LC_ALL", "C.UTF-8")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out_dir.join("exhibits/E001_合同（扫描件）.pdf").is_file());
        let out = Command::new("sha256sum")
            .args(["-c", "--strict", SUMS_PATH])
            .current_dir(&out_dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    #[test]
    fn the_python_line_in_the_instructions_recomputes_the_chain() {
        if Command::new("python3").arg("--version").output().is_err() {
            eprintln!("SKIPPED: python3 is not installed");
            return;
        }
        assert!(VERIFY_TXT_ZH.contains(CHAIN_CHECK_PY) && VERIFY_TXT_EN.contains(CHAIN_CHECK_PY));
        let run = |pack: &[u8]| {
            let dir = tempfile::tempdir().unwrap();
            extract_to(pack, dir.path());
            let out = Command::new("python3")
                .args(["-c", CHAIN_CHECK_PY])
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        let good = run(&sample_pack());
        assert_eq!(good.lines().count(), 4, "{good}");
        assert!(good.lines().all(|l| l.ends_with(" OK")), "{good}");
        let bad = run(&edit_manifest(&sample_pack(), true, |m| {
            m.chain[1].body = m.chain[1].body.replace("合同", "协议");
        }));
        assert!(bad.contains("MISMATCH"), "{bad}");
    }

    #[test]
    fn a_flipped_byte_in_a_stored_exhibit_is_named() {
        let mut pack = sample_pack();
        let at = pack
            .windows(MARKER.len())
            .position(|w| w == MARKER)
            .expect("the stored exhibit's bytes are in the zip as they are");
        assert_eq!(
            pack.windows(MARKER.len()).filter(|w| *w == MARKER).count(),
            1
        );
        pack[at + 3] ^= 0x01;
        let r = report(&pack);
        let path = "exhibits/E001_合同（扫描件）.pdf";
        assert_has(&r, "hash_mismatch", path);
        // The zip's own CRC-32 catches it first; the read error is reported, not raised.
        assert!(
            r.problems
                .iter()
                .any(|p| p.message.contains("cannot be read back intact")),
            "{:#?}",
            r.problems
        );
        assert_eq!(r.files_checked, 7);
        assert_has(&r, "exhibit_mismatch", path);
        assert!(
            r.problems.iter().all(|p| p.path.as_deref() == Some(path)),
            "only that file: {:#?}",
            r.problems
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let path = "exhibits/E003_催收短信截图.jpg";
        let pack = rebuild(&sample_pack(), false, |name, bytes| {
            (name != path).then(|| (name.into(), bytes))
        });
        let r = report(&pack);
        assert_has(&r, "missing_file", path);
        assert_has(&r, "exhibit_mismatch", path);
        assert_eq!(r.files_checked, 6);
    }

    #[test]
    fn a_renamed_file_shows_as_unlisted_and_missing() {
        let old = "exhibits/E002_empty note.txt";
        let new = "exhibits/E002_renamed.txt";
        let pack = rebuild(&sample_pack(), false, |name, bytes| {
            Some((if name == old { new.into() } else { name.into() }, bytes))
        });
        let r = report(&pack);
        assert_has(&r, "unlisted_file", new);
        assert_has(&r, "missing_file", old);
        assert_has(&r, "exhibit_mismatch", old);
    }

    #[test]
    fn a_changed_manifest_sha_is_named_even_with_matching_sums() {
        let path = "exhibits/E003_催收短信截图.jpg";
        let forged = edit_manifest(&sample_pack(), true, |m| {
            m.exhibits[2].sha256 = sha(b"something else");
        });
        let r = report(&forged);
        assert_has(&r, "exhibit_mismatch", path);
        assert_has(&r, "exhibit_unchained", path);
        assert!(
            !r.problems.iter().any(|p| p.code == "hash_mismatch"),
            "{:#?}",
            r.problems
        );

        // Without fixing SHA256SUMS the manifest itself no longer matches.
        let plain = edit_manifest(&sample_pack(), false, |m| {
            m.exhibits[2].sha256 = sha(b"something else");
        });
        let r = report(&plain);
        assert_has(&r, "hash_mismatch", MANIFEST_PATH);
        assert_has(&r, "exhibit_mismatch", path);
    }

    #[test]
    fn an_altered_chain_body_is_named_by_position() {
        let pack = edit_manifest(&sample_pack(), true, |m| {
            m.chain[1].body = m.chain[1].body.replace("合同", "协议");
        });
        let r = report(&pack);
        assert_has(&r, "chain", MANIFEST_PATH);
        let seq = manifest_for(&items()).chain[1].seq;
        assert!(
            r.problems
                .iter()
                .any(|p| p.code == "chain" && p.message.contains(&format!("chain event {seq}:"))),
            "{:#?}",
            r.problems
        );
    }

    #[test]
    fn an_exhibit_must_point_at_its_evidence_added_event() {
        let pack = edit_manifest(&sample_pack(), true, |m| {
            m.exhibits[0].chain_seq = m.chain[0].seq; // the case_created event
            m.exhibits[1].chain_seq = 999;
        });
        let r = report(&pack);
        assert_has(&r, "exhibit_unchained", "exhibits/E001_合同（扫描件）.pdf");
        assert_has(&r, "exhibit_unchained", "exhibits/E002_empty note.txt");
        assert!(!has(
            &r,
            "exhibit_unchained",
            "exhibits/E003_催收短信截图.jpg"
        ));
    }

    #[test]
    fn a_broken_link_between_consecutive_events_is_named() {
        let pack = edit_manifest(&sample_pack(), true, |m| {
            // Event 2 is the case's first; make event 3 (ours, consecutive) point elsewhere and
            // keep its own hash consistent so only the link is wrong.
            let ev = &mut m.chain[1];
            ev.prev_sha256 = "1".repeat(64);
            let prev: [u8; 32] = hex::decode(&ev.prev_sha256).unwrap().try_into().unwrap();
            ev.sha256 = hex::encode(chain_event_hash(&prev, &ev.body));
        });
        let r = report(&pack);
        assert!(
            r.problems
                .iter()
                .any(|p| p.code == "chain" && p.message.contains("link is broken")),
            "{:#?}",
            r.problems
        );
    }

    #[test]
    fn the_first_event_of_the_chain_must_start_from_zeros() {
        let body = body(1, "vault_created", "", json!({}));
        let event = |prev: [u8; 32]| ChainExcerptEvent {
            seq: 1,
            prev_sha256: hex::encode(prev),
            sha256: hex::encode(chain_event_hash(&prev, &body)),
            body: body.clone(),
        };
        let mut problems = Problems::default();
        check_chain(&[event([0; 32])], &mut problems);
        assert!(problems.0.is_empty(), "{:#?}", problems.0);
        check_chain(&[event([1; 32])], &mut problems);
        assert_eq!(problems.0.len(), 1, "{:#?}", problems.0);
        assert!(problems.0[0].message.contains("64 zeros"));
    }

    #[test]
    fn sums_and_manifest_problems_are_reported_not_raised() {
        // No SHA256SUMS, no manifest.
        let mut zw = ZipWriter::new(Cursor::new(Vec::new()));
        zw.start_file("a.txt", SimpleFileOptions::DEFAULT).unwrap();
        zw.write_all(b"a").unwrap();
        let bare = zw.finish().unwrap().into_inner();
        let r = report(&bare);
        assert_has(&r, "sums", SUMS_PATH);
        assert_has(&r, "manifest", MANIFEST_PATH);

        // A malformed line, a wrong format.
        let pack = rebuild(&sample_pack(), false, |name, bytes| {
            if name == MANIFEST_PATH {
                let mut v: Value = serde_json::from_slice(&bytes).unwrap();
                v["format"] = json!("something-else");
                return Some((name.into(), serde_json::to_vec(&v).unwrap()));
            }
            Some((name.into(), bytes))
        });
        let mut all = entries(&pack);
        let sums = &mut all.iter_mut().find(|(n, _)| n == SUMS_PATH).unwrap().1;
        sums.extend_from_slice(b"not a line\n");
        let mut zw = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in &all {
            zw.start_file(name.as_str(), SimpleFileOptions::DEFAULT)
                .unwrap();
            zw.write_all(bytes).unwrap();
        }
        let r = report(&zw.finish().unwrap().into_inner());
        assert_has(&r, "sums", SUMS_PATH);
        assert_has(&r, "manifest", MANIFEST_PATH);
        assert!(
            r.problems.iter().any(|p| p.message.contains("line 8")),
            "{:#?}",
            r.problems
        );
    }

    #[test]
    fn not_a_zip_is_an_error() {
        let e = verify_pack(Cursor::new(b"hello, not a zip".to_vec())).unwrap_err();
        assert!(matches!(e, PackError::NotZip(_)), "{e:?}");
    }

    #[test]
    fn a_reader_with_other_bytes_stops_the_pack() {
        let good = b"the recorded content".to_vec();
        let (expected, size) = (sha(&good), good.len() as u64);
        let cases: Vec<(&str, Box<dyn Read>)> = vec![
            (
                "same size",
                Box::new(Cursor::new(b"THE recorded content".to_vec())),
            ),
            ("shorter", Box::new(Cursor::new(b"the recorded".to_vec()))),
            // Never ends: reading must stop one byte past the recorded size.
            ("endless", Box::new(io::repeat(b'x'))),
        ];
        for (what, mut reader) in cases {
            let mut out = Vec::new();
            let mut pw = PackWriter::new(&mut out).unwrap();
            pw.add_bytes("first.txt", b"fine").unwrap();
            let e = pw
                .add_file("exhibits/E001_x.txt", &mut reader, &expected, size)
                .unwrap_err();
            match &e {
                PackError::Mismatch { path, .. } => {
                    assert_eq!(path, "exhibits/E001_x.txt", "{what}")
                }
                other => panic!("{what}: {other:?}"),
            }
            assert!(e.to_string().starts_with("exhibits/E001_x.txt: "), "{e}");
            assert!(matches!(
                pw.add_bytes("later.txt", b"x"),
                Err(PackError::Aborted)
            ));
            assert!(matches!(pw.finish(), Err(PackError::Aborted)), "{what}");
            assert!(
                matches!(verify_pack(Cursor::new(&out)), Err(PackError::NotZip(_))),
                "{what}: the spent output must not read as a zip"
            );
        }
    }

    #[test]
    fn an_unfinished_writer_leaves_no_readable_zip() {
        let mut out = Vec::new();
        {
            let mut pw = PackWriter::new(&mut out).unwrap();
            pw.add_bytes("a.txt", b"a").unwrap();
        }
        assert!(!out.is_empty());
        assert!(matches!(
            verify_pack(Cursor::new(&out)),
            Err(PackError::NotZip(_))
        ));
    }

    #[test]
    fn bad_and_repeated_paths_are_refused() {
        let mut pw = PackWriter::new(Vec::new()).unwrap();
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a/./b",
            "a\\b",
            "a//b",
            "a/",
            "C:/x",
            "a\nb",
            "SHA256SUMS",
        ] {
            assert!(
                matches!(pw.add_bytes(bad, b"x"), Err(PackError::BadPath { .. })),
                "{bad:?}"
            );
        }
        // A refused path does not spend the writer.
        pw.add_bytes("exhibits/A.txt", b"x").unwrap();
        assert!(matches!(
            pw.add_bytes("exhibits/a.TXT", b"y"),
            Err(PackError::Duplicate { .. })
        ));
        assert!(matches!(
            pw.add_file("b.txt", &mut &b"x"[..], "abc", 1),
            Err(PackError::BadExpectedHash { .. })
        ));
        let out = pw.finish().unwrap();
        assert!(report(&out).problems.iter().all(|p| p.code == "manifest"));
    }

    #[test]
    fn sanitising_names() {
        let long: String = "长".repeat(200) + ".pdf";
        let long_ascii: String = "a".repeat(200) + ".jpeg";
        let table: Vec<(&str, String)> = vec![
            ("../../etc/passwd", "_.._etc_passwd".into()),
            ("CON.txt", "_CON.txt".into()),
            ("con", "_con".into()),
            ("Com1.tar.gz", "_Com1.tar.gz".into()),
            ("LPT9", "_LPT9".into()),
            ("COM10.txt", "COM10.txt".into()),
            ("CONSOLE.txt", "CONSOLE.txt".into()),
            ("a:b?.jpg", "a_b_.jpg".into()),
            ("<>\"|*.txt", "_____.txt".into()),
            (" .hidden. ", "hidden".into()),
            ("tab\there\u{7}.txt", "tab_here_.txt".into()),
            ("合同（扫描件）.pdf", "合同（扫描件）.pdf".into()),
            ("évidence ümlaut.png", "évidence ümlaut.png".into()),
            ("invoice\u{202E}fdp.exe", "invoice_fdp.exe".into()),
            (".", "file".into()),
            ("..", "file".into()),
            ("", "file".into()),
            ("   ", "file".into()),
        ];
        for (input, want) in &table {
            assert_eq!(sanitize_component(input), *want, "{input:?}");
        }
        for input in [&long, &long_ascii] {
            let out = sanitize_component(input);
            assert!(out.chars().count() <= MAX_COMPONENT_CHARS, "{out}");
            assert!(out.len() <= MAX_COMPONENT_BYTES, "{out}");
            let ext = &input[input.rfind('.').unwrap()..];
            assert!(out.ends_with(ext), "{out}");
            assert!(out.len() > 100, "{out}");
        }
        assert_eq!(sanitize_component(&long_ascii).chars().count(), 120);
    }

    #[test]
    fn exhibit_paths_and_unique_names() {
        assert_eq!(exhibit_path(1, "合同.pdf"), "exhibits/E001_合同.pdf");
        assert_eq!(exhibit_path(42, "a/b.jpg"), "exhibits/E042_a_b.jpg");
        assert_eq!(exhibit_path(1234, "x.png"), "exhibits/E1234_x.png");
        assert_eq!(exhibit_path(7, " "), "exhibits/E007_file");
        let long = exhibit_path(3, &("录".repeat(300) + ".m4a"));
        let component = long.strip_prefix("exhibits/").unwrap();
        assert!(
            component.starts_with("E003_") && component.ends_with(".m4a"),
            "{long}"
        );
        assert!(component.len() <= MAX_COMPONENT_BYTES);

        let got = unique_paths(&["a/x.pdf", "a/X.pdf", "a/x.pdf", "b/x.pdf", "noext", "noext"]);
        assert_eq!(
            got,
            [
                "a/x.pdf",
                "a/X (2).pdf",
                "a/x (3).pdf",
                "b/x.pdf",
                "noext",
                "noext (2)"
            ]
        );
        let long = format!("e/{}", "z".repeat(120));
        let got = unique_paths(&[long.clone(), long.clone()]);
        assert!(got[1].ends_with(" (2)") && got[1].len() - 2 <= MAX_COMPONENT_CHARS);
    }

    #[test]
    fn non_ascii_names_carry_the_utf8_flag() {
        let pack = sample_pack();
        let mut zip = ZipArchive::new(Cursor::new(&pack)).unwrap();
        let mut checked = 0;
        for i in 0..zip.len() {
            let f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().into_owned();
            let local = f.header_start() as usize;
            assert_eq!(&pack[local..local + 4], b"PK\x03\x04");
            let flags = u16::from_le_bytes([pack[local + 6], pack[local + 7]]);
            let name_len = u16::from_le_bytes([pack[local + 26], pack[local + 27]]) as usize;
            assert_eq!(&pack[local + 30..local + 30 + name_len], name.as_bytes());
            let central = f.central_header_start() as usize;
            assert_eq!(&pack[central..central + 4], b"PK\x01\x02");
            let central_flags = u16::from_le_bytes([pack[central + 8], pack[central + 9]]);
            if !name.is_ascii() {
                assert_ne!(flags & 0x0800, 0, "local header of {name}");
                assert_ne!(central_flags & 0x0800, 0, "central header of {name}");
                checked += 1;
            }
        }
        assert_eq!(checked, 4, "E001, E003, the PDF, 核验说明.txt");
    }

    #[test]
    fn packs_are_deterministic_with_fixed_times_and_chosen_compression() {
        let a = sample_pack();
        assert_eq!(a, sample_pack());
        let mut zip = ZipArchive::new(Cursor::new(&a)).unwrap();
        for i in 0..zip.len() {
            let f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().into_owned();
            assert_eq!(f.last_modified(), Some(DateTime::DEFAULT), "{name}");
            let want = if name.ends_with(".pdf") || name.ends_with(".jpg") {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            assert_eq!(f.compression(), want, "{name}");
        }
    }

    #[test]
    fn an_age_encrypted_pack_opens_only_with_its_key() {
        use age::secrecy::ExposeSecret;
        let dir = tempfile::tempdir().unwrap();
        let key = age::x25519::Identity::generate();
        let recipient = key.to_public().to_string();
        let enc = encrypt_to(&recipient, Vec::new()).unwrap();
        let sealed = write_pack(enc, &items()).finish().unwrap();
        assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
        let pack_path = dir.path().join("pack.zip.age");
        std::fs::write(&pack_path, &sealed).unwrap();

        let key_path = dir.path().join("lawyer.key");
        std::fs::write(
            &key_path,
            format!(
                "# created: 2026-11-30T09:00:00+08:00\n# public key: {recipient}\n\n{}\n",
                key.to_string().expose_secret()
            ),
        )
        .unwrap();
        let r = open_pack_file(&pack_path, Some(&key_path)).unwrap();
        assert!(r.ok, "{:#?}", r.problems);
        assert_eq!((r.exhibits, r.files_checked), (3, 7));

        let e = open_pack_file(&pack_path, None).unwrap_err();
        assert!(matches!(e, PackError::NeedIdentity));
        assert!(e.to_string().contains("--identity KEYFILE"), "{e}");

        let other_path = dir.path().join("other.key");
        let other = age::x25519::Identity::generate();
        std::fs::write(&other_path, other.to_string().expose_secret()).unwrap();
        let e = open_pack_file(&pack_path, Some(&other_path)).unwrap_err();
        assert!(matches!(e, PackError::WrongIdentity { .. }), "{e:?}");
        assert!(e.to_string().contains("different age public key"), "{e}");

        let junk_path = dir.path().join("junk.key");
        std::fs::write(&junk_path, "# mine\nAGE-SECRET-KEY-1SECRETLOOKINGJUNK\n").unwrap();
        let e = open_pack_file(&pack_path, Some(&junk_path)).unwrap_err();
        assert!(matches!(e, PackError::BadIdentity { .. }), "{e:?}");
        assert!(
            e.to_string().contains("line 2") && !e.to_string().contains("JUNK"),
            "{e}"
        );

        // A plain zip needs no key.
        let plain_path = dir.path().join("pack.zip");
        std::fs::write(&plain_path, sample_pack()).unwrap();
        assert!(open_pack_file(&plain_path, None).unwrap().ok);
    }

    #[test]
    fn a_bad_recipient_is_a_clear_error() {
        for bad in ["age1notakey", "", "ssh-ed25519 AAAA"] {
            let e = encrypt_to(bad, Vec::new()).map(|_| ()).unwrap_err();
            assert!(
                matches!(e, PackError::BadRecipient { .. }),
                "{bad:?}: {e:?}"
            );
            assert!(e.to_string().contains("not an age public key"), "{e}");
        }
    }
}
