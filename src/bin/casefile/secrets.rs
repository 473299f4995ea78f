//! Where secrets come from: the passphrase, a new passphrase and the recovery key.
//!
//! Never argv (other users can read it in the process list): an environment variable, a file
//! named by a flag, or a no-echo prompt on a terminal. Without a terminal and without the other
//! two the command fails with `NoPassphrase` rather than wait for input that will not come.
//! Text read from a file is held in zeroizing buffers and handed on as a `SecretString`.

use std::io::IsTerminal;
use std::path::Path;

use casefile::api::RecoveryKey;
use casefile::{Error, Result};
use secrecy::{ExposeSecret, SecretString};

/// The passphrase of an existing vault: `CASEFILE_PASSPHRASE`, else `file`, else a prompt.
pub fn passphrase(file: Option<&Path>) -> Result<SecretString> {
    if let Some(v) = from_env(&["CASEFILE_PASSPHRASE"]) {
        return Ok(v);
    }
    if let Some(f) = file {
        return read_file(f);
    }
    prompt("口令 / Passphrase: ")
}

/// A new passphrase: `file`, else the first of `env` that is set, else asked twice.
pub fn new_passphrase(file: Option<&Path>, env: &[&str]) -> Result<SecretString> {
    if let Some(f) = file {
        return read_file(f);
    }
    if let Some(v) = from_env(env) {
        return Ok(v);
    }
    let first = prompt("新口令 / New passphrase: ")?;
    let again = prompt("再输一次 / Repeat it: ")?;
    if first.expose_secret() != again.expose_secret() {
        return Err(Error::InvalidInput(
            "the two passphrases differ; run the command again and type the same one twice".into(),
        ));
    }
    Ok(first)
}

/// The recovery key: `file`, else `CASEFILE_RECOVERY_KEY`, else a prompt.
pub fn recovery_key(file: Option<&Path>) -> Result<RecoveryKey> {
    let text = match file {
        Some(f) => read_file(f)?,
        None => match from_env(&["CASEFILE_RECOVERY_KEY"]) {
            Some(v) => v,
            None => prompt("恢复密钥 / Recovery key: ")?,
        },
    };
    RecoveryKey::parse(text.expose_secret())
}

fn from_env(names: &[&str]) -> Option<SecretString> {
    names
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .map(SecretString::from)
}

/// The first line of a secret file. Editors on Windows (Notepad) start a UTF-8 file with a
/// byte-order mark and end it with CRLF; neither belongs to the passphrase, so both go.
pub fn read_file(path: &Path) -> Result<SecretString> {
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
        Error::SourceUnreadable {
            path: path.to_path_buf(),
            source: e,
        }
    })?);
    Ok(SecretString::from(first_line(&text).to_string()))
}

fn first_line(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines().next().unwrap_or_default()
}

fn prompt(label: &str) -> Result<SecretString> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::NoPassphrase);
    }
    rpassword::prompt_password(label)
        .map(SecretString::from)
        .map_err(|e| Error::io("reading the passphrase from the terminal", e))
}
