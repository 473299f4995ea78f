//! End-to-end tests of the built desktop app (see harness.rs for what runs and how).
//! Needs install-e2e-deps.sh and the app built first:
//!   cargo build -p casefile-app && cargo test -p casefile-e2e --test app
//! (standalone: CASEFILE_APP_BIN=/path/to/casefile-app cargo test --test app).

mod harness;

use harness::{App, STARTUP};

/// The window opens on the bundled UI, the app got its isolated folders, and the harness can
/// see, query and photograph it.
#[tokio::test]
async fn launches_the_window() {
    let app = App::launch("launches_the_window").await;

    app.wait_text_contains("h1", "债务案卷 CaseFile", STARTUP)
        .await;
    assert_eq!(app.title().await, "债务案卷 CaseFile");
    let body = app.text_of("body").await;
    assert!(
        body.contains("Desktop interface coming"),
        "body text: {body:?}"
    );
    assert!(
        !app.exists("#no-such-element").await,
        "a missing selector must not match"
    );

    // The page runs in the app's webview, not some other browser: Tauri injects its IPC bridge.
    let is_tauri = app
        .exec_js(
            "return typeof window.__TAURI_INTERNALS__ === 'object'",
            vec![],
        )
        .await;
    assert_eq!(
        is_tauri,
        serde_json::json!(true),
        "window.__TAURI_INTERNALS__ missing"
    );

    // Env set on tauri-driver must reach the app itself, two processes further down.
    let env = app.app_environment();
    let want = format!("CASEFILE_VAULT={}", app.vault.display());
    assert!(env.contains(&want), "app environment lacks {want}: {env:?}");
    let want = format!("CASEFILE_CONFIG_DIR={}", app.config_dir.display());
    assert!(env.contains(&want), "app environment lacks {want}: {env:?}");

    // target/e2e-screenshots/ (next to target/tmp, which cargo names for integration tests).
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap();
    let shot = target.join("e2e-screenshots/launch.png");
    app.screenshot(&shot).await;
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "screenshot is not a PNG"
    );
    assert!(
        png.len() > 10_000,
        "screenshot suspiciously small ({} bytes): blank window?",
        png.len()
    );
    println!("screenshot: {}", shot.display());

    app.close().await;
}
