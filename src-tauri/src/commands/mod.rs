//! The commands: each gets the state, calls one `casefile::api` function, converts the error.
//! Work that can take longer than a moment runs on a blocking thread so the window stays live.

pub mod cases;
pub mod contacts;
pub mod evidence;
pub mod export;
pub mod import;
pub mod mediation;
pub mod profile;
pub mod timestamp;
pub mod vault;

use casefile::ErrorCode;
use tauri::{AppHandle, Manager};

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// Runs `f` with the state on a blocking thread (Argon2, intake, exports, verify).
pub(crate) async fn blocking<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppState) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("the background task failed: {e}"),
            )
        })?
}

/// Parses a calendar date typed by the user (`YYYY-MM-DD`).
pub(crate) fn date(s: &str) -> CmdResult<chrono::NaiveDate> {
    casefile::api::case::parse_date(s).map_err(AppError::from)
}
