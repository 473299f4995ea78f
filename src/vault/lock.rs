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
            .map_err(|e| Error::io(format!("opening the lock file {}", path.display()), e))?;
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

    /// Takes the lock only if nobody holds it.
    pub fn try_acquire(vault_root: &Path) -> Result<Option<WriteLock>> {
        match Self::acquire(vault_root, Duration::ZERO) {
            Ok(lock) => Ok(Some(lock)),
            Err(Error::VaultBusy) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}
