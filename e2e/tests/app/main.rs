//! End-to-end tests of the built desktop app (see harness.rs for what runs and how).
//! Needs scripts/setup.sh and scripts/setup-e2e.sh, and the app built first:
//!   cargo build -p casefile-app && cargo test -p casefile-e2e
//! (standalone: CASEFILE_APP_BIN=/path/to/casefile-app cargo test -p casefile-e2e).
//!
//! The scenario is what a user does in their first session: create a vault, open a case, add a
//! screenshot and a recording, log a late-night call and see it flagged, record a summons and
//! see the defence deadline, export the evidence PDF, lock and unlock. Screenshots of each
//! screen land in target/e2e-screenshots/ (the README's pictures come from there).

mod harness;

use std::path::{Path, PathBuf};
use std::time::Duration;

use harness::{App, DEFAULT_WAIT, STARTUP};
use serde_json::json;
use sha2::{Digest, Sha256};

const PASSPHRASE: &str = "橙子 river 钥匙 2026";
/// Argon2 (tuned to about half a second) on a busy debug build, plus the first database.
const UNLOCK: Duration = Duration::from_secs(60);
const WORK: Duration = Duration::from_secs(60);

fn shots() -> PathBuf {
    // target/e2e-screenshots/ (next to target/tmp, which cargo names for integration tests).
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A small PNG standing in for a phone screenshot: 24×40 pixels of grey "message bubbles",
/// written by hand (stored zlib blocks, CRC-32 per chunk) so the test needs no image crate.
fn png_bytes() -> Vec<u8> {
    let (w, h) = (24u32, 40u32);
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            let v: u8 = if y % 10 < 6 && (2..22).contains(&x) {
                200
            } else {
                250
            };
            raw.extend_from_slice(&[v, v, v.saturating_add(4)]);
        }
    }
    let mut zlib = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = raw.chunks(65535).collect();
    for (i, c) in chunks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == chunks.len()));
        let len = c.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(c);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &zlib);
    chunk(b"IEND", &[]);
    png
}

/// One second of silence as 8 kHz 16-bit mono WAV, standing in for a call recording.
fn wav_bytes() -> Vec<u8> {
    let samples = 8000u32;
    let data_len = samples * 2;
    let mut w = Vec::new();
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&(36 + data_len).to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes()); // PCM
    w.extend_from_slice(&1u16.to_le_bytes()); // mono
    w.extend_from_slice(&8000u32.to_le_bytes());
    w.extend_from_slice(&16000u32.to_le_bytes());
    w.extend_from_slice(&2u16.to_le_bytes());
    w.extend_from_slice(&16u16.to_le_bytes());
    w.extend_from_slice(b"data");
    w.extend_from_slice(&data_len.to_le_bytes());
    w.resize(w.len() + data_len as usize, 0);
    w
}

fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// Drops files on the window the way the OS does: Tauri turns a drop into a `tauri://drag-drop`
/// event carrying the paths, which is what the app listens to. (WebDriver cannot drag from a
/// file manager, and the file picker is a native dialog it cannot reach.)
async fn drop_files(app: &App, paths: &[&Path]) {
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let script = r#"
        const [paths, done] = [arguments[0], arguments[arguments.length - 1]];
        const invoke = window.__TAURI_INTERNALS__.invoke;
        const position = { x: 400, y: 300 };
        invoke('plugin:event|emit', { event: 'tauri://drag-enter', payload: { paths, position } })
          .then(() => invoke('plugin:event|emit', { event: 'tauri://drag-drop', payload: { paths, position } }))
          .then(() => done(true), (e) => done(String(e)));
    "#;
    let result = app
        .client()
        .execute_async(script, vec![json!(paths)])
        .await
        .expect("emitting the drop");
    assert_eq!(
        result,
        json!(true),
        "the drop event was not delivered: {result}"
    );
}

#[tokio::test]
async fn a_first_session_from_vault_to_evidence_pdf() {
    let app = App::launch("a_first_session_from_vault_to_evidence_pdf").await;
    let shots = shots();

    // --- First run: create the vault, see the recovery key once ---------------------------
    app.wait_for(&tid("welcome-create"), STARTUP).await;
    app.screenshot(shots.join("welcome.png")).await;
    app.click(&tid("welcome-create")).await;
    app.type_into(&tid("passphrase"), PASSPHRASE).await;
    app.type_into(&tid("passphrase-confirm"), PASSPHRASE).await;
    app.click(&tid("create-submit")).await;
    app.wait_for(&tid("recovery-key"), UNLOCK).await;
    let key = app.text_of(&tid("recovery-key")).await;
    let groups: Vec<&str> = key
        .split(['-', ' ', '\n'])
        .filter(|g| !g.is_empty())
        .collect();
    assert_eq!(groups.len(), 9, "recovery key shown as 9 groups: {key:?}");
    app.screenshot(shots.join("recovery-key.png")).await;
    app.click(&tid("recovery-confirm")).await;
    app.click(&tid("recovery-continue")).await;
    assert!(
        app.vault.join("vault.json").is_file(),
        "the vault is on disk"
    );

    // --- A case ------------------------------------------------------------------------------
    app.click(&tid("nav-cases")).await;
    app.click(&tid("cases-new")).await;
    app.type_into(&tid("case-form-title"), "某消费金融借款")
        .await;
    app.type_into(&tid("case-form-lender"), "示例消费金融有限公司")
        .await;
    // Enter submits (the keyboard path; the button may still be sliding in with the dialog).
    app.type_into(&tid("case-form-principal"), "8000\u{E007}")
        .await;
    app.wait_text_contains(&tid("case-heading"), "示例消费金融有限公司", WORK)
        .await;

    // --- Evidence: a screenshot and a recording, dropped on the window -----------------------
    let shot = app.scratch().join("催收短信截图.png");
    let recording = app.scratch().join("通话录音.wav");
    std::fs::write(&shot, png_bytes()).unwrap();
    std::fs::write(&recording, wav_bytes()).unwrap();
    app.click(&tid("case-tab-button-evidence")).await;
    app.wait_for(&tid("evidence-dropzone"), DEFAULT_WAIT).await;
    drop_files(&app, &[&shot, &recording]).await;
    app.wait_count(&tid("evidence-item"), 2, WORK).await;
    let names = app
        .exec_js(
            "return [...document.querySelectorAll('[data-testid=\"evidence-item\"]')].map(e => e.dataset.name).sort()",
            vec![],
        )
        .await;
    assert_eq!(names, json!(["催收短信截图.png", "通话录音.wav"]));
    // The drawer shows the full SHA-256 of what went in, and the picture decrypted from memory.
    app.click(&format!(
        "{}[data-name=\"催收短信截图.png\"]",
        tid("evidence-item")
    ))
    .await;
    let sha = app
        .wait_text_contains(
            &tid("evidence-sha256"),
            &sha256_hex(&png_bytes())[..16],
            WORK,
        )
        .await;
    assert!(
        sha.contains(&sha256_hex(&png_bytes())),
        "full hash shown: {sha}"
    );
    let loaded = app
        .exec_js(
            r#"const img = document.querySelector('[data-testid="evidence-drawer"] img');
               return img ? new Promise(r => img.complete ? r(img.naturalWidth) : (img.onload = () => r(img.naturalWidth), img.onerror = () => r(-1))) : 0"#,
            vec![],
        )
        .await;
    assert_eq!(
        loaded,
        json!(24),
        "the preview image decodes from the evidence protocol"
    );
    app.screenshot(shots.join("evidence.png")).await;
    // Leave the evidence tab by its address (the drawer goes with it; clicking a tab behind
    // the drawer's mask would not reach it).
    app.exec_js(
        "location.hash = location.hash.replace(/\\/evidence$/, '/contacts')",
        vec![],
    )
    .await;
    app.wait_for(&tid("contact-at"), WORK).await;

    // --- A call at 23:00 falls in the 22:00–08:00 quiet hours and is flagged ------------------
    app.replace_text(&tid("contact-at"), "2026-11-28 23:00\u{E007}")
        .await;
    app.replace_text(&tid("contact-number"), "0571-0000-0000")
        .await;
    app.type_into(&tid("contact-summary"), "深夜来电催款").await;
    app.click(&tid("contact-submit")).await;
    app.wait_for(
        &format!("{} {}", tid("contact-row"), tid("flag-quiet_hours")),
        WORK,
    )
    .await;
    app.screenshot(shots.join("contacts.png")).await;

    // --- A summons received on 2026-11-18 starts a 15-day defence period to 2026-12-03 --------
    // Close the notices (a flag notice, the intake summary) so they cover nothing.
    app.exec_js(
        "document.querySelectorAll('.ant-notification-notice-close').forEach(b => b.click())",
        vec![],
    )
    .await;
    app.click(&tid("case-tab-button-overview")).await;
    app.click(&tid("event-kind")).await;
    // The option list is virtualised and scrolls inside its popup: bring the option into view
    // there, then click it.
    app.wait_for(&tid("event-kind-option-complaint_served"), DEFAULT_WAIT)
        .await;
    app.exec_js(
        r#"const o = document.querySelector('[data-testid="event-kind-option-complaint_served"]')
              .closest('.ant-select-item-option');
           o.scrollIntoView({block: 'nearest'}); o.click();"#,
        vec![],
    )
    .await;
    // Click into the field first so the pointer rests on it, not over the calendar popup
    // (a hovered day would preview over what is typed).
    app.click(&tid("event-date")).await;
    app.type_into(&tid("event-date"), "2026-11-18\u{E007}")
        .await;
    app.click(&tid("event-submit")).await;
    app.wait_for(&tid("timeline-event"), WORK).await;
    app.click(&tid("case-tab-button-deadlines")).await;
    app.wait_text_contains(&tid("deadline-due-defence"), "2026-12-03", WORK)
        .await;
    app.screenshot(shots.join("deadlines.png")).await;

    // --- Export the evidence PDF -------------------------------------------------------------
    let pdf = app.scratch().join("exports").join("证据材料.pdf");
    std::fs::create_dir_all(pdf.parent().unwrap()).unwrap();
    app.click(&tid("case-tab-button-export")).await;
    app.replace_text(&tid("export-pdf-path"), &pdf.display().to_string())
        .await;
    app.click(&tid("export-pdf-submit")).await;
    let shown = app
        .wait_text_contains(&tid("export-result-sha256"), "", WORK)
        .await;
    app.wait_for(&tid("export-result"), WORK).await;
    let bytes = std::fs::read(&pdf).expect("the PDF was written where asked");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF file");
    assert!(
        shown.contains(&sha256_hex(&bytes)),
        "the result shows the file's own SHA-256: {shown}"
    );
    let check = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf (installed by scripts/setup.sh)");
    assert!(
        check.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    app.screenshot(shots.join("export.png")).await;

    // --- Lock, then unlock with the passphrase -----------------------------------------------
    app.click(&tid("lock-button")).await;
    app.wait_for(&tid("unlock-passphrase"), WORK).await;
    assert!(
        !app.exists(&tid("case-heading")).await,
        "nothing of the case stays on screen while locked"
    );
    app.type_into(&tid("unlock-passphrase"), PASSPHRASE).await;
    app.click(&tid("unlock-submit")).await;
    app.click(&tid("nav-dashboard")).await;
    // The dashboard card is titled with the user's own case name (the lender sits beneath it).
    app.wait_text_contains("body", "某消费金融借款", UNLOCK)
        .await;
    app.screenshot(shots.join("dashboard.png")).await;

    app.close().await;
}

/// One second of AMR-NB (the format Huawei's recorder writes): the `#!AMR` header and 50 frames
/// of mode 7 (12.2 kbit/s), each a header byte and 31 bytes of (silent) speech data.
fn amr_bytes() -> Vec<u8> {
    let mut a = b"#!AMR\n".to_vec();
    for _ in 0..50 {
        a.push(0x3C);
        a.extend_from_slice(&[0u8; 31]);
    }
    a
}

/// Issue 11: a phone's recordings folder imported through the real window — dropped on the
/// import dialog, previewed, the unknown number put in the case, imported — and the calls in the
/// contact log with their recordings; the AMR one says in Chinese that it plays only in the
/// system player.
#[tokio::test]
async fn a_recordings_folder_is_imported_through_the_window() {
    let app = App::launch("a_recordings_folder_is_imported_through_the_window").await;

    app.wait_for(&tid("welcome-create"), STARTUP).await;
    app.click(&tid("welcome-create")).await;
    app.type_into(&tid("passphrase"), PASSPHRASE).await;
    app.type_into(&tid("passphrase-confirm"), PASSPHRASE).await;
    app.click(&tid("create-submit")).await;
    app.wait_for(&tid("recovery-key"), UNLOCK).await;
    app.click(&tid("recovery-confirm")).await;
    app.click(&tid("recovery-continue")).await;
    app.click(&tid("nav-cases")).await;
    app.click(&tid("cases-new")).await;
    app.type_into(&tid("case-form-title"), "某网贷").await;
    app.type_into(&tid("case-form-lender"), "示例小额贷款有限公司")
        .await;
    app.type_into(&tid("case-form-principal"), "5000\u{E007}")
        .await;
    app.wait_text_contains(&tid("case-heading"), "示例小额贷款有限公司", WORK)
        .await;

    // A Xiaomi recording (WAV content under the recorder's .mp3 name, as the core sniffs
    // content) and a Huawei AMR recording of the same collector, in the phone's folders.
    let phone = app.scratch().join("手机导出");
    let xiaomi = phone.join("MIUI/sound_recorder/call_rec");
    let huawei = phone.join("Sounds/CallRecord");
    std::fs::create_dir_all(&xiaomi).unwrap();
    std::fs::create_dir_all(&huawei).unwrap();
    std::fs::write(
        xiaomi.join("17012345678(17012345678)_20260320100000.mp3"),
        wav_bytes(),
    )
    .unwrap();
    std::fs::write(huawei.join("170 1234 5678_20260321090000.amr"), amr_bytes()).unwrap();

    app.click(&tid("quick-import")).await;
    app.wait_for(&tid("import-dropzone"), DEFAULT_WAIT).await;
    // The dialog subscribes to the drop events one by one as it opens; on a busy machine the
    // first drop can come before its drop listener is in place, so it is offered again (the
    // list ignores a path it already holds).
    for _ in 0..5 {
        drop_files(&app, &[phone.as_path()]).await;
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        while std::time::Instant::now() < deadline && !app.exists(&tid("import-path")).await {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        if app.exists(&tid("import-path")).await {
            break;
        }
    }
    app.wait_for(&tid("import-path"), DEFAULT_WAIT).await;
    assert_eq!(
        app.count(&tid("import-path")).await,
        1,
        "one folder listed once"
    );
    // The path is read from its data attribute: WebKitWebDriver leaves the ellipsised
    // text out of the element's text.
    let dropped = app
        .exec_js(
            "const e = document.querySelector('[data-testid=\"import-path\"]'); return e ? e.dataset.path : null;",
            vec![],
        )
        .await;
    assert!(
        dropped.as_str().is_some_and(|p| p.ends_with("手机导出")),
        "the dropped folder is listed: {dropped}"
    );
    assert!(
        !app.exists(&tid("intake-progress")).await,
        "the drop went to the import dialog, not to the case's evidence"
    );
    // 读取并预览 is enabled in the render that lists the path; a click landing just before
    // it is repeated rather than waited on for a minute.
    for _ in 0..5 {
        app.click(&tid("import-next")).await;
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::time::Instant::now() < deadline && !app.exists(&tid("import-numbers")).await {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        if app.exists(&tid("import-numbers")).await {
            break;
        }
    }
    app.wait_for(&tid("import-numbers"), WORK).await;
    app.wait_text_contains(&tid("import-sources"), "小米/红米通话录音", DEFAULT_WAIT)
        .await;
    app.wait_text_contains(&tid("import-sources"), "华为/荣耀通话录音", DEFAULT_WAIT)
        .await;
    // No case knows the number yet: it starts at 不导入 until the user puts it in the case.
    app.wait_text_contains(&tid("import-choice-17012345678"), "不导入", DEFAULT_WAIT)
        .await;
    app.click(&tid("import-unknown-to-case")).await;
    app.wait_text_contains(&tid("import-choice-17012345678"), "某网贷", DEFAULT_WAIT)
        .await;
    app.wait_text_contains(&tid("import-chosen-count"), "2", DEFAULT_WAIT)
        .await;
    app.screenshot(shots().join("import-preview.png")).await;
    app.click(&tid("import-apply")).await;
    let summary = app
        .wait_text_contains(&tid("import-summary"), "新增联系记录 2 条", WORK)
        .await;
    assert!(summary.contains("新增证据 2 件"), "{summary}");
    app.click(&tid("import-done-close")).await;

    app.click(&tid("case-tab-button-contacts")).await;
    app.wait_count(&tid("contact-row"), 2, WORK).await;
    app.wait_count(&tid("contact-recording"), 2, WORK).await;
    app.wait_text_contains(&tid("player-cannot-play"), "AMR", WORK)
        .await;
    app.wait_text_contains(
        &tid("player-open-external"),
        "用系统播放器打开",
        DEFAULT_WAIT,
    )
    .await;
    app.screenshot(shots().join("import-contacts.png")).await;

    app.close().await;
}
