//! The contact log (催收联系记录) and the checks that turn it into a list of collection-conduct
//! violations a borrower can complain about.
//!
//! Each contact is one call, message, letter or visit, in the user's local time with its offset.
//! [`check`] flags what the standards and laws in the domain notes forbid (quiet hours, call
//! counts, third parties, impersonation, and red-flag phrases from [`PhraseBook`]); only contacts
//! that came *in* are checked. [`summarize`] turns the flags into a dated list with the evidence
//! behind each item and the complaint lines that fit.
//!
//! No statute sets clock hours or call counts: those rules come from standards and industry
//! self-regulation, and every [`Flag`] says which kind of source it rests on ([`BasisKind`]).

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use super::named::named_enum;

named_enum! {
    /// How the contact was made.
    // `Channel` is taken in the TypeScript bindings by Tauri's IPC channel.
    // (serde_json ignores an enum's own name, so the wire form is unchanged.)
    #[serde(rename = "ContactChannel")]
    pub Channel, "channel", "channel" {
        Call => "call", "电话", "phone call";
        Sms => "sms", "短信", "SMS";
        Wechat => "wechat", "微信", "WeChat";
        Qq => "qq", "QQ", "QQ";
        /// A message or push notification inside a lender's or collector's app.
        App => "app", "App 消息", "app message";
        Letter => "letter", "信件", "letter";
        /// Someone came to the home, the workplace or elsewhere in person.
        Visit => "visit", "上门", "visit";
        Email => "email", "电子邮件", "email";
        Other => "other", "其他", "other";
    }
}

named_enum! {
    /// Who started the contact.
    pub Direction, "direction", "direction" {
        /// They contacted the user.
        In => "in", "对方联系我", "they contacted me";
        /// The user contacted them.
        Out => "out", "我联系对方", "I contacted them";
    }
}

named_enum! {
    /// Who the other side said they were (not necessarily who they are).
    pub ClaimedRole, "claimed role", "claimedRole" {
        Collector => "collector", "催收员", "collector";
        Lender => "lender", "贷款机构", "lender";
        Mediator => "mediator", "调解组织", "mediator";
        Court => "court", "法院", "court";
        Police => "police", "公安", "police";
        Lawyer => "lawyer", "律师", "lawyer";
        Government => "government", "政府机关", "government body";
        Other => "other", "其他", "other";
    }
}

named_enum! {
    /// Someone other than the borrower whom the collector contacted.
    pub ThirdParty, "third party", "thirdParty" {
        Family => "family", "家人", "family";
        Employer => "employer", "工作单位", "employer";
        /// People in the user's address book.
        Contacts => "contacts", "通讯录联系人", "people in the address book";
        Friend => "friend", "朋友", "friends";
        Other => "other", "其他第三方", "other third party";
    }
}

named_enum! {
    /// What a flag is about. Serialized names are stable: they are stored and exported.
    pub FlagCode, "flag code", "flag" {
        /// Contact between 22:00 and 08:00 local time.
        QuietHours => "quiet_hours", "禁止时段联系", "contact in quiet hours";
        /// More than 3 answered calls in one local day.
        TooManyCalls => "too_many_calls", "每日通话过多", "too many calls in a day";
        /// More than 6 unanswered call attempts in one local day.
        TooManyAttempts => "too_many_attempts", "每日未接通呼叫过多", "too many call attempts in a day";
        /// Family, employer, contacts or friends were contacted.
        ThirdParty => "third_party", "联系第三方", "third party contacted";
        /// Claimed to be a court, the police, the government, or a court or mediation body by SMS.
        Impersonation => "impersonation", "冒用公检法或调解名义", "impersonating officials";
        /// Threats, exaggerated legal consequences, or insults.
        Threat => "threat", "威胁或侮辱", "threat or insult";
        /// Fees, deposits, or payment anywhere but the lender's own channel.
        UnofficialPayment => "unofficial_payment", "非官方渠道收款或额外收费", "unofficial payment or extra fee";
        /// Offers to erase a credit record for money.
        RecordErasureScam => "record_erasure_scam", "声称可消除征信记录", "credit-record erasure scam";
        /// Pushing the user to borrow elsewhere to pay.
        NewBorrowing => "new_borrowing", "诱导借新还旧", "pushing new borrowing";
    }
}

named_enum! {
    /// What kind of source a rule rests on. The app must always say which.
    pub BasisKind, "basis kind", "basisKind" {
        /// A statute, judicial interpretation or regulation: binding.
        Law => "law", "法律法规", "law";
        /// A recommended national standard or industry self-regulation: not binding law.
        Standard => "standard", "标准或行业自律规范", "standard or self-regulation";
    }
}

const GBT_45251: &str = "GB/T 45251—2025《互联网金融 个人网络消费信贷 贷后催收风控指引》";
const NIFA_2024: &str = "中国互联网金融协会《互联网金融贷后催收业务指引》（2024）";
const CBA_GUIDE: &str = "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》";
const PACT_2018: &str = "《互联网金融逾期债务催收自律公约》";

impl FlagCode {
    /// The codes found by phrase matching; a [`PhraseBook`] must list phrases for each.
    pub const PHRASE_CODES: [FlagCode; 4] = [
        FlagCode::Threat,
        FlagCode::UnofficialPayment,
        FlagCode::RecordErasureScam,
        FlagCode::NewBorrowing,
    ];

    /// Whether this code comes from the phrase book rather than from the facts of the record.
    pub fn is_phrase_based(self) -> bool {
        FlagCode::PHRASE_CODES.contains(&self)
    }

    /// The rule the flag rests on, as cited to the user.
    pub fn basis(self) -> String {
        match self {
            FlagCode::QuietHours => format!("{GBT_45251}；{NIFA_2024}"),
            FlagCode::TooManyCalls => {
                format!("{GBT_45251}（每天有效通话不超过 3 次）；{NIFA_2024}")
            }
            FlagCode::TooManyAttempts => format!("{CBA_GUIDE}（每天未接通呼叫不超过 6 次）"),
            FlagCode::ThirdParty => {
                format!("《个人信息保护法》第10条；《民法典》第1033条；另见 {GBT_45251}")
            }
            FlagCode::Impersonation => {
                "《刑法》第279条（冒充国家机关工作人员招摇撞骗）；《民事诉讼法》第90条（电子送达须经受送达人同意）".to_owned()
            }
            FlagCode::Threat => {
                format!("《治安管理处罚法》（威胁、侮辱他人）；《刑法》第293条之一（催收非法债务罪）；{PACT_2018}")
            }
            FlagCode::UnofficialPayment => format!("{PACT_2018}第19条"),
            FlagCode::RecordErasureScam => {
                "《征信业管理条例》第16条（不良信息保存 5 年）".to_owned()
            }
            FlagCode::NewBorrowing => format!("{GBT_45251}；{PACT_2018}"),
        }
    }

    /// Whether [`FlagCode::basis`] is binding law or a standard.
    pub fn basis_kind(self) -> BasisKind {
        match self {
            FlagCode::ThirdParty
            | FlagCode::Impersonation
            | FlagCode::Threat
            | FlagCode::RecordErasureScam => BasisKind::Law,
            FlagCode::QuietHours
            | FlagCode::TooManyCalls
            | FlagCode::TooManyAttempts
            | FlagCode::UnofficialPayment
            | FlagCode::NewBorrowing => BasisKind::Standard,
        }
    }
}

fn one() -> u32 {
    1
}

/// One contact between the user and a collector, lender, mediator or anyone claiming to act
/// for them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContactRecord {
    pub id: String,
    /// The user's local time, offset included; days are counted in this offset.
    pub at: DateTime<FixedOffset>,
    pub channel: Channel,
    pub direction: Direction,
    /// The phone number, WeChat id or address the contact came from.
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub claimed_role: Option<ClaimedRole>,
    /// For calls: whether the call was answered. `None` when unknown or not a call.
    #[serde(default)]
    pub answered: Option<bool>,
    /// At least 1: a run of missed calls can be logged as one record.
    #[serde(default = "one")]
    pub attempts: u32,
    /// Set when the collector contacted someone other than the user.
    #[serde(default)]
    pub third_party: Option<ThirdParty>,
    /// The user's account of what was said.
    #[serde(default)]
    pub summary: Option<String>,
    /// Their words verbatim (SMS text, transcribed sentences).
    #[serde(default)]
    pub quotes: Vec<String>,
    #[serde(default)]
    pub evidence_ids: Vec<String>,
}

impl ContactRecord {
    /// `attempts`, never less than 1.
    fn attempt_count(&self) -> u32 {
        self.attempts.max(1)
    }

    fn texts(&self) -> impl Iterator<Item = &str> {
        self.summary
            .as_deref()
            .into_iter()
            .chain(self.quotes.iter().map(String::as_str))
    }
}

/// One problem found in one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Flag {
    pub code: FlagCode,
    pub reason_zh: String,
    pub reason_en: String,
    pub basis: String,
    pub basis_kind: BasisKind,
    /// The phrase or fact that triggered it.
    pub matched: Option<String>,
}

impl Flag {
    fn new(code: FlagCode, reason_zh: String, reason_en: String, matched: Option<String>) -> Flag {
        Flag {
            code,
            reason_zh,
            reason_en,
            basis: code.basis(),
            basis_kind: code.basis_kind(),
            matched,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Phrase book
// ---------------------------------------------------------------------------------------------

const PHRASE_BOOK_VERSION: u32 = 1;
const BUILTIN_PHRASES: &str = include_str!("../../data/collection-phrases.json");

/// Why a phrase book was refused.
#[derive(Debug, thiserror::Error)]
pub enum PhraseError {
    #[error("phrase book is not valid: {0}")]
    Json(#[from] serde_json::Error),
    #[error("phrase book version {found} is not supported; this build reads version {supported}")]
    UnsupportedVersion { found: u32, supported: u32 },
    #[error("phrase book list {0} is empty")]
    EmptyList(String),
    #[error(
        "phrase book names unknown code “{code}”; use one of {}",
        phrase_code_names()
    )]
    UnknownCode { code: String },
    #[error(
        "code {0} is checked from the record's facts, not from phrases; use one of {names}",
        names = phrase_code_names()
    )]
    NotPhraseCode(FlagCode),
    #[error("code {0} appears more than once in the phrase book")]
    DuplicateCode(FlagCode),
    #[error("phrase book has no phrases for code {0}")]
    MissingCode(FlagCode),
    #[error("{list} contains an empty phrase")]
    EmptyPhrase { list: String },
    #[error("exclusion “{exclusion}” of phrase “{phrase}” ({code}) does not contain the phrase")]
    ExclusionWithoutPhrase {
        code: FlagCode,
        phrase: String,
        exclusion: String,
    },
}

fn phrase_code_names() -> String {
    FlagCode::PHRASE_CODES.map(FlagCode::as_str).join(", ")
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawBook {
    version: u32,
    #[serde(default, rename = "about")]
    _about: Option<String>,
    groups: Vec<RawGroup>,
    sms_106: RawSms,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawGroup {
    code: String,
    #[serde(default, rename = "note")]
    _note: Option<String>,
    phrases: Vec<RawPhrase>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
enum RawPhrase {
    Plain(String),
    Full(RawPhraseFull),
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawPhraseFull {
    text: String,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    insult: bool,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawSms {
    #[serde(default, rename = "note")]
    _note: Option<String>,
    authority: Vec<String>,
    payment: Vec<String>,
}

/// One red-flag phrase, normalized for matching.
#[derive(Debug, Clone)]
struct Phrase {
    /// As written in the book; this is what a flag reports.
    text: String,
    norm: String,
    exclude: Vec<String>,
    insult: bool,
}

/// The red-flag phrase lists, loaded from JSON (see `data/collection-phrases.json` for the format).
#[derive(Debug, Clone)]
pub struct PhraseBook {
    version: u32,
    groups: Vec<(FlagCode, Vec<Phrase>)>,
    sms_authority: Vec<Phrase>,
    sms_payment: Vec<Phrase>,
}

impl PhraseBook {
    /// The phrase book shipped with the app.
    pub fn builtin() -> &'static PhraseBook {
        static BOOK: OnceLock<PhraseBook> = OnceLock::new();
        BOOK.get_or_init(|| {
            PhraseBook::from_json(BUILTIN_PHRASES).expect("the built-in phrase book is valid")
        })
    }

    /// Reads and validates a phrase book: known version, non-empty lists, known phrase codes,
    /// each exactly once, and exclusions that contain their phrase.
    pub fn from_json(json: &str) -> Result<PhraseBook, PhraseError> {
        let raw: RawBook = serde_json::from_str(json)?;
        if raw.version != PHRASE_BOOK_VERSION {
            return Err(PhraseError::UnsupportedVersion {
                found: raw.version,
                supported: PHRASE_BOOK_VERSION,
            });
        }
        if raw.groups.is_empty() {
            return Err(PhraseError::EmptyList("groups".to_owned()));
        }
        let mut groups: Vec<(FlagCode, Vec<Phrase>)> = Vec::new();
        for group in raw.groups {
            let code = FlagCode::from_str(&group.code).map_err(|_| PhraseError::UnknownCode {
                code: group.code.clone(),
            })?;
            if !code.is_phrase_based() {
                return Err(PhraseError::NotPhraseCode(code));
            }
            if groups.iter().any(|(c, _)| *c == code) {
                return Err(PhraseError::DuplicateCode(code));
            }
            let list = format!("groups[{code}].phrases");
            if group.phrases.is_empty() {
                return Err(PhraseError::EmptyList(list));
            }
            let mut phrases = Vec::with_capacity(group.phrases.len());
            for raw_phrase in group.phrases {
                let full = match raw_phrase {
                    RawPhrase::Plain(text) => RawPhraseFull {
                        text,
                        exclude: Vec::new(),
                        insult: false,
                        _note: None,
                    },
                    RawPhrase::Full(full) => full,
                };
                let mut phrase = Phrase::plain(&full.text, &list)?;
                phrase.insult = full.insult;
                for exclusion in &full.exclude {
                    let norm = normalize(exclusion);
                    if !norm.contains(&phrase.norm) {
                        return Err(PhraseError::ExclusionWithoutPhrase {
                            code,
                            phrase: phrase.text.clone(),
                            exclusion: exclusion.clone(),
                        });
                    }
                    phrase.exclude.push(norm);
                }
                phrases.push(phrase);
            }
            groups.push((code, phrases));
        }
        if let Some(missing) = FlagCode::PHRASE_CODES
            .into_iter()
            .find(|code| !groups.iter().any(|(c, _)| c == code))
        {
            return Err(PhraseError::MissingCode(missing));
        }
        groups.sort_by_key(|(code, _)| *code);
        Ok(PhraseBook {
            version: raw.version,
            groups,
            sms_authority: Phrase::list(&raw.sms_106.authority, "sms_106.authority")?,
            sms_payment: Phrase::list(&raw.sms_106.payment, "sms_106.payment")?,
        })
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    /// The phrases listed for `code`, as written in the book (empty for codes not phrase-based).
    pub fn phrases(&self, code: FlagCode) -> Vec<&str> {
        self.group(code)
            .iter()
            .map(|phrase| phrase.text.as_str())
            .collect()
    }

    /// The first phrase of `code` found in `text` (earliest position, the longer phrase at the
    /// same position), exclusions applied.
    pub fn first_match(&self, code: FlagCode, text: &str) -> Option<&str> {
        let pieces = [normalize(text)];
        first_phrase(self.group(code), &pieces).map(|phrase| phrase.text.as_str())
    }

    fn group(&self, code: FlagCode) -> &[Phrase] {
        self.groups
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(&[][..], |(_, phrases)| phrases.as_slice())
    }
}

impl Phrase {
    fn plain(text: &str, list: &str) -> Result<Phrase, PhraseError> {
        let norm = normalize(text);
        if norm.is_empty() {
            return Err(PhraseError::EmptyPhrase {
                list: list.to_owned(),
            });
        }
        Ok(Phrase {
            text: text.trim().to_owned(),
            norm,
            exclude: Vec::new(),
            insult: false,
        })
    }

    fn list(texts: &[String], list: &str) -> Result<Vec<Phrase>, PhraseError> {
        if texts.is_empty() {
            return Err(PhraseError::EmptyList(list.to_owned()));
        }
        texts.iter().map(|text| Phrase::plain(text, list)).collect()
    }

    /// The earliest position in `hay` where the phrase occurs outside every exclusion.
    fn find_in(&self, hay: &str) -> Option<usize> {
        occurrences(hay, &self.norm).find(|&at| {
            let end = at + self.norm.len();
            !self.exclude.iter().any(|exclusion| {
                occurrences(hay, exclusion).any(|ex| ex <= at && end <= ex + exclusion.len())
            })
        })
    }
}

/// Byte offsets of every occurrence of `needle` in `hay`, overlapping ones included.
fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        if needle.is_empty() || from > hay.len() {
            return None;
        }
        let at = from + hay[from..].find(needle)?;
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
        Some(at)
    })
}

/// The phrase that occurs first across `pieces` (in order), the longer one at the same position.
fn first_phrase<'p>(phrases: &'p [Phrase], pieces: &[String]) -> Option<&'p Phrase> {
    phrases
        .iter()
        .filter_map(|phrase| {
            pieces.iter().enumerate().find_map(|(i, piece)| {
                phrase
                    .find_in(piece)
                    .map(|at| ((i, at, std::cmp::Reverse(phrase.norm.len())), phrase))
            })
        })
        .min_by_key(|(key, _)| *key)
        .map(|(_, phrase)| phrase)
}

/// Text as matched: no whitespace, quotation marks, brackets or zero-width characters, full-width
/// ASCII folded to half-width, ASCII lower-cased. Collectors space out or quote words; the
/// user may type them in full-width.
fn normalize(text: &str) -> String {
    const DROP: &str = "\"'“”‘’「」『』《》〈〉【】〔〕()（）[]［］{}｛｝<>\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}";
    text.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace() && !DROP.contains(*c))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn fold_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        '。' => '.',
        _ => c,
    }
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

const MAX_ANSWERED_CALLS_PER_DAY: u32 = 3;
const MAX_UNANSWERED_ATTEMPTS_PER_DAY: u32 = 6;

/// The flags for each record, in the order given. Only inbound contacts are flagged; the
/// per-day counts look at every inbound call in `records` (one case, all collectors together),
/// whatever their order, and count days in each record's own offset.
pub fn check(records: &[ContactRecord], phrases: &PhraseBook) -> Vec<Vec<Flag>> {
    let daily = daily_flags(records);
    records
        .iter()
        .zip(daily)
        .map(|(record, (calls, attempts))| {
            if record.direction != Direction::In {
                return Vec::new();
            }
            let pieces: Vec<String> = record.texts().map(normalize).collect();
            let mut flags = Vec::new();
            flags.extend(quiet_hours(record));
            flags.extend(calls);
            flags.extend(attempts);
            flags.extend(third_party(record));
            flags.extend(impersonation(record, &pieces, phrases));
            for code in FlagCode::PHRASE_CODES {
                if let Some(phrase) = first_phrase(phrases.group(code), &pieces) {
                    flags.push(phrase_flag(code, phrase));
                }
            }
            flags
        })
        .collect()
}

fn day_and_time(at: &DateTime<FixedOffset>) -> (String, String) {
    (
        at.format("%Y-%m-%d").to_string(),
        at.format("%H:%M").to_string(),
    )
}

fn quiet_hours(record: &ContactRecord) -> Option<Flag> {
    // A letter's time is when the post arrived, not a time the collector chose.
    if record.channel == Channel::Letter {
        return None;
    }
    let hour = record.at.hour();
    if (8..22).contains(&hour) {
        return None;
    }
    let (day, time) = day_and_time(&record.at);
    let (what_zh, what_en) = contact_words(record.channel);
    Some(Flag::new(
        FlagCode::QuietHours,
        format!(
            "{day} {time} {what_zh}，处于 22:00–08:00 的禁止时段；除非你事先同意，催收方不应在这段时间联系你。"
        ),
        format!(
            "{what_en} at {time} on {day}, inside the 22:00–08:00 no-contact window; collectors should not contact you then unless you agreed."
        ),
        Some(time),
    ))
}

fn contact_words(channel: Channel) -> (&'static str, &'static str) {
    match channel {
        Channel::Call => ("来电", "Call"),
        Channel::Sms => ("发来短信", "SMS"),
        Channel::Wechat => ("发来微信消息", "WeChat message"),
        Channel::Qq => ("发来 QQ 消息", "QQ message"),
        Channel::App => ("发来 App 消息", "App message"),
        Channel::Letter => ("来信", "Letter"),
        Channel::Visit => ("上门", "Visit"),
        Channel::Email => ("发来邮件", "Email"),
        Channel::Other => ("联系你", "Contact"),
    }
}

/// For each record: the too-many-calls flag and the too-many-attempts flag, if any.
fn daily_flags(records: &[ContactRecord]) -> Vec<(Option<Flag>, Option<Flag>)> {
    let mut out: Vec<(Option<Flag>, Option<Flag>)> = vec![(None, None); records.len()];
    let mut calls: Vec<usize> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.direction == Direction::In && r.channel == Channel::Call)
        .map(|(i, _)| i)
        .collect();
    calls.sort_by_key(|&i| (records[i].at, i));

    let mut answered: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    let mut missed: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for i in calls {
        let record = &records[i];
        let date = record.at.date_naive();
        let (day, time) = day_and_time(&record.at);
        match record.answered {
            Some(true) => {
                let n = answered.entry(date).or_default();
                *n += 1;
                let n = *n;
                if n > MAX_ANSWERED_CALLS_PER_DAY {
                    out[i].0 = Some(Flag::new(
                        FlagCode::TooManyCalls,
                        format!(
                            "{day} {time} 的来电是当天第 {n} 次接通的催收电话；标准要求所有催收方合计每天有效通话不超过 {MAX_ANSWERED_CALLS_PER_DAY} 次。"
                        ),
                        format!(
                            "The call at {time} on {day} is answered call no. {n} that day; the standard allows at most {MAX_ANSWERED_CALLS_PER_DAY} effective calls a day, all collectors together."
                        ),
                        Some(format!("{day} 第 {n} 次接通")),
                    ));
                }
            }
            Some(false) => {
                let total = missed.entry(date).or_default();
                *total += record.attempt_count();
                let after = *total;
                if after > MAX_UNANSWERED_ATTEMPTS_PER_DAY {
                    let attempts = record.attempt_count();
                    let (these_zh, these_en) = if attempts == 1 {
                        ("的未接通来电".to_owned(), "The missed call".to_owned())
                    } else {
                        (
                            format!("的 {attempts} 次未接通来电"),
                            format!("The {attempts} missed calls"),
                        )
                    };
                    out[i].1 = Some(Flag::new(
                        FlagCode::TooManyAttempts,
                        format!(
                            "{day} {time}{these_zh}使当天未接通呼叫累计达到 {after} 次，超过每天 {MAX_UNANSWERED_ATTEMPTS_PER_DAY} 次的上限。"
                        ),
                        format!(
                            "{these_en} at {time} on {day} bring the day's unanswered attempts to {after}, above the limit of {MAX_UNANSWERED_ATTEMPTS_PER_DAY} a day."
                        ),
                        Some(format!("{day} 累计 {after} 次未接通")),
                    ));
                }
            }
            None => {}
        }
    }
    out
}

fn third_party(record: &ContactRecord) -> Option<Flag> {
    let who = record.third_party?;
    let (zh, en) = match who {
        ThirdParty::Family => ("你的家人", "your family"),
        ThirdParty::Employer => ("你的工作单位", "your employer"),
        ThirdParty::Contacts => ("你通讯录中的联系人", "people in your address book"),
        ThirdParty::Friend => ("你的朋友", "your friends"),
        ThirdParty::Other => ("与债务无关的第三方", "a third party"),
    };
    Some(Flag::new(
        FlagCode::ThirdParty,
        format!(
            "催收方联系了{zh}。催收只应针对借款人本人；通讯录里的人从未同意被用于催收，即使联系不上你，也不得向他们透露债务或借他们施压。"
        ),
        format!(
            "The collector contacted {en}. Collection is a matter for the borrower alone; people in your address book never agreed to be used, and even when you cannot be reached they must not be told about the debt or used to put pressure on you."
        ),
        Some(who.label_zh().to_owned()),
    ))
}

fn impersonation(record: &ContactRecord, pieces: &[String], book: &PhraseBook) -> Option<Flag> {
    if let Some(role) = record.claimed_role
        && matches!(
            role,
            ClaimedRole::Court | ClaimedRole::Police | ClaimedRole::Government
        )
    {
        return Some(Flag::new(
            FlagCode::Impersonation,
            format!(
                "对方自称{}。催收方不得冒用法院、公安或政府机关的名义；请拨打 12368（法院）或 110 核实对方身份和所称案件。",
                role.label_zh()
            ),
            format!(
                "They claimed to be the {}. Collectors must not use the name of a court, the police or a government body; check who they are and any case they mention with 12368 (courts) or 110.",
                role.label_en()
            ),
            Some(role.label_zh().to_owned()),
        ));
    }
    if record.channel != Channel::Sms {
        return None;
    }
    let number = record.number.as_deref().filter(|n| is_106_number(n))?;
    let authority = first_phrase(&book.sms_authority, pieces)?;
    let link = record.texts().find_map(find_link);
    let (demand_zh, demand_en) = match (&link, first_phrase(&book.sms_payment, pieces)) {
        (Some(link), _) => (format!("附有链接 {link}"), format!("a link ({link})")),
        (None, Some(payment)) => (
            format!("要求付款（「{}」）", payment.text),
            format!("a payment request (“{}”)", payment.text),
        ),
        (None, None) => return None,
    };
    let authority = &authority.text;
    Some(Flag::new(
        FlagCode::Impersonation,
        format!(
            "来自 106 号段 {number} 的短信自称「{authority}」，并{demand_zh}。106 号段只说明使用了企业短信通道，不能证明发送者是谁；法院按法定方式送达文书，电子送达须经本人同意（《民事诉讼法》第90条）。不要点链接或付款，请拨打 12368 核实。"
        ),
        format!(
            "An SMS from the 106 number {number} claims to come from “{authority}” and carries {demand_en}. A 106 number only shows that an enterprise SMS channel was used, not who sent it; courts serve documents by statutory methods and electronic service needs your consent (Civil Procedure Law art. 90). Do not click or pay; check with 12368."
        ),
        Some(format!("{number} · {authority} · {demand_zh}")),
    ))
}

/// A 106-prefixed enterprise SMS number, with or without +86 / 0086 and separators.
fn is_106_number(number: &str) -> bool {
    let digits: String = number
        .chars()
        .map(fold_width)
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let national = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    national.starts_with("106")
}

/// The first web link in `text`: anything with a scheme or `www.`, or a bare `name.tld/…`
/// (short links such as `t.cn/abc`), or a bare host under a common top-level domain. Hosts
/// under `gov.cn` are not counted: court service platforms send such links and nobody else can
/// register them.
fn find_link(text: &str) -> Option<String> {
    const TLDS: [&str; 25] = [
        "cn", "com", "net", "org", "top", "cc", "vip", "xyz", "ink", "link", "me", "ly", "io",
        "info", "club", "site", "online", "shop", "icu", "work", "ltd", "wang", "fun", "pro",
        "biz",
    ];
    let text: String = text.chars().map(fold_width).collect();
    let url_char = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#@!$&*+,;=%".contains(c);
    for token in text.split(|c: char| !url_char(c)) {
        let token = token.trim_matches(|c: char| ".,;:!?*".contains(c));
        if token.is_empty() {
            continue;
        }
        let lower = token.to_ascii_lowercase();
        let (has_scheme, rest) = match lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
        {
            Some(rest) => (true, rest),
            None => (false, lower.as_str()),
        };
        let host_end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
        let host = &rest[..host_end];
        let has_path = rest[host_end..].starts_with('/');
        if host == "gov.cn" || host.ends_with(".gov.cn") {
            continue;
        }
        if has_scheme || host.starts_with("www.") {
            return Some(token.to_owned());
        }
        let labels: Vec<&str> = host.split('.').collect();
        let well_formed = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        let tld = labels.last().copied().unwrap_or_default();
        let tld_ok = (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic());
        if well_formed && tld_ok && (has_path || TLDS.contains(&tld)) {
            return Some(token.to_owned());
        }
    }
    None
}

fn phrase_flag(code: FlagCode, phrase: &Phrase) -> Flag {
    let p = &phrase.text;
    let (zh, en) = match code {
        FlagCode::Threat if phrase.insult => (
            format!("出现侮辱性称呼或用语「{p}」。催收方不得辱骂、侮辱借款人。"),
            format!("Insulting words: “{p}”. Collectors must not abuse or insult the borrower."),
        ),
        FlagCode::Threat => (
            format!(
                "出现威胁性用语「{p}」。催收方不得以暴力、恐吓、向他人曝光或夸大法律后果相威胁。"
            ),
            format!(
                "Threatening words: “{p}”. Collectors must not threaten violence, exposure to other people, or exaggerated legal consequences."
            ),
        ),
        FlagCode::UnofficialPayment => (
            format!(
                "出现「{p}」：要求额外付费或通过贷款机构官方渠道以外的方式付款。还款只应通过贷款机构自己的官方渠道；正规催收和调解不收保证金、手续费或解冻费。"
            ),
            format!(
                "“{p}”: asks for an extra fee or for payment outside the lender's own channel. Repay only through the lender's official channel; genuine collection and mediation charge no deposit, handling fee or unfreezing fee."
            ),
        ),
        FlagCode::RecordErasureScam => (
            format!(
                "出现「{p}」：声称能花钱或通过内部渠道消除征信记录。不良信息依法自不良行为终止之日起保存 5 年，任何人都无法花钱删除，这是常见骗局。"
            ),
            format!(
                "“{p}”: claims a credit record can be erased for money or through inside contacts. Negative records are kept by law for 5 years from the end of the default and nobody can remove them for a fee; this is a common scam."
            ),
        ),
        FlagCode::NewBorrowing => (
            format!(
                "出现「{p}」：诱导你借新还旧或到别处借钱还债。这只会加重债务，催收标准明确禁止。"
            ),
            format!(
                "“{p}”: pushes you to borrow elsewhere to pay. That only deepens the debt, and the collection standards forbid it."
            ),
        ),
        _ => unreachable!("{code} is not phrase-based"),
    };
    Flag::new(code, zh, en, Some(p.clone()))
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

/// How many flags of one code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CodeCount {
    pub code: FlagCode,
    pub label_zh: String,
    pub count: usize,
}

/// One violation in the dated list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ViolationItem {
    pub contact_id: String,
    /// RFC 3339, in the record's own offset.
    pub at: String,
    pub code: FlagCode,
    pub reason_zh: String,
    pub reason_en: String,
    pub basis: String,
    pub basis_kind: BasisKind,
    pub evidence_ids: Vec<String>,
}

/// A place to complain, with the codes present that it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ComplaintChannel {
    pub number: String,
    pub name_zh: String,
    pub name_en: String,
    pub for_zh: String,
    pub for_en: String,
    pub codes: Vec<FlagCode>,
}

/// The complaint summary: counts, a dated list with evidence, and where to complain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ViolationSummary {
    pub total: usize,
    pub counts: Vec<CodeCount>,
    pub items: Vec<ViolationItem>,
    pub channels: Vec<ComplaintChannel>,
}

struct ChannelSpec {
    number: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    for_zh: &'static str,
    for_en: &'static str,
    /// `None`: every code present (the regulator's line takes any violation).
    codes: Option<&'static [FlagCode]>,
}

const COMPLAINT_CHANNELS: [ChannelSpec; 5] = [
    ChannelSpec {
        number: "12378",
        name_zh: "金融监管总局消费者投诉热线",
        name_en: "Financial regulator's consumer complaint line",
        for_zh: "投诉银行、信用卡中心、消费金融公司等持牌机构及其委托的催收方的违规催收。",
        for_en: "Complaints about collection by banks, card issuers, consumer finance companies and the agencies they hire.",
        codes: None,
    },
    ChannelSpec {
        number: "12363",
        name_zh: "中国人民银行金融消费权益保护热线",
        name_en: "People's Bank of China consumer protection line",
        for_zh: "支付和征信问题；举报声称可以花钱修复或删除征信记录的人。",
        for_en: "Payment and credit-record matters; report anyone offering to repair or erase a credit record for money.",
        codes: Some(&[FlagCode::RecordErasureScam]),
    },
    ChannelSpec {
        number: "12321",
        name_zh: "网络不良与垃圾信息举报受理中心",
        name_en: "Spam and harassing call reporting centre",
        for_zh: "举报骚扰电话和垃圾短信；提交短信时保留原文，不要做任何改动。",
        for_en: "Report harassing calls and spam SMS; submit the original SMS text unedited.",
        codes: Some(&[
            FlagCode::QuietHours,
            FlagCode::TooManyCalls,
            FlagCode::TooManyAttempts,
            FlagCode::ThirdParty,
        ]),
    },
    ChannelSpec {
        number: "12368",
        name_zh: "人民法院诉讼服务热线",
        name_en: "People's court litigation service line",
        for_zh: "核实对方所称的诉讼、案件或法院文书是否真实。",
        for_en: "Check whether a claimed lawsuit, case or court document is real.",
        codes: Some(&[FlagCode::Impersonation]),
    },
    ChannelSpec {
        number: "110",
        name_zh: "公安报警电话（反诈咨询 96110）",
        name_en: "Police (anti-fraud advice line 96110)",
        for_zh: "遭到威胁、暴力，或遇到冒充公检法、诱导转账、付费消除征信等诈骗时报警。",
        for_en: "Threats or violence, impersonation of officials, and fraud such as payment demands or paid credit-record erasure.",
        codes: Some(&[
            FlagCode::Threat,
            FlagCode::Impersonation,
            FlagCode::UnofficialPayment,
            FlagCode::RecordErasureScam,
        ]),
    },
];

/// Builds the complaint summary from the records and the flags [`check`] returned for them
/// (paired by position).
pub fn summarize(records: &[ContactRecord], flags: &[Vec<Flag>]) -> ViolationSummary {
    let mut items: Vec<(DateTime<FixedOffset>, ViolationItem)> = records
        .iter()
        .zip(flags)
        .flat_map(|(record, flags)| {
            flags.iter().map(move |flag| {
                (
                    record.at,
                    ViolationItem {
                        contact_id: record.id.clone(),
                        at: record.at.to_rfc3339(),
                        code: flag.code,
                        reason_zh: flag.reason_zh.clone(),
                        reason_en: flag.reason_en.clone(),
                        basis: flag.basis.clone(),
                        basis_kind: flag.basis_kind,
                        evidence_ids: record.evidence_ids.clone(),
                    },
                )
            })
        })
        .collect();
    // Stable: same instant keeps input order, and within a record the check's code order.
    items.sort_by_key(|(at, _)| *at);
    let items: Vec<ViolationItem> = items.into_iter().map(|(_, item)| item).collect();

    let counts: Vec<CodeCount> = FlagCode::ALL
        .into_iter()
        .filter_map(|code| {
            let count = items.iter().filter(|item| item.code == code).count();
            (count > 0).then(|| CodeCount {
                code,
                label_zh: code.label_zh().to_owned(),
                count,
            })
        })
        .collect();
    let present: Vec<FlagCode> = counts.iter().map(|c| c.code).collect();

    let channels = COMPLAINT_CHANNELS
        .iter()
        .filter_map(|spec| {
            let codes: Vec<FlagCode> = present
                .iter()
                .copied()
                .filter(|code| spec.codes.is_none_or(|codes| codes.contains(code)))
                .collect();
            (!codes.is_empty()).then(|| ComplaintChannel {
                number: spec.number.to_owned(),
                name_zh: spec.name_zh.to_owned(),
                name_en: spec.name_en.to_owned(),
                for_zh: spec.for_zh.to_owned(),
                for_en: spec.for_en.to_owned(),
                codes,
            })
        })
        .collect();

    ViolationSummary {
        total: items.len(),
        counts,
        items,
        channels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde_json::json;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn rec(id: &str, when: &str, channel: Channel) -> ContactRecord {
        ContactRecord {
            id: id.to_owned(),
            at: at(when),
            channel,
            direction: Direction::In,
            number: None,
            person: None,
            organisation: None,
            claimed_role: None,
            answered: None,
            attempts: 1,
            third_party: None,
            summary: None,
            quotes: Vec::new(),
            evidence_ids: Vec::new(),
        }
    }

    fn call(id: &str, when: &str, answered: bool) -> ContactRecord {
        ContactRecord {
            answered: Some(answered),
            ..rec(id, when, Channel::Call)
        }
    }

    fn missed(id: &str, when: &str, attempts: u32) -> ContactRecord {
        ContactRecord {
            attempts,
            ..call(id, when, false)
        }
    }

    fn said(id: &str, text: &str) -> ContactRecord {
        ContactRecord {
            quotes: vec![text.to_owned()],
            ..rec(id, "2025-03-14T10:00:00+08:00", Channel::Wechat)
        }
    }

    fn sms(number: &str, text: &str) -> ContactRecord {
        ContactRecord {
            number: Some(number.to_owned()),
            quotes: vec![text.to_owned()],
            ..rec("s", "2025-03-14T10:00:00+08:00", Channel::Sms)
        }
    }

    fn run(records: &[ContactRecord]) -> Vec<Vec<Flag>> {
        let flags = check(records, PhraseBook::builtin());
        assert_eq!(flags.len(), records.len());
        flags
    }

    fn find(flags: &[Flag], code: FlagCode) -> Option<&Flag> {
        flags.iter().find(|f| f.code == code)
    }

    /// Ids of the records carrying `code`.
    fn flagged(records: &[ContactRecord], code: FlagCode) -> Vec<String> {
        records
            .iter()
            .zip(run(records))
            .filter(|(_, flags)| find(flags, code).is_some())
            .map(|(r, _)| r.id.clone())
            .collect()
    }

    // ----- enums ------------------------------------------------------------------------------

    fn names_round_trip<T>(all: &[T], what: &str)
    where
        T: Copy
            + PartialEq
            + std::fmt::Debug
            + std::fmt::Display
            + Serialize
            + DeserializeOwned
            + FromStr<Err = String>,
    {
        for &v in all {
            let name = v.to_string();
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(),
                v
            );
            assert_eq!(name.parse::<T>().unwrap(), v);
            assert_eq!(
                format!(" {} ", name.to_uppercase()).parse::<T>().unwrap(),
                v
            );
        }
        let err = "no-such-name".parse::<T>().unwrap_err();
        assert!(err.contains(what), "{err}");
        for v in all {
            assert!(err.contains(&v.to_string()), "{err} lacks {v}");
        }
    }

    #[test]
    fn enum_names_round_trip_and_errors_list_valid_names() {
        names_round_trip(&Channel::ALL, "channel");
        names_round_trip(&Direction::ALL, "direction");
        names_round_trip(&ClaimedRole::ALL, "claimed role");
        names_round_trip(&ThirdParty::ALL, "third party");
        names_round_trip(&FlagCode::ALL, "flag code");
        names_round_trip(&BasisKind::ALL, "basis kind");
        assert_eq!(
            (
                Channel::ALL.len(),
                ClaimedRole::ALL.len(),
                ThirdParty::ALL.len()
            ),
            (9, 8, 5)
        );
        let names: Vec<&str> = FlagCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            names,
            [
                "quiet_hours",
                "too_many_calls",
                "too_many_attempts",
                "third_party",
                "impersonation",
                "threat",
                "unofficial_payment",
                "record_erasure_scam",
                "new_borrowing"
            ]
        );
        for code in FlagCode::ALL {
            assert!(!code.label_zh().is_empty() && !code.basis().is_empty());
        }
    }

    #[test]
    fn record_json_defaults_and_flag_json_shape() {
        let r: ContactRecord = serde_json::from_value(json!({
            "id": "k-1", "at": "2025-03-14T22:40:00+08:00", "channel": "call", "direction": "in"
        }))
        .unwrap();
        assert_eq!((r.attempts, r.quotes.len(), r.answered), (1, 0, None));
        let flags = run(&[r]);
        let v = serde_json::to_value(&flags[0][0]).unwrap();
        assert_eq!(v["code"], "quiet_hours");
        assert_eq!(v["basis_kind"], "standard");
        assert_eq!(v["matched"], "22:40");
        let zh = v["reason_zh"].as_str().unwrap();
        assert!(
            zh.contains("22:40 来电") && zh.contains("22:00–08:00"),
            "{zh}"
        );
    }

    // ----- quiet hours ------------------------------------------------------------------------

    #[test]
    fn quiet_hours_boundaries_in_local_time() {
        let cases = [
            ("2025-03-14T21:59:00+08:00", Channel::Call, false),
            ("2025-03-14T22:00:00+08:00", Channel::Call, true),
            ("2025-03-15T07:59:00+08:00", Channel::Call, true),
            ("2025-03-15T07:59:59+08:00", Channel::Sms, true),
            ("2025-03-15T08:00:00+08:00", Channel::Call, false),
            ("2025-03-15T00:00:00+08:00", Channel::Wechat, true),
            // Local time counts, not Beijing time: 21:30+07:00 is 22:30 in Beijing ...
            ("2025-03-14T21:30:00+07:00", Channel::Call, false),
            // ... and 22:10+09:00 is 21:10 in Beijing; 07:30-05:00 is 20:30 in Beijing.
            ("2025-03-14T22:10:00+09:00", Channel::Call, true),
            ("2025-03-14T07:30:00-05:00", Channel::Visit, true),
            ("2025-03-14T12:00:00-05:00", Channel::Call, false),
            // The post's delivery time is not chosen by the collector.
            ("2025-03-14T23:00:00+08:00", Channel::Letter, false),
        ];
        for (when, channel, want) in cases {
            let flags = &run(&[rec("q", when, channel)])[0];
            assert_eq!(
                find(flags, FlagCode::QuietHours).is_some(),
                want,
                "{when} {channel}"
            );
        }
    }

    // ----- daily counts -----------------------------------------------------------------------

    #[test]
    fn too_many_calls_flags_fourth_answered_call_and_later() {
        let d = |t: &str| format!("2025-03-14T{t}:00+08:00");
        let cases: Vec<(&str, Vec<ContactRecord>, Vec<&str>)> = vec![
            (
                "three answered",
                vec![
                    call("a", &d("09:00"), true),
                    call("b", &d("10:00"), true),
                    call("c", &d("11:00"), true),
                ],
                vec![],
            ),
            (
                "four answered, unsorted",
                vec![
                    call("d", &d("15:00"), true),
                    call("a", &d("09:00"), true),
                    call("c", &d("11:00"), true),
                    call("b", &d("10:00"), true),
                ],
                vec!["d"],
            ),
            (
                "five answered",
                vec![
                    call("a", &d("09:00"), true),
                    call("b", &d("10:00"), true),
                    call("c", &d("11:00"), true),
                    call("d", &d("12:00"), true),
                    call("e", &d("13:00"), true),
                ],
                vec!["d", "e"],
            ),
            (
                "missed calls, SMS, unknown and outbound calls do not count",
                vec![
                    call("a", &d("09:00"), true),
                    call("b", &d("10:00"), true),
                    call("c", &d("11:00"), true),
                    call("m", &d("12:00"), false),
                    rec("s", &d("12:30"), Channel::Sms),
                    rec("u", &d("12:40"), Channel::Call),
                    ContactRecord {
                        direction: Direction::Out,
                        ..call("o", &d("13:00"), true)
                    },
                ],
                vec![],
            ),
            (
                "another day does not count",
                vec![
                    call("a", &d("09:00"), true),
                    call("b", &d("10:00"), true),
                    call("c", &d("11:00"), true),
                    call("x", "2025-03-15T09:00:00+08:00", true),
                ],
                vec![],
            ),
        ];
        for (name, records, want) in cases {
            assert_eq!(flagged(&records, FlagCode::TooManyCalls), want, "{name}");
        }
        let records = [
            call("a", &d("09:00"), true),
            call("b", &d("10:00"), true),
            call("c", &d("11:00"), true),
            call("d", &d("14:05"), true),
        ];
        let flag = run(&records)[3][0].clone();
        assert_eq!(flag.code, FlagCode::TooManyCalls);
        assert!(
            flag.reason_zh.contains("2025-03-14 14:05") && flag.reason_zh.contains("第 4 次"),
            "{}",
            flag.reason_zh
        );
        assert_eq!(flag.basis_kind, BasisKind::Standard);
    }

    #[test]
    fn too_many_attempts_sums_attempts_past_six() {
        let d = |t: &str| format!("2025-03-14T{t}:00+08:00");
        let cases: Vec<(&str, Vec<ContactRecord>, Vec<&str>)> = vec![
            (
                "5 + 1 = 6",
                vec![missed("a", &d("09:00"), 5), missed("b", &d("10:00"), 1)],
                vec![],
            ),
            (
                "5 + 1 + 1 = 7",
                vec![
                    missed("a", &d("09:00"), 5),
                    missed("b", &d("10:00"), 1),
                    missed("c", &d("11:00"), 1),
                ],
                vec!["c"],
            ),
            (
                "5 + 2 = 7",
                vec![missed("a", &d("09:00"), 5), missed("b", &d("10:00"), 2)],
                vec!["b"],
            ),
            (
                "later ones that day too, unsorted",
                vec![
                    missed("c", &d("11:00"), 1),
                    missed("a", &d("09:00"), 5),
                    missed("b", &d("10:00"), 2),
                ],
                vec!["c", "b"],
            ),
            (
                "one record of 7",
                vec![missed("a", &d("09:00"), 7)],
                vec!["a"],
            ),
            (
                "six single misses",
                (1..=6)
                    .map(|h| missed(&format!("m{h}"), &d(&format!("{:02}:00", h + 8)), 1))
                    .collect(),
                vec![],
            ),
            (
                "seven single misses",
                (1..=7)
                    .map(|h| missed(&format!("m{h}"), &d(&format!("{:02}:00", h + 8)), 1))
                    .collect(),
                vec!["m7"],
            ),
            (
                "answered and unknown calls do not count",
                vec![
                    missed("a", &d("09:00"), 5),
                    call("b", &d("10:00"), true),
                    rec("u", &d("10:30"), Channel::Call),
                    missed("c", &d("11:00"), 1),
                ],
                vec![],
            ),
            (
                "outbound misses do not count",
                vec![
                    missed("a", &d("09:00"), 5),
                    ContactRecord {
                        direction: Direction::Out,
                        ..missed("o", &d("10:00"), 3)
                    },
                    missed("c", &d("11:00"), 1),
                ],
                vec![],
            ),
            (
                "attempts 0 is read as 1",
                vec![missed("a", &d("09:00"), 6), missed("b", &d("10:00"), 0)],
                vec!["b"],
            ),
        ];
        for (name, records, want) in cases {
            assert_eq!(flagged(&records, FlagCode::TooManyAttempts), want, "{name}");
        }
        let records = [missed("a", &d("09:00"), 5), missed("b", &d("14:05"), 2)];
        let flag = run(&records)[1][0].clone();
        assert!(
            flag.reason_zh.contains("2 次未接通") && flag.reason_zh.contains("累计达到 7 次"),
            "{}",
            flag.reason_zh
        );
        assert!(flag.basis.contains("中国银行业协会"));
    }

    #[test]
    fn days_are_counted_in_local_time() {
        // Three answered calls before midnight and one after: two days, no flag.
        let midnight = [
            call("a", "2025-03-14T10:00:00+08:00", true),
            call("b", "2025-03-14T12:00:00+08:00", true),
            call("c", "2025-03-14T23:59:59+08:00", true),
            call("d", "2025-03-15T00:00:00+08:00", true),
        ];
        assert!(flagged(&midnight, FlagCode::TooManyCalls).is_empty());
        assert_eq!(flagged(&midnight, FlagCode::QuietHours), ["c", "d"]);
        // Missed calls: 4 before midnight, 3 after.
        let misses = [
            missed("a", "2025-03-14T23:30:00+08:00", 4),
            missed("b", "2025-03-15T00:30:00+08:00", 3),
        ];
        assert!(flagged(&misses, FlagCode::TooManyAttempts).is_empty());
        // 07:30+08:00 is still the previous day in UTC; the local day holds all four.
        let local_day = [
            call("a", "2025-03-15T07:30:00+08:00", true),
            call("b", "2025-03-15T09:00:00+08:00", true),
            call("c", "2025-03-15T10:00:00+08:00", true),
            call("d", "2025-03-15T11:00:00+08:00", true),
        ];
        assert_eq!(flagged(&local_day, FlagCode::TooManyCalls), ["d"]);
    }

    // ----- third party ------------------------------------------------------------------------

    #[test]
    fn third_party_hit_and_near_misses() {
        let base = || rec("t", "2025-03-14T10:00:00+08:00", Channel::Call);
        let cases = [
            (
                "family",
                ContactRecord {
                    third_party: Some(ThirdParty::Family),
                    ..base()
                },
                Some(("家人", "你的家人")),
            ),
            (
                "contacts",
                ContactRecord {
                    third_party: Some(ThirdParty::Contacts),
                    ..base()
                },
                Some(("通讯录联系人", "你通讯录中的联系人")),
            ),
            ("not set", base(), None),
            (
                "outbound",
                ContactRecord {
                    third_party: Some(ThirdParty::Employer),
                    direction: Direction::Out,
                    ..base()
                },
                None,
            ),
        ];
        for (name, record, want) in cases {
            let flags = &run(&[record])[0];
            let got = find(flags, FlagCode::ThirdParty);
            assert_eq!(
                got.and_then(|f| f.matched.as_deref()),
                want.map(|w| w.0),
                "{name}"
            );
            if let (Some(flag), Some((_, reason))) = (got, want) {
                assert_eq!(flag.basis_kind, BasisKind::Law);
                assert!(flag.basis.contains("个人信息保护法") && flag.reason_zh.contains(reason));
            }
        }
    }

    // ----- impersonation ----------------------------------------------------------------------

    #[test]
    fn impersonation_by_claimed_role_and_by_106_sms() {
        let role = |r: ClaimedRole| ContactRecord {
            claimed_role: Some(r),
            ..rec("r", "2025-03-14T10:00:00+08:00", Channel::Call)
        };
        let cases: Vec<(&str, ContactRecord, Option<&str>)> = vec![
            ("claims court", role(ClaimedRole::Court), Some("法院")),
            ("claims police", role(ClaimedRole::Police), Some("公安")),
            (
                "claims government",
                role(ClaimedRole::Government),
                Some("政府机关"),
            ),
            ("claims lawyer", role(ClaimedRole::Lawyer), None),
            ("claims mediator", role(ClaimedRole::Mediator), None),
            ("claims collector", role(ClaimedRole::Collector), None),
            (
                "106 court SMS with short link",
                sms(
                    "10690123456",
                    "【某某区法院】您的借款纠纷案已受理，详情点击 t.cn/A6xYz9 查看。",
                ),
                Some("t.cn/A6xYz9"),
            ),
            (
                "+86 106 mediation SMS asking for a transfer",
                sms(
                    "+86 1069 0123 456",
                    "某某调解中心：请于今日 18 点前转账至指定还款账户，逾期移送。",
                ),
                Some("转账"),
            ),
            (
                "106 mediation SMS with www link",
                sms(
                    "106550001111",
                    "调解委员会通知：请登录 www.tj-center.top 确认调解方案",
                ),
                Some("www.tj-center.top"),
            ),
            (
                "106 court SMS without link or payment",
                sms("10690123456", "某某区法院提醒：请注意查收诉讼材料。"),
                None,
            ),
            (
                "106 court SMS linking to a gov.cn court platform",
                sms(
                    "10690123456",
                    "某某区法院：您有一份文书待查收，https://sd.court.gov.cn/abc",
                ),
                None,
            ),
            (
                "106 SMS with link but no court claim",
                sms("10690123456", "您的账单已出，详情 t.cn/A6xYz9"),
                None,
            ),
            (
                "court SMS with link from an ordinary number",
                sms("13800138000", "某某区法院：您已被起诉，详情 t.cn/A6xYz9"),
                None,
            ),
            (
                "106 number but WeChat, not SMS",
                ContactRecord {
                    channel: Channel::Wechat,
                    ..sms("10690123456", "某某区法院：您已被起诉，详情 t.cn/A6xYz9")
                },
                None,
            ),
            (
                "outbound to a 106 number",
                ContactRecord {
                    direction: Direction::Out,
                    ..sms("10690123456", "某某区法院：您已被起诉，详情 t.cn/A6xYz9")
                },
                None,
            ),
        ];
        for (name, record, want) in cases {
            let flags = &run(&[record])[0];
            let got = find(flags, FlagCode::Impersonation);
            assert_eq!(got.is_some(), want.is_some(), "{name}: {flags:?}");
            if let (Some(flag), Some(want)) = (got, want) {
                let matched = flag.matched.as_deref().unwrap_or_default();
                assert!(matched.contains(want), "{name}: {matched}");
                assert_eq!(flag.basis_kind, BasisKind::Law);
                assert!(flag.basis.contains("第279条"));
            }
        }
        let flag = run(&[sms("10690123456", "【某某区法院】详情点击 t.cn/A6xYz9")])[0][0].clone();
        assert!(
            flag.reason_zh.contains("106 号段") && flag.reason_zh.contains("第90条"),
            "{}",
            flag.reason_zh
        );
    }

    #[test]
    fn links_are_found_and_numbers_are_not() {
        let cases = [
            ("点击t.cn/A6xYz9查看", Some("t.cn/A6xYz9")),
            ("访问 abc.top 查询", Some("abc.top")),
            ("http://1.2.3.4/pay", Some("http://1.2.3.4/pay")),
            ("ｔ．ｃｎ／ａｂｃ", Some("t.cn/abc")),
            ("court.gov.cn.evil.top/x", Some("court.gov.cn.evil.top/x")),
            ("详见www.example.com。", Some("www.example.com")),
            ("欠款 3.5 元", None),
            ("No.1 号文件", None),
            ("邮箱 kefu@qq.com", None),
            ("https://zxgk.court.gov.cn/", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_link(text).as_deref(), want, "{text}");
        }
        for (number, want) in [
            ("1069 0123 456", true),
            ("+86-10690123456", true),
            ("008610690123456", true),
            ("95188", false),
            ("13800138000", false),
            ("８６１０６９", false),
        ] {
            assert_eq!(is_106_number(number), want, "{number}");
        }
    }

    // ----- phrases ----------------------------------------------------------------------------

    #[test]
    fn phrase_codes_hit_and_near_miss() {
        use FlagCode::*;
        let cases: Vec<(FlagCode, &str, Option<&str>)> = vec![
            (Threat, "再不还钱明天就上门找你", Some("上门")),
            (Threat, "快递员说明天上门服务", None),
            (
                Threat,
                "上门维修的师傅打错电话了。我们会上门催收",
                Some("上门"),
            ),
            (Threat, "再不还就 爆 通讯录", Some("爆通讯录")),
            (Threat, "我们会通知你单位和你家人", Some("通知你单位")),
            (Threat, "我已经向公安报案了", None),
            (Threat, "你这个老赖", Some("老赖")),
            (Threat, "收到一条垃圾短信", None),
            (Threat, "你就是个垃圾", Some("垃圾")),
            (Threat, "我们会依法向法院起诉", None),
            (
                UnofficialPayment,
                "需先缴纳手续费 200 元才能结清",
                Some("手续费"),
            ),
            (UnofficialPayment, "本次还款无任何手续费", None),
            (
                UnofficialPayment,
                "不收手续费，但要先交“保证金”",
                Some("保证金"),
            ),
            (UnofficialPayment, "扫码还款马上处理", Some("扫码")),
            (UnofficialPayment, "请登录 App 个人账户中心查看账单", None),
            (UnofficialPayment, "请通过 App 官方渠道还款", None),
            (
                RecordErasureScam,
                "我们有内部渠道可以撤销记录",
                Some("内部渠道"),
            ),
            (RecordErasureScam, "银行提醒：谨防“征信修复”骗局", None),
            (
                RecordErasureScam,
                "交 3000 元帮你做征信修复",
                Some("征信修复"),
            ),
            (RecordErasureScam, "逾期记录会在征信保留 5 年", None),
            (
                NewBorrowing,
                "你可以去别的平台借点钱先还上",
                Some("去别的平台借"),
            ),
            (NewBorrowing, "你在别的平台也有逾期", None),
            (NewBorrowing, "借新还旧也行", Some("借新还旧")),
            (NewBorrowing, "你借钱还不还？", None),
        ];
        for (code, text, want) in cases {
            let flags = &run(&[said("p", text)])[0];
            let got = find(flags, code);
            assert_eq!(
                got.and_then(|f| f.matched.as_deref()),
                want,
                "{code}: {text}"
            );
            if let Some(flag) = got {
                assert_eq!(flag.basis_kind, code.basis_kind());
                assert!(flag.reason_zh.contains(want.unwrap()), "{}", flag.reason_zh);
            }
        }
    }

    #[test]
    fn insults_and_threats_have_different_reasons() {
        let insult = run(&[said("i", "老赖")])[0][0].clone();
        let threat = run(&[said("t", "明天上门")])[0][0].clone();
        assert!(insult.reason_zh.contains("侮辱"), "{}", insult.reason_zh);
        assert!(threat.reason_zh.contains("威胁"), "{}", threat.reason_zh);
        assert_eq!(
            (insult.code, threat.code),
            (FlagCode::Threat, FlagCode::Threat)
        );
    }

    #[test]
    fn one_flag_per_code_with_the_earliest_phrase() {
        let r = ContactRecord {
            summary: Some("对方说要通知单位，还说会拘留".to_owned()),
            quotes: vec!["明天上门".to_owned(), "交保证金，再交手续费".to_owned()],
            ..said("x", "")
        };
        let flags = &run(&[r])[0];
        let codes: Vec<FlagCode> = flags.iter().map(|f| f.code).collect();
        assert_eq!(codes, [FlagCode::Threat, FlagCode::UnofficialPayment]);
        assert_eq!(flags[0].matched.as_deref(), Some("通知单位"));
        assert_eq!(flags[1].matched.as_deref(), Some("保证金"));
    }

    #[test]
    fn outbound_contacts_never_flag() {
        let r = ContactRecord {
            direction: Direction::Out,
            number: Some("10690123456".to_owned()),
            claimed_role: Some(ClaimedRole::Court),
            third_party: Some(ThirdParty::Family),
            summary: Some("法院 上门 保证金 征信修复 借新还旧 t.cn/abc".to_owned()),
            ..sms("10690123456", "转账")
        };
        let mut records = vec![ContactRecord {
            at: at("2025-03-14T23:30:00+08:00"),
            ..r
        }];
        for h in 10..18 {
            let when = format!("2025-03-14T{h}:00:00+08:00");
            let out = |c: ContactRecord| ContactRecord {
                direction: Direction::Out,
                ..c
            };
            records.push(out(call(&format!("a{h}"), &when, true)));
            records.push(out(missed(&format!("m{h}"), &when, 3)));
        }
        assert!(run(&records).iter().all(Vec::is_empty));
    }

    // ----- summary ----------------------------------------------------------------------------

    #[test]
    fn summarize_counts_orders_and_picks_channels() {
        let records = [
            ContactRecord {
                quotes: vec!["先交保证金".to_owned()],
                evidence_ids: vec!["e-late".to_owned()],
                ..rec("late", "2025-03-15T23:00:00+08:00", Channel::Sms)
            },
            ContactRecord {
                third_party: Some(ThirdParty::Family),
                evidence_ids: vec!["e-1".to_owned(), "e-2".to_owned()],
                ..rec("early", "2025-03-14T10:00:00+08:00", Channel::Call)
            },
            ContactRecord {
                direction: Direction::Out,
                ..rec("mine", "2025-03-16T23:00:00+08:00", Channel::Call)
            },
        ];
        let flags = run(&records);
        let s = summarize(&records, &flags);
        assert_eq!(s.total, 3);
        let counts: Vec<(FlagCode, usize)> = s.counts.iter().map(|c| (c.code, c.count)).collect();
        assert_eq!(
            counts,
            [
                (FlagCode::QuietHours, 1),
                (FlagCode::ThirdParty, 1),
                (FlagCode::UnofficialPayment, 1)
            ]
        );
        assert_eq!(s.counts[0].label_zh, "禁止时段联系");
        let items: Vec<(&str, &str, FlagCode)> = s
            .items
            .iter()
            .map(|i| (i.contact_id.as_str(), i.at.as_str(), i.code))
            .collect();
        assert_eq!(
            items,
            [
                ("early", "2025-03-14T10:00:00+08:00", FlagCode::ThirdParty),
                ("late", "2025-03-15T23:00:00+08:00", FlagCode::QuietHours),
                (
                    "late",
                    "2025-03-15T23:00:00+08:00",
                    FlagCode::UnofficialPayment
                ),
            ]
        );
        assert_eq!(s.items[0].evidence_ids, ["e-1", "e-2"]);
        let channels: Vec<(&str, Vec<FlagCode>)> = s
            .channels
            .iter()
            .map(|c| (c.number.as_str(), c.codes.clone()))
            .collect();
        assert_eq!(
            channels,
            [
                (
                    "12378",
                    vec![
                        FlagCode::QuietHours,
                        FlagCode::ThirdParty,
                        FlagCode::UnofficialPayment
                    ]
                ),
                ("12321", vec![FlagCode::QuietHours, FlagCode::ThirdParty]),
                ("110", vec![FlagCode::UnofficialPayment]),
            ]
        );
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["items"][0]["basis_kind"], "law");
        assert_eq!(v["channels"][0]["codes"][0], "quiet_hours");
    }

    #[test]
    fn complaint_channels_follow_the_codes_present() {
        use FlagCode::*;
        let cases: Vec<(Vec<FlagCode>, Vec<&str>)> = vec![
            (vec![], vec![]),
            (vec![QuietHours], vec!["12378", "12321"]),
            (vec![TooManyAttempts, Threat], vec!["12378", "12321", "110"]),
            (vec![RecordErasureScam], vec!["12378", "12363", "110"]),
            (vec![Impersonation], vec!["12378", "12368", "110"]),
            (vec![NewBorrowing], vec!["12378"]),
        ];
        for (codes, want) in cases {
            let records: Vec<ContactRecord> = codes
                .iter()
                .enumerate()
                .map(|(i, _)| rec(&format!("r{i}"), "2025-03-14T10:00:00+08:00", Channel::Call))
                .collect();
            let flags: Vec<Vec<Flag>> = codes
                .iter()
                .map(|&c| vec![Flag::new(c, "理由".to_owned(), "reason".to_owned(), None)])
                .collect();
            let s = summarize(&records, &flags);
            let got: Vec<&str> = s.channels.iter().map(|c| c.number.as_str()).collect();
            assert_eq!(got, want, "{codes:?}");
            assert_eq!(s.total, codes.len());
        }
    }

    // ----- phrase book ------------------------------------------------------------------------

    fn minimal_book() -> serde_json::Value {
        json!({
            "version": 1,
            "groups": [
                { "code": "threat", "phrases": ["上门", { "text": "垃圾", "insult": true, "exclude": ["垃圾短信"] }] },
                { "code": "unofficial_payment", "phrases": ["保证金"] },
                { "code": "record_erasure_scam", "phrases": ["征信修复"] },
                { "code": "new_borrowing", "phrases": ["借新还旧"] }
            ],
            "sms_106": { "authority": ["法院"], "payment": ["转账"] }
        })
    }

    #[test]
    fn phrase_book_validation() {
        type Edit = fn(&mut serde_json::Value);
        type Want = fn(&PhraseError) -> bool;
        let cases: Vec<(&str, Edit, Want)> = vec![
            (
                "version",
                |b| b["version"] = json!(2),
                |e| {
                    matches!(
                        e,
                        PhraseError::UnsupportedVersion {
                            found: 2,
                            supported: 1
                        }
                    )
                },
            ),
            (
                "no groups",
                |b| b["groups"] = json!([]),
                |e| matches!(e, PhraseError::EmptyList(l) if l == "groups"),
            ),
            (
                "empty phrase list",
                |b| b["groups"][1]["phrases"] = json!([]),
                |e| matches!(e, PhraseError::EmptyList(l) if l.contains("unofficial_payment")),
            ),
            (
                "unknown code",
                |b| b["groups"][0]["code"] = json!("threats"),
                |e| {
                    matches!(e, PhraseError::UnknownCode { code } if code == "threats")
                        && e.to_string().contains(
                            "threat, unofficial_payment, record_erasure_scam, new_borrowing",
                        )
                },
            ),
            (
                "fact code",
                |b| b["groups"][0]["code"] = json!("quiet_hours"),
                |e| matches!(e, PhraseError::NotPhraseCode(FlagCode::QuietHours)),
            ),
            (
                "duplicate",
                |b| b["groups"][1]["code"] = json!("threat"),
                |e| matches!(e, PhraseError::DuplicateCode(FlagCode::Threat)),
            ),
            (
                "missing",
                |b| {
                    b["groups"].as_array_mut().unwrap().pop();
                },
                |e| matches!(e, PhraseError::MissingCode(FlagCode::NewBorrowing)),
            ),
            (
                "blank phrase",
                |b| b["groups"][2]["phrases"] = json!([" “” "]),
                |e| matches!(e, PhraseError::EmptyPhrase { .. }),
            ),
            (
                "bad exclusion",
                |b| b["groups"][0]["phrases"][1]["exclude"] = json!(["短信"]),
                |e| {
                    matches!(
                        e,
                        PhraseError::ExclusionWithoutPhrase {
                            code: FlagCode::Threat,
                            ..
                        }
                    )
                },
            ),
            (
                "empty sms list",
                |b| b["sms_106"]["authority"] = json!([]),
                |e| matches!(e, PhraseError::EmptyList(l) if l == "sms_106.authority"),
            ),
            (
                "blank sms word",
                |b| b["sms_106"]["payment"] = json!([""]),
                |e| matches!(e, PhraseError::EmptyPhrase { list } if list == "sms_106.payment"),
            ),
            (
                "misspelt field",
                |b| b["groups"][0]["phrases"][1]["exclued"] = json!([]),
                |e| matches!(e, PhraseError::Json(_)),
            ),
            (
                "no sms section",
                |b| {
                    b.as_object_mut().unwrap().remove("sms_106");
                },
                |e| matches!(e, PhraseError::Json(_)),
            ),
        ];
        assert!(PhraseBook::from_json(&minimal_book().to_string()).is_ok());
        for (name, edit, want) in cases {
            let mut book = minimal_book();
            edit(&mut book);
            let err = PhraseBook::from_json(&book.to_string()).expect_err(name);
            assert!(want(&err), "{name}: {err}");
        }
        assert!(matches!(
            PhraseBook::from_json("{"),
            Err(PhraseError::Json(_))
        ));
    }

    #[test]
    fn custom_phrase_book_drives_check() {
        let book = PhraseBook::from_json(&minimal_book().to_string()).unwrap();
        assert_eq!(book.version(), 1);
        assert_eq!(book.first_match(FlagCode::Threat, "垃圾短信又来了"), None);
        assert_eq!(
            book.first_match(FlagCode::Threat, "你 是 垃 圾"),
            Some("垃圾")
        );
        // 通讯录 is in the built-in book only.
        let r = said("c", "爆你通讯录");
        assert!(check(std::slice::from_ref(&r), &book)[0].is_empty());
        assert!(find(&run(&[r])[0], FlagCode::Threat).is_some());
    }

    #[test]
    fn builtin_book_phrases_find_themselves_and_exclusions_do_not() {
        let raw: serde_json::Value = serde_json::from_str(BUILTIN_PHRASES).unwrap();
        let book = PhraseBook::builtin();
        for group in raw["groups"].as_array().unwrap() {
            let code: FlagCode = group["code"].as_str().unwrap().parse().unwrap();
            for phrase in group["phrases"].as_array().unwrap() {
                let text = phrase.as_str().or(phrase["text"].as_str()).unwrap();
                assert_eq!(book.first_match(code, text), Some(text), "{code}: {text}");
                for exclusion in phrase["exclude"].as_array().into_iter().flatten() {
                    let exclusion = exclusion.as_str().unwrap();
                    assert_ne!(book.first_match(code, exclusion), Some(text), "{exclusion}");
                }
            }
        }
        assert!(book.phrases(FlagCode::Threat).contains(&"上门"));
        assert!(book.phrases(FlagCode::QuietHours).is_empty());
    }
}
