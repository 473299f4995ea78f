//! The vault folder and its keys.
//!
//! ```text
//! <vault>/
//!   vault.json            header: versions, KDF parameters, wrapped keys, age recipient
//!   vault.lock            the writer lock (empty)
//!   casefile.db           SQLCipher database
//!   cases/<case-id>/evidence/<evidence-id>.age
//!   tmp/                  intake in progress: ciphertext only, cleaned at the next open
//! ```
//!
//! Passphrase → Argon2id → key-encryption key → master key. The recovery key unwraps the same
//! master key. From the master key come the SQLCipher key and the key that seals the age
//! identity. Changing the passphrase rewraps the master key and rewrites only `vault.json`.

pub mod blob;
pub mod header;
mod keys;
mod locked;

use locked::Locked;
pub mod lock;

use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant as StdInstant};

use argon2::{Algorithm, Argon2, Params, Version};
use data_encoding::{BASE64, HEXLOWER};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

pub use header::{KdfParams, VaultHeader};
pub use keys::{RecoveryKey, SecretKey};
use keys::{UnwrapError, Wrapped};

use crate::domain::Instant;
use crate::{Error, Result};

pub const HEADER_FILE: &str = "vault.json";
/// The header's second copy (format version 2): one bad sector must not lose the vault.
pub const HEADER_COPY_FILE: &str = "vault.copy.json";
pub const DB_FILE: &str = "casefile.db";
pub const CASES_DIR: &str = "cases";
pub const TMP_DIR: &str = "tmp";

/// How hard the passphrase is stretched at creation.
#[derive(Debug, Clone, Copy)]
pub enum KdfChoice {
    /// Measure this machine and aim for about half a second per unlock.
    Tuned,
    /// Explicit cost; still at least the minimum (64 MiB, 3 passes).
    Fixed { memory_kib: u32, iterations: u32 },
}

/// An open vault: its folder, header and keys. Keys are dropped (and zeroized) with it.
pub struct Vault {
    root: PathBuf,
    header: VaultHeader,
    /// What was wrong with a header copy when the vault was opened (and has been rewritten).
    /// Taken (and so reported) once, by the first verify of this session.
    header_repairs: std::sync::Mutex<Vec<String>>,
    master: SecretKey,
    /// The age identity that opens packs sent to this vault; locked in RAM like the keys.
    identity: Locked<age::x25519::Identity>,
    recipient: age::x25519::Recipient,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("root", &self.root)
            .field("vault_id", &self.header.vault_id)
            .finish_non_exhaustive()
    }
}

fn aad(purpose: &str, vault_id: &str) -> String {
    format!("casefile/v1/{purpose}/{vault_id}")
}

const AAD_BY_PASSPHRASE: &str = "master-key-by-passphrase";
const AAD_BY_RECOVERY: &str = "master-key-by-recovery-key";
const AAD_IDENTITY: &str = "age-identity";
const PURPOSE_IDENTITY: &str = "casefile age identity seal v1";
const PURPOSE_DATABASE: &str = "casefile sqlcipher key v1";
const PURPOSE_HEADER_MAC: &str = "casefile header mac v1";

impl Vault {
    /// Creates the folder layout and header of a new vault. The database is created by the
    /// caller (`api::init`) between this and [`Vault::commit_header`], so a crash during
    /// creation never leaves a header pointing at nothing.
    pub fn create(
        root: &Path,
        passphrase: &SecretString,
        kdf: KdfChoice,
        now: Instant,
    ) -> Result<(Vault, RecoveryKey)> {
        check_passphrase_strength(passphrase)?;
        if !root.join(HEADER_FILE).exists() && is_unfinished(root) {
            // A creation that was killed before its header was written: nothing in it was
            // ever usable (the header is what unlocks it), so it is cleared and made again.
            remove_unfinished(root);
        }
        if root.join(HEADER_FILE).exists() || dir_has_entries(root)? {
            return Err(Error::VaultExists {
                path: root.to_path_buf(),
            });
        }
        let params = new_kdf_params(kdf)?;
        let mut id = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        let vault_id = HEXLOWER.encode(&id);
        let master = SecretKey::generate();
        let recovery = RecoveryKey::generate();
        let identity = age::x25519::Identity::generate();
        let recipient = identity.to_public();
        let kek = derive_kek(passphrase, &params)?;
        let header = VaultHeader {
            format: header::FORMAT_NAME.into(),
            version: header::FORMAT_VERSION,
            created_at: now.to_rfc3339(),
            kdf: params,
            master_key_by_passphrase: Wrapped::seal(
                &kek,
                &aad(AAD_BY_PASSPHRASE, &vault_id),
                master.expose_bytes(),
            ),
            master_key_by_recovery_key: Wrapped::seal(
                &recovery.kek(&vault_id),
                &aad(AAD_BY_RECOVERY, &vault_id),
                master.expose_bytes(),
            ),
            age_identity: Wrapped::seal(
                &master.derive(&vault_id, PURPOSE_IDENTITY),
                &aad(AAD_IDENTITY, &vault_id),
                identity.to_string().expose_secret().as_bytes(),
            ),
            age_recipient: recipient.to_string(),
            vault_id,
            integrity: None,
        };
        make_folders(root)?;
        let vault = Vault {
            root: root.to_path_buf(),
            header,
            header_repairs: Default::default(),
            master,
            identity: Locked::new(identity),
            recipient,
        };
        Ok((vault, recovery))
    }

    /// Writes the header and then its copy, each atomically, with fresh integrity checks;
    /// completes creation or a passphrase change. Upgrades a version 1 header to version 2.
    ///
    /// Both temporary files are written before either is renamed into place, so a process
    /// killed between the two renames always leaves the copy's temporary file behind: the mark
    /// by which the next open tells an interrupted write (repaired without alarm) from a copy
    /// that was damaged or deleted (repaired and reported).
    pub fn commit_header(&mut self) -> Result<()> {
        self.header.version = header::FORMAT_VERSION;
        self.header.integrity = None;
        let body = self.header.body();
        self.header.integrity = Some(header::Integrity {
            sha256: HEXLOWER.encode(&<sha2::Sha256 as sha2::Digest>::digest(&body)),
            mac: HEXLOWER.encode(&self.header_mac(&body)),
        });
        let bytes = self.header.to_json();
        let write = |name: &str| -> Result<crate::atomic::AtomicFile> {
            let path = self.root.join(name);
            let mut f = crate::atomic::AtomicFile::create(&path)?;
            std::io::Write::write_all(f.file(), &bytes)
                .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
            Ok(f)
        };
        let primary = write(HEADER_FILE)?;
        let copy = write(HEADER_COPY_FILE)?;
        primary.commit(true)?;
        copy.commit(true)
    }

    /// Whether a header write was interrupted: a temporary header file is left in the folder.
    fn header_write_interrupted(&self) -> bool {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return false;
        };
        entries.flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            [HEADER_FILE, HEADER_COPY_FILE]
                .iter()
                .any(|h| name.starts_with(&format!(".{h}.")))
                && name.ends_with(crate::atomic::PARTIAL_SUFFIX)
        })
    }

    fn header_mac(&self, body: &[u8]) -> [u8; 32] {
        use hmac::Mac;
        let key = self
            .master
            .derive(&self.header.vault_id, PURPOSE_HEADER_MAC);
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.expose_bytes())
            .expect("HMAC takes a key of any length");
        mac.update(body);
        mac.finalize().into_bytes().into()
    }

    /// The header as stored (the first good copy), for reading its public fields.
    pub fn read_header(root: &Path) -> Result<VaultHeader> {
        Ok(Self::header_candidates(root)?.remove(0))
    }

    /// The distinct header copies that pass their checksum, `vault.json` first.
    ///
    /// # Errors
    /// The primary copy's error when no copy is good ([`Error::NoVault`] when neither exists,
    /// [`Error::UnsupportedVersion`] for a newer vault, [`Error::CorruptHeader`] otherwise).
    fn header_candidates(root: &Path) -> Result<Vec<VaultHeader>> {
        let primary = read_header_file(root, &root.join(HEADER_FILE));
        if let Err(e @ Error::UnsupportedVersion { .. }) = primary {
            return Err(e);
        }
        let copy = read_header_file(root, &root.join(HEADER_COPY_FILE));
        let mut found = match (primary, copy) {
            (Ok(p), Ok(c)) if p != c => vec![p, c],
            (Ok(p), _) => vec![p],
            (Err(_), Ok(c)) => vec![c],
            (Err(e), Err(_)) => return Err(e),
        };
        // A version 1 header has no checks; beside a version 2 copy it can only be a
        // downgrade (an edit that dropped the checks), never the real header.
        if found.iter().any(|h| h.version >= 2) {
            found.retain(|h| h.version >= 2);
        }
        Ok(found)
    }

    /// Opens the vault with its passphrase. Reads the header only: a wrong passphrase changes
    /// nothing on disk. A damaged header copy is rewritten from the good one.
    pub fn unlock(root: &Path, passphrase: &SecretString) -> Result<Vault> {
        Self::unlock_with(root, Error::WrongPassphrase, |header| {
            let kek = derive_kek(passphrase, &header.kdf)?;
            header
                .master_key_by_passphrase
                .open_key(&kek, &aad(AAD_BY_PASSPHRASE, &header.vault_id))
                .map_err(|e| unwrap_error(e, root, Error::WrongPassphrase))
        })
    }

    /// Opens the vault with the recovery key.
    pub fn unlock_with_recovery_key(root: &Path, recovery: &RecoveryKey) -> Result<Vault> {
        Self::unlock_with(root, Error::WrongRecoveryKey, |header| {
            header
                .master_key_by_recovery_key
                .open_key(
                    &recovery.kek(&header.vault_id),
                    &aad(AAD_BY_RECOVERY, &header.vault_id),
                )
                .map_err(|e| unwrap_error(e, root, Error::WrongRecoveryKey))
        })
    }

    /// Tries each good header copy with `open`; the first that opens and whose MAC holds wins.
    fn unlock_with(
        root: &Path,
        wrong: Error,
        open: impl Fn(&VaultHeader) -> Result<SecretKey>,
    ) -> Result<Vault> {
        let candidates = Self::header_candidates(root)?;
        let mut first_error = None;
        for header in candidates {
            let attempt =
                open(&header).and_then(|master| Self::finish_unlock(root, header, master));
            match attempt {
                Ok(mut vault) => {
                    vault.repair_header_copies();
                    return Ok(vault);
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or(wrong))
    }

    /// Rewrites a header copy that is missing, damaged or different from the one that opened
    /// the vault (best effort: read-only media stay as they are). Version 1 vaults, which had
    /// one copy and no checks, are upgraded here.
    fn repair_header_copies(&mut self) {
        let want = self.header.to_json();
        let mut repairs = Vec::new();
        let mut stale = false;
        let interrupted = self.header_write_interrupted();
        for name in [HEADER_FILE, HEADER_COPY_FILE] {
            let found = fs::read(self.root.join(name)).ok();
            if found.as_deref() == Some(want.as_slice()) {
                continue;
            }
            stale = true;
            // A write of both copies that was killed between them (passwd, recover, init)
            // leaves one copy missing or one step behind, still whole and carrying this
            // vault's MAC: finished here, not reported as damage.
            let behind = |bytes: &[u8]| {
                VaultHeader::from_json(bytes, &self.root.join(name))
                    .is_ok_and(|h| h.vault_id == self.header.vault_id && self.mac_holds(&h))
            };
            if interrupted && found.as_deref().is_none_or(behind) {
                continue;
            }
            if self.header.version >= 2 || name == HEADER_FILE {
                repairs.push(match found {
                    None => format!("{name} was missing and has been rewritten from the other copy"),
                    Some(_) => format!(
                        "{name} was damaged or changed and has been rewritten from the good copy; check the disk for errors"
                    ),
                });
            }
        }
        // Rewriting needs the writer lock (another process may be changing the passphrase);
        // when it is held elsewhere, or the media is read-only, the copies stay for next time.
        let Ok(Some(_lock)) = lock::WriteLock::try_acquire(&self.root) else {
            return;
        };
        if (self.header.version < 2 || stale) && self.commit_header().is_ok() {
            self.header_repairs = std::sync::Mutex::new(repairs);
        }
    }

    /// What was repaired in the header copies when this vault was opened; empty after the
    /// first call, so a long-lived session (the app) reports a repair once.
    pub fn take_header_repairs(&self) -> Vec<String> {
        std::mem::take(
            &mut *self
                .header_repairs
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        )
    }

    /// Checks both header copies on disk now: each must exist, pass its checksum, carry a
    /// MAC that holds under this vault's keys, and agree with the other. One message per fault.
    pub fn check_header_copies(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for name in [HEADER_FILE, HEADER_COPY_FILE] {
            match read_header_file(&self.root, &self.root.join(name)) {
                Err(e) => problems.push(format!("{name}: {e}")),
                Ok(h) if h != self.header => problems.push(format!(
                    "{name} differs from the header this vault was opened with"
                )),
                Ok(h) => {
                    if !self.mac_holds(&h) {
                        problems.push(format!(
                            "{name} was changed without the vault's keys (its MAC does not hold)"
                        ));
                    }
                }
            }
        }
        problems
    }

    fn mac_holds(&self, header: &VaultHeader) -> bool {
        use subtle::ConstantTimeEq;
        let Some(integrity) = &header.integrity else {
            return header.version == 1;
        };
        let Ok(stored) = HEXLOWER.decode(integrity.mac.as_bytes()) else {
            return false;
        };
        bool::from(self.header_mac(&header.body()).ct_eq(stored.as_slice()))
    }

    fn finish_unlock(root: &Path, header: VaultHeader, master: SecretKey) -> Result<Vault> {
        let corrupt = |reason: &str| Error::CorruptHeader {
            path: root.join(HEADER_FILE),
            reason: reason.into(),
        };
        let sealed = header
            .age_identity
            .open(
                &master.derive(&header.vault_id, PURPOSE_IDENTITY),
                &aad(AAD_IDENTITY, &header.vault_id),
            )
            .map_err(|_| corrupt("the sealed age identity does not open"))?;
        let text =
            std::str::from_utf8(&sealed).map_err(|_| corrupt("the age identity is not text"))?;
        let identity = age::x25519::Identity::from_str(text)
            .map_err(|_| corrupt("the age identity is not a valid key"))?;
        let recipient = identity.to_public();
        if recipient.to_string() != header.age_recipient {
            return Err(corrupt("the age recipient does not match the identity"));
        }
        let vault = Vault {
            root: root.to_path_buf(),
            header,
            header_repairs: Default::default(),
            master,
            identity: Locked::new(identity),
            recipient,
        };
        if !vault.mac_holds(&vault.header) {
            return Err(corrupt(
                "it was changed without the vault's keys (its MAC does not hold)",
            ));
        }
        Ok(vault)
    }

    /// Sets a new passphrase: rewraps the master key, keeps the KDF cost (never lower than the
    /// minimum) with a fresh salt, and rewrites only the header. Evidence is untouched.
    pub fn set_passphrase(&mut self, new: &SecretString) -> Result<()> {
        check_passphrase_strength(new)?;
        let mut salt = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        let mut kdf = self.header.kdf.clone();
        kdf.salt = BASE64.encode(&salt);
        let kek = derive_kek(new, &kdf)?;
        self.header.kdf = kdf;
        self.header.master_key_by_passphrase = Wrapped::seal(
            &kek,
            &aad(AAD_BY_PASSPHRASE, &self.header.vault_id),
            self.master.expose_bytes(),
        );
        self.commit_header()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn header(&self) -> &VaultHeader {
        &self.header
    }

    pub fn recipient(&self) -> &age::x25519::Recipient {
        &self.recipient
    }

    pub fn identity(&self) -> &age::x25519::Identity {
        self.identity.get()
    }

    /// Whether the master key and the age identity sit on pages locked in RAM (kept out of
    /// swap). False where the system allows no locked memory; the keys still zeroize on drop.
    pub fn keys_locked_in_ram(&self) -> bool {
        self.master.is_locked() && self.identity.is_locked()
    }

    /// The raw SQLCipher key, as the hex literal `x'…'` SQLCipher takes.
    pub(crate) fn database_key_literal(&self) -> Zeroizing<String> {
        let key = self.master.derive(&self.header.vault_id, PURPOSE_DATABASE);
        let mut lit = Zeroizing::new(String::with_capacity(70));
        lit.push_str("x'");
        lit.push_str(&Zeroizing::new(HEXLOWER.encode(key.expose_bytes())));
        lit.push('\'');
        lit
    }

    pub fn db_path(&self) -> PathBuf {
        self.root.join(DB_FILE)
    }

    pub fn tmp_dir(&self) -> PathBuf {
        self.root.join(TMP_DIR)
    }

    pub fn case_dir(&self, case_id: &str) -> PathBuf {
        self.root.join(CASES_DIR).join(case_id)
    }

    pub fn evidence_path(&self, case_id: &str, evidence_id: &str) -> PathBuf {
        self.case_dir(case_id)
            .join("evidence")
            .join(format!("{evidence_id}.age"))
    }
}

/// Reads and checks one header file; a missing file is [`Error::NoVault`] (or
/// [`Error::UnfinishedVault`]).
fn read_header_file(root: &Path, path: &Path) -> Result<VaultHeader> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(if is_unfinished(root) {
                Error::UnfinishedVault {
                    path: root.to_path_buf(),
                }
            } else {
                Error::NoVault {
                    path: root.to_path_buf(),
                }
            });
        }
        Err(e) => return Err(Error::io(format!("reading {}", path.display()), e)),
    };
    if bytes.len() > 64 * 1024 {
        return Err(Error::CorruptHeader {
            path: path.to_path_buf(),
            reason: "it is far larger than a header can be".into(),
        });
    }
    VaultHeader::from_json(&bytes, path)
}

fn unwrap_error(e: UnwrapError, root: &Path, wrong: Error) -> Error {
    match e {
        UnwrapError::Rejected => wrong,
        UnwrapError::Malformed(reason) => Error::CorruptHeader {
            path: root.join(HEADER_FILE),
            reason: reason.into(),
        },
    }
}

fn check_passphrase_strength(p: &SecretString) -> Result<()> {
    if p.expose_secret().chars().count() < 8 {
        return Err(Error::InvalidInput(
            "the passphrase is too short: use at least 8 characters (a few words you can remember is best)"
                .into(),
        ));
    }
    Ok(())
}

fn derive_kek(passphrase: &SecretString, kdf: &KdfParams) -> Result<SecretKey> {
    let salt = BASE64
        .decode(kdf.salt.as_bytes())
        .map_err(|_| Error::InvalidInput("the KDF salt is not base64".into()))?;
    let params = Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32))
        .map_err(|e| Error::InvalidInput(format!("invalid key derivation parameters: {e}")))?;
    SecretKey::filled_with(|out| {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.expose_secret().as_bytes(), &salt, out)
            .map_err(|e| Error::InvalidInput(format!("key derivation failed: {e}")))
    })
}

/// Picks Argon2id costs that take about half a second here: 64 MiB of memory (the minimum) and
/// as many passes as fit. Raising passes rather than memory gives the same memory-time cost to
/// an attacker while the app's own peak memory stays near 70 MiB, which keeps intake of huge
/// recordings within the memory budget on small machines.
pub fn tune_kdf() -> (u32, u32) {
    const TARGET: Duration = Duration::from_millis(500);
    let memory = header::MIN_MEMORY_KIB;
    let probe_passes = header::MIN_ITERATIONS;
    let probe = KdfParams {
        algorithm: "argon2id".into(),
        memory_kib: memory,
        iterations: probe_passes,
        parallelism: 1,
        salt: BASE64.encode(&[0u8; 16]),
    };
    let start = StdInstant::now();
    let _ = derive_kek(&SecretString::from("calibration"), &probe);
    let per_pass = start.elapsed().as_secs_f64() / f64::from(probe_passes);
    let passes = (TARGET.as_secs_f64() / per_pass.max(1e-4)).round() as u32;
    (memory, passes.clamp(header::MIN_ITERATIONS, 32))
}

/// The KDF parameters of a new vault: measured on this machine or as given, with a fresh salt.
fn new_kdf_params(kdf: KdfChoice) -> Result<KdfParams> {
    let (memory_kib, iterations) = match kdf {
        KdfChoice::Tuned => tune_kdf(),
        KdfChoice::Fixed {
            memory_kib,
            iterations,
        } => (memory_kib, iterations),
    };
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let params = KdfParams {
        algorithm: "argon2id".into(),
        memory_kib,
        iterations,
        parallelism: 1,
        salt: BASE64.encode(&salt),
    };
    params.check().map_err(Error::InvalidInput)?;
    Ok(params)
}

/// The folders and lock file of a new vault (private to its owner on Unix).
fn make_folders(root: &Path) -> Result<()> {
    fs::create_dir_all(root.join(CASES_DIR))
        .and_then(|()| fs::create_dir_all(root.join(TMP_DIR)))
        .map_err(|e| Error::io(format!("creating the vault folder {}", root.display()), e))?;
    #[cfg(unix)]
    {
        // The vault is private to its owner, even though everything in it is encrypted.
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(root, fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io("protecting the vault folder", e))?;
    }
    fs::write(root.join(lock::LOCK_FILE), b"")
        .map_err(|e| Error::io("creating the vault lock file", e))
}

/// What `init` writes before the header, in order; a folder holding only these (and no header)
/// is a creation that was interrupted.
const CREATION_ENTRIES: [&str; 5] = [
    lock::LOCK_FILE,
    DB_FILE,
    "casefile.db-journal",
    CASES_DIR,
    TMP_DIR,
];

/// Whether `root` holds the remains of an interrupted `init` and nothing else: no header, at
/// least one of [`CREATION_ENTRIES`], nothing else but a half-written header, and no file
/// under `cases/` (a real vault's evidence is never there without a header).
pub fn is_unfinished(root: &Path) -> bool {
    let Ok(entries) = fs::read_dir(root) else {
        return false;
    };
    let mut seen = false;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == HEADER_FILE || name == HEADER_COPY_FILE {
            return false;
        }
        if name.starts_with(".vault.") && name.ends_with(crate::atomic::PARTIAL_SUFFIX) {
            continue;
        }
        if !CREATION_ENTRIES.contains(&name.as_str()) {
            return false;
        }
        seen = true;
    }
    seen && !has_files(&root.join(CASES_DIR))
}

fn has_files(dir: &Path) -> bool {
    fs::read_dir(dir).into_iter().flatten().flatten().any(|e| {
        let p = e.path();
        if p.is_dir() { has_files(&p) } else { true }
    })
}

fn remove_unfinished(root: &Path) {
    crate::atomic::remove_leftovers(root);
    for name in CREATION_ENTRIES {
        let p = root.join(name);
        let _ = fs::remove_dir_all(&p).or_else(|_| fs::remove_file(&p));
    }
}

fn dir_has_entries(root: &Path) -> Result<bool> {
    match fs::read_dir(root) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(format!("reading {}", root.display()), e)),
    }
}

pub(crate) use crate::atomic::sync_dir;
