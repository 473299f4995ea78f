//! The contact log and the violations it shows.

use casefile::api::{self, contacts::CheckedContact, contacts::NewContact};
use casefile::domain::contact::{ContactFrequency, ViolationSummary};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn contact_add(
    state: State<'_, AppState>,
    case_id: String,
    contact: NewContact,
) -> CmdResult<CheckedContact> {
    state.with(|s| api::contacts::add(s, &case_id, contact))
}

#[tauri::command]
#[specta::specta]
pub fn contact_list(state: State<'_, AppState>, case_id: String) -> CmdResult<Vec<CheckedContact>> {
    state.with(|s| api::contacts::list(s, &case_id))
}

#[tauri::command]
#[specta::specta]
pub fn violations(state: State<'_, AppState>, case_id: String) -> CmdResult<ViolationSummary> {
    state.with(|s| api::contacts::violations(s, &case_id))
}

#[tauri::command]
#[specta::specta]
pub fn contact_frequency(
    state: State<'_, AppState>,
    case_id: String,
) -> CmdResult<ContactFrequency> {
    state.with(|s| api::contacts::frequency(s, &case_id))
}
