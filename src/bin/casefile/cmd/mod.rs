//! One module per area of the command line. Each function opens the vault if it needs it,
//! calls the `api`, prints through `print`, and returns the exit code.

pub mod agreement;
pub mod case;
pub mod contact;
pub mod dashboard;
pub mod evidence;
pub mod export;
pub mod import;
pub mod log;
pub mod mediation;
pub mod party;
pub mod rate;
pub mod record;
pub mod timeline;
pub mod timestamp;
pub mod vault;
pub mod verify;

use std::path::PathBuf;
use std::time::Duration;

use casefile::Result;
use casefile::api::{self, Session};
use casefile::domain::SystemClock;

use crate::cli::Cli;
use crate::secrets;

/// What every command shares: the vault folder, the output mode and how to unlock.
pub struct Ctx {
    pub root: PathBuf,
    pub json: bool,
    pub passphrase_file: Option<PathBuf>,
    lock_wait: Duration,
}

impl Ctx {
    pub fn new(cli: &Cli) -> Result<Ctx> {
        let root = match &cli.vault {
            Some(p) => p.clone(),
            None => api::default_vault_dir()?,
        };
        Ok(Ctx {
            root,
            json: cli.json,
            passphrase_file: cli.passphrase_file.clone(),
            lock_wait: Duration::from_secs(cli.lock_timeout),
        })
    }

    /// Unlocks the vault with the passphrase from wherever the user put it.
    pub fn open(&self) -> Result<Session> {
        let passphrase = secrets::passphrase(self.passphrase_file.as_deref())?;
        let mut s = Session::open(&self.root, &passphrase, Box::new(SystemClock))?;
        s.set_lock_wait(self.lock_wait);
        Ok(s)
    }
}
