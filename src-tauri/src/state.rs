//! What the shell holds between commands: the open session (or none while locked), the vault
//! folder, the user's settings, the idle clock for auto-lock, and the cancel handles of long jobs.
//!
//! Locking drops the [`Session`], and with it the vault's keys, which zeroize on drop, and
//! removes the files decrypted for the system player (see [`crate::external`]).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use casefile::ErrorCode;
use casefile::api::stamping::{self, AutoStamp, SessionAccess, StampResult};
use casefile::api::timestamp::Exchange;
use casefile::api::{Job, Session};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, CmdResult};
use crate::external::Scratch;

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
    /// Held while a stamp is being obtained, so the button and the background never race.
    stamping: Mutex<()>,
    /// Set at unlock and after intake: the background stamper looks at what is pending soon.
    stamp_nudge: AtomicBool,
    /// Set at unlock: the background stamper starts its schedule afresh (another vault).
    stamp_reset: AtomicBool,
    /// Recordings decrypted for the system player; emptied whenever the vault locks.
    scratch: Scratch,
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
            stamping: Mutex::new(()),
            stamp_nudge: AtomicBool::new(false),
            stamp_reset: AtomicBool::new(false),
            scratch: Scratch::new(Scratch::default_base()),
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
        self.delete_sample();
        self.touch();
        self.stamp_reset.store(true, Ordering::SeqCst);
        self.nudge_stamping();
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
        self.scratch.clear();
        self.delete_sample();
        was_open
    }

    /// Where recordings are decrypted for the system player.
    pub fn scratch(&self) -> &Scratch {
        &self.scratch
    }

    fn delete_sample(&self) {
        if let Some(dir) = self
            .sample_dir
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    /// The folder the user picked, else the current vault folder.
    pub fn chosen_dir(&self, picked: Option<String>) -> PathBuf {
        picked.map_or_else(|| self.vault_dir(), PathBuf::from)
    }

    /// Opens the vault in `dir` with `passphrase`, makes it the open session and remembers the
    /// folder for the next start.
    pub fn open(&self, dir: PathBuf, passphrase: &secrecy::SecretString) -> CmdResult<()> {
        let session = Session::open(&dir, passphrase, Box::new(casefile::domain::SystemClock))?;
        self.use_vault_dir(dir)?;
        self.set_session(session);
        Ok(())
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

    /// Locks when the vault has been idle for the auto-lock time. Returns whether it locked.
    pub fn lock_if_idle(&self) -> bool {
        let limit = Duration::from_secs(u64::from(self.settings().auto_lock_minutes) * 60);
        self.is_unlocked() && self.idle_for() >= limit && self.lock()
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
                    ErrorCode::Io,
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
                    ErrorCode::Io,
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

    /// Something may have made items pending (intake, new settings): the background stamper
    /// looks soon.
    pub fn nudge_stamping(&self) {
        self.stamp_nudge.store(true, Ordering::SeqCst);
    }

    /// Stamps everything pending now, after any stamp already under way. `None` when locked.
    pub fn stamp_now(&self, exchange: Exchange<'_>) -> Option<StampResult> {
        let _one = self.stamping.lock().unwrap_or_else(|p| p.into_inner());
        stamping::stamp_pending(self, exchange)
    }

    /// One step of the background stamper (its schedule lives with its thread): takes the
    /// nudges and resets since the last step, and stamps when due, automatic stamping is on
    /// and something is pending. Skips while another stamp is under way. `Some` when it asked.
    pub fn auto_stamp_step(
        &self,
        schedule: &mut AutoStamp,
        now: Instant,
        exchange: Exchange<'_>,
    ) -> Option<StampResult> {
        if self.stamp_reset.swap(false, Ordering::SeqCst) {
            *schedule = AutoStamp::default();
        }
        if self.stamp_nudge.swap(false, Ordering::SeqCst) {
            schedule.nudge();
        }
        let _one = self.stamping.try_lock().ok()?;
        schedule.tick(self, now, exchange)
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

/// Background work uses the session without touching the idle clock: stamping must not keep a
/// vault unlocked.
impl SessionAccess for AppState {
    fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> casefile::Result<T>,
    ) -> Option<casefile::Result<T>> {
        let mut guard = self.session.lock().unwrap_or_else(|p| p.into_inner());
        guard.as_mut().map(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> (tempfile::TempDir, AppState) {
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::new(tmp.path().join("vault"), tmp.path().join("config"));
        (tmp, state)
    }

    impl AppState {
        fn pretend_idle(&self, for_: Duration) {
            *self.last_activity.lock().unwrap() = Instant::now() - for_;
        }
    }

    #[test]
    fn a_locked_vault_answers_every_command_with_locked() {
        let (_tmp, state) = state();
        let err = state.with(|s| casefile::api::case::list(s)).unwrap_err();
        assert_eq!(err.code, ErrorCode::Locked);
    }

    #[test]
    fn settings_survive_a_restart_and_a_damaged_file_means_defaults() {
        let (tmp, state) = state();
        assert_eq!(state.settings().auto_lock_minutes, 10);
        state
            .save_settings(Settings {
                auto_lock_minutes: 3,
                vault_path: Some("/somewhere/else".into()),
            })
            .unwrap();
        let again = AppState::new(tmp.path().join("vault"), tmp.path().join("config"));
        assert_eq!(again.settings().auto_lock_minutes, 3);
        // The remembered folder wins unless CASEFILE_VAULT names one explicitly.
        if std::env::var_os("CASEFILE_VAULT").is_none() {
            assert_eq!(again.vault_dir(), PathBuf::from("/somewhere/else"));
        }
        std::fs::write(tmp.path().join("config/settings.json"), b"{not json").unwrap();
        let damaged = AppState::new(tmp.path().join("vault"), tmp.path().join("config"));
        assert_eq!(damaged.settings().auto_lock_minutes, 10);
    }

    #[test]
    fn idle_time_locks_the_vault_and_deletes_the_sample() {
        let (_tmp, state) = state();
        state.open_sample().unwrap();
        assert!(state.is_unlocked() && state.is_sample());
        let dir = state.sample_dir.lock().unwrap().clone().unwrap();
        assert!(dir.join("vault.json").is_file());

        state.pretend_idle(Duration::from_secs(9 * 60));
        assert!(!state.lock_if_idle(), "9 minutes is under the default 10");
        assert!(state.with(|s| casefile::api::case::list(s)).is_ok());
        // Using the vault (any command) resets the idle clock.
        assert!(state.idle_for() < Duration::from_secs(60));

        state.pretend_idle(Duration::from_secs(10 * 60));
        assert!(state.lock_if_idle());
        assert!(!state.is_unlocked() && !state.is_sample());
        assert!(!dir.exists(), "the sample vault is deleted when it locks");
        assert_eq!(
            state
                .with(|s| casefile::api::case::list(s))
                .unwrap_err()
                .code,
            ErrorCode::Locked
        );
    }

    #[test]
    fn locking_removes_recordings_decrypted_for_the_system_player() {
        let (_tmp, state) = state();
        state.open_sample().unwrap();
        let path = state
            .scratch()
            .write("通话.amr", "audio/amr", &mut &b"#!AMR\n"[..])
            .unwrap();
        assert!(path.is_file());
        state.lock();
        assert!(!path.exists(), "the plaintext goes with the keys");
        assert!(!path.parent().unwrap().exists());
    }

    #[test]
    fn locking_cancels_running_jobs() {
        let (_tmp, state) = state();
        let job = Job::new();
        state.start_job("j1", job.clone());
        assert!(!state.cancel_job("nope"));
        state.lock();
        assert!(job.is_cancelled());
        state.end_job("j1");
        assert!(!state.cancel_job("j1"));
    }

    #[test]
    fn the_background_stamper_is_off_by_default_and_keeps_a_failure_for_later() {
        use casefile::api::stamping::SettingsChange;
        use casefile::timestamp::TsaProblem;
        use casefile::timestamp::http::NetError;
        let (_tmp, state) = state();
        state.open_sample().unwrap();
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let offline = |url: &str, _: &[u8]| {
            asked.fetch_add(1, Ordering::SeqCst);
            Err(NetError::Unreachable {
                url: url.into(),
                reason: "connection refused".into(),
            })
        };
        let mut schedule = AutoStamp::default();
        let t0 = Instant::now();
        // The sample has evidence pending, but stamping is off.
        assert!(state.auto_stamp_step(&mut schedule, t0, &offline).is_none());
        assert_eq!(asked.load(Ordering::SeqCst), 0);

        state
            .with(|s| {
                stamping::configure(
                    s,
                    &SettingsChange {
                        enabled: Some(true),
                        auto: Some(true),
                        tsa_url: Some("http://127.0.0.1:9/tsr".into()),
                        add_root: None,
                    },
                )
            })
            .unwrap();
        state.nudge_stamping();
        let idle_before = state.idle_for();
        std::thread::sleep(Duration::from_millis(20));
        let r = state
            .auto_stamp_step(&mut schedule, t0 + Duration::from_secs(61), &offline)
            .expect("asked once turned on");
        assert_eq!(r.failure.map(|f| f.problem), Some(TsaProblem::Offline));
        assert_eq!(asked.load(Ordering::SeqCst), 1);
        assert!(
            state.idle_for() > idle_before,
            "background stamping does not count as use"
        );
        let st = state.with(|s| stamping::status(s)).unwrap();
        assert_eq!(st.last_error.map(|f| f.problem), Some(TsaProblem::Offline));
        assert!(st.pending_items > 0);
        // Not again until the interval (or a nudge after the minimum gap).
        assert!(
            state
                .auto_stamp_step(&mut schedule, t0 + Duration::from_secs(90), &offline)
                .is_none()
        );
        assert!(
            state
                .auto_stamp_step(&mut schedule, t0 + Duration::from_secs(61 + 600), &offline)
                .is_some()
        );
        assert_eq!(asked.load(Ordering::SeqCst), 2);
        // Locked: nothing is asked.
        state.lock();
        assert!(
            state
                .auto_stamp_step(&mut schedule, t0 + Duration::from_secs(2000), &offline)
                .is_none()
        );
        assert_eq!(asked.load(Ordering::SeqCst), 2);
    }
}
