//! The error every command returns: `{ code, message }`.
//!
//! The UI branches on `code` — a [`casefile::ErrorCode`], exported with the bindings, so the
//! UI's list of codes is the core's (the shell's own `locked` and `internal` are variants of
//! it too) — and shows `message`, which the core writes to be safe to show: no key material,
//! no decrypted content.

use casefile::ErrorCode;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    /// The vault is locked (by the user, or after the idle time): unlock and try again.
    pub fn locked() -> Self {
        AppError::new(
            ErrorCode::Locked,
            "the vault is locked; unlock it with your passphrase to continue",
        )
    }

    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
        }
    }
}

impl From<casefile::Error> for AppError {
    fn from(e: casefile::Error) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

pub type CmdResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON the UI receives for an error; `ui/src/platform` reads exactly these two fields.
    #[test]
    fn error_json_crossing_ipc_is_stable() {
        let json = serde_json::to_string(&AppError::from(casefile::Error::WrongPassphrase))
            .expect("serialises");
        assert_eq!(
            json,
            r#"{"code":"wrong_passphrase","message":"wrong passphrase for this vault. Check the keyboard layout and Caps Lock and try again; if it is lost, run `casefile recover` with the recovery key"}"#
        );
        assert_eq!(
            serde_json::to_string(&AppError::locked()).expect("serialises"),
            r#"{"code":"locked","message":"the vault is locked; unlock it with your passphrase to continue"}"#
        );
    }

    #[test]
    fn every_core_error_code_crosses_as_its_stable_string() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(AppError::new(code, "m")).expect("serialises");
            assert_eq!(json["code"], code.as_str());
        }
    }
}
