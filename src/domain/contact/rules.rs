//! The checks that turn contact records into flags: quiet hours, daily call counts, third
//! parties, impersonation (claimed roles and 106-number SMS) and red-flag phrases. Only
//! contacts that came *in* are checked, and never those from the case's own court, judge,
//! mediation body or mediator (they are not collection). Each flag cites the rules in force on
//! the contact's local day ([`FlagCode::sources`]); no flag is raised for a day no confirmed rule
//! covered.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};

use super::phrases::{
    Phrase, PhraseBook, first_phrase, first_phrase_at, fold_width, normalize, quote_for,
};
use super::{
    Channel, CheckContext, ClaimedRole, ContactRecord, Direction, Flag, FlagCode, ThirdParty,
};
use crate::domain::debt::{Party, PartyRole};
use crate::domain::rate::LenderType;

/// Connected calls a day allowed by one lender and its agencies together (GB/T 45251).
pub const MAX_ANSWERED_CALLS_PER_DAY: u32 = 3;
/// Unanswered call attempts a day allowed to the same number (banking association, 2026).
pub const MAX_UNANSWERED_ATTEMPTS_PER_DAY: u32 = 6;

/// The flags for each record, in the order given. Only inbound contacts are flagged, and not
/// those from the case's court or mediation body (matched by phone number or name against
/// `ctx.parties`). The per-day counts look at every such inbound call in `records` (one case:
/// one lender and the agencies it hired), whatever their order, and count days in each
/// record's own offset: connected calls per day together, unanswered attempts per day and
/// calling number.
pub fn check(
    records: &[ContactRecord],
    phrases: &PhraseBook,
    ctx: &CheckContext,
) -> Vec<Vec<Flag>> {
    let roles: Vec<Option<PartyRole>> = records
        .iter()
        .map(|r| party_role(r, &ctx.parties))
        .collect();
    let daily = daily_flags(records, &roles, ctx);
    records
        .iter()
        .zip(daily)
        .zip(&roles)
        .map(|((record, (calls, attempts)), role)| {
            if record.direction != Direction::In || role.is_some_and(is_official) {
                return Vec::new();
            }
            let on = record.at.date_naive();
            let pieces: Vec<String> = record.texts().map(normalize).collect();
            let mut flags = Vec::new();
            flags.extend(quiet_hours(record));
            flags.extend(calls);
            flags.extend(attempts);
            flags.extend(third_party(record));
            flags.extend(impersonation(record, *role, &pieces, phrases));
            for code in FlagCode::PHRASE_CODES {
                if let Some((phrase, i)) = first_phrase_at(phrases.group(code), &pieces) {
                    let quote = quote_of(record, i, phrase);
                    flags.extend(
                        phrase_flag(code, phrase, on, ctx.illegal_debt)
                            .map(|f| f.with_quote(Some(quote))),
                    );
                }
            }
            flags
        })
        .collect()
}

/// Piece `i` of the record's texts (summary first, then quotes), quoted around `phrase`: a
/// short quote whole, else the sentence.
fn quote_of(record: &ContactRecord, i: usize, phrase: &Phrase) -> String {
    let is_summary = record.summary.is_some() && i == 0;
    let text = record.texts().nth(i).unwrap_or_default();
    quote_for(phrase, text, !is_summary)
}

/// Courts, judges, mediation bodies and mediators of the case act for the court, not for the
/// creditor: what they do is not collection.
pub(super) fn is_official(role: PartyRole) -> bool {
    matches!(
        role,
        PartyRole::Court
            | PartyRole::Judge
            | PartyRole::MediationOrganisation
            | PartyRole::Mediator
    )
}

/// Which of the case's parties the contact came from: the first whose phone number matches the
/// record's (digits compared, +86 / 0086 dropped), or whose name equals the record's
/// organisation or person (spaces and ASCII case ignored).
pub(super) fn party_role(record: &ContactRecord, parties: &[Party]) -> Option<PartyRole> {
    let number = record.number.as_deref().and_then(number_key);
    let names: Vec<String> = [record.organisation.as_deref(), record.person.as_deref()]
        .into_iter()
        .flatten()
        .map(name_key)
        .filter(|n| !n.is_empty())
        .collect();
    parties
        .iter()
        .find(|party| {
            let by_number = number.as_ref().is_some_and(|n| {
                party
                    .phones
                    .iter()
                    .filter_map(|p| number_key(p))
                    .any(|p| &p == n)
            });
            let name = name_key(&party.name);
            by_number || (!name.is_empty() && names.contains(&name))
        })
        .map(|party| party.role)
}

/// A phone number's digits, without a +86 / 0086 country prefix; `None` when fewer than 3.
pub(super) fn number_key(number: &str) -> Option<String> {
    let digits: String = number
        .chars()
        .map(fold_width)
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let national = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    let national: String = national.chars().filter(char::is_ascii_digit).collect();
    (national.len() >= 3).then_some(national)
}

fn name_key(name: &str) -> String {
    name.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn day_and_time(at: &DateTime<FixedOffset>) -> (String, String) {
    (
        at.format("%Y-%m-%d").to_string(),
        at.format("%H:%M").to_string(),
    )
}

/// Whether the record falls in the 22:00–08:00 quiet hours of its own local time. A letter
/// never does: its time is when the post arrived, not a time the collector chose.
pub(super) fn in_quiet_hours(record: &ContactRecord) -> bool {
    record.channel != Channel::Letter && !(8..22).contains(&record.at.hour())
}

fn quiet_hours(record: &ContactRecord) -> Option<Flag> {
    if !in_quiet_hours(record) {
        return None;
    }
    let (day, time) = day_and_time(&record.at);
    let (what_zh, what_en) = contact_words(record.channel);
    Flag::new(
        FlagCode::QuietHours,
        FlagCode::QuietHours.sources(record.at.date_naive(), false),
        format!(
            "{day} {time} {what_zh}，处于 22:00–08:00 的禁止时段；除非你事先同意，催收方不应在这段时间联系你。"
        ),
        format!(
            "{what_en} at {time} on {day}, inside the 22:00–08:00 no-contact window; collectors should not contact you then unless you agreed."
        ),
        Some(time),
    )
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

/// Whether the banking association's guide (unanswered attempts) is cited for this lender:
/// not for microloan companies or private lenders, which are not its members.
pub(super) fn attempts_rule_applies(lender: Option<LenderType>) -> bool {
    !matches!(
        lender,
        Some(LenderType::Microloan | LenderType::PrivateLender)
    )
}

/// For each record: the too-many-calls flag and the too-many-attempts flag, if any.
fn daily_flags(
    records: &[ContactRecord],
    roles: &[Option<PartyRole>],
    ctx: &CheckContext,
) -> Vec<(Option<Flag>, Option<Flag>)> {
    let mut out: Vec<(Option<Flag>, Option<Flag>)> = vec![(None, None); records.len()];
    let mut calls: Vec<usize> = records
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            r.direction == Direction::In
                && r.channel == Channel::Call
                && !roles[*i].is_some_and(is_official)
        })
        .map(|(i, _)| i)
        .collect();
    calls.sort_by_key(|&i| (records[i].at, i));

    let mut answered: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    // Unanswered attempts per day and calling number; a record without a number counts alone.
    let mut missed: BTreeMap<(NaiveDate, String), u32> = BTreeMap::new();
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
                    out[i].0 = Flag::new(
                        FlagCode::TooManyCalls,
                        FlagCode::TooManyCalls.sources(date, false),
                        format!(
                            "{day} {time} 的来电是当天第 {n} 次接通的催收电话；标准要求同一贷款机构及其委托的催收机构合计每天有效通话不超过 {MAX_ANSWERED_CALLS_PER_DAY} 次。"
                        ),
                        format!(
                            "The call at {time} on {day} is answered call no. {n} that day; the standard allows at most {MAX_ANSWERED_CALLS_PER_DAY} connected calls a day by one lender and the agencies it hired together."
                        ),
                        Some(format!("{day} 第 {n} 次接通")),
                    );
                }
            }
            Some(false) => {
                if !attempts_rule_applies(ctx.lender_type) {
                    continue;
                }
                let number = record.number.as_deref().and_then(number_key);
                let key = number
                    .clone()
                    .unwrap_or_else(|| format!("record {}", record.id));
                let total = missed.entry((date, key)).or_default();
                *total = total.saturating_add(record.attempt_count());
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
                    let shown = record.number.as_deref().unwrap_or_default();
                    let (from_zh, from_en) = match &number {
                        Some(_) => (format!("号码 {shown} "), format!("number {shown}")),
                        None => ("这一号码".to_owned(), "this number".to_owned()),
                    };
                    out[i].1 = Flag::new(
                        FlagCode::TooManyAttempts,
                        FlagCode::TooManyAttempts.sources(date, false),
                        format!(
                            "{day} {time}{these_zh}使{from_zh}当天未接通的呼叫累计达到 {after} 次，超过同一号码每天 {MAX_UNANSWERED_ATTEMPTS_PER_DAY} 次的上限。"
                        ),
                        format!(
                            "{these_en} at {time} on {day} bring the day's unanswered attempts from {from_en} to {after}, above the limit of {MAX_UNANSWERED_ATTEMPTS_PER_DAY} a day to the same number."
                        ),
                        Some(format!("{day} 累计 {after} 次未接通")),
                    );
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
    Flag::new(
        FlagCode::ThirdParty,
        FlagCode::ThirdParty.sources(record.at.date_naive(), false),
        format!(
            "催收方联系了{zh}。催收只应针对借款人本人；通讯录里的人从未同意被用于催收，即使联系不上你，也不得向他们透露债务或借他们施压。"
        ),
        format!(
            "The collector contacted {en}. Collection is a matter for the borrower alone; people in your address book never agreed to be used, and even when you cannot be reached they must not be told about the debt or used to put pressure on you."
        ),
        Some(who.label_zh().to_owned()),
    )
}

/// A claim to be a court, the police or a government body by anyone not known to be the
/// case's lender, court or mediation body (a collector or unknown), or a claim to be a mediator
/// by a known collector; or a 106-number SMS in a court's or mediation body's name with a link
/// or a payment request. Always worded “待核实”: the user is asked to check, not told it is a
/// crime.
fn impersonation(
    record: &ContactRecord,
    role: Option<PartyRole>,
    pieces: &[String],
    book: &PhraseBook,
) -> Option<Flag> {
    let on = record.at.date_naive();
    let first_quote = record
        .quotes
        .first()
        .map(|q| q.trim().to_owned())
        .filter(|q| !q.is_empty());
    if role == Some(PartyRole::Lender) {
        return None;
    }
    if let Some(claimed) = record.claimed_role {
        let official = matches!(
            claimed,
            ClaimedRole::Court | ClaimedRole::Police | ClaimedRole::Government
        );
        let mediator_by_collector =
            claimed == ClaimedRole::Mediator && role == Some(PartyRole::CollectionAgency);
        if official || mediator_by_collector {
            let (by_zh, by_en) = if role == Some(PartyRole::CollectionAgency) {
                ("本案的催收方", "The case's collection agency")
            } else {
                (
                    "身份不明的对方",
                    "A caller not known to be the case's court, mediation body or lender",
                )
            };
            return Flag::new(
                FlagCode::Impersonation,
                FlagCode::Impersonation.sources(on, false),
                format!(
                    "待核实：{by_zh}自称{}。催收方不得冒用法院、公安、政府机关或调解组织的名义；请拨打 12368（法院）或 110 核实对方身份和所称案件。若核实是本案的法院或调解组织，请把它连同电话号码添加为案件当事人，此提示即不再出现。",
                    claimed.label_zh()
                ),
                format!(
                    "To be verified: {by_en} claimed to be the {}. Collectors must not use the name of a court, the police, a government body or a mediation body; check who they are and any case they mention with 12368 (courts) or 110. If it is the case's own court or mediation body, add it with its phone number as a party of the case and this notice goes away.",
                    claimed.label_en()
                ),
                Some(claimed.label_zh().to_owned()),
            )
            .map(|f| f.with_quote(first_quote));
        }
    }
    if record.channel != Channel::Sms {
        return None;
    }
    let number = record.number.as_deref().filter(|n| is_106_number(n))?;
    let (authority, i) = first_phrase_at(&book.sms_authority, pieces)?;
    let link = record.texts().find_map(find_link);
    let (demand_zh, demand_en) = match (&link, first_phrase(&book.sms_payment, pieces)) {
        (Some(link), _) => (format!("附有链接 {link}"), format!("a link ({link})")),
        (None, Some(payment)) => (
            format!("要求付款（「{}」）", payment.text),
            format!("a payment request (“{}”)", payment.text),
        ),
        (None, None) => return None,
    };
    let quote = quote_of(record, i, authority);
    let authority = &authority.text;
    Flag::new(
        FlagCode::Impersonation,
        FlagCode::Impersonation.sources(on, false),
        format!(
            "待核实：来自 106 号段 {number} 的短信自称「{authority}」，并{demand_zh}。106 号段只说明使用了企业短信通道，不能证明发送者是谁；法院按法定方式送达文书，电子送达须经本人同意（《民事诉讼法》第90条）。不要点链接或付款，请拨打 12368 核实。"
        ),
        format!(
            "To be verified: an SMS from the 106 number {number} claims to come from “{authority}” and carries {demand_en}. A 106 number only shows that an enterprise SMS channel was used, not who sent it; courts serve documents by statutory methods and electronic service needs your consent (Civil Procedure Law art. 90). Do not click or pay; check with 12368."
        ),
        Some(format!("{number} · {authority} · {demand_zh}")),
    )
    .map(|f| f.with_quote(Some(quote)))
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

fn phrase_flag(code: FlagCode, phrase: &Phrase, on: NaiveDate, illegal_debt: bool) -> Option<Flag> {
    let p = &phrase.text;
    let (zh, en) = match code {
        FlagCode::Threat if phrase.insult => (
            format!("出现侮辱性称呼或用语「{p}」。催收方不得辱骂、侮辱借款人。"),
            format!("Insulting words: “{p}”. Collectors must not abuse or insult the borrower."),
        ),
        FlagCode::Threat => (
            format!(
                "出现威胁性用语「{p}」。催收方不得以暴力、恐吓相威胁，不得拿你的家人、孩子及其学校、工作单位、派出所或户籍地施压，也不得夸大法律后果。"
            ),
            format!(
                "Threatening words: “{p}”. Collectors must not threaten violence, must not use your family, your children or their school, your employer, the police station or your home town to put pressure on you, and must not exaggerate legal consequences."
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
    Flag::new(
        code,
        code.sources(on, illegal_debt),
        zh,
        en,
        Some(p.clone()),
    )
}
