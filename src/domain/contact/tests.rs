use std::str::FromStr;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::phrases::BUILTIN_PHRASES;
use super::rules::{find_link, is_106_number};
use super::*;
use crate::domain::debt::{Party, PartyRole};
use crate::domain::rate::LenderType;
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
        duration_seconds: None,
    }
}

fn call(id: &str, when: &str, answered: bool) -> ContactRecord {
    ContactRecord {
        answered: Some(answered),
        ..rec(id, when, Channel::Call)
    }
}

/// Unanswered calls from one number (13800000001).
fn missed(id: &str, when: &str, attempts: u32) -> ContactRecord {
    ContactRecord {
        attempts,
        number: Some("13800000001".to_owned()),
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

/// The day of [`said`] records.
fn flag_day() -> chrono::NaiveDate {
    at("2025-03-14T10:00:00+08:00").date_naive()
}

fn run(records: &[ContactRecord]) -> Vec<Vec<Flag>> {
    let flags = check(records, PhraseBook::builtin(), &CheckContext::default());
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
        assert!(
            !code.label_zh().is_empty()
                && !code
                    .sources(at("2026-03-01T10:00:00+08:00").date_naive(), false)
                    .is_empty()
        );
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
    assert_eq!(v["basis_kind"], "national_standard");
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
    assert_eq!(flag.basis_kind, BasisKind::NationalStandard);
}

#[test]
fn too_many_attempts_sums_attempts_past_six() {
    let d = |t: &str| format!("2026-03-14T{t}:00+08:00");
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
    assert_eq!(flag.sources, [Source::Cba2026]);
    assert_eq!(flag.basis_kind, BasisKind::IndustryStandard);
}

#[test]
fn unanswered_attempts_are_counted_per_number() {
    let d = |t: &str| format!("2026-03-14T{t}:00+08:00");
    let from = |id: &str, t: &str, n: u32, number: Option<&str>| ContactRecord {
        number: number.map(str::to_owned),
        ..missed(id, &d(t), n)
    };
    // 4 + 3 from two numbers: 7 that day, but neither number above 6.
    let two = [
        from("a", "09:00", 4, Some("13800000001")),
        from("b", "10:00", 3, Some("13900000002")),
    ];
    assert!(flagged(&two, FlagCode::TooManyAttempts).is_empty());
    // The same number written differently counts together.
    let same = [
        from("a", "09:00", 4, Some("138 0000 0001")),
        from("b", "10:00", 3, Some("+86 13800000001")),
    ];
    assert_eq!(flagged(&same, FlagCode::TooManyAttempts), ["b"]);
    let reason = &run(&same)[1][0].reason_zh;
    assert!(reason.contains("+86 13800000001"), "{reason}");
    // Without a number a record counts alone: 4 + 3 unknown numbers are not 7 from one.
    let unknown = [from("a", "09:00", 4, None), from("b", "10:00", 3, None)];
    assert!(flagged(&unknown, FlagCode::TooManyAttempts).is_empty());
    assert_eq!(
        flagged(&[from("a", "09:00", 7, None)], FlagCode::TooManyAttempts),
        ["a"]
    );
}

#[test]
fn unanswered_attempts_count_from_the_banking_guide_and_not_for_microloans() {
    let seven = |day: &str| [missed("a", &format!("{day}T09:00:00+08:00"), 7)];
    // Published 2026-01-30: the day before, no rule set a number of attempts.
    assert!(flagged(&seven("2026-01-29"), FlagCode::TooManyAttempts).is_empty());
    assert_eq!(
        flagged(&seven("2026-01-30"), FlagCode::TooManyAttempts),
        ["a"]
    );
    for (lender, flags) in [
        (None, true),
        (Some(LenderType::Bank), true),
        (Some(LenderType::ConsumerFinance), true),
        (Some(LenderType::Other), true),
        (Some(LenderType::Microloan), false),
        (Some(LenderType::PrivateLender), false),
    ] {
        let ctx = CheckContext {
            lender_type: lender,
            ..CheckContext::default()
        };
        let got = check(&seven("2026-03-02"), PhraseBook::builtin(), &ctx);
        assert_eq!(
            find(&got[0], FlagCode::TooManyAttempts).is_some(),
            flags,
            "{lender:?}"
        );
    }
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
            let on = flag_day();
            assert_eq!(flag.sources, code.sources(on, false));
            assert_eq!(flag.basis_kind, code.sources(on, false)[0].kind());
            assert!(
                flag.quote.as_deref() == Some(text),
                "{code}: {:?}",
                flag.quote
            );
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
    assert_eq!(s.counts[0].code.label_zh(), "禁止时段联系");
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
            .map(|&c| {
                vec![
                    Flag::new(
                        c,
                        vec![Source::Pact2018],
                        "理由".to_owned(),
                        "reason".to_owned(),
                        None,
                    )
                    .unwrap(),
                ]
            })
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
                    && e.to_string()
                        .contains("threat, unofficial_payment, record_erasure_scam, new_borrowing")
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
    assert!(check(std::slice::from_ref(&r), &book, &CheckContext::default())[0].is_empty());
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

// ----- issue 12: dates, parties, quotes ---------------------------------------------------

fn party(role: PartyRole, name: &str, phones: &[&str]) -> Party {
    Party {
        id: format!("p-{name}"),
        role,
        name: name.to_owned(),
        phones: phones.iter().map(|p| (*p).to_owned()).collect(),
        case_number: None,
        note: None,
    }
}

fn with_parties(records: &[ContactRecord], parties: Vec<Party>) -> Vec<Vec<Flag>> {
    let ctx = CheckContext {
        parties,
        ..CheckContext::default()
    };
    check(records, PhraseBook::builtin(), &ctx)
}

#[test]
fn quiet_hours_and_calls_cite_the_standard_in_force_that_day() {
    let late = |day: &str| rec("q", &format!("{day}T23:10:00+08:00"), Channel::Call);
    let sources = |day: &str| {
        run(&[late(day)])[0]
            .iter()
            .find(|f| f.code == FlagCode::QuietHours)
            .map(|f| f.sources.clone())
    };
    assert_eq!(sources("2025-02-27"), Some(vec![Source::Nifa2024]));
    assert_eq!(sources("2025-02-28"), Some(vec![Source::Gbt45251]));
    assert_eq!(sources("2024-06-01"), Some(vec![Source::Nifa2024]));
    // Before the NIFA guide no confirmed rule set quiet hours: no flag.
    assert_eq!(sources("2024-05-31"), None);
    let nifa = &run(&[late("2025-02-27")])[0][0];
    assert_eq!(nifa.basis_kind, BasisKind::IndustryStandard);
    assert!(nifa.basis.contains("〔行业自律规范〕"), "{}", nifa.basis);
    let gbt = &run(&[late("2025-02-28")])[0][0];
    assert_eq!(gbt.basis_kind, BasisKind::NationalStandard);
    assert!(
        gbt.basis_en.contains("[national standard"),
        "{}",
        gbt.basis_en
    );

    let four = |day: &str| -> Vec<ContactRecord> {
        (0..4)
            .map(|h| call(&format!("c{h}"), &format!("{day}T1{h}:00:00+08:00"), true))
            .collect()
    };
    let calls = |day: &str| {
        run(&four(day))[3]
            .iter()
            .find(|f| f.code == FlagCode::TooManyCalls)
            .map(|f| f.sources.clone())
    };
    assert_eq!(calls("2025-02-27"), Some(vec![Source::Nifa2024]));
    assert_eq!(calls("2025-02-28"), Some(vec![Source::Gbt45251]));
    assert_eq!(calls("2024-05-31"), None);
}

#[test]
fn threats_cite_article_42_before_2026_and_50_from_it() {
    let threat = |when: &str| ContactRecord {
        quotes: vec!["你等着，我们上门".to_owned()],
        ..rec("t", when, Channel::Call)
    };
    let sources = |when: &str, illegal_debt: bool| {
        let ctx = CheckContext {
            illegal_debt,
            ..CheckContext::default()
        };
        let flags = check(&[threat(when)], PhraseBook::builtin(), &ctx);
        find(&flags[0], FlagCode::Threat).unwrap().sources.clone()
    };
    // Local days: 23:59 on 2025-12-31 in +08:00 is still before the new law.
    assert_eq!(
        sources("2025-12-31T23:59:00+08:00", false),
        [Source::PublicSecurity42, Source::Pact2018]
    );
    assert_eq!(
        sources("2026-01-01T00:01:00+08:00", false),
        [Source::PublicSecurity50, Source::Pact2018]
    );
    // 293-1 only where the debt itself is illegal.
    assert_eq!(
        sources("2026-01-01T10:00:00+08:00", true),
        [
            Source::PublicSecurity50,
            Source::Criminal293a,
            Source::Pact2018
        ]
    );
    let flag = &run(&[threat("2026-02-01T10:00:00+08:00")])[0];
    let flag = find(flag, FlagCode::Threat).unwrap();
    assert!(
        flag.basis.contains("第50条第1款") && !flag.basis.contains("293"),
        "{}",
        flag.basis
    );
    assert_eq!(flag.basis_kind, BasisKind::Law);
    // The convention is cited without an article number.
    let pay = &run(&[said("p", "扫码还款")])[0];
    let pay = find(pay, FlagCode::UnofficialPayment).unwrap();
    assert!(!pay.basis.contains("第19条"), "{}", pay.basis);
}

#[test]
fn family_school_employer_and_police_station_threats_are_flagged_with_the_whole_sentence() {
    let cases = [
        "你女儿在阳光小学读三年级吧，我们知道",
        "明天我们去幼儿园门口等你孩子",
        "再不还我们就联系你领导",
        "我们将向派出所提交材料",
        "材料已寄到你户籍地",
    ];
    for text in cases {
        let flags = &run(&[said("t", text)])[0];
        let flag = find(flags, FlagCode::Threat).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(flag.quote.as_deref(), Some(text));
    }
    // The user's own report to the police station is not a threat.
    assert!(
        find(
            &run(&[said("u", "我已经去派出所报案了")])[0],
            FlagCode::Threat
        )
        .is_none()
    );
}

#[test]
fn quotes_keep_line_breaks_and_summaries_give_the_sentence() {
    let sms = "【提醒】张先生：\n你女儿在实验小学上学，\n今天不还后果自负。";
    let flags = &run(&[said("m", sms)])[0];
    let flag = find(flags, FlagCode::Threat).unwrap();
    assert_eq!(flag.quote.as_deref(), Some(sms));
    assert_ne!(flag.quote.as_deref(), flag.matched.as_deref());

    let r = ContactRecord {
        summary: Some("上午对方打来电话。他说要把材料交到我户籍地派出所。我挂了电话。".to_owned()),
        ..rec("s", "2026-02-03T10:00:00+08:00", Channel::Call)
    };
    let flag = find(&run(&[r])[0], FlagCode::Threat).unwrap().clone();
    assert_eq!(
        flag.quote.as_deref(),
        Some("他说要把材料交到我户籍地派出所。")
    );

    // A long quote is cut to the sentence holding the phrase, line breaks inside it kept.
    let long = format!(
        "{}。\n你等着\n瞧吧！{}",
        "您好".repeat(100),
        "再见".repeat(100)
    );
    let flags = &run(&[said("l", &long)])[0];
    assert_eq!(
        find(flags, FlagCode::Threat).unwrap().quote.as_deref(),
        Some("你等着\n瞧吧！")
    );
    // Facts are not quotes: quiet hours carry the time in `matched`, no quote.
    let late = rec("n", "2026-02-03T23:00:00+08:00", Channel::Call);
    let flag = &run(&[late])[0][0];
    assert_eq!(
        (flag.code, flag.quote.as_deref()),
        (FlagCode::QuietHours, None)
    );
}

#[test]
fn the_cases_own_court_mediator_and_lender_are_not_impersonation() {
    let court_call = |id: &str, t: &str| ContactRecord {
        number: Some("0755-8888 1234".to_owned()),
        claimed_role: Some(ClaimedRole::Court),
        answered: Some(true),
        quotes: vec!["这里是南山法院，你的案件已立案".to_owned()],
        ..rec(id, &format!("2026-03-02T{t}:00+08:00"), Channel::Call)
    };
    let parties = vec![
        party(PartyRole::Court, "深圳市南山区人民法院", &["075588881234"]),
        party(PartyRole::Lender, "某某消费金融", &["95188"]),
        party(
            PartyRole::CollectionAgency,
            "某某催收公司",
            &["02100001111"],
        ),
    ];
    // The court's own number: no impersonation, no threat for 已立案, and its calls are not
    // counted against the collector's daily limit.
    let mut records: Vec<ContactRecord> = (0..3)
        .map(|h| {
            call(
                &format!("x{h}"),
                &format!("2026-03-02T1{h}:00:00+08:00"),
                true,
            )
        })
        .collect();
    records.push(court_call("court", "14:00"));
    records.push(ContactRecord {
        claimed_role: Some(ClaimedRole::Court),
        ..rec("late", "2026-03-02T23:00:00+08:00", Channel::Call)
    });
    let flags = with_parties(&records, parties.clone());
    assert!(flags[3].is_empty(), "{:?}", flags[3]);
    assert!(
        flags
            .iter()
            .all(|f| find(f, FlagCode::TooManyCalls).is_none())
    );
    // Without the party, the same call is impersonation to verify, and the 4th connected call.
    let unknown = run(&records);
    let imp = find(&unknown[3], FlagCode::Impersonation).unwrap();
    assert!(imp.reason_zh.starts_with("待核实"), "{}", imp.reason_zh);
    assert!(
        imp.reason_en.starts_with("To be verified"),
        "{}",
        imp.reason_en
    );
    assert_eq!(imp.quote.as_deref(), Some("这里是南山法院，你的案件已立案"));
    assert!(find(&unknown[3], FlagCode::TooManyCalls).is_some());
    // Unknown caller claiming to be the court late at night: flagged.
    assert!(find(&flags[4], FlagCode::Impersonation).is_some());

    // The lender's own line (by number or by name) is never impersonation.
    let lender = ContactRecord {
        claimed_role: Some(ClaimedRole::Court),
        ..rec("l", "2026-03-02T10:00:00+08:00", Channel::Call)
    };
    for r in [
        ContactRecord {
            number: Some("95188".to_owned()),
            ..lender.clone()
        },
        ContactRecord {
            organisation: Some("某某 消费金融".to_owned()),
            ..lender.clone()
        },
    ] {
        assert!(
            find(
                &with_parties(&[r], parties.clone())[0],
                FlagCode::Impersonation
            )
            .is_none()
        );
    }
    // The case's collector claiming to be the court or a mediator: flagged, to verify.
    for claimed in [
        ClaimedRole::Court,
        ClaimedRole::Police,
        ClaimedRole::Mediator,
    ] {
        let r = ContactRecord {
            number: Some("021-0000 1111".to_owned()),
            claimed_role: Some(claimed),
            ..rec("k", "2026-03-02T10:00:00+08:00", Channel::Call)
        };
        let flags = with_parties(&[r], parties.clone());
        let flag = find(&flags[0], FlagCode::Impersonation).unwrap_or_else(|| panic!("{claimed}"));
        assert!(
            flag.reason_zh.contains("本案的催收方"),
            "{}",
            flag.reason_zh
        );
    }
    // A mediator claim from someone unknown is left to the mediation checks.
    let r = ContactRecord {
        claimed_role: Some(ClaimedRole::Mediator),
        ..rec("m", "2026-03-02T10:00:00+08:00", Channel::Call)
    };
    assert!(run(&[r])[0].is_empty());

    // A 106 SMS from the case's own mediation body, with a link, is not flagged.
    let sms_rec = sms("10690000", "【某调解中心】您的调解案件请查看 t.cn/abc");
    let mediation = party(
        PartyRole::MediationOrganisation,
        "某调解中心",
        &["106 9000 0"],
    );
    assert!(with_parties(std::slice::from_ref(&sms_rec), vec![mediation])[0].is_empty());
    assert!(find(&run(&[sms_rec])[0], FlagCode::Impersonation).is_some());
}
