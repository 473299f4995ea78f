//! Trusted timestamps: the named services, the settings, a test request, stamping now, and the
//! stamp of each evidence item. Requests run on a blocking thread, and the session is held only
//! to prepare and to save (see `casefile::api::stamping`), so the window and intake stay live.

use casefile::api::stamping::{
    self, EvidenceStamp, SettingsChange, StampResult, TimestampStatus, TsaTestResult,
};
use casefile::timestamp::{KNOWN_SERVICES, KnownService, http};
use serde::Deserialize;
use tauri::{AppHandle, State};

use super::blocking;
use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// What the user changed in 设置 → 可信时间戳; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
pub struct TimestampSettings {
    pub enabled: Option<bool>,
    pub auto: Option<bool>,
    /// The service's address (`https://…`).
    pub tsa_url: Option<String>,
    /// A root certificate file (PEM or DER) to trust from now on.
    pub root_path: Option<String>,
}

/// The services the app lists by name (none tested from the build machine; see the README).
#[tauri::command]
#[specta::specta]
pub fn timestamp_services() -> Vec<KnownService> {
    KNOWN_SERVICES.to_vec()
}

#[tauri::command]
#[specta::specta]
pub fn timestamp_status(state: State<'_, AppState>) -> CmdResult<TimestampStatus> {
    state.with(|s| stamping::status(s))
}

/// Saves the settings; turning automatic stamping on makes it look at what is pending soon.
#[tauri::command]
#[specta::specta]
pub fn timestamp_configure(
    state: State<'_, AppState>,
    settings: TimestampSettings,
) -> CmdResult<TimestampStatus> {
    let add_root = settings
        .root_path
        .as_deref()
        .map(|p| stamping::read_root_file(std::path::Path::new(p)))
        .transpose()?;
    let change = SettingsChange {
        enabled: settings.enabled,
        auto: settings.auto,
        tsa_url: settings.tsa_url,
        add_root,
    };
    let status = state.with(|s| stamping::configure(s, &change))?;
    state.nudge_stamping();
    Ok(status)
}

/// One real request of a random digest to `tsa_url`, checked against the trusted roots and the
/// file at `root_path`; nothing is stored.
#[tauri::command]
#[specta::specta]
pub async fn timestamp_test(
    app: AppHandle,
    tsa_url: String,
    root_path: Option<String>,
) -> CmdResult<TsaTestResult> {
    blocking(app, move |state| {
        let ca = root_path
            .as_deref()
            .map(|p| stamping::read_root_file(std::path::Path::new(p)))
            .transpose()?;
        state.touch();
        stamping::test_service(state, &tsa_url, ca.as_deref(), &http::exchange)
            .ok_or_else(AppError::locked)
    })
    .await
}

/// Stamps everything pending now (the 获取时间戳 button).
#[tauri::command]
#[specta::specta]
pub async fn timestamp_stamp_now(app: AppHandle) -> CmdResult<StampResult> {
    blocking(app, |state| {
        state.touch();
        state
            .stamp_now(&http::exchange)
            .ok_or_else(AppError::locked)
    })
    .await
}

/// The stamp of each stamped evidence item of a case, for the badges.
#[tauri::command]
#[specta::specta]
pub fn evidence_stamps(
    state: State<'_, AppState>,
    case_id: String,
) -> CmdResult<Vec<EvidenceStamp>> {
    state.with(|s| stamping::evidence_stamps(s, &case_id))
}
