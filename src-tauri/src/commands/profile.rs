//! The user's profile (name, ID number, phone, address) for documents and complaints.
//! Personal data: kept in the encrypted vault, never logged.

use casefile::api;
use casefile::domain::profile::Profile;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// The saved profile (empty fields when none was saved).
#[tauri::command]
#[specta::specta]
pub fn profile_get(state: State<'_, AppState>) -> CmdResult<Profile> {
    state.with(|s| api::profile::get(s))
}

/// Checks and saves the profile; returns it as stored (trimmed, the ID number normalised).
#[tauri::command]
#[specta::specta]
pub fn profile_set(state: State<'_, AppState>, profile: Profile) -> CmdResult<Profile> {
    state.with(|s| api::profile::set(s, profile))
}
