//! CaseFile desktop shell.
//!
//! Owns the window, the Tauri config and the command layer only: every command here is a thin
//! wrapper over `casefile::api`, with no vault, database or domain logic of its own. This is a
//! placeholder shell; the real commands, media protocol and progress channels arrive with the
//! desktop issue.

// Hide the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use serde::Serialize;

/// What the UI needs to greet the user before a vault is opened.
#[derive(Debug, Serialize)]
struct AppInfo {
    name: &'static str,
    version: &'static str,
    vault_default: Option<String>,
}

#[tauri::command]
fn app_info() -> AppInfo {
    AppInfo {
        name: "CaseFile",
        version: env!("CARGO_PKG_VERSION"),
        vault_default: dirs::data_dir().map(|d| d.join("casefile").display().to_string()),
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![app_info])
        .run(tauri::generate_context!())
        .expect("error while running the CaseFile desktop shell");
}
