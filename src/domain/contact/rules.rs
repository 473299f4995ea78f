//! The checks that turn contact records into flags: quiet hours, daily call counts, third
//! parties, impersonation (claimed roles and 106-number SMS) and red-flag phrases. Only
//! contacts that came *in* are checked.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};

use super::phrases::{Phrase, PhraseBook, first_phrase, fold_width, normalize};
use super::{Channel, ClaimedRole, ContactRecord, Direction, Flag, FlagCode, ThirdParty};

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
pub(super) fn is_106_number(number: &str) -> bool {
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
pub(super) fn find_link(text: &str) -> Option<String> {
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
