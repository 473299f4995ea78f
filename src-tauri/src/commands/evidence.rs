//! Evidence: adding files (with progress and cancel), listing, and editing kind and note.
//! The bytes themselves reach the webview only through the `evidence:` protocol (see `media`).

use std::path::Path;

use casefile::api::evidence::{self, AddOptions, AddOutcome};
use casefile::api::{Job, JobPhase, JobProgress};
use casefile::domain::contact::FlagCode;
use casefile::domain::{Evidence, EvidenceKind, Lang};
use serde::{Deserialize, Serialize};
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

/// Files to add to a case, with the kind and note they all get.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct EvidenceAddParams {
    pub case_id: String,
    /// Paths of the files, in the order they are added.
    pub paths: Vec<String>,
    /// The kind for every file; absent: guessed from each file.
    pub kind: Option<EvidenceKind>,
    pub note: Option<String>,
    /// The id `job_cancel` stops this batch with.
    pub job_id: String,
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
    params: EvidenceAddParams,
    on_progress: Channel<IntakeProgress>,
) -> CmdResult<Vec<IntakeResult>> {
    blocking(app, move |state| {
        let EvidenceAddParams {
            case_id,
            paths,
            kind,
            note,
            job_id,
        } = params;
        let options = AddOptions {
            kind,
            note,
            job: Job::new(),
        };
        state.start_job(&job_id, options.job.clone());
        let sources: Vec<&Path> = paths.iter().map(Path::new).collect();
        let names: Vec<String> = sources
            .iter()
            .zip(&paths)
            .map(|(p, raw)| {
                p.file_name()
                    .map_or_else(|| raw.clone(), |n| n.to_string_lossy().into_owned())
            })
            .collect();
        let results = state.with(|s| {
            Ok(evidence::add_all(
                s,
                &case_id,
                &sources,
                &options,
                &mut |i, p| {
                    state.touch();
                    let _ = on_progress.send(IntakeProgress {
                        file_index: i as u32,
                        file_count: names.len() as u32,
                        name: names[i].clone(),
                        progress: JobProgress {
                            phase: JobPhase::Intake,
                            done: p.done,
                            total: p.total,
                        },
                    });
                },
            ))
        });
        state.end_job(&job_id);
        // New items are pending a timestamp: the background stamper (when on) looks soon.
        state.nudge_stamping();
        Ok(paths
            .into_iter()
            .zip(results?)
            .map(|(path, result)| match result {
                Ok(outcome) => IntakeResult {
                    path,
                    outcome: Some(outcome),
                    error: None,
                },
                Err(e) => IntakeResult {
                    path,
                    outcome: None,
                    error: Some(e.into()),
                },
            })
            .collect())
    })
    .await
}

/// 用系统播放器打开: decrypts the item into this run's private folder and opens it with the
/// system's default program, for a recording the webview cannot play. The file is removed when
/// the vault locks or the app quits, and at the next start after a crash: the system player is
/// another program and can only read a file, never this process's memory (see `external`).
#[tauri::command]
#[specta::specta]
pub async fn evidence_open_external(app: AppHandle, evidence_id: String) -> CmdResult<()> {
    blocking(app, move |state| {
        let (item, mut plaintext) = state.with(|s| {
            let e = evidence::show(s, &evidence_id)?;
            let reader = evidence::open_plaintext(s, &e)?;
            Ok((e, reader))
        })?;
        let io = |what: &str, e: std::io::Error| {
            AppError::new(casefile::ErrorCode::Io, format!("{what}: {e}"))
        };
        let path = state
            .scratch()
            .write(&item.name, &item.media_type, &mut plaintext)
            .map_err(|e| io("cannot write the recording for the system player", e))?;
        tauri_plugin_opener::open_path(&path, None::<&str>).map_err(|e| {
            // Nothing will read it: no reason to keep the plaintext until the lock.
            let _ = std::fs::remove_file(&path);
            AppError::new(
                casefile::ErrorCode::Io,
                format!(
                    "no program on this computer opened the recording ({e}); install a media \
                     player that plays {}, or export the case pack and play the original there",
                    item.media_type
                ),
            )
        })
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
    purpose: Option<String>,
    transcript: Option<String>,
) -> CmdResult<Evidence> {
    state.with(|s| {
        evidence::annotate(
            s,
            &evidence_id,
            kind,
            note.as_deref(),
            purpose.as_deref(),
            transcript.as_deref(),
        )
    })
}

/// A suggested 证明目的 in both languages (the app shows it as 建议 until the user writes one).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PurposeSuggestion {
    pub zh: String,
    pub en: String,
}

/// The 证明目的 the evidence index suggests for an item of `kind` linked to contacts with
/// `flags` (see `casefile::domain::purpose::suggest`). Pure: no vault needed.
#[tauri::command]
#[specta::specta]
pub fn evidence_purpose_suggestion(kind: EvidenceKind, flags: Vec<FlagCode>) -> PurposeSuggestion {
    use casefile::domain::purpose::suggest;
    PurposeSuggestion {
        zh: suggest(kind, &flags, Lang::Zh),
        en: suggest(kind, &flags, Lang::En),
    }
}
