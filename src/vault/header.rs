//! `vault.json`: the vault header. It holds no secret in the clear: the format version, the
//! Argon2id parameters and salt, the master key wrapped twice (by the passphrase and by the
//! recovery key), the wrapped age identity and its public recipient.
//!
//! Invariants: the header is written atomically (temporary file, fsync, rename, fsync folder);
//! a header weaker than the minimum KDF cost is refused, so an attacker who can edit the file
//! cannot downgrade the passphrase stretching; unknown fields are refused rather than ignored.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::keys::Wrapped;
use crate::{Error, Result};

pub const FORMAT_NAME: &str = "casefile-vault";
/// Version 2 adds [`Integrity`] and the second copy; version 1 headers are still read (and
/// become version 2 at the next write).
pub const FORMAT_VERSION: u32 = 2;
/// The oldest header version this program reads.
pub const OLDEST_VERSION: u32 = 1;
/// The least Argon2id memory cost accepted: 64 MiB.
pub const MIN_MEMORY_KIB: u32 = 64 * 1024;
/// The least Argon2id passes accepted.
pub const MIN_ITERATIONS: u32 = 3;
/// Refuse absurd costs from a damaged header instead of trying to allocate them.
pub const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;
pub const MAX_ITERATIONS: u32 = 64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultHeader {
    pub format: String,
    pub version: u32,
    /// Random, lower-case hex; also the HKDF salt for every derived key.
    pub vault_id: String,
    /// RFC 3339.
    pub created_at: String,
    pub kdf: KdfParams,
    pub master_key_by_passphrase: Wrapped,
    pub master_key_by_recovery_key: Wrapped,
    /// The age X25519 identity (`AGE-SECRET-KEY-1…`), sealed under a key derived from the
    /// master key.
    pub age_identity: Wrapped,
    /// The public age recipient (`age1…`) evidence files are encrypted to.
    pub age_recipient: String,
    /// Version 2: the checks over every other field (absent in version 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity: Option<Integrity>,
}

/// Two checks over the header's other fields (its JSON with `integrity` left out, as written).
///
/// `sha256` is unkeyed: it tells a damaged file (a bad sector, a truncated copy) from a wrong
/// passphrase before any key is tried. `mac` is HMAC-SHA256 under a key derived from the master
/// key: checked at unlock and by verify, it catches any edit made without the keys — a changed
/// recovery-key wrap, KDF cost or recipient — which the checksum alone cannot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Integrity {
    pub sha256: String,
    pub mac: String,
}
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KdfParams {
    /// Always `argon2id`.
    pub algorithm: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    /// 16 random bytes, base64.
    pub salt: String,
}

impl VaultHeader {
    /// Parses and checks a header; `path` only names the file in errors.
    pub fn from_json(bytes: &[u8], path: &Path) -> Result<VaultHeader> {
        let corrupt = |reason: String| Error::CorruptHeader {
            path: path.to_path_buf(),
            reason,
        };
        // Look at the version before the full shape, so a newer vault says "update" rather
        // than "damaged".
        let loose: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| corrupt(format!("it is not valid JSON ({e})")))?;
        if loose.get("format").and_then(|v| v.as_str()) != Some(FORMAT_NAME) {
            return Err(corrupt("it is not a CaseFile vault header".into()));
        }
        match loose.get("version").and_then(|v| v.as_u64()) {
            Some(v) if (u64::from(OLDEST_VERSION)..=u64::from(FORMAT_VERSION)).contains(&v) => {}
            Some(v) if v > u64::from(FORMAT_VERSION) => {
                return Err(Error::UnsupportedVersion {
                    found: u32::try_from(v).unwrap_or(u32::MAX),
                    supported: FORMAT_VERSION,
                });
            }
            _ => return Err(corrupt("its format version is missing or invalid".into())),
        }
        let header: VaultHeader = serde_json::from_value(loose)
            .map_err(|e| corrupt(format!("a field is missing or wrong ({e})")))?;
        header.kdf.check().map_err(corrupt)?;
        if !header.age_recipient.starts_with("age1") {
            return Err(corrupt("the age recipient is not an age1… key".into()));
        }
        if header.vault_id.len() != 32 || !header.vault_id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(corrupt("the vault id is not 32 hex digits".into()));
        }
        match (&header.integrity, header.version) {
            (None, 1) => {}
            (None, _) => return Err(corrupt("its integrity check is missing".into())),
            (Some(i), _) => {
                if i.sha256 != data_encoding::HEXLOWER.encode(&Sha256::digest(header.body())) {
                    return Err(corrupt(
                        "its checksum does not match its content (the file is damaged)".into(),
                    ));
                }
            }
        }
        Ok(header)
    }

    /// The bytes the checks cover: the header as written, without `integrity`.
    pub fn body(&self) -> Vec<u8> {
        let mut plain = self.clone();
        plain.integrity = None;
        plain.to_json()
    }

    /// Pretty JSON with a trailing newline, fields in declaration order.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).expect("header serialises");
        out.push(b'\n');
        out
    }
}

impl KdfParams {
    pub fn check(&self) -> std::result::Result<(), String> {
        if self.algorithm != "argon2id" {
            return Err(format!("unknown key derivation “{}”", self.algorithm));
        }
        if self.memory_kib < MIN_MEMORY_KIB || self.iterations < MIN_ITERATIONS {
            return Err(format!(
                "its key derivation cost ({} KiB, {} passes) is below the minimum ({} KiB, {} passes)",
                self.memory_kib, self.iterations, MIN_MEMORY_KIB, MIN_ITERATIONS
            ));
        }
        if self.memory_kib > MAX_MEMORY_KIB
            || self.iterations > MAX_ITERATIONS
            || self.parallelism == 0
            || self.parallelism > 16
        {
            return Err("its key derivation cost is out of range".into());
        }
        let salt = data_encoding::BASE64
            .decode(self.salt.as_bytes())
            .map_err(|_| "its salt is not base64".to_string())?;
        if salt.len() < 16 {
            return Err("its salt is shorter than 16 bytes".into());
        }
        Ok(())
    }
}
