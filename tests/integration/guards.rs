//! Input that must never be saved silently (issue 13): doubtful amounts need a confirmation,
//! every record can be corrected or withdrawn with the chain keeping both, bad times are
//! refused, negative numbers reach the core's own message; and the case follows its events
//! (the stage, the next steps, the checklist, the dashboard order).

use chrono::{Duration, Local, NaiveDate};
use serde_json::{Value, json};

use casefile::api::corrections::{self, CorrectionAction};
use casefile::api::{Session, case, contacts, debt, evidence, mediation, overview, timeline};
use casefile::domain::contact::{Channel, Direction};
use casefile::domain::deadline::LegalEventKind;
use casefile::domain::debt::{Installment, Stage};
use casefile::domain::stage::StageBasis;
use casefile::domain::{EvidenceKind, Money, SystemClock};
use casefile::{Error, ErrorCode};
use secrecy::SecretString;

use crate::util::{Dir, PASSPHRASE, code, stderr};

fn open(d: &Dir) -> Session {
    Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(SystemClock),
    )
    .unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn new_case(s: &mut Session) -> String {
    case::create(
        s,
        case::NewCase {
            title: "花呗那笔".into(),
            lender: "某某消费金融有限公司".into(),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

/// A 6,800 元 agreement in two instalments.
fn agreement(s: &mut Session, case_id: &str) -> String {
    agreement_on(s, case_id, day("2026-10-01"))
}

/// A 6,800 元 agreement signed and in effect on `on`, in two monthly instalments.
fn agreement_on(s: &mut Session, case_id: &str, on: NaiveDate) -> String {
    mediation::add_agreement(
        s,
        case_id,
        mediation::NewAgreement {
            signed_on: on,
            effective_on: on,
            total: Money::from_fen(680_000),
            installments: vec![
                Installment {
                    due: on + Duration::days(30),
                    amount_fen: 340_000,
                },
                Installment {
                    due: on + Duration::days(60),
                    amount_fen: 340_000,
                },
            ],
            terms: None,
            confirm: false,
        },
    )
    .unwrap()
    .id
}

#[test]
fn an_implausible_principal_needs_confirmation() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    // 800 亿元.
    let huge = Money::from_fen(8_000_000_000_000);
    let err = case::create(
        &mut s,
        case::NewCase {
            title: "t".into(),
            lender: "l".into(),
            principal: Some(huge),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NeedsConfirmation, "{err}");
    assert!(case::list(&s).unwrap().is_empty(), "nothing saved");
    let c = case::create(
        &mut s,
        case::NewCase {
            title: "t".into(),
            lender: "l".into(),
            principal: Some(huge),
            confirm: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(c.principal, Some(huge));

    // An edit asks again only for a figure it changes.
    let err = debt::edit(
        &mut s,
        &c.id,
        debt::CaseEdit {
            claimed_interest: Some(Some(huge)),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NeedsConfirmation);
    debt::edit(
        &mut s,
        &c.id,
        debt::CaseEdit {
            principal: Some(Some(huge)),
            title: Some("改名".into()),
            ..Default::default()
        },
    )
    .unwrap();
}

#[test]
fn a_payment_above_what_remains_needs_confirmation_and_can_be_withdrawn() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let c = new_case(&mut s);
    agreement(&mut s, &c);
    // The issue: 99,999,999 元 against a 6,800 元 agreement turned it 已全部还清.
    let slip = Money::from_fen(9_999_999_900);
    let err =
        mediation::add_payment(&mut s, &c, day("2026-11-01"), slip, None, None, false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NeedsConfirmation, "{err}");
    assert!(err.to_string().contains("6800.00 元"), "{err}");
    let views = mediation::agreement_views(&s, &c).unwrap();
    assert!(views[0].payments.is_empty(), "nothing saved");

    // Confirmed, it is saved; withdrawn, it stops counting and stays in the history.
    let p = mediation::add_payment(&mut s, &c, day("2026-11-01"), slip, None, None, true).unwrap();
    assert_eq!(
        mediation::agreement_views(&s, &c).unwrap()[0]
            .status
            .remaining_fen,
        0
    );
    let w = corrections::withdraw(&mut s, &c, &p.id, Some("多打了几个 9".into())).unwrap();
    assert_eq!(w.action, CorrectionAction::Withdrawn);
    assert_eq!(w.before["amount_fen"], 9_999_999_900_i64);
    let v = &mediation::agreement_views(&s, &c).unwrap()[0];
    assert!(v.payments.is_empty());
    assert_eq!(v.status.remaining_fen, 680_000);
    // Withdrawing twice is refused.
    let again = corrections::withdraw(&mut s, &c, &p.id, None).unwrap_err();
    assert_eq!(again.code(), ErrorCode::NotCorrectable);

    // A payment of exactly what remains is no slip.
    mediation::add_payment(
        &mut s,
        &c,
        day("2026-11-01"),
        Money::from_fen(680_000),
        None,
        None,
        false,
    )
    .unwrap();
    // Negative and zero payments get their own messages.
    let neg = mediation::add_payment(
        &mut s,
        &c,
        day("2026-11-02"),
        Money::from_fen(-47_250),
        None,
        None,
        false,
    )
    .unwrap_err();
    assert!(neg.to_string().contains("cannot be negative"), "{neg}");
    let zero = mediation::add_payment(
        &mut s,
        &c,
        day("2026-11-02"),
        Money::from_fen(0),
        None,
        None,
        false,
    )
    .unwrap_err();
    assert!(zero.to_string().contains("0 元"), "{zero}");

    // The chain keeps the payment, its withdrawal, and verify finds nothing wrong.
    let log = casefile::api::log::entries(&s, Some(&c)).unwrap();
    assert!(
        log.iter()
            .any(|e| e.kind == "payment_recorded" && e.data["id"] == p.id.as_str())
    );
    assert!(
        log.iter()
            .any(|e| e.kind == "record_withdrawn" && e.data["record"]["target"] == p.id.as_str())
    );
    let report = casefile::api::verify::run(&s, &mut |_, _| {}).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn a_payment_is_corrected_and_the_chain_keeps_both() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let c = new_case(&mut s);
    agreement(&mut s, &c);
    let p = mediation::add_payment(
        &mut s,
        &c,
        day("2026-11-01"),
        Money::from_fen(34_000),
        None,
        None,
        false,
    )
    .unwrap();
    let mut fixed = serde_json::to_value(&p).unwrap();
    fixed["amount_fen"] = json!(340_000);
    let entry = corrections::correct(
        &mut s,
        &c,
        &p.id,
        fixed.clone(),
        Some("少打了一个 0".into()),
        false,
    )
    .unwrap();
    assert_eq!(entry.action, CorrectionAction::Corrected);
    assert_eq!(entry.before["amount_fen"], 34_000);
    assert_eq!(entry.after.as_ref().unwrap()["amount_fen"], 340_000);
    let v = &mediation::agreement_views(&s, &c).unwrap()[0];
    assert_eq!(v.payments[0].amount_fen, 340_000);
    assert_eq!(v.status.remaining_fen, 340_000);

    // A correction that changes the id, or makes the payment a slip, is refused.
    let mut other = fixed.clone();
    other["id"] = json!("y-000000");
    assert_eq!(
        corrections::correct(&mut s, &c, &p.id, other, None, false)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    let mut slip = fixed.clone();
    slip["amount_fen"] = json!(9_999_999_900_i64);
    assert_eq!(
        corrections::correct(&mut s, &c, &p.id, slip, None, false)
            .unwrap_err()
            .code(),
        ErrorCode::NeedsConfirmation
    );
    let report = casefile::api::verify::run(&s, &mut |_, _| {}).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn contacts_events_and_stage_changes_are_withdrawn_from_the_rules() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let c = new_case(&mut s);
    // A call at 23:30 raises a quiet-hours flag; withdrawn, it stops counting.
    let at = (Local::now() - Duration::days(2))
        .date_naive()
        .and_hms_opt(23, 30, 0)
        .unwrap()
        .and_local_timezone(Local)
        .unwrap()
        .fixed_offset();
    let k = contacts::add(
        &mut s,
        &c,
        contacts::NewContact::new(at, Channel::Call, Direction::In),
    )
    .unwrap();
    assert!(contacts::violations(&s, &c).unwrap().total > 0);
    corrections::withdraw(&mut s, &c, &k.contact.id, Some("记错了案卷".into())).unwrap();
    assert_eq!(contacts::violations(&s, &c).unwrap().total, 0);
    assert!(contacts::list(&s, &c).unwrap().is_empty());

    // A complaint copy puts the case in litigation; withdrawn, the stage and deadlines go too.
    let e = timeline::add_event(
        &mut s,
        &c,
        LegalEventKind::ComplaintServed,
        day("2026-11-20"),
        None,
    )
    .unwrap();
    assert_eq!(
        case::show(&s, &c).unwrap().stage.map(|x| x.0),
        Some(Stage::Litigation)
    );
    assert!(!timeline::deadlines(&s, Some(&c)).unwrap().is_empty());
    corrections::withdraw(&mut s, &c, &e.id, None).unwrap();
    assert!(timeline::deadlines(&s, Some(&c)).unwrap().is_empty());

    // A stage change corrected to another stage.
    let sc = timeline::set_stage(
        &mut s,
        &c,
        Stage::Mediation,
        day("2026-11-25"),
        None,
        vec![],
    )
    .unwrap();
    let mut fixed = serde_json::to_value(&sc).unwrap();
    fixed["stage"] = json!("collection");
    corrections::correct(&mut s, &c, &sc.id, fixed, None, false).unwrap();
    let now = case::show(&s, &c).unwrap();
    assert_eq!(now.stage, Some((Stage::Collection, day("2026-11-25"))));
    assert_eq!(now.stage_basis, Some(StageBasis::Explicit));

    // The history lists all three, the withdrawn content kept for the struck-through line.
    let history = corrections::list(&s, &c).unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].target_kind, "contact");
    assert_eq!(history[1].before["kind"], "complaint_served");
    let ov = overview::overview(&s, &c).unwrap();
    assert_eq!(ov.corrections.len(), 3);
}

#[test]
fn a_record_of_another_case_or_a_correction_itself_cannot_be_corrected() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let a = new_case(&mut s);
    let b = new_case(&mut s);
    let e = timeline::add_event(
        &mut s,
        &a,
        LegalEventKind::MediationStarted,
        day("2026-11-20"),
        None,
    )
    .unwrap();
    let err = corrections::withdraw(&mut s, &b, &e.id, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotCorrectable);
    let w = corrections::withdraw(&mut s, &a, &e.id, None).unwrap();
    let err = corrections::withdraw(&mut s, &a, &w.id, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotCorrectable);
    assert!(matches!(
        corrections::withdraw(&mut s, &a, "l-nothing", None),
        Err(Error::NotCorrectable(_))
    ));
}

#[test]
fn the_case_follows_its_events_and_the_next_steps_follow_the_case() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let c = new_case(&mut s);
    assert_eq!(case::show(&s, &c).unwrap().stage, None);
    let today = s.today();
    timeline::add_event(
        &mut s,
        &c,
        LegalEventKind::ComplaintServed,
        today - Duration::days(2),
        None,
    )
    .unwrap();
    timeline::add_event(
        &mut s,
        &c,
        LegalEventKind::HearingScheduled,
        today + Duration::days(20),
        None,
    )
    .unwrap();
    let ov = overview::overview(&s, &c).unwrap();
    assert_eq!(ov.case.stage.map(|x| x.0), Some(Stage::Litigation));
    assert_eq!(ov.case.stage_basis, Some(StageBasis::Event));
    let codes: Vec<_> = ov.next_steps.iter().map(|n| n.code).collect();
    use overview::NextStepCode as N;
    // Due soonest first; a sued case is not told to verify a mediation centre.
    assert_eq!(codes[0], N::AnswerComplaint, "{codes:?}");
    assert!(ov.next_steps[0].due.is_some());
    assert!(!codes.contains(&N::VerifyMediator), "{codes:?}");

    // An agreement after the suit: 履行协议; the next instalment is a dated step, no advice to
    // get an agreement or to answer the complaint any more.
    agreement_on(&mut s, &c, today);
    let ov = overview::overview(&s, &c).unwrap();
    assert_eq!(ov.case.stage.map(|x| x.0), Some(Stage::Agreement));
    let codes: Vec<_> = ov.next_steps.iter().map(|n| n.code).collect();
    assert!(!codes.contains(&N::PrepareMediation), "{codes:?}");
    assert!(!codes.contains(&N::AnswerComplaint), "{codes:?}");
    assert!(codes.contains(&N::KeepPaying), "{codes:?}");

    // The user's own stage change overrides the events until a later one.
    timeline::set_stage(&mut s, &c, Stage::Settled, today, None, vec![]).unwrap();
    let now = case::show(&s, &c).unwrap();
    assert_eq!(now.stage.map(|x| x.0), Some(Stage::Settled));
    assert_eq!(now.stage_basis, Some(StageBasis::Explicit));
}

#[test]
fn evidence_of_a_matching_kind_ticks_the_checklist_and_the_user_can_untick() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let c = new_case(&mut s);
    let file = d.root.join("合同.pdf");
    std::fs::write(&file, b"%PDF-1.4\n% a contract\n").unwrap();
    evidence::add(
        &mut s,
        &c,
        &file,
        &evidence::AddOptions {
            kind: Some(EvidenceKind::Contract),
            ..Default::default()
        },
        &mut |_| {},
    )
    .unwrap();
    let list = mediation::checklist(&s, &c).unwrap();
    let contract = list
        .items
        .iter()
        .find(|i| i.item.code.as_str() == "loan_contract")
        .unwrap();
    assert!(contract.done);
    assert_eq!(contract.auto_evidence_ids.len(), 1);
    assert!(!list.missing.iter().any(|m| m.as_str() == "loan_contract"));

    let list = mediation::set_ticked(&mut s, &c, "loan_contract", false).unwrap();
    assert!(list.missing.iter().any(|m| m.as_str() == "loan_contract"));
    let list = mediation::set_ticked(&mut s, &c, "loan_contract", true).unwrap();
    assert!(!list.missing.iter().any(|m| m.as_str() == "loan_contract"));
}

#[test]
fn the_rate_says_which_figure_is_missing() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let c = new_case(&mut s);
    use casefile::api::rate::{RateFigure, for_case_or_missing};
    let r = for_case_or_missing(&s, &c).unwrap();
    assert!(r.report.is_none());
    assert_eq!(
        r.missing,
        [
            RateFigure::LoanDate,
            RateFigure::Received,
            RateFigure::Payments
        ]
    );
    debt::edit(
        &mut s,
        &c,
        debt::CaseEdit {
            loan_date: Some(Some(day("2026-01-01"))),
            received: Some(Some(Money::from_fen(450_000))),
            ..Default::default()
        },
    )
    .unwrap();
    debt::add_flow(
        &mut s,
        &c,
        day("2026-07-01"),
        Money::from_fen(500_000),
        false,
        None,
        false,
    )
    .unwrap();
    let r = for_case_or_missing(&s, &c).unwrap();
    assert!(r.missing.is_empty());
    assert!(r.report.unwrap().annual_rate_percent > 0.0);
}

// ---- the CLI ----

#[test]
fn cli_refuses_a_bad_contact_time_and_saves_nothing() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let out = d.run(&[
        "contact",
        "add",
        &case,
        "--at",
        "2026-13-40 25:99",
        "--channel",
        "call",
        "--direction",
        "in",
    ]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2026-13-40 25:99"),
        "{}",
        stderr(&out)
    );
    let list = d.json(&["contact", "list", &case]);
    assert_eq!(list.as_array().unwrap().len(), 0);
}

#[test]
fn cli_reads_negative_amounts_as_amounts_and_asks_for_yes() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    // Not clap's "unexpected argument": the core's own message about a negative amount.
    let out = d.run(&["case", "edit", &case, "--principal", "-472.50"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot be negative"),
        "{}",
        stderr(&out)
    );

    let out = d.run(&["case", "edit", &case, "--principal", "80000000000"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    let v: Value = d.json(&["case", "edit", &case, "--principal", "80000000000", "--yes"]);
    assert_eq!(v["principal"], "80000000000.00");
}

#[test]
fn cli_withdraws_and_corrects_records() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let ev = d.json(&[
        "event",
        "add",
        &case,
        "complaint_served",
        "--on",
        "2026-11-20",
    ]);
    let id = ev["id"].as_str().unwrap().to_string();
    let mut fixed = ev.clone();
    fixed["on"] = json!("2026-11-21");
    let c = d.json(&[
        "record",
        "correct",
        &case,
        &id,
        "--record",
        &fixed.to_string(),
        "--reason",
        "日期看错",
    ]);
    assert_eq!(c["action"], "corrected");
    let events = d.json(&["event", "list", &case]);
    assert_eq!(events[0]["on"], "2026-11-21");
    d.json(&[
        "record",
        "withdraw",
        &case,
        &id,
        "--reason",
        "不是这个案子的",
    ]);
    assert_eq!(
        d.json(&["event", "list", &case]).as_array().unwrap().len(),
        0
    );
    let history = d.json(&["record", "history", &case]);
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[1]["action"], "withdrawn");
}

#[test]
fn a_loan_payment_far_above_the_usual_needs_a_confirmation() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let c = new_case(&mut s);
    let slip = Money::from_fen(200_000_000);
    let e = debt::add_flow(&mut s, &c, day("2026-07-01"), slip, false, None, false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NeedsConfirmation);
    assert!(debt::flows(&s, &c).unwrap().is_empty());
    let f = debt::add_flow(&mut s, &c, day("2026-07-01"), slip, false, None, true).unwrap();
    // A correction to an implausible amount asks again.
    let mut body = serde_json::to_value(&f).unwrap();
    body["amount_fen"] = json!(900_000_000);
    let e = corrections::correct(&mut s, &c, &f.id, body.clone(), None, false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NeedsConfirmation);
    corrections::correct(&mut s, &c, &f.id, body, None, true).unwrap();
    assert_eq!(debt::flows(&s, &c).unwrap()[0].amount_fen, 900_000_000);
}
