//! Exports for a lawyer: the evidence PDF and the evidence pack, with progress and cancel.

use casefile::api::export::{self, Exported, PdfOptions};
use casefile::api::{Job, JobProgress, Lang};
use serde::Deserialize;
use tauri::AppHandle;
use tauri::ipc::Channel;

use super::blocking;
use crate::error::CmdResult;

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
