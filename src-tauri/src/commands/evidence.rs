//! Evidence: adding files (with progress and cancel), listing, and editing kind and note.
//! The bytes themselves reach the webview only through the `evidence:` protocol (see `media`).

use std::path::PathBuf;

use casefile::api::evidence::{self, AddOptions, AddOutcome};
use casefile::api::{Job, JobPhase, JobProgress};
use casefile::domain::{Evidence, EvidenceKind};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::blocking;
use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// Progress of a batch of files: which file, and how far into it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IntakeProgress {
    pub file_index: u32,
    pub file_count: u32,
    pub name: String,
    pub progress: JobProgress,
}

/// What happened to one file of a batch: stored, already there, or an error saying why.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct IntakeResult {
    pub path: String,
    pub outcome: Option<AddOutcome>,
    pub error: Option<AppError>,
}

#[tauri::command]
#[specta::specta]
pub fn evidence_list(state: State<'_, AppState>, case_id: String) -> CmdResult<Vec<Evidence>> {
    state.with(|s| evidence::list(s, &case_id))
}

/// Adds files one after another. A file that fails does not stop the others; a cancel stops
/// the batch, and the file being read at that moment leaves nothing behind.
#[tauri::command]
#[specta::specta]
pub async fn evidence_add(
    app: AppHandle,
    case_id: String,
    paths: Vec<String>,
    kind: Option<EvidenceKind>,
    note: Option<String>,
    job_id: String,
    on_progress: Channel<IntakeProgress>,
) -> CmdResult<Vec<IntakeResult>> {
    blocking(app, move |state| {
        let job = Job::new();
        state.start_job(&job_id, job.clone());
        let count = paths.len() as u32;
        let mut results = Vec::with_capacity(paths.len());
        for (i, path) in paths.iter().enumerate() {
            if job.is_cancelled() {
                results.push(IntakeResult {
                    path: path.clone(),
                    outcome: None,
                    error: Some(casefile::Error::Cancelled.into()),
                });
                continue;
            }
            let name = PathBuf::from(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.clone());
            let options = AddOptions {
                kind,
                note: note.clone(),
                job: job.clone(),
            };
            let added = state.with(|s| {
                evidence::add(s, &case_id, path.as_ref(), &options, &mut |p| {
                    state.touch();
                    let _ = on_progress.send(IntakeProgress {
                        file_index: i as u32,
                        file_count: count,
                        name: name.clone(),
                        progress: JobProgress {
                            phase: JobPhase::Intake,
                            done: p.done,
                            total: p.total,
                        },
                    });
                })
            });
            results.push(match added {
                Ok(outcome) => IntakeResult {
                    path: path.clone(),
                    outcome: Some(outcome),
                    error: None,
                },
                Err(e) => IntakeResult {
                    path: path.clone(),
                    outcome: None,
                    error: Some(e),
                },
            });
        }
        state.end_job(&job_id);
        Ok(results)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub fn evidence_annotate(
    state: State<'_, AppState>,
    evidence_id: String,
    kind: EvidenceKind,
    note: Option<String>,
) -> CmdResult<Evidence> {
    state.with(|s| evidence::annotate(s, &evidence_id, kind, note.as_deref()))
}
