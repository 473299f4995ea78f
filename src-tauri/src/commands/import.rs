//! 导入: recordings, call logs, SMS and chat exports from the phone, as `casefile::api::import`
//! does them. A preview (a dry run: what was recognised, every number with the case it would
//! go to) and an apply (with the user's choice per number), both with progress and cancel.
//!
//! The app routes explicitly: the UI sends, for every number of the preview, either a case
//! (`assign`) or 不导入 (`skip`), so no number lands in a case without the user having seen it.
//! A cancel or a crash leaves nothing: the core commits one batch in one transaction.

use std::path::PathBuf;

use casefile::api::import::{self, ImportReport, ImportRequest};
use casefile::api::{Job, JobProgress};
use serde::Deserialize;
use tauri::AppHandle;
use tauri::ipc::Channel;

use super::blocking;
use crate::error::{AppError, CmdResult};

/// One number routed to one case.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ImportAssignment {
    /// The number as the preview gave it (its `key`, or as written).
    pub number: String,
    pub case_id: String,
}

/// Files and folders to import, and where each number goes.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ImportParams {
    /// Files and folders (dropped on the window or picked); folders are walked.
    pub paths: Vec<String>,
    /// Numbers routed to a case (a known number may be routed elsewhere too).
    pub assign: Vec<ImportAssignment>,
    /// Numbers not to import (不导入), even when a case knows them.
    pub skip: Vec<String>,
    /// The case for the unknown numbers of a path that holds one conversation (the core's
    /// `case`). The app's own flow sends none and assigns each number instead.
    pub case_id: Option<String>,
    /// The phone's UTC offset in minutes east of UTC, for times written without a zone
    /// (recording names, chat text); none: this computer's offset.
    pub utc_offset_minutes: Option<i32>,
    /// The file-name pattern of recordings from a phone CaseFile does not know (the core's
    /// `pattern`, e.g. `通话录音-{number}-{time:%Y%m%d%H%M%S}`); none or blank: only the
    /// known phones' names are recognised.
    pub pattern: Option<String>,
    /// The id `job_cancel` stops this import with.
    pub job_id: String,
}

/// Reads everything and says what an import would do; writes nothing.
#[tauri::command]
#[specta::specta]
pub async fn import_preview(
    app: AppHandle,
    params: ImportParams,
    on_progress: Channel<JobProgress>,
) -> CmdResult<ImportReport> {
    run(app, params, true, on_progress).await
}

/// Imports with the user's choices, in one transaction; a cancel leaves nothing behind.
#[tauri::command]
#[specta::specta]
pub async fn import_apply(
    app: AppHandle,
    params: ImportParams,
    on_progress: Channel<JobProgress>,
) -> CmdResult<ImportReport> {
    run(app, params, false, on_progress).await
}

async fn run(
    app: AppHandle,
    params: ImportParams,
    dry_run: bool,
    on_progress: Channel<JobProgress>,
) -> CmdResult<ImportReport> {
    let utc_offset = params.utc_offset_minutes.map(offset).transpose()?;
    blocking(app, move |state| {
        let job = Job::with_progress(move |p| {
            let _ = on_progress.send(p);
        });
        let req = ImportRequest {
            paths: params.paths.into_iter().map(PathBuf::from).collect(),
            case: params.case_id,
            assign: params
                .assign
                .into_iter()
                .map(|a| (a.number, a.case_id))
                .collect(),
            skip: params.skip,
            pattern: params.pattern.filter(|p| !p.trim().is_empty()),
            utc_offset,
            dry_run,
            job: job.clone(),
        };
        state.start_job(&params.job_id, job);
        let report = state.with(|s| import::import(s, &req));
        state.end_job(&params.job_id);
        report
    })
    .await
}

/// Minutes east of UTC as an offset; real zones lie within ±14 hours.
fn offset(minutes: i32) -> CmdResult<chrono::FixedOffset> {
    minutes
        .checked_mul(60)
        .filter(|s| s.abs() <= 14 * 3600)
        .and_then(chrono::FixedOffset::east_opt)
        .ok_or_else(|| {
            AppError::new(
                casefile::ErrorCode::InvalidInput,
                format!(
                    "{minutes} minutes is not a UTC offset; choose one between −14 and +14 hours"
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_minutes_east_within_fourteen_hours() {
        assert_eq!(offset(480).unwrap().local_minus_utc(), 8 * 3600);
        assert_eq!(offset(-300).unwrap().local_minus_utc(), -5 * 3600);
        assert_eq!(offset(14 * 60).unwrap().local_minus_utc(), 14 * 3600);
        for bad in [14 * 60 + 1, -15 * 60, i32::MAX, i32::MIN] {
            assert_eq!(
                offset(bad).unwrap_err().code,
                casefile::ErrorCode::InvalidInput,
                "{bad}"
            );
        }
    }
}
