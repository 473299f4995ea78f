//! What the shell holds between commands: the open session (or none while locked), the vault
//! folder, the user's settings, the idle clock for auto-lock, and the cancel handles of long jobs.
//!
//! Locking drops the [`Session`], and with it the vault's keys, which zeroize on drop.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use casefile::api::{Job, Session};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, CmdResult};

/// Settings kept outside the vault (nothing secret): `settings.json` in the config folder.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct Settings {
    /// Lock after this many minutes without use (1–240).
    pub auto_lock_minutes: u32,
    /// The vault folder last created or opened, when it is not the default one.
    pub vault_path: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            auto_lock_minutes: 10,
            vault_path: None,
        }
    }
}

pub struct AppState {
    session: Mutex<Option<Session>>,
    vault_dir: Mutex<PathBuf>,
    /// The folder of the sample vault while it is open; deleted when it locks.
    sample_dir: Mutex<Option<PathBuf>>,
    config_file: PathBuf,
    settings: Mutex<Settings>,
    last_activity: Mutex<Instant>,
    jobs: Mutex<HashMap<String, Job>>,
}

impl AppState {
    /// `vault_dir` is the default folder; the one last used (kept in the settings) wins unless
    /// `CASEFILE_VAULT` names a folder explicitly.
    pub fn new(vault_dir: PathBuf, config_dir: PathBuf) -> Self {
        let config_file = config_dir.join("settings.json");
        // A missing or unreadable settings file means defaults: it holds nothing that matters
        // more than the app starting.
        let settings = std::fs::read(&config_file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let explicit = std::env::var_os("CASEFILE_VAULT").is_some_and(|v| !v.is_empty());
        let vault_dir = match (&settings, explicit) {
            (
                Settings {
                    vault_path: Some(p),
                    ..
                },
                false,
            ) => PathBuf::from(p),
            _ => vault_dir,
        };
        AppState {
            session: Mutex::new(None),
            vault_dir: Mutex::new(vault_dir),
            sample_dir: Mutex::new(None),
            config_file,
            settings: Mutex::new(settings),
            last_activity: Mutex::new(Instant::now()),
            jobs: Mutex::new(HashMap::new()),
        }
    }

    /// Runs `f` on the open session; fails with `locked` when there is none.
    pub fn with<T>(&self, f: impl FnOnce(&mut Session) -> casefile::Result<T>) -> CmdResult<T> {
        let mut guard = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let session = guard.as_mut().ok_or_else(AppError::locked)?;
        self.touch();
        f(session).map_err(AppError::from)
    }

    pub fn is_unlocked(&self) -> bool {
        self.session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// Makes `session` the open one; a sample vault that was open is closed and deleted.
    pub fn set_session(&self, session: Session) {
        let old = self
            .session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .replace(session);
        drop(old);
        if let Some(dir) = self
            .sample_dir
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            let _ = std::fs::remove_dir_all(dir);
        }
        self.touch();
    }

    /// Drops the session and its keys (and the sample vault, if that was open). Returns
    /// whether a session was open.
    pub fn lock(&self) -> bool {
        for job in self.jobs.lock().unwrap_or_else(|p| p.into_inner()).values() {
            job.cancel();
        }
        let was_open = self
            .session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .is_some();
        if let Some(dir) = self
            .sample_dir
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            let _ = std::fs::remove_dir_all(dir);
        }
        was_open
    }

    /// The user's vault folder (the sample's folder is never offered for create or unlock).
    pub fn vault_dir(&self) -> PathBuf {
        self.vault_dir
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Uses `dir` as the vault folder from now on (and at the next start).
    pub fn use_vault_dir(&self, dir: PathBuf) -> CmdResult<()> {
        if dir == self.vault_dir() {
            return Ok(());
        }
        let mut settings = self.settings();
        settings.vault_path = Some(dir.display().to_string());
        self.save_settings(settings)?;
        *self.vault_dir.lock().unwrap_or_else(|p| p.into_inner()) = dir;
        Ok(())
    }

    pub fn is_sample(&self) -> bool {
        self.sample_dir
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// Opens the sample vault in a new folder under the system temp folder, replacing any
    /// open session.
    pub fn open_sample(&self) -> CmdResult<()> {
        self.lock();
        let dir = std::env::temp_dir().join(format!(
            "casefile-sample-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        ));
        let session = casefile::api::sample::create(&dir, Box::new(casefile::domain::SystemClock))
            .inspect_err(|_| {
                let _ = std::fs::remove_dir_all(&dir);
            })?;
        self.set_session(session);
        *self.sample_dir.lock().unwrap_or_else(|p| p.into_inner()) = Some(dir);
        Ok(())
    }

    pub fn touch(&self) {
        *self.last_activity.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }

    pub fn idle_for(&self) -> Duration {
        self.last_activity
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .elapsed()
    }

    pub fn settings(&self) -> Settings {
        self.settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn save_settings(&self, settings: Settings) -> CmdResult<()> {
        if let Some(dir) = self.config_file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                AppError::new(
                    "io",
                    format!("cannot create the settings folder {}: {e}", dir.display()),
                )
            })?;
        }
        let json = serde_json::to_vec_pretty(&settings).expect("settings serialise");
        let tmp = self.config_file.with_extension("json.tmp");
        std::fs::write(&tmp, json)
            .and_then(|()| std::fs::rename(&tmp, &self.config_file))
            .map_err(|e| {
                AppError::new(
                    "io",
                    format!(
                        "cannot save the settings to {}: {e}",
                        self.config_file.display()
                    ),
                )
            })?;
        *self.settings.lock().unwrap_or_else(|p| p.into_inner()) = settings;
        Ok(())
    }

    /// Registers a long job under the UI's id so `job_cancel` can reach it.
    pub fn start_job(&self, id: &str, job: Job) {
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.to_string(), job);
    }

    pub fn end_job(&self, id: &str) {
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }

    pub fn cancel_job(&self, id: &str) -> bool {
        match self.jobs.lock().unwrap_or_else(|p| p.into_inner()).get(id) {
            Some(job) => {
                job.cancel();
                true
            }
            None => false,
        }
    }
}
