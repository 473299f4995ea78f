//! Preparing a mediation: checks on the organisation, the materials, the plan, the documents,
//! and the agreement once signed.

use casefile::api::mediation::ChecklistLink;
use casefile::api::{self, mediation};
use casefile::domain::Money;
use casefile::domain::debt::{Agreement, MediationCheck, Payment};
use casefile::domain::plan::{PlanOption, Waiver};
use tauri::{AppHandle, State};

use super::{blocking, date};
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn mediation_view(
    state: State<'_, AppState>,
    case_id: String,
) -> CmdResult<mediation::MediationView> {
    state.with(|s| mediation::view(s, &case_id))
}

#[tauri::command]
#[specta::specta]
pub fn mediation_check_add(
    state: State<'_, AppState>,
    case_id: String,
    check: mediation::NewCheck,
) -> CmdResult<MediationCheck> {
    state.with(|s| mediation::add_check(s, &case_id, check))
}

/// Links an evidence item to a checklist entry (e.g. the contract to `loan_contract`).
#[tauri::command]
#[specta::specta]
pub fn checklist_link(
    state: State<'_, AppState>,
    case_id: String,
    item: String,
    evidence_id: String,
) -> CmdResult<ChecklistLink> {
    state.with(|s| mediation::link(s, &case_id, &item, &evidence_id))
}

/// Plans side by side for a monthly income and essential expenses (in 分).
#[tauri::command]
#[specta::specta]
pub fn plan_propose(
    state: State<'_, AppState>,
    case_id: String,
    income_fen: i64,
    expenses_fen: i64,
    months: Vec<u32>,
) -> CmdResult<Vec<PlanOption>> {
    state.with(|s| {
        mediation::propose(
            s,
            &case_id,
            Money::from_fen(income_fen),
            Money::from_fen(expenses_fen),
            &months,
        )
    })
}

#[tauri::command]
#[specta::specta]
pub fn plan_choose(
    state: State<'_, AppState>,
    case_id: String,
    income_fen: i64,
    expenses_fen: i64,
    months: u32,
    waiver: Waiver,
) -> CmdResult<mediation::PlanChoice> {
    state.with(|s| {
        mediation::choose(
            s,
            &case_id,
            Money::from_fen(income_fen),
            Money::from_fen(expenses_fen),
            months,
            waiver,
        )
    })
}

/// Writes 协商还款申请书 and 困难情况说明 as PDFs into `dir`, in `lang`; with `first_due`
/// (`YYYY-MM-DD`, the first instalment the user proposes) the schedule is dated.
#[tauri::command]
#[specta::specta]
pub async fn mediation_documents_write(
    app: AppHandle,
    case_id: String,
    dir: String,
    overwrite: bool,
    first_due: Option<String>,
    lang: casefile::api::Lang,
) -> CmdResult<Vec<api::documents::WrittenDocument>> {
    let first_due = first_due
        .filter(|d| !d.trim().is_empty())
        .map(|d| super::date(d.trim()))
        .transpose()?;
    let options = api::documents::DocumentOptions { lang, first_due };
    blocking(app, move |state| {
        state.with(|s| {
            api::documents::write_mediation_documents_with(
                s,
                &case_id,
                dir.as_ref(),
                overwrite,
                options,
            )
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub fn agreement_add(
    state: State<'_, AppState>,
    case_id: String,
    agreement: mediation::NewAgreement,
) -> CmdResult<Agreement> {
    state.with(|s| mediation::add_agreement(s, &case_id, agreement))
}

/// Splits a total into equal monthly instalments from a first due date (for the agreement form).
#[tauri::command]
#[specta::specta]
pub fn installments_equal(
    total_fen: i64,
    count: u32,
    first_due: String,
) -> CmdResult<Vec<casefile::domain::debt::Installment>> {
    let first_due = date(&first_due)?;
    mediation::equal_installments(Money::from_fen(total_fen), count, first_due).map_err(Into::into)
}

#[tauri::command]
#[specta::specta]
pub fn payment_add(
    state: State<'_, AppState>,
    case_id: String,
    paid_on: String,
    amount_fen: i64,
    note: Option<String>,
    evidence_id: Option<String>,
    confirm: bool,
) -> CmdResult<Payment> {
    let paid_on = date(&paid_on)?;
    state.with(|s| {
        mediation::add_payment(
            s,
            &case_id,
            paid_on,
            Money::from_fen(amount_fen),
            note,
            evidence_id,
            confirm,
        )
    })
}

/// Unticks a checklist item (or ticks it again); the checklist as it then stands.
#[tauri::command]
#[specta::specta]
pub fn checklist_set_ticked(
    state: State<'_, AppState>,
    case_id: String,
    item: String,
    ticked: bool,
) -> CmdResult<mediation::Checklist> {
    state.with(|s| mediation::set_ticked(s, &case_id, &item, ticked))
}
