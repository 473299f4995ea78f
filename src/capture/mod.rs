//! What borrowers have on their phones, read into typed records: call-recording file names,
//! "SMS Backup & Restore" XML, an iPhone backup's `sms.db` and `CallHistory.storedata`, and
//! chat exports (MemoTrace TXT and CSV, QQ message-manager TXT, plain chat text). The formats
//! and their sources are in the project's shared notes (CAPTURE.md).
//!
//! Pure parsing: no vault, no routing. Every parser is bounded (file and record limits below)
//! and never panics; input it cannot read is a [`Problem`] that names what is wrong, never a
//! silent skip. Times stay as the source wrote them ([`When`]): a file name or a chat header
//! holds the phone's local time with no zone, which only the caller can resolve.

pub mod chat;
pub mod iphone;
pub mod number;
pub mod recording;
pub mod sms_backup;
pub mod text;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::Serialize;

use crate::domain::contact::Channel;
use crate::domain::named::named_enum;

/// The largest text export read into memory (chat TXT and CSV).
pub const MAX_TEXT_BYTES: u64 = 256 << 20;
/// The most records one file may give.
pub const MAX_RECORDS_PER_FILE: usize = 2_000_000;
/// The longest message text kept; longer texts are cut and say so.
pub const MAX_MESSAGE_CHARS: usize = 65_536;

named_enum! {
    /// What an imported file was recognised as.
    pub Format, "import format", "importFormat" {
        XiaomiRecording => "xiaomi_recording", "小米/红米通话录音", "Xiaomi/Redmi call recording";
        HuaweiRecording => "huawei_recording", "华为/荣耀通话录音", "Huawei/Honor call recording";
        SamsungRecording => "samsung_recording", "三星通话录音", "Samsung call recording";
        PatternRecording => "pattern_recording", "按自定义格式识别的录音", "recording named by your pattern";
        SmsBackup => "sms_backup", "SMS Backup & Restore 短信备份", "SMS Backup & Restore messages";
        CallsBackup => "calls_backup", "SMS Backup & Restore 通话记录", "SMS Backup & Restore call log";
        IphoneSms => "iphone_sms", "iPhone 备份中的短信", "iPhone backup messages";
        IphoneCalls => "iphone_calls", "iPhone 备份中的通话记录", "iPhone backup call history";
        MemotraceCsv => "memotrace_csv", "留痕 (MemoTrace) CSV 聊天导出", "MemoTrace CSV chat export";
        ChatText => "chat_text", "聊天记录文本（留痕 TXT 等）", "chat text (MemoTrace TXT and similar)";
        QqText => "qq_text", "QQ 消息管理器导出", "QQ message manager export";
    }
}

/// A time as the source wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum When {
    /// An instant (Unix or Apple epoch counts).
    Utc(DateTime<Utc>),
    /// The phone's or computer's local time, zone not written (file names, chat headers).
    Local(NaiveDateTime),
}

impl When {
    /// The time in `offset`: an instant is shown there, a local time is taken to be there.
    pub fn resolve(self, offset: FixedOffset) -> DateTime<FixedOffset> {
        match self {
            When::Utc(t) => t.with_timezone(&offset),
            When::Local(t) => match offset.from_local_datetime(&t) {
                chrono::LocalResult::Single(t) => t,
                // A fixed offset has exactly one reading of every local time.
                _ => DateTime::from_naive_utc_and_offset(t, offset),
            },
        }
    }

    /// Milliseconds since the Unix epoch, if they fit a `DateTime`.
    pub(crate) fn from_unix_millis(ms: i64) -> Option<When> {
        DateTime::from_timestamp_millis(ms).map(When::Utc)
    }

    pub(crate) fn from_unix_seconds(s: i64) -> Option<When> {
        DateTime::from_timestamp(s, 0).map(When::Utc)
    }
}

/// A call recording found by its file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingName {
    pub format: Format,
    /// As written in the name (spaces kept); `None` when the name holds only a contact name.
    pub number: Option<String>,
    /// The contact name, when the phone wrote one that is not just the number.
    pub name: Option<String>,
    /// The call's start in the phone's local time.
    pub at: NaiveDateTime,
}

/// How a call-log entry ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    Incoming,
    Outgoing,
    Missed,
    Voicemail,
    Rejected,
    Blocked,
    /// Answered on another device of the same account.
    AnsweredElsewhere,
}

/// One entry of a phone's call log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEntry {
    pub number: String,
    pub name: Option<String>,
    pub at: When,
    /// Seconds the call lasted, as the phone logged it.
    pub duration_seconds: Option<u32>,
    pub kind: CallKind,
}

/// One message: an SMS or a chat line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub channel: Channel,
    /// Who the conversation is with (number, WeChat id, QQ number, or a name): the routing key.
    pub peer: String,
    pub peer_name: Option<String>,
    /// Who wrote this message, as the export names them.
    pub sender: Option<String>,
    pub at: When,
    /// `Some(true)` sent by the user, `Some(false)` received, `None` when the export does not say.
    pub outgoing: Option<bool>,
    pub text: String,
}

/// What one file gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub calls: Vec<CallEntry>,
    pub messages: Vec<Message>,
    /// Entries that are not contacts (drafts, failed sends, system notices), counted only.
    pub skipped: usize,
}

impl Parsed {
    pub fn records(&self) -> usize {
        self.calls.len() + self.messages.len()
    }

    pub(crate) fn check_limit(&self) -> Result<(), Problem> {
        if self.records() >= MAX_RECORDS_PER_FILE {
            return Err(Problem::TooManyRecords {
                limit: MAX_RECORDS_PER_FILE,
            });
        }
        Ok(())
    }
}

/// Why a file could not be read. Each names the fault and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    #[error("cannot read the file ({reason}); check that it exists and that you may read it")]
    Unreadable { reason: String },
    #[error(
        "not a format CaseFile imports (call recordings named by the phone, SMS Backup & Restore XML, an iPhone backup, MemoTrace/QQ/plain chat text); for recordings of other phones give --pattern"
    )]
    NotRecognised,
    #[error("the file is too large to import ({size} bytes, limit {limit})")]
    TooLarge { size: u64, limit: u64 },
    #[error("the file holds more than {limit} records; split the export")]
    TooManyRecords { limit: usize },
    #[error("the file is damaged at {at}: {reason}; export it again from the phone or tool")]
    Malformed { at: String, reason: String },
    #[error("the time “{text}” in the file name is not a real date and time")]
    BadTime { text: String },
    #[error("the file holds no messages or calls")]
    Empty,
}

impl Problem {
    pub(crate) fn malformed(at: impl Into<String>, reason: impl Into<String>) -> Problem {
        Problem::Malformed {
            at: at.into(),
            reason: reason.into(),
        }
    }
}

/// Cuts an over-long message so one record stays bounded, saying so in the text.
pub(crate) fn bounded_text(text: String) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => text,
        Some((cut, _)) => format!("{}…（超长，已截断 / truncated）", &text[..cut]),
    }
}
