//! Exports: for a lawyer the evidence PDF and the evidence pack; for the user to file
//! themselves the complaint (投诉材料) and the police report (报警材料). With progress and cancel.

use casefile::api::export::{self, Action, ActionItems, Exported, PdfOptions};
use casefile::api::{Job, JobProgress, Lang};
use serde::Deserialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::blocking;
use crate::error::CmdResult;
use crate::state::AppState;

fn job_for(on_progress: Channel<JobProgress>) -> Job {
    Job::with_progress(move |p| {
        let _ = on_progress.send(p);
    })
}

/// What to export as the evidence PDF, and where.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ExportPdfParams {
    pub case_id: String,
    pub path: String,
    /// Replace a file already at `path` (the UI asks first).
    pub overwrite: bool,
    /// Embed each evidence file in the PDF as an attachment.
    pub attachments: bool,
    pub lang: Lang,
    /// The id `job_cancel` stops this export with.
    pub job_id: String,
}

/// What to export as the evidence pack, and where.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ExportPackParams {
    pub case_id: String,
    pub path: String,
    /// Replace a file already at `path` (the UI asks first).
    pub overwrite: bool,
    /// A lawyer's `age1…` key: the pack is encrypted to it. Empty or absent: not encrypted.
    pub recipient: Option<String>,
    /// Protect the zip with a new password (WinZip AES-256, opened by 7-Zip, WinRAR and
    /// Bandizip); the result carries it, to be shown once. Not together with `recipient`.
    #[serde(default)]
    pub password_protect: bool,
    pub lang: Lang,
    /// The id `job_cancel` stops this export with.
    pub job_id: String,
}

#[tauri::command]
#[specta::specta]
pub async fn export_pdf(
    app: AppHandle,
    params: ExportPdfParams,
    on_progress: Channel<JobProgress>,
) -> CmdResult<Exported> {
    blocking(app, move |state| {
        let ExportPdfParams {
            case_id,
            path,
            overwrite,
            attachments,
            lang,
            job_id,
        } = params;
        let job = job_for(on_progress);
        state.start_job(&job_id, job.clone());
        let options = PdfOptions {
            attachments,
            lang,
            job,
        };
        let result =
            state.with(|s| export::evidence_pdf(s, &case_id, path.as_ref(), overwrite, options));
        state.end_job(&job_id);
        result
    })
    .await
}

/// The pack; with a `recipient` (an `age1…` key from the lawyer) it is encrypted to them.
#[tauri::command]
#[specta::specta]
pub async fn export_pack(
    app: AppHandle,
    params: ExportPackParams,
    on_progress: Channel<JobProgress>,
) -> CmdResult<Exported> {
    blocking(app, move |state| {
        let ExportPackParams {
            case_id,
            path,
            overwrite,
            recipient,
            password_protect,
            lang,
            job_id,
        } = params;
        let job = job_for(on_progress);
        state.start_job(&job_id, job.clone());
        let recipient = recipient.filter(|r| !r.trim().is_empty());
        let request = export::PackRequest {
            force: overwrite,
            to: recipient.as_deref().map(str::trim),
            password: password_protect.then_some(export::PackPassword::New),
            lang,
        };
        let result =
            state.with(|s| export::evidence_pack_with(s, &case_id, path.as_ref(), &request, &job));
        state.end_job(&job_id);
        result
    })
    .await
}

/// What to export as 投诉材料 or 报警材料, and where.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ExportActionParams {
    pub case_id: String,
    /// `{ kind: "complaint", to: "regulator" | "central_bank" | "nifa" }` or `{ kind: "police" }`.
    pub action: Action,
    pub path: String,
    /// Replace a file already at `path` (the UI asks first).
    pub overwrite: bool,
    pub lang: Lang,
    /// The id `job_cancel` stops this export with.
    pub job_id: String,
}

/// 投诉材料 (to 12378, 12363 or the internet finance association) or 报警材料, as a PDF with
/// the exhibits it cites. Refused with `invalid_input` when the contact log has nothing to put
/// in it.
#[tauri::command]
#[specta::specta]
pub async fn export_action(
    app: AppHandle,
    params: ExportActionParams,
    on_progress: Channel<JobProgress>,
) -> CmdResult<Exported> {
    blocking(app, move |state| {
        let ExportActionParams {
            case_id,
            action,
            path,
            overwrite,
            lang,
            job_id,
        } = params;
        let job = job_for(on_progress);
        state.start_job(&job_id, job.clone());
        let result = state.with(|s| {
            export::action_pdf(s, &case_id, action, path.as_ref(), overwrite, lang, &job)
        });
        state.end_job(&job_id);
        result
    })
    .await
}

/// How many violations a complaint and how many threats a police report would hold.
#[tauri::command]
#[specta::specta]
pub fn export_action_items(state: State<'_, AppState>, case_id: String) -> CmdResult<ActionItems> {
    state.with(|s| export::action_items(s, &case_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use casefile::api::export::ComplaintRecipient;

    fn params(action: serde_json::Value) -> serde_json::Result<ExportActionParams> {
        serde_json::from_value(serde_json::json!({
            "case_id": "c-1",
            "action": action,
            "path": "/home/li/投诉材料.pdf",
            "overwrite": false,
            "lang": "zh",
            "job_id": "j-1",
        }))
    }

    #[test]
    fn the_ui_names_the_pack_and_the_recipient() {
        let p = params(serde_json::json!({ "kind": "complaint", "to": "central_bank" })).unwrap();
        assert_eq!(p.action, Action::Complaint(ComplaintRecipient::CentralBank));
        let p = params(serde_json::json!({ "kind": "police" })).unwrap();
        assert_eq!(p.action, Action::Police);
        // A complaint needs its recipient, and only the three bodies are accepted.
        assert!(params(serde_json::json!({ "kind": "complaint" })).is_err());
        assert!(params(serde_json::json!({ "kind": "complaint", "to": "12321" })).is_err());
        assert!(params(serde_json::json!("police")).is_err());
    }
}
