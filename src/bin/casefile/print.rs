//! How results reach the terminal: pretty JSON under `--json`, lines for people otherwise.
//!
//! Amounts are printed through [`Money`] (元, two decimals) and names of closed sets through
//! their enum's `label(Lang::Zh)`, so the words match the app and the PDF. Under `--json` stdout
//! carries exactly one JSON document; notes for people go to stderr.

use std::io::{IsTerminal, Write};

use casefile::domain::{Lang, Money};
use casefile::{Error, exit};
use serde::Serialize;

/// The language of the CLI's labels.
pub const LANG: Lang = Lang::Zh;

/// Prints `value` as pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let _ = writeln!(out);
}

/// Prints JSON, or runs the human printer.
pub fn output<T: Serialize + ?Sized>(as_json: bool, value: &T, human: impl FnOnce()) {
    if as_json {
        json(value);
    } else {
        human();
    }
}

/// Prints what a change created: the whole record as JSON, or its id alone (for scripts that
/// capture it with `$(…)`).
pub fn created<T: Serialize + ?Sized>(as_json: bool, value: &T, id: &str) {
    output(as_json, value, || println!("{id}"));
}

/// `{"ok": true}`, or a sentence for people.
pub fn done(as_json: bool, text: &str) {
    output(as_json, &serde_json::json!({"ok": true}), || {
        println!("{text}")
    });
}

/// A failed command: `{"error": {code, message}}` on stdout under `--json`, and always a line
/// on stderr.
pub fn error(e: &Error, as_json: bool) {
    if as_json {
        let out = serde_json::json!({"error": {"code": e.code(), "message": e.to_string()}});
        println!("{out}");
    }
    eprintln!("casefile: {e}");
}

/// A failed check for people: one problem a line on stdout, then their count and `advice` on
/// stderr.
pub fn problems<'a>(messages: impl ExactSizeIterator<Item = &'a str>, advice: &str) {
    let n = messages.len();
    for m in messages {
        println!("{m}");
    }
    eprintln!("发现 {n} 个问题 / {n} problem(s) found.{advice}");
}

/// The exit code for a check that found problems or none.
pub fn check_code(ok: bool) -> i32 {
    if ok { exit::OK } else { exit::VERIFY_FAILED }
}

/// `5000.00 元`.
pub fn yuan(m: Money) -> String {
    m.yuan(LANG)
}

/// `5000.00 元` from an amount in fen.
pub fn fen(f: i64) -> String {
    yuan(Money::from_fen(f))
}

/// The value, or `-` when it is absent.
pub fn or_dash<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".into(), |v| v.to_string())
}

/// ☑ or ☐.
pub fn tick(done: bool) -> &'static str {
    if done { "☑" } else { "☐" }
}

/// A byte progress bar on stderr, hidden under `--json` or when stderr is not a terminal.
pub fn progress_bar(as_json: bool, label: &str) -> indicatif::ProgressBar {
    if as_json || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    indicatif::ProgressBar::new(0)
        .with_style(style)
        .with_message(label.to_string())
}
