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
//! - Output is deterministic: every entry carries the same time (the export's, in the user's
//!   wall-clock time, from [`PackOptions::modified`]; the zip epoch 1980-01-01 without one),
//!   fixed permissions, fixed compression level. With [`PackOptions::password`] every entry is
//!   WinZip AES-256 encrypted (random salts: then two packs differ). Media, PDFs and archives are stored; any other entry
//!   is deflated only when deflate shrinks its first 64 KiB by at least 1/16 (so a recording of
//!   an unknown type is copied, not slowly compressed for nothing); text and JSON are deflated.
//! - Exhibits are read (decrypted) on the caller's thread while another thread hashes and
//!   zips them ([`write_case`]), through a bounded queue of [`PIPE_CHUNK`] buffers.
//! - Names are portable to Windows, macOS and Linux ([`sanitize_component`]); non-ASCII names
//!   carry the zip UTF-8 flag (general purpose bit 11).
//! - [`verify_pack`] needs no vault: it recomputes every hash from the zip by streaming and names
//!   the file behind every problem. It fails with an error only when the input is not a zip
//!   (or, through [`open_pack_file`], not a regular file). It trusts nothing in the pack: every
//!   entry name must be unique as a lawyer's file system sees it, every file must be accounted
//!   for by the manifest, every manifest field the chain excerpt also carries must agree with
//!   it, and every size and count it reads is bounded before it is read (the `MAX_*` and
//!   `*_LIMIT` constants), so a hostile pack costs seconds and megabytes, not gigabytes.
//! - The chain rule is the vault's (`chain.rs`): event hash = SHA-256(prev hash as 32 raw
//!   bytes ‖ body as UTF-8), lower-case hex.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::report::{CaseReport, EvidenceSource};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use zip::write::{FileOptions, SimpleFileOptions, StreamWriter};
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
/// At most this many exhibits in a manifest; the manifest's size limit binds first in practice
/// (an exhibit and its chain event take about 1 KiB of manifest).
pub const MAX_EXHIBITS: usize = 100_000;
/// Chain excerpt events: a case's evidence, contacts and corrections.
pub const MAX_CHAIN_EVENTS: usize = 2 * MAX_EXHIBITS;
/// Zip entries and SHA256SUMS lines: the exhibits plus the few fixed files.
pub const MAX_FILES: usize = MAX_EXHIBITS + 16;
/// SHA256SUMS: a line is 64 hex digits, two spaces and a path of a few hundred bytes.
const SUMS_READ_LIMIT: u64 = MAX_FILES as u64 * 512;
/// manifest.json is read at most this far, and parsed straight into bounded, typed fields.
pub const MANIFEST_READ_LIMIT: u64 = 16 << 20;
/// The format and version are read from this prefix before anything else.
const MANIFEST_HEAD_LIMIT: u64 = 4096;
/// A record-corrected event lists at most this many changed fields.
const MAX_CHANGES: usize = 1000;
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
    #[error("{} is not a regular file (a folder, a device or a pipe): give the pack's .zip or .age file", .path.display())]
    NotAFile { path: PathBuf },
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
    #[error(
        "this pack is protected with a password: give the password the sender told you (--zip-password-file FILE, or CASEFILE_ZIP_PASSWORD)"
    )]
    NeedPassword,
    #[error(
        "the password does not open this pack: check it with the sender (letters are capitals, groups are joined by -)"
    )]
    WrongPassword,
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

mod case;
mod crosscheck;
mod directory;
mod encrypted;
mod instructions;
mod manifest;
mod names;
mod received;
#[cfg(test)]
mod tests;
mod timestamps;
mod verify;
mod writer;

pub use case::*;
pub use encrypted::*;
pub use instructions::*;
pub use manifest::*;
pub use names::*;
pub use timestamps::*;
pub use verify::*;
pub use writer::*;
