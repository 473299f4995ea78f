//! Exports for a lawyer: the evidence PDF and the evidence pack, with progress and cancel.

use casefile::api::export::{self, Exported, PdfOptions};
use casefile::api::{Job, JobProgress};
use casefile::export::document::Lang;
use tauri::AppHandle;
use tauri::ipc::Channel;

use super::blocking;
use crate::error::CmdResult;

fn job_for(on_progress: Channel<JobProgress>) -> Job {
    Job::with_progress(move |p| {
        let _ = on_progress.send(p);
    })
}

#[allow(clippy::too_many_arguments)]
#[tauri::command]
#[specta::specta]
pub async fn export_pdf(
    app: AppHandle,
    case_id: String,
    path: String,
    overwrite: bool,
    attachments: bool,
    lang: Lang,
    job_id: String,
    on_progress: Channel<JobProgress>,
) -> CmdResult<Exported> {
    blocking(app, move |state| {
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

/// The pack; with `recipient` (an `age1…` key from the lawyer) it is encrypted to them.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
#[specta::specta]
pub async fn export_pack(
    app: AppHandle,
    case_id: String,
    path: String,
    overwrite: bool,
    recipient: Option<String>,
    lang: Lang,
    job_id: String,
    on_progress: Channel<JobProgress>,
) -> CmdResult<Exported> {
    blocking(app, move |state| {
        let job = job_for(on_progress);
        state.start_job(&job_id, job.clone());
        let recipient = recipient.filter(|r| !r.trim().is_empty());
        let result = state.with(|s| {
            export::evidence_pack(
                s,
                &case_id,
                path.as_ref(),
                overwrite,
                recipient.as_deref().map(str::trim),
                lang,
                &job,
            )
        });
        state.end_job(&job_id);
        result
    })
    .await
}
