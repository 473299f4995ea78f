use chrono::NaiveDate;

use super::*;
use crate::domain::contact::BasisKind;

// Every expected date below was worked out by hand from a printed calendar and the State
// Council notices, never by calling the code under test.

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ev(id: &str, kind: LegalEventKind, on: &str) -> LegalEvent {
    LegalEvent {
        id: id.to_owned(),
        kind,
        on: d(on),
        period_days: None,
    }
}

fn cal() -> &'static HolidayCalendar {
    HolidayCalendar::builtin()
}

fn find(deadlines: &[Deadline], kind: DeadlineKind) -> &Deadline {
    deadlines
        .iter()
        .find(|x| x.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} deadline in {deadlines:?}"))
}

struct Case {
    name: &'static str,
    event: LegalEventKind,
    on: &'static str,
    kind: DeadlineKind,
    nominal: &'static str,
    due: &'static str,
    basis: &'static str,
    calendar_known: bool,
}

#[test]
fn every_kind_counts_and_shifts_as_the_law_says() {
    use DeadlineKind as K;
    use LegalEventKind as E;
    let cases = [
        Case {
            name: "defence: Mon 2024-03-04 + 15 = Tue 03-19, a working day",
            event: E::ComplaintServed,
            on: "2024-03-04",
            kind: K::Defence,
            nominal: "2024-03-19",
            due: "2024-03-19",
            basis: "民事诉讼法 第128条",
            calendar_known: true,
        },
        Case {
            name: "jurisdiction objection: same window as the defence",
            event: E::ComplaintServed,
            on: "2024-03-04",
            kind: K::JurisdictionObjection,
            nominal: "2024-03-19",
            due: "2024-03-19",
            basis: "民事诉讼法 第130条",
            calendar_known: true,
        },
        Case {
            name: "appeal: 2024-09-20 + 15 = Sat 10-05 inside National Day (10-01..07) → Tue 10-08",
            event: E::JudgmentServed,
            on: "2024-09-20",
            kind: K::Appeal,
            nominal: "2024-10-05",
            due: "2024-10-08",
            basis: "民事诉讼法 第171条",
            calendar_known: true,
        },
        Case {
            name: "appeal against a ruling: Wed 2024-06-05 + 10 = Sat 06-15 → Mon 06-17",
            event: E::RulingServed,
            on: "2024-06-05",
            kind: K::AppealRuling,
            nominal: "2024-06-15",
            due: "2024-06-17",
            basis: "民事诉讼法 第171条",
            calendar_known: true,
        },
        Case {
            name: "payment order: 2024-09-27 + 15 = Sat 10-12, a 调休 working Saturday: stays",
            event: E::PaymentOrderServed,
            on: "2024-09-27",
            kind: K::PaymentOrderObjection,
            nominal: "2024-10-12",
            due: "2024-10-12",
            basis: "民事诉讼法 第227条",
            calendar_known: true,
        },
        Case {
            name: "judicial confirmation: Sun 2025-01-05 + 30 = Tue 02-04, last day of Spring Festival → Wed 02-05",
            event: E::AgreementEffective,
            on: "2025-01-05",
            kind: K::JudicialConfirmation,
            nominal: "2025-02-04",
            due: "2025-02-05",
            basis: "民事诉讼法 第205条",
            calendar_known: true,
        },
        Case {
            name: "mediation: Mon 2025-03-03 + 30 = Wed 04-02",
            event: E::MediationStarted,
            on: "2025-03-03",
            kind: K::MediationPeriodEnd,
            nominal: "2025-04-02",
            due: "2025-04-02",
            basis: "人民法院在线调解规则（法释〔2021〕23号）第24条；最高人民法院关于人民法院特邀调解的规定 第27条",
            calendar_known: true,
        },
        Case {
            name: "hearing: the day itself, never shifted even on a Saturday",
            event: E::HearingScheduled,
            on: "2024-06-15",
            kind: K::Hearing,
            nominal: "2024-06-15",
            due: "2024-06-15",
            basis: "民事诉讼法 第139条",
            calendar_known: true,
        },
        Case {
            name: "enforcement: 2023-10-04 + 2 years = Sat 2025-10-04 inside National Day (10-01..08) → Thu 10-09",
            event: E::PerformanceDue,
            on: "2023-10-04",
            kind: K::EnforcementApplication,
            nominal: "2025-10-04",
            due: "2025-10-09",
            basis: "民事诉讼法 第250条",
            calendar_known: true,
        },
        Case {
            name: "enforcement: Feb 29 + 2 years = 2026-02-28, a 调休 working Saturday: stays",
            event: E::PerformanceDue,
            on: "2024-02-29",
            kind: K::EnforcementApplication,
            nominal: "2026-02-28",
            due: "2026-02-28",
            basis: "民事诉讼法 第250条",
            calendar_known: true,
        },
        Case {
            name: "limitation: Feb 29 + 3 years = 2027-02-28 (no Feb 29), a Sunday beyond the data → Mon 03-01",
            event: E::LastInstallmentDue,
            on: "2024-02-29",
            kind: K::Limitation,
            nominal: "2027-02-28",
            due: "2027-03-01",
            basis: "民法典 第188条、第189条",
            calendar_known: false,
        },
        Case {
            name: "limitation after an acknowledgement: Mon 2022-06-13 + 3 years = Fri 2025-06-13",
            event: E::DebtorAcknowledged,
            on: "2022-06-13",
            kind: K::Limitation,
            nominal: "2025-06-13",
            due: "2025-06-13",
            basis: "民法典 第188条、第195条",
            calendar_known: true,
        },
        Case {
            name: "beyond the data: 2027-09-20 + 15 = Tue 10-05; weekends only, so no shift",
            event: E::ComplaintServed,
            on: "2027-09-20",
            kind: K::Defence,
            nominal: "2027-10-05",
            due: "2027-10-05",
            basis: "民事诉讼法 第128条",
            calendar_known: false,
        },
        Case {
            name: "beyond the data: 2027-01-01 + 15 = Sat 01-16 → Mon 01-18 on weekends alone",
            event: E::JudgmentServed,
            on: "2027-01-01",
            kind: K::Appeal,
            nominal: "2027-01-16",
            due: "2027-01-18",
            basis: "民事诉讼法 第171条",
            calendar_known: false,
        },
        Case {
            name: "before the data: 2019-09-20 + 15 = Sat 10-05 → Mon 10-07 on weekends alone",
            event: E::JudgmentServed,
            on: "2019-09-20",
            kind: K::Appeal,
            nominal: "2019-10-05",
            due: "2019-10-07",
            basis: "民事诉讼法 第171条",
            calendar_known: false,
        },
        Case {
            name: "2020: 2020-01-16 + 15 = Fri 01-31, inside the extended Spring Festival → Mon 02-03",
            event: E::PaymentOrderServed,
            on: "2020-01-16",
            kind: K::PaymentOrderObjection,
            nominal: "2020-01-31",
            due: "2020-02-03",
            basis: "民事诉讼法 第227条",
            calendar_known: true,
        },
    ];
    for c in cases {
        let events = [ev("e1", c.event, c.on)];
        let out = compute(&events, false, d("2024-01-01"), cal());
        let got = find(&out, c.kind);
        assert_eq!(got.nominal_end, d(c.nominal), "{}: nominal end", c.name);
        assert_eq!(got.due, d(c.due), "{}: due", c.name);
        assert_eq!(
            got.shifted_for_rest_day,
            c.nominal != c.due,
            "{}: shifted",
            c.name
        );
        assert_eq!(got.basis, c.basis, "{}: basis", c.name);
        assert_eq!(got.basis_kind, BasisKind::Law, "{}", c.name);
        assert_eq!(got.calendar_known, c.calendar_known, "{}: calendar", c.name);
        assert_eq!(got.counts_from.event_id, "e1", "{}", c.name);
        assert_eq!(got.counts_from.kind, c.event, "{}", c.name);
        assert_eq!(got.counts_from.on, d(c.on), "{}", c.name);
    }
}

#[test]
fn each_event_kind_yields_exactly_its_deadlines() {
    use DeadlineKind as K;
    use LegalEventKind as E;
    let table: [(E, &[K]); 11] = [
        (E::MediationStarted, &[K::MediationPeriodEnd]),
        (E::AgreementEffective, &[K::JudicialConfirmation]),
        (E::ComplaintServed, &[K::Defence, K::JurisdictionObjection]),
        (E::HearingScheduled, &[K::Hearing]),
        (E::JudgmentServed, &[K::Appeal]),
        (E::RulingServed, &[K::AppealRuling]),
        (E::PaymentOrderServed, &[K::PaymentOrderObjection]),
        (E::PerformanceDue, &[K::EnforcementApplication]),
        (E::LastInstallmentDue, &[K::Limitation]),
        (E::CreditorDemand, &[K::Limitation]),
        (E::DebtorAcknowledged, &[K::Limitation]),
    ];
    for (event, expected) in table {
        let out = compute(
            &[ev("x", event, "2024-03-04")],
            false,
            d("2024-01-01"),
            cal(),
        );
        let kinds: Vec<K> = out.iter().map(|x| x.kind).collect();
        assert_eq!(kinds, expected, "{event}");
    }
    assert!(compute(&[], false, d("2024-01-01"), cal()).is_empty());
}

#[test]
fn small_claims_have_no_appeal_against_the_judgment() {
    let events = [
        ev("j", LegalEventKind::JudgmentServed, "2024-09-20"),
        ev("r", LegalEventKind::RulingServed, "2024-06-05"),
    ];
    let ordinary = compute(&events, false, d("2024-01-01"), cal());
    assert_eq!(find(&ordinary, DeadlineKind::Appeal).due, d("2024-10-08"));
    assert_eq!(find(&ordinary, DeadlineKind::AppealRuling).note, None);

    let small = compute(&events, true, d("2024-01-01"), cal());
    assert!(small.iter().all(|x| x.kind != DeadlineKind::Appeal));
    // The ruling deadline is still shown, with a warning that it is usually final.
    let ruling = find(&small, DeadlineKind::AppealRuling);
    assert_eq!(ruling.due, d("2024-06-17"));
    assert!(ruling.note.unwrap().label_zh().contains("小额诉讼"));
    assert!(ruling.note.unwrap().label_en().contains("Small-claims"));
}

#[test]
fn limitation_counts_from_the_latest_of_its_three_events() {
    use LegalEventKind as E;
    struct L {
        name: &'static str,
        events: Vec<LegalEvent>,
        from_id: &'static str,
        due: &'static str,
        basis: &'static str,
    }
    let cases = [
        L {
            name: "a demand after the last instalment restarts it: Sun 2025-08-10 → Mon 08-11",
            events: vec![
                ev("inst", E::LastInstallmentDue, "2021-03-15"),
                ev("demand", E::CreditorDemand, "2022-08-10"),
                ev("ack", E::DebtorAcknowledged, "2022-01-05"),
            ],
            from_id: "demand",
            due: "2025-08-11",
            basis: "民法典 第188条、第195条",
        },
        L {
            name: "an acknowledgement is the latest: Thu 2023-11-02 + 3 years = Mon 2026-11-02",
            events: vec![
                ev("ack", E::DebtorAcknowledged, "2023-11-02"),
                ev("demand", E::CreditorDemand, "2022-08-10"),
                ev("inst", E::LastInstallmentDue, "2021-03-15"),
            ],
            from_id: "ack",
            due: "2026-11-02",
            basis: "民法典 第188条、第195条",
        },
        L {
            name: "only the last instalment: Mon 2021-03-15 + 3 years = Fri 2024-03-15",
            events: vec![ev("inst", E::LastInstallmentDue, "2021-03-15")],
            from_id: "inst",
            due: "2024-03-15",
            basis: "民法典 第188条、第189条",
        },
        L {
            name: "several demands: the latest one counts",
            events: vec![
                ev("d2", E::CreditorDemand, "2022-08-10"),
                ev("d3", E::CreditorDemand, "2023-02-01"),
                ev("d1", E::CreditorDemand, "2021-05-01"),
            ],
            from_id: "d3",
            // Wed 2023-02-01 + 3 years = Sun 2026-02-01 → Mon 02-02.
            due: "2026-02-02",
            basis: "民法典 第188条、第195条",
        },
    ];
    for c in cases {
        let out = compute(&c.events, false, d("2024-01-01"), cal());
        let lim = find(&out, DeadlineKind::Limitation);
        assert_eq!(lim.counts_from.event_id, c.from_id, "{}", c.name);
        assert_eq!(lim.due, d(c.due), "{}", c.name);
        assert_eq!(lim.basis, c.basis, "{}", c.name);
        let zh = lim.note.unwrap().label_zh();
        assert!(
            zh.contains("重新计算") && zh.contains("第195条"),
            "{}",
            c.name
        );
        assert!(lim.note.unwrap().label_en().contains("art. 195"));
    }
}

#[test]
fn the_latest_event_of_a_kind_counts() {
    let events = [
        ev("late", LegalEventKind::ComplaintServed, "2024-03-04"),
        ev("early", LegalEventKind::ComplaintServed, "2024-02-01"),
    ];
    let out = compute(&events, false, d("2024-01-01"), cal());
    let defence = find(&out, DeadlineKind::Defence);
    assert_eq!(defence.counts_from.event_id, "late");
    assert_eq!(defence.due, d("2024-03-19"));
}

#[test]
fn passed_and_days_left_are_relative_to_today() {
    // Appeal due Tue 2024-10-08 (see above).
    let events = [ev("j", LegalEventKind::JudgmentServed, "2024-09-20")];
    let cases = [
        ("2024-10-10", true, -2),
        ("2024-10-09", true, -1),
        ("2024-10-08", false, 0),
        ("2024-10-01", false, 7),
        ("2023-10-08", false, 366),
    ];
    for (today, passed, left) in cases {
        let out = compute(&events, false, d(today), cal());
        let appeal = find(&out, DeadlineKind::Appeal);
        assert_eq!(appeal.passed, passed, "today {today}");
        assert_eq!(appeal.days_left, left, "today {today}");
    }
}

#[test]
fn deadlines_come_soonest_first_with_ties_in_kind_order() {
    use DeadlineKind as K;
    use LegalEventKind as E;
    let events = [
        ev("lim", E::LastInstallmentDue, "2021-03-15"), // 2024-03-15
        ev("hear", E::HearingScheduled, "2024-03-19"),  // 2024-03-19
        ev("comp", E::ComplaintServed, "2024-03-04"),   // 2024-03-19 twice
        ev("med", E::MediationStarted, "2024-02-01"),   // Sat 03-02 → Mon 03-04
        ev("pay", E::PaymentOrderServed, "2024-03-20"), // Thu 04-04 Qingming → Sun 04-07 调休 workday
    ];
    let out = compute(&events, false, d("2024-03-10"), cal());
    let got: Vec<(K, NaiveDate)> = out.iter().map(|x| (x.kind, x.due)).collect();
    assert_eq!(
        got,
        vec![
            (K::MediationPeriodEnd, d("2024-03-04")),
            (K::Limitation, d("2024-03-15")),
            (K::Defence, d("2024-03-19")),
            (K::JurisdictionObjection, d("2024-03-19")),
            (K::Hearing, d("2024-03-19")),
            (K::PaymentOrderObjection, d("2024-04-07")),
        ]
    );
    assert!(out[0].passed && out[0].shifted_for_rest_day);
}

#[test]
fn hearing_carries_the_default_judgment_warning() {
    let out = compute(
        &[ev("h", LegalEventKind::HearingScheduled, "2024-05-20")],
        false,
        d("2024-05-01"),
        cal(),
    );
    let hearing = find(&out, DeadlineKind::Hearing);
    assert!(hearing.note.unwrap().label_zh().contains("第147条"));
    assert!(hearing.note.unwrap().label_zh().contains("缺席判决"));
    assert!(hearing.note.unwrap().label_en().contains("art. 147"));
    assert_eq!(hearing.days_left, 19);
}

#[test]
fn serialises_dates_as_plain_days_and_kinds_in_snake_case() {
    let out = compute(
        &[ev("j1", LegalEventKind::JudgmentServed, "2024-09-20")],
        false,
        d("2024-10-01"),
        cal(),
    );
    let v = serde_json::to_value(&out[0]).unwrap();
    assert_eq!(v["kind"], "appeal");
    assert_eq!(v["due"], "2024-10-08");
    assert_eq!(v["nominal_end"], "2024-10-05");
    assert_eq!(v["basis_kind"], "law");
    assert_eq!(v["counts_from"]["event_id"], "j1");
    assert_eq!(v["counts_from"]["kind"], "judgment_served");
    assert_eq!(v["counts_from"]["on"], "2024-09-20");
    assert_eq!(v["shifted_for_rest_day"], true);
    assert_eq!(v["days_left"], 7);
    assert_eq!(v["calendar_known"], true);
    assert!(v["note"].is_null());

    let e: LegalEvent =
        serde_json::from_str(r#"{"id":"a","kind":"debtor_acknowledged","on":"2024-01-02"}"#)
            .unwrap();
    assert_eq!(e, ev("a", LegalEventKind::DebtorAcknowledged, "2024-01-02"));
}

#[test]
fn enum_names_round_trip_and_match_serde() {
    for k in LegalEventKind::ALL {
        assert_eq!(k.as_str().parse::<LegalEventKind>().unwrap(), k);
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        assert!(!k.label_zh().is_empty());
    }
    for k in DeadlineKind::ALL {
        assert_eq!(k.as_str().parse::<DeadlineKind>().unwrap(), k);
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        assert!(!k.label_zh().is_empty());
    }
    let err = "served".parse::<LegalEventKind>().unwrap_err();
    assert!(err.contains("served") && err.contains("complaint_served, hearing_scheduled"));
    let err = "appeals".parse::<DeadlineKind>().unwrap_err();
    assert!(err.contains("defence, jurisdiction_objection, appeal"));
    // ALL is in declaration order, which is also the tie-break order.
    assert!(DeadlineKind::ALL.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn defence_period_says_the_court_notice_decides_and_takes_its_period() {
    // Served Tuesday 2026-03-03. Statute: 15 days → Wednesday 2026-03-18.
    let served = ev("c", LegalEventKind::ComplaintServed, "2026-03-03");
    for small_claims in [false, true] {
        let out = compute(
            std::slice::from_ref(&served),
            small_claims,
            d("2026-03-04"),
            cal(),
        );
        for kind in [DeadlineKind::Defence, DeadlineKind::JurisdictionObjection] {
            let got = find(&out, kind);
            assert_eq!(got.due, d("2026-03-18"), "{kind}");
            assert!(!got.period_from_notice);
            assert_eq!(got.note, Some(DeadlineNote::CourtNoticeDecides));
            assert!(got.note.unwrap().label_zh().starts_with("以法院通知为准"));
            assert!(got.basis.contains("第128条") || got.basis.contains("第130条"));
        }
    }
    // The notice gives 7 days: Tuesday 2026-03-10, with the interpretation cited.
    let notice = LegalEvent {
        period_days: Some(7),
        ..served.clone()
    };
    let out = compute(std::slice::from_ref(&notice), true, d("2026-03-04"), cal());
    let defence = find(&out, DeadlineKind::Defence);
    assert_eq!(
        (defence.nominal_end, defence.due),
        (d("2026-03-10"), d("2026-03-10"))
    );
    assert!(defence.period_from_notice);
    assert!(defence.basis.contains("第266条"), "{}", defence.basis);
    // Five days end on Sunday 2026-03-08 and move to Monday.
    let five = LegalEvent {
        period_days: Some(5),
        ..served.clone()
    };
    let out = compute(std::slice::from_ref(&five), true, d("2026-03-04"), cal());
    assert_eq!(find(&out, DeadlineKind::Defence).due, d("2026-03-09"));
    // A period on another event changes nothing, and 0 is ignored.
    let judgment = LegalEvent {
        period_days: Some(3),
        ..ev("j", LegalEventKind::JudgmentServed, "2026-03-03")
    };
    let zero = LegalEvent {
        period_days: Some(0),
        ..served
    };
    let out = compute(&[judgment, zero], false, d("2026-03-04"), cal());
    assert_eq!(find(&out, DeadlineKind::Appeal).due, d("2026-03-18"));
    assert_eq!(find(&out, DeadlineKind::Defence).due, d("2026-03-18"));
}
