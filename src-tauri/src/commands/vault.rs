//! Creating, unlocking, recovering and locking the vault; settings; verify.

use casefile::ErrorCode;
use casefile::api::{self, HEADER_FILE, Job, JobProgress, KdfChoice, RecoveryKey};
use casefile::domain::SystemClock;
use secrecy::SecretString;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::blocking;
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, Settings};

/// What the UI needs before a vault is open.
#[derive(Debug, Serialize, specta::Type)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    pub vault_path: String,
    pub vault_exists: bool,
    pub unlocked: bool,
    pub auto_lock_minutes: u32,
}

#[derive(Debug, Serialize, specta::Type)]
pub struct VaultStatus {
    pub unlocked: bool,
    /// The open vault is the throwaway sample, not the user's.
    pub sample: bool,
    pub vault_path: String,
    pub auto_lock_minutes: u32,
}

/// Handed back once at creation: the UI shows the recovery key, then forgets it.
#[derive(Serialize, specta::Type)]
pub struct Created {
    pub vault_id: String,
    pub recovery_key: String,
}

/// The recovery key opens the vault: a log line or a panic message must never carry it.
impl std::fmt::Debug for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Created")
            .field("vault_id", &self.vault_id)
            .field("recovery_key", &"[redacted]")
            .finish()
    }
}

fn status(state: &AppState) -> VaultStatus {
    VaultStatus {
        unlocked: state.is_unlocked(),
        sample: state.is_sample(),
        vault_path: state.vault_dir().display().to_string(),
        auto_lock_minutes: state.settings().auto_lock_minutes,
    }
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        name: "CaseFile".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        vault_path: state.vault_dir().display().to_string(),
        vault_exists: state.vault_dir().join(HEADER_FILE).exists(),
        unlocked: state.is_unlocked(),
        auto_lock_minutes: state.settings().auto_lock_minutes,
    }
}

#[tauri::command]
#[specta::specta]
pub async fn vault_create(
    app: AppHandle,
    path: Option<String>,
    passphrase: String,
) -> CmdResult<Created> {
    blocking(app, move |state| {
        let passphrase = SecretString::from(passphrase);
        let dir = state.chosen_dir(path);
        let created = api::init(&dir, &passphrase, KdfChoice::Tuned, &SystemClock)?;
        state.open(dir, &passphrase)?;
        let key = created.recovery_key.expose_display();
        Ok(Created {
            vault_id: created.vault_id,
            recovery_key: key.to_string(),
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn vault_unlock(
    app: AppHandle,
    path: Option<String>,
    passphrase: String,
) -> CmdResult<VaultStatus> {
    blocking(app, move |state| {
        state.open(state.chosen_dir(path), &SecretString::from(passphrase))?;
        Ok(status(state))
    })
    .await
}

/// Sets a new passphrase with the recovery key, then opens the vault with it.
#[tauri::command]
#[specta::specta]
pub async fn vault_recover(
    app: AppHandle,
    path: Option<String>,
    recovery_key: String,
    new_passphrase: String,
) -> CmdResult<VaultStatus> {
    blocking(app, move |state| {
        let key = RecoveryKey::parse(&recovery_key)?;
        let passphrase = SecretString::from(new_passphrase);
        let dir = state.chosen_dir(path);
        api::recover(&dir, &key, &passphrase)?;
        state.open(dir, &passphrase)?;
        Ok(status(state))
    })
    .await
}

/// Opens a throwaway vault with one invented case, to look around in; it is deleted on lock.
#[tauri::command]
#[specta::specta]
pub async fn open_sample(app: AppHandle) -> CmdResult<VaultStatus> {
    blocking(app, |state| {
        state.open_sample()?;
        Ok(status(state))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub fn vault_lock(state: State<'_, AppState>) -> VaultStatus {
    state.lock();
    status(&state)
}

#[tauri::command]
#[specta::specta]
pub fn vault_status(state: State<'_, AppState>) -> VaultStatus {
    status(&state)
}

/// The user is active (typing, clicking): pushes the auto-lock back.
#[tauri::command]
#[specta::specta]
pub fn activity(state: State<'_, AppState>) {
    if state.is_unlocked() {
        state.touch();
    }
}

#[tauri::command]
#[specta::specta]
pub fn set_auto_lock(state: State<'_, AppState>, minutes: u32) -> CmdResult<VaultStatus> {
    if !(1..=240).contains(&minutes) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "the auto-lock time must be from 1 to 240 minutes",
        ));
    }
    state.save_settings(Settings {
        auto_lock_minutes: minutes,
        ..state.settings()
    })?;
    Ok(status(&state))
}

/// Checks the current passphrase, then rewraps the master key.
#[tauri::command]
#[specta::specta]
pub async fn change_passphrase(app: AppHandle, current: String, next: String) -> CmdResult<()> {
    blocking(app, move |state| {
        let current = SecretString::from(current);
        let next = SecretString::from(next);
        state.with(|s| {
            s.confirm_passphrase(&current)?;
            s.change_passphrase(&next)
        })
    })
    .await
}

/// Writes text the user chose to save (the recovery key sheet) to the file they picked.
#[tauri::command]
#[specta::specta]
pub fn save_text_file(path: String, text: String) -> CmdResult<()> {
    std::fs::write(&path, text)
        .map_err(|e| AppError::new(ErrorCode::Io, format!("cannot write {path}: {e}")))
}

/// Checks the whole vault: chain, records and every evidence blob.
#[tauri::command]
#[specta::specta]
pub async fn verify_vault(
    app: AppHandle,
    job_id: String,
    on_progress: Channel<JobProgress>,
) -> CmdResult<api::verify::Report> {
    blocking(app, move |state| {
        let job = Job::with_progress(move |p| {
            let _ = on_progress.send(p);
        });
        state.start_job(&job_id, job.clone());
        let result = state.with(|s| api::verify::run_job(s, &job, &mut |_, _| {}));
        state.end_job(&job_id);
        result
    })
    .await
}

/// Cancels a long job (intake, export, verify) started with this id.
#[tauri::command]
#[specta::specta]
pub fn job_cancel(state: State<'_, AppState>, job_id: String) -> bool {
    state.cancel_job(&job_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_does_not_print_the_recovery_key_through_debug() {
        let created = Created {
            vault_id: "v-1".into(),
            recovery_key: "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789-ABCD".into(),
        };
        let printed = format!("{created:?} {created:#?}");
        assert!(printed.contains("v-1"), "{printed}");
        assert!(printed.contains("[redacted]"), "{printed}");
        for group in ["ABCD", "EFGH", "6789"] {
            assert!(!printed.contains(group), "{printed}");
        }
    }
}
