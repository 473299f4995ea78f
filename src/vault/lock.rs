//! The writer lock: one process at a time changes a vault.
//!
//! An advisory exclusive lock on `<vault>/vault.lock`, held for the length of one change (an
//! evidence intake, a case edit, a passphrase change, a verify). A second writer polls for a
//! short while, then fails with [`Error::VaultBusy`]. The operating system drops the lock when
//! the holder exits, even on SIGKILL, so a crash never leaves the vault locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::{Error, Result};

pub const LOCK_FILE: &str = "vault.lock";

#[derive(Debug)]
pub struct WriteLock {
    file: File,
}

impl WriteLock {
    /// Takes the lock, waiting up to `wait` for another writer to finish.
    pub fn acquire(vault_root: &Path, wait: Duration) -> Result<WriteLock> {
        let path = vault_root.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                if is_read_only(&e) {
                    Error::ReadOnlyVault {
                        path: vault_root.to_path_buf(),
                    }
                } else {
                    Error::io(format!("opening the lock file {}", path.display()), e)
                }
            })?;
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(WriteLock { file }),
                Err(TryLockError::WouldBlock) => {
                    if Instant::now() >= deadline {
                        return Err(Error::VaultBusy);
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(TryLockError::Error(e)) => {
                    return Err(Error::io("locking the vault", e));
                }
            }
        }
    }

    /// Takes the lock only if nobody holds it; `None` also when the vault is on read-only
    /// media (a backup on a DVD or a write-protected stick), where nothing can change it and
    /// reading needs no lock.
    pub fn try_acquire(vault_root: &Path) -> Result<Option<WriteLock>> {
        match Self::acquire(vault_root, Duration::ZERO) {
            Ok(lock) => Ok(Some(lock)),
            Err(Error::VaultBusy | Error::ReadOnlyVault { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A read-only file system (EROFS), or a folder this user may not write to.
fn is_read_only(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::ReadOnlyFilesystem
        || e.kind() == std::io::ErrorKind::PermissionDenied
        || e.raw_os_error() == Some(30)
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}
