//! Cases: the dashboard, a case's overview, its figures, stages and legal events.

use casefile::api::{self, case::NewCase, debt::CaseEdit, debt::NewParty};
use casefile::domain::Case;
use casefile::domain::deadline::LegalEventKind;
use casefile::domain::debt::{Party, Stage, StageChange};
use tauri::State;

use super::date;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn dashboard(state: State<'_, AppState>) -> CmdResult<api::dashboard::Dashboard> {
    state.with(|s| api::dashboard::build(s))
}

#[tauri::command]
#[specta::specta]
pub fn case_list(state: State<'_, AppState>) -> CmdResult<Vec<Case>> {
    state.with(|s| api::case::list(s))
}

#[tauri::command]
#[specta::specta]
pub fn case_create(state: State<'_, AppState>, new_case: NewCase) -> CmdResult<Case> {
    state.with(|s| api::case::create(s, new_case))
}

#[tauri::command]
#[specta::specta]
pub fn case_overview(
    state: State<'_, AppState>,
    case_id: String,
) -> CmdResult<api::overview::CaseOverview> {
    state.with(|s| api::overview::overview(s, &case_id))
}

#[tauri::command]
#[specta::specta]
pub fn case_edit(state: State<'_, AppState>, case_id: String, edit: CaseEdit) -> CmdResult<Case> {
    state.with(|s| api::debt::edit(s, &case_id, edit))
}

#[tauri::command]
#[specta::specta]
pub fn stage_set(
    state: State<'_, AppState>,
    case_id: String,
    stage: Stage,
    on: String,
    note: Option<String>,
    evidence_ids: Vec<String>,
) -> CmdResult<StageChange> {
    let on = date(&on)?;
    state.with(|s| api::timeline::set_stage(s, &case_id, stage, on, note, evidence_ids))
}

#[tauri::command]
#[specta::specta]
pub fn event_add(
    state: State<'_, AppState>,
    case_id: String,
    kind: LegalEventKind,
    on: String,
    note: Option<String>,
    period_days: Option<u32>,
) -> CmdResult<api::timeline::LegalEventRecord> {
    let on = date(&on)?;
    state.with(|s| api::timeline::add_event_with_period(s, &case_id, kind, on, note, period_days))
}

/// Every deadline of every case (or one case), soonest first.
#[tauri::command]
#[specta::specta]
pub fn deadlines(
    state: State<'_, AppState>,
    case_id: Option<String>,
) -> CmdResult<Vec<api::timeline::CaseDeadline>> {
    state.with(|s| api::timeline::deadlines(s, case_id.as_deref()))
}

#[tauri::command]
#[specta::specta]
pub fn party_add(state: State<'_, AppState>, case_id: String, party: NewParty) -> CmdResult<Party> {
    state.with(|s| api::debt::add_party(s, &case_id, party))
}

#[tauri::command]
#[specta::specta]
pub fn rate_report(
    state: State<'_, AppState>,
    case_id: String,
) -> CmdResult<casefile::domain::rate::RateReport> {
    state.with(|s| api::rate::for_case(s, &case_id))
}

/// The real rate, or which figures are missing for it and where they are entered.
#[tauri::command]
#[specta::specta]
pub fn case_rate(state: State<'_, AppState>, case_id: String) -> CmdResult<api::rate::CaseRate> {
    state.with(|s| api::rate::for_case_or_missing(s, &case_id))
}

/// Replaces what a record says (its whole new content, same id); the chain keeps both.
#[tauri::command]
#[specta::specta]
pub fn record_correct(
    state: State<'_, AppState>,
    case_id: String,
    record_id: String,
    record: serde_json::Value,
    reason: Option<String>,
    confirm: bool,
) -> CmdResult<api::corrections::CorrectionEntry> {
    state.with(|s| api::corrections::correct(s, &case_id, &record_id, record, reason, confirm))
}

/// Takes a record out of the case's sums and rules; it stays in the history.
#[tauri::command]
#[specta::specta]
pub fn record_withdraw(
    state: State<'_, AppState>,
    case_id: String,
    record_id: String,
    reason: Option<String>,
) -> CmdResult<api::corrections::CorrectionEntry> {
    state.with(|s| api::corrections::withdraw(s, &case_id, &record_id, reason))
}

/// Every correction and withdrawal of a case, oldest first.
#[tauri::command]
#[specta::specta]
pub fn record_history(
    state: State<'_, AppState>,
    case_id: String,
) -> CmdResult<Vec<api::corrections::CorrectionEntry>> {
    state.with(|s| api::corrections::list(s, &case_id))
}

/// Records a payment on the loan itself (made, or scheduled by the contract), for the real rate.
#[tauri::command]
#[specta::specta]
pub fn flow_add(
    state: State<'_, AppState>,
    case_id: String,
    on: String,
    amount_fen: i64,
    scheduled: bool,
    note: Option<String>,
    confirm: bool,
) -> CmdResult<api::debt::LoanFlow> {
    let on = date(&on)?;
    state.with(|s| {
        api::debt::add_flow(
            s,
            &case_id,
            on,
            casefile::domain::Money::from_fen(amount_fen),
            scheduled,
            note,
            confirm,
        )
    })
}

/// The loan's recorded payments (借还款流水), oldest first; withdrawn ones left out.
#[tauri::command]
#[specta::specta]
pub fn flow_list(
    state: State<'_, AppState>,
    case_id: String,
) -> CmdResult<Vec<api::debt::LoanFlow>> {
    state.with(|s| api::debt::flows(s, &case_id))
}
