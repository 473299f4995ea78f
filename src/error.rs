//! The one error type of the core.
//!
//! Every variant names a failure a caller can act on; [`Error::code`] is the stable string the
//! UI branches on and [`Error::exit_code`] the CLI's documented exit status. Messages say what
//! went wrong and what to do, and never contain key material or decrypted evidence.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "wrong passphrase for this vault. Check the keyboard layout and Caps Lock and try again; if it is lost, run `casefile recover` with the recovery key"
    )]
    WrongPassphrase,

    #[error(
        "the recovery key does not open this vault. Check each group of characters against the paper copy and try again"
    )]
    WrongRecoveryKey,

    #[error(
        "the recovery key is not well formed: {reason}. It is 9 groups of 4 characters, like ABCD-EFGH-…"
    )]
    MalformedRecoveryKey { reason: String },

    #[error(
        "no vault at {path}. Create one with `casefile init`, or point --vault / CASEFILE_VAULT at the right folder"
    )]
    NoVault { path: PathBuf },

    #[error(
        "{path} holds a vault whose creation was interrupted (it has no header yet, so nothing was ever stored in it). Run `casefile init` on this folder again to finish it"
    )]
    UnfinishedVault { path: PathBuf },

    #[error("{path} already holds a vault (or other files). Choose an empty or new folder")]
    VaultExists { path: PathBuf },

    #[error(
        "the vault header {path} is damaged: {reason}. Restore vault.json from a backup; the evidence itself is untouched"
    )]
    CorruptHeader { path: PathBuf, reason: String },

    #[error(
        "this vault was written by a newer CaseFile (format {found}, this program reads up to {supported}). Update CaseFile to open it"
    )]
    UnsupportedVersion { found: u32, supported: u32 },

    #[error(
        "the database was written by a newer CaseFile (schema {found}, this program knows up to {supported}). Update CaseFile to open it"
    )]
    DatabaseTooNew { found: i64, supported: i64 },

    #[error(
        "the database cannot be read with this vault's key: it is damaged or was replaced. Restore casefile.db from a backup and run `casefile verify`"
    )]
    DatabaseUnreadable,

    #[error(
        "the vault's database {path} is missing: the vault header is here but casefile.db is not, and without it the evidence cannot be listed or checked. Nothing was created. Restore casefile.db (and the cases folder) from your most recent backup of the vault folder"
    )]
    DatabaseMissing { path: PathBuf },

    #[error(
        "another CaseFile program is changing this vault right now. Wait until it finishes, then try again"
    )]
    VaultBusy,

    #[error(
        "the vault at {path} is on read-only media or in a folder you may not write to: it can be read and verified, not changed. To change it, copy the whole vault folder to a writable place and open the copy"
    )]
    ReadOnlyVault { path: PathBuf },

    #[error(
        "no passphrase given. Set CASEFILE_PASSPHRASE, pass --passphrase-file FILE, or run in a terminal to be asked"
    )]
    NoPassphrase,

    #[error("{0}")]
    InvalidInput(String),

    /// An import's recording-name pattern (`--pattern`) that cannot be used; the message says
    /// why. Nothing was read.
    #[error("--pattern: {0}")]
    InvalidPattern(String),

    /// A well-formed value that is far more likely a slip than the truth (see
    /// `domain::plausible`): saved only when the caller confirms it. Nothing was saved.
    #[error("{0}")]
    NeedsConfirmation(String),

    /// A correction or withdrawal aimed at a record that cannot take it (unknown, already
    /// withdrawn, or of a kind that is corrected another way).
    #[error("{0}")]
    NotCorrectable(String),

    #[error("no case with id {0}. List the cases with `casefile case list`")]
    CaseNotFound(String),

    #[error("no evidence with id {0}. List a case's evidence with `casefile evidence list CASE`")]
    EvidenceNotFound(String),

    #[error("{path} already exists. Choose another name, or pass --force to replace it")]
    OutputExists { path: PathBuf },

    #[error("cannot read {path}: {source}. Check that the file exists and that you may read it")]
    SourceUnreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "{path} changed while it was being read (its size or modification time is different now), so its hash would match neither version. Wait until the program writing it has finished, then add it again"
    )]
    SourceChanged { path: PathBuf },

    #[error("{path} is not a regular file. Add files one by one (folders are not added)")]
    NotAFile { path: PathBuf },

    #[error(
        "the disk is full while {action}. Free some space and try again; nothing was half-written"
    )]
    DiskFull { action: String },

    #[error("cancelled; nothing was written, and the vault is as it was before")]
    Cancelled,

    #[error(
        "evidence {evidence_id} is damaged: {reason}. Run `casefile verify` and restore the vault folder from a backup"
    )]
    EvidenceDamaged { evidence_id: String, reason: String },

    #[error(
        "{document} could not be made: {reason}. Nothing was written; try again, and if it fails again run `casefile verify`"
    )]
    RenderFailed { document: String, reason: String },

    #[error(
        "record {id} in the database cannot be read ({reason}). Run `casefile verify` and restore the vault folder from a backup"
    )]
    RecordDamaged { id: String, reason: String },

    #[error(
        "the database could not be upgraded to this version of CaseFile: {reason}. Nothing was changed; restore casefile.db from a backup if the problem stays"
    )]
    DatabaseUpgrade { reason: String },

    #[error(
        "the timestamp service's reply was not accepted: {0}. Nothing was saved and the items stay pending"
    )]
    TimestampRejected(crate::timestamp::TokenError),

    #[error("{0}")]
    TsaUnreachable(crate::timestamp::http::NetError),

    #[error("{action} failed: {source}")]
    Io {
        action: String,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "database error while {action}: {source}. Run `casefile verify`; if it reports problems restore from a backup"
    )]
    Database {
        action: String,
        #[source]
        source: rusqlite::Error,
    },
}

impl Error {
    /// Stable machine-readable code (the UI branches on it; never parse messages).
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::WrongPassphrase => ErrorCode::WrongPassphrase,
            Error::WrongRecoveryKey => ErrorCode::WrongRecoveryKey,
            Error::MalformedRecoveryKey { .. } => ErrorCode::MalformedRecoveryKey,
            Error::NoVault { .. } => ErrorCode::NoVault,
            Error::UnfinishedVault { .. } => ErrorCode::UnfinishedVault,
            Error::VaultExists { .. } => ErrorCode::VaultExists,
            Error::CorruptHeader { .. } => ErrorCode::CorruptHeader,
            Error::UnsupportedVersion { .. } => ErrorCode::UnsupportedVersion,
            Error::DatabaseTooNew { .. } => ErrorCode::DatabaseTooNew,
            Error::DatabaseUnreadable => ErrorCode::DatabaseUnreadable,
            Error::DatabaseMissing { .. } => ErrorCode::DatabaseMissing,
            Error::VaultBusy => ErrorCode::VaultBusy,
            Error::ReadOnlyVault { .. } => ErrorCode::ReadOnlyVault,
            Error::NoPassphrase => ErrorCode::NoPassphrase,
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::InvalidPattern(_) => ErrorCode::InvalidPattern,
            Error::NeedsConfirmation(_) => ErrorCode::NeedsConfirmation,
            Error::NotCorrectable(_) => ErrorCode::NotCorrectable,
            Error::CaseNotFound(_) => ErrorCode::CaseNotFound,
            Error::EvidenceNotFound(_) => ErrorCode::EvidenceNotFound,
            Error::OutputExists { .. } => ErrorCode::OutputExists,
            Error::SourceUnreadable { .. } => ErrorCode::SourceUnreadable,
            Error::NotAFile { .. } => ErrorCode::NotAFile,
            Error::SourceChanged { .. } => ErrorCode::SourceChanged,
            Error::DiskFull { .. } => ErrorCode::DiskFull,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::EvidenceDamaged { .. } => ErrorCode::EvidenceDamaged,
            Error::RenderFailed { .. } => ErrorCode::RenderFailed,
            Error::RecordDamaged { .. } => ErrorCode::RecordDamaged,
            Error::DatabaseUpgrade { .. } => ErrorCode::DatabaseUpgrade,
            Error::TimestampRejected(_) => ErrorCode::TimestampRejected,
            Error::TsaUnreachable(_) => ErrorCode::TsaUnreachable,
            Error::Io { .. } => ErrorCode::Io,
            Error::Database { .. } => ErrorCode::Database,
        }
    }

    /// The CLI's exit status for this error; the table is in the README and `casefile --help`.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::WrongPassphrase | Error::WrongRecoveryKey => exit::WRONG_SECRET,
            Error::MalformedRecoveryKey { .. }
            | Error::InvalidInput(_)
            | Error::InvalidPattern(_)
            | Error::NeedsConfirmation(_)
            | Error::NotCorrectable(_)
            | Error::NoPassphrase => exit::USAGE,
            Error::NoVault { .. }
            | Error::UnfinishedVault { .. }
            | Error::CaseNotFound(_)
            | Error::EvidenceNotFound(_) => exit::NOT_FOUND,
            Error::SourceUnreadable { .. } | Error::NotAFile { .. } => exit::NOT_FOUND,
            Error::SourceChanged { .. } => exit::FAILURE,
            Error::VaultBusy => exit::BUSY,
            Error::VaultExists { .. } | Error::OutputExists { .. } => exit::EXISTS,
            Error::UnsupportedVersion { .. } | Error::DatabaseTooNew { .. } => exit::TOO_NEW,
            Error::CorruptHeader { .. }
            | Error::DatabaseUnreadable
            | Error::DatabaseMissing { .. }
            | Error::EvidenceDamaged { .. }
            | Error::RecordDamaged { .. } => exit::DAMAGED,
            Error::DiskFull { .. }
            | Error::ReadOnlyVault { .. }
            | Error::RenderFailed { .. }
            | Error::DatabaseUpgrade { .. }
            | Error::Io { .. }
            | Error::TimestampRejected(_)
            | Error::TsaUnreachable(_)
            | Error::Database { .. }
            | Error::Cancelled => exit::FAILURE,
        }
    }

    pub fn io(action: impl Into<String>, source: std::io::Error) -> Self {
        let action = action.into();
        if is_disk_full(&source) {
            Error::DiskFull { action }
        } else {
            Error::Io { action, source }
        }
    }

    pub(crate) fn db(action: impl Into<String>, source: rusqlite::Error) -> Self {
        let action = action.into();
        if let rusqlite::Error::SqliteFailure(e, _) = &source {
            match e.code {
                rusqlite::ErrorCode::DiskFull => return Error::DiskFull { action },
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                    return Error::VaultBusy;
                }
                rusqlite::ErrorCode::NotADatabase => return Error::DatabaseUnreadable,
                _ => {}
            }
        }
        Error::Database { action, source }
    }
}

crate::domain::named::named_enum! {
    /// The stable code of every error the core (and the desktop shell) reports. It crosses IPC
    /// as `{ code, message }`; the UI branches on the code and words it from its locale files
    /// (generated from these labels). The labels are short titles, the message says the rest.
    pub ErrorCode, "error code", "errorCode" {
        WrongPassphrase => "wrong_passphrase", "密码不正确", "Wrong passphrase";
        WrongRecoveryKey => "wrong_recovery_key", "恢复密钥不正确", "Wrong recovery key";
        MalformedRecoveryKey => "malformed_recovery_key", "恢复密钥格式不对", "Recovery key is not well formed";
        NoVault => "no_vault", "这里没有保险库", "No vault here";
        UnfinishedVault => "unfinished_vault", "保险库没有创建完成", "Vault creation was interrupted";
        VaultExists => "vault_exists", "这里已有保险库", "A vault already exists here";
        CorruptHeader => "corrupt_header", "保险库文件头已损坏", "Vault header is damaged";
        UnsupportedVersion => "unsupported_version", "保险库来自更新版本", "Vault is from a newer version";
        DatabaseTooNew => "database_too_new", "数据库来自更新版本", "Database is from a newer version";
        DatabaseUnreadable => "database_unreadable", "数据库无法读取", "Database cannot be read";
        DatabaseMissing => "database_missing", "数据库文件不见了", "Database file is missing";
        VaultBusy => "vault_busy", "保险库正被另一个程序使用", "Vault is busy";
        ReadOnlyVault => "read_only_vault", "保险库在只读位置", "Vault is on read-only media";
        NoPassphrase => "no_passphrase", "没有提供密码", "No passphrase given";
        InvalidInput => "invalid_input", "输入不符合要求", "Input is not valid";
        /// An import's recording-name pattern cannot be used.
        InvalidPattern => "invalid_pattern", "文件名格式用不了", "File-name pattern cannot be used";
        /// An amount far above what is plausible: the UI asks the user to confirm it.
        NeedsConfirmation => "needs_confirmation", "请确认这个金额", "Please confirm this amount";
        NotCorrectable => "not_correctable", "这条记录无法更正", "This record cannot be corrected";
        CaseNotFound => "case_not_found", "找不到该案卷", "Case not found";
        EvidenceNotFound => "evidence_not_found", "找不到该证据", "Evidence not found";
        OutputExists => "output_exists", "文件已存在", "File already exists";
        SourceUnreadable => "source_unreadable", "无法读取文件", "File cannot be read";
        NotAFile => "not_a_file", "不是普通文件", "Not a regular file";
        SourceChanged => "source_changed", "文件在读取时被改动", "File changed while being read";
        DiskFull => "disk_full", "磁盘已满", "Disk is full";
        Cancelled => "cancelled", "已取消", "Cancelled";
        EvidenceDamaged => "evidence_damaged", "证据文件已损坏", "Evidence file is damaged";
        RenderFailed => "render_failed", "文件生成失败", "Document could not be made";
        RecordDamaged => "record_damaged", "记录已损坏", "Record is damaged";
        DatabaseUpgrade => "database_upgrade", "数据库升级失败", "Database upgrade failed";
        TimestampRejected => "timestamp_rejected", "时间戳未通过核验", "Timestamp not accepted";
        TsaUnreachable => "tsa_unreachable", "无法连接时间戳服务", "Timestamp service unreachable";
        Io => "io", "读写文件失败", "File operation failed";
        Database => "database", "数据库出错", "Database error";
        /// The desktop shell: the vault is locked (auto-lock or the lock button).
        Locked => "locked", "保险库已锁定", "Vault is locked";
        /// The desktop shell: a failure that is a bug, not the user's doing.
        Internal => "internal", "程序内部错误", "Internal error";
    }
}

pub(crate) fn is_disk_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    ) || e.raw_os_error() == Some(28) // ENOSPC, for errors wrapped by other layers
}

/// Documented exit statuses of the `casefile` program.
pub mod exit {
    /// Everything worked (and `verify` found nothing wrong).
    pub const OK: i32 = 0;
    /// An operation failed (I/O, database, disk full); the message says what to do.
    pub const FAILURE: i32 = 1;
    /// Bad usage or input: unknown flag, malformed value, no passphrase available.
    pub const USAGE: i32 = 2;
    /// Wrong passphrase or recovery key. Nothing on disk was changed.
    pub const WRONG_SECRET: i32 = 3;
    /// `verify` (or `verify-pack`) found problems; each is printed on its own line.
    pub const VERIFY_FAILED: i32 = 4;
    /// Another CaseFile process is writing to the vault.
    pub const BUSY: i32 = 5;
    /// The vault, case, evidence item or source file does not exist.
    pub const NOT_FOUND: i32 = 6;
    /// The output (or the vault folder) already exists; pass --force or choose another path.
    pub const EXISTS: i32 = 7;
    /// The vault or its database was written by a newer CaseFile.
    pub const TOO_NEW: i32 = 8;
    /// The vault header, database or an evidence file is damaged.
    pub const DAMAGED: i32 = 9;
}
