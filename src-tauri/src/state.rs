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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            auto_lock_minutes: 10,
        }
    }
}

pub struct AppState {
    session: Mutex<Option<Session>>,
    pub vault_dir: PathBuf,
    config_file: PathBuf,
    settings: Mutex<Settings>,
    last_activity: Mutex<Instant>,
    jobs: Mutex<HashMap<String, Job>>,
}

impl AppState {
    pub fn new(vault_dir: PathBuf, config_dir: PathBuf) -> Self {
        let config_file = config_dir.join("settings.json");
        // A missing or unreadable settings file means defaults: it holds nothing that matters
        // more than the app starting.
        let settings = std::fs::read(&config_file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        AppState {
            session: Mutex::new(None),
            vault_dir,
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

    pub fn set_session(&self, session: Session) {
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(session);
        self.touch();
    }

    /// Drops the session and its keys. Returns whether a session was open.
    pub fn lock(&self) -> bool {
        for job in self.jobs.lock().unwrap_or_else(|p| p.into_inner()).values() {
            job.cancel();
        }
        self.session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .is_some()
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
