//! The error every command returns: `{ code, message }`.
//!
//! The UI branches on `code` (the core's stable codes plus `locked` from this shell) and shows
//! `message`, which the core writes to be safe to show: no key material, no decrypted content.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl AppError {
    /// The vault is locked (by the user, or after the idle time): unlock and try again.
    pub fn locked() -> Self {
        AppError {
            code: "locked".into(),
            message: "the vault is locked; unlock it with your passphrase to continue".into(),
        }
    }

    pub fn new(code: &str, message: impl Into<String>) -> Self {
        AppError {
            code: code.into(),
            message: message.into(),
        }
    }
}

impl From<casefile::Error> for AppError {
    fn from(e: casefile::Error) -> Self {
        AppError {
            code: e.code().as_str().into(),
            message: e.to_string(),
        }
    }
}

pub type CmdResult<T> = Result<T, AppError>;
