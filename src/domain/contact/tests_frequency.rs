//! The log's counting (calls by attempt, night, days, bars, limits) and the violations grouped
//! by rule.

use chrono::{DateTime, NaiveDate};

use super::*;
use crate::domain::debt::{Party, PartyRole};
use crate::domain::rate::LenderType;

fn rec(id: &str, when: &str, channel: Channel) -> ContactRecord {
    ContactRecord {
        id: id.to_owned(),
        at: DateTime::parse_from_rfc3339(when).unwrap(),
        channel,
        direction: Direction::In,
        number: Some("17000000001".into()),
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

fn call(id: &str, when: &str, answered: Option<bool>, attempts: u32) -> ContactRecord {
    ContactRecord {
        answered,
        attempts,
        ..rec(id, when, Channel::Call)
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn count(records: &[ContactRecord], ctx: &CheckContext) -> ContactFrequency {
    let flags = check(records, PhraseBook::builtin(), ctx);
    frequency(records, &flags, ctx)
}

#[test]
fn calls_are_counted_by_attempt_not_by_entry() {
    let records = [
        call("a", "2026-03-02T10:00:00+08:00", Some(true), 1),
        call("b", "2026-03-02T11:00:00+08:00", Some(false), 4),
        call("c", "2026-03-04T23:30:00+08:00", None, 2),
        rec("d", "2026-03-04T12:00:00+08:00", Channel::Sms),
        rec("e", "2026-03-05T07:59:00+08:00", Channel::Wechat),
        rec("f", "2026-03-05T23:00:00+08:00", Channel::Letter),
        ContactRecord {
            direction: Direction::Out,
            ..call("g", "2026-03-05T09:00:00+08:00", Some(true), 3)
        },
    ];
    let f = count(&records, &CheckContext::default());
    let t = &f.totals;
    assert_eq!(t.calls, 7, "attempts 1 + 4 + 2");
    assert_eq!(t.answered, 1);
    assert_eq!(t.missed, 4);
    assert_eq!(t.messages, 2);
    assert_eq!(t.other, 1, "the letter");
    assert_eq!(
        t.night, 3,
        "2 calls at 23:30 and the message at 07:59; the letter's time is not a choice"
    );
    assert_eq!(t.outgoing, 3);
    assert_eq!(t.inbound(), 10);
    assert_eq!(
        (t.first, t.last),
        (Some(day("2026-03-02")), Some(day("2026-03-05")))
    );
    assert_eq!((t.span_days, t.active_days), (4, 3));

    assert_eq!(f.bar_days, 1);
    let bars: Vec<(u32, u32, u32)> = f
        .bars
        .iter()
        .map(|b| (b.contacts, b.night, b.calls))
        .collect();
    assert_eq!(
        bars,
        [(5, 0, 5), (0, 0, 0), (3, 2, 2), (2, 1, 0)],
        "the empty day is a bar too"
    );
    assert_eq!(f.bars[1].start, day("2026-03-03"));
}

#[test]
fn the_court_and_the_mediator_are_not_counted_as_collection() {
    let ctx = CheckContext {
        parties: vec![Party {
            id: "p".into(),
            role: PartyRole::Court,
            name: "某某区人民法院".into(),
            phones: vec!["075512345678".into()],
            case_number: None,
            note: None,
        }],
        ..CheckContext::default()
    };
    let records = [
        ContactRecord {
            number: Some("0755-1234-5678".into()),
            ..call("a", "2026-03-02T10:00:00+08:00", Some(true), 1)
        },
        call("b", "2026-03-02T11:00:00+08:00", Some(true), 1),
    ];
    let f = count(&records, &ctx);
    assert_eq!((f.totals.calls, f.totals.official), (1, 1));
}

#[test]
fn days_over_the_limit_are_marked_and_the_limits_follow_the_lender_type() {
    let mut records: Vec<ContactRecord> = (0..4)
        .map(|i| {
            call(
                &format!("a{i}"),
                &format!("2026-03-02T1{i}:00:00+08:00"),
                Some(true),
                1,
            )
        })
        .collect();
    records.push(call("m", "2026-03-03T10:00:00+08:00", Some(false), 7));
    let f = count(&records, &CheckContext::default());
    assert!(f.bars[0].over_limit, "4 connected calls");
    assert!(f.bars[1].over_limit, "7 missed calls from one number");
    let limits: Vec<(LimitKind, u32, Source)> = f
        .limits
        .iter()
        .map(|l| (l.kind, l.per_day, l.source))
        .collect();
    assert_eq!(
        limits,
        [
            (LimitKind::AnsweredCalls, 3, Source::Gbt45251),
            (LimitKind::UnansweredPerNumber, 6, Source::Cba2026)
        ]
    );
    let microloan = CheckContext {
        lender_type: Some(LenderType::Microloan),
        ..CheckContext::default()
    };
    let f = count(&records, &microloan);
    assert_eq!(
        f.limits.len(),
        1,
        "the banking association's guide is not for microloan companies"
    );
    assert!(!f.bars[1].over_limit);
    // Before any rule: no line at all.
    assert!(daily_limits(day("2024-01-01"), &CheckContext::default()).is_empty());
    assert_eq!(
        daily_limits(day("2024-07-01"), &microloan)[0].source,
        Source::Nifa2024
    );
}

#[test]
fn long_logs_are_shown_by_week_and_never_with_more_bars_than_the_most() {
    let records = [
        call("a", "2026-01-01T10:00:00+08:00", Some(true), 1),
        call("b", "2026-04-15T10:00:00+08:00", Some(true), 2),
    ];
    let f = count(&records, &CheckContext::default());
    assert_eq!(f.bar_days, 7);
    assert_eq!(
        f.bars[0].start,
        day("2025-12-29"),
        "the Monday of 2026-01-01's week"
    );
    assert_eq!(f.bars.iter().map(|b| b.contacts).sum::<u32>(), 3);
    assert_eq!(f.bars.last().unwrap().contacts, 2);

    let years = [
        call("a", "2010-01-01T10:00:00+08:00", Some(true), 1),
        call("b", "2026-04-15T10:00:00+08:00", Some(true), 1),
    ];
    let f = count(&years, &CheckContext::default());
    assert!(f.bars.len() <= MAX_BARS, "{}", f.bars.len());
    assert_eq!(f.bar_days % 7, 0);
    assert_eq!(f.bars.iter().map(|b| b.contacts).sum::<u32>(), 2);

    let none = count(&[], &CheckContext::default());
    assert!(none.bars.is_empty());
    assert_eq!(none.totals.span_days, 0);
}

#[test]
fn violations_are_grouped_by_rule_with_the_basis_once() {
    let records = [
        call("a", "2026-03-02T23:10:00+08:00", Some(true), 1),
        ContactRecord {
            third_party: Some(ThirdParty::Family),
            ..call("b", "2026-03-03T10:00:00+08:00", Some(true), 1)
        },
        call("c", "2026-03-04T06:00:00+08:00", Some(false), 1),
    ];
    let flags = check(&records, PhraseBook::builtin(), &CheckContext::default());
    let summary = summarize(&records, &flags);
    let groups = group_by_rule(&summary.items);
    let got: Vec<(FlagCode, Vec<&str>)> = groups
        .iter()
        .map(|g| {
            (
                g.code,
                g.items
                    .iter()
                    .map(|&i| summary.items[i].contact_id.as_str())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (FlagCode::QuietHours, vec!["a", "c"]),
            (FlagCode::ThirdParty, vec!["b"])
        ]
    );
    assert_eq!(groups[0].basis, summary.items[0].basis);
    assert_eq!(groups[0].basis_kind, BasisKind::NationalStandard);
    assert_eq!(groups[1].basis_kind, BasisKind::Law);

    // The same code under two rules (before and after GB/T 45251 took effect): two groups.
    let records = [
        call("x", "2025-02-27T23:10:00+08:00", Some(true), 1),
        call("y", "2025-02-28T23:10:00+08:00", Some(true), 1),
    ];
    let flags = check(&records, PhraseBook::builtin(), &CheckContext::default());
    let groups = group_by_rule(&summarize(&records, &flags).items);
    let sources: Vec<Vec<Source>> = groups.iter().map(|g| g.sources.clone()).collect();
    assert_eq!(sources, [vec![Source::Nifa2024], vec![Source::Gbt45251]]);
}
