//! CaseFile desktop shell.
//!
//! Owns the window, the command layer, the `evidence:` protocol and auto-lock. Every command is
//! a thin wrapper over `casefile::api` (see `commands`); no vault, database or domain logic
//! lives here.

// Hide the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod commands;
mod error;
mod external;
mod media;
mod state;

use std::path::PathBuf;
use std::time::Duration;

use tauri::Manager;
use tauri_specta::Event;

use crate::state::AppState;

/// How often the idle clock is checked; the lock happens within this of the set time.
const AUTO_LOCK_TICK: Duration = Duration::from_secs(5);
/// How often the background stamper looks at its schedule (it asks far less often).
const AUTO_STAMP_TICK: Duration = Duration::from_secs(15);

fn config_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("CASEFILE_CONFIG_DIR").filter(|v| !v.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::config_dir()
        .map(|d| d.join("casefile"))
        .unwrap_or_else(|| PathBuf::from(".casefile"))
}

fn main() {
    // Before any secret is read: a crash must not write keys or plaintext into a core file.
    casefile::api::process::harden();
    let vault_dir = match casefile::api::default_vault_dir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("casefile: {e}");
            std::process::exit(casefile::exit::USAGE);
        }
    };
    let builder = bindings::builder();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(AppState::new(vault_dir, config_dir()))
        .invoke_handler(builder.invoke_handler())
        .register_uri_scheme_protocol("evidence", media::handle)
        .setup(move |app| {
            builder.mount_events(app);
            // Recordings a crashed run decrypted for the system player: removed now.
            app.state::<AppState>().scratch().sweep();
            let handle = app.handle().clone();
            std::thread::spawn(move || auto_lock(handle));
            let handle = app.handle().clone();
            std::thread::spawn(move || auto_stamp(handle));
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("error while building the CaseFile desktop shell")
        .run(|app, event| {
            // Closing the app locks the vault: keys are dropped and a sample vault is deleted.
            if let tauri::RunEvent::Exit = event {
                app.state::<AppState>().lock();
            }
        });
}

/// Locks the vault once it has been idle for the user's auto-lock time, and tells the UI.
fn auto_lock(app: tauri::AppHandle) {
    loop {
        std::thread::sleep(AUTO_LOCK_TICK);
        if app.state::<AppState>().lock_if_idle() {
            let _ = bindings::VaultLocked {
                reason: "idle".into(),
            }
            .emit(&app);
        }
    }
}

/// Stamps pending items in the background when the user turned automatic stamping on (see
/// `AppState::auto_stamp_step`), and tells the UI what came of each attempt.
fn auto_stamp(app: tauri::AppHandle) {
    let mut schedule = casefile::api::stamping::AutoStamp::default();
    loop {
        std::thread::sleep(AUTO_STAMP_TICK);
        let state = app.state::<AppState>();
        if let Some(r) = state.auto_stamp_step(
            &mut schedule,
            std::time::Instant::now(),
            &casefile::timestamp::http::exchange,
        ) {
            let _ = bindings::TimestampUpdate {
                stamped: r.stamped.map_or(0, |b| b.items),
                problem: r.failure.map(|f| f.problem),
            }
            .emit(&app);
        }
    }
}
