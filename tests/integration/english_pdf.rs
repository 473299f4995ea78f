//! An English evidence PDF is English: a case that uses every stage, evidence kind, channel,
//! direction, claimed role, third party, flag, party role and deadline is exported with
//! `Lang::En`, and the text `pdftotext` extracts holds no Han character outside what the user
//! typed. (The collection-phrase book is Chinese, so the quotes that trigger the phrase flags
//! are the only Chinese the user enters; they are removed before the check.)

use std::process::Command;

use casefile::api::contacts::{self, NewContact};
use casefile::api::debt::{self, NewParty};
use casefile::api::evidence::{self, AddOptions};
use casefile::api::{Session, case, export, timeline};
use casefile::domain::contact::{Channel, ClaimedRole, Direction, FlagCode, ThirdParty};
use casefile::domain::deadline::{DeadlineKind, LegalEventKind};
use casefile::domain::debt::{PartyRole, Stage};
use casefile::domain::{EvidenceKind, Lang, Money, SystemClock};
use chrono::{DateTime, Duration, NaiveDate};
use secrecy::SecretString;

use crate::util::{Dir, PASSPHRASE};

/// The user-entered Chinese: one phrase-book trigger per phrase flag.
pub(crate) const TRIGGERS: [&str; 4] = ["爆通讯录", "保证金", "内部渠道", "借新还旧"];

pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

fn at(s: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn contact(when: &str, channel: Channel, direction: Direction) -> NewContact {
    NewContact::new(at(when), channel, direction)
}

/// A case touching every named value the PDF prints; returns the session and the case id.
pub(crate) fn every_value_case(d: &Dir) -> (Session, String) {
    let mut s = Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(SystemClock),
    )
    .unwrap();
    let c = case::create(
        &mut s,
        case::NewCase {
            title: "Zhang v. Example Consumer Finance".into(),
            lender: "Example Consumer Finance Co".into(),
            platform: Some("Example App".into()),
            principal: Some(Money::from_fen(1_000_000)),
            overdue_since: NaiveDate::from_ymd_opt(2025, 1, 10),
            confirm: false,
        },
    )
    .unwrap();
    let id = c.id.clone();
    let mut evidence_ids = Vec::new();
    for (i, kind) in EvidenceKind::ALL.into_iter().enumerate() {
        let file = d.file(
            &format!("exhibit-{i}.txt"),
            format!("plain text exhibit {i}\n").as_bytes(),
        );
        let options = AddOptions {
            kind: Some(kind),
            note: Some(format!("note {i}")),
            ..Default::default()
        };
        match evidence::add(&mut s, &id, &file, &options, &mut |_| {}).unwrap() {
            evidence::AddOutcome::Added { evidence } => evidence_ids.push(evidence.id),
            other => panic!("not added: {other:?}"),
        }
    }
    for (i, role) in PartyRole::ALL.into_iter().enumerate() {
        let p = NewParty {
            role,
            name: format!("Party {i}"),
            phones: vec![],
            case_number: Some(format!("(2025) Case {i}")),
            note: None,
        };
        debt::add_party(&mut s, &id, p).unwrap();
    }
    let start = NaiveDate::from_ymd_opt(2025, 2, 1).unwrap();
    for (i, stage) in Stage::ALL.into_iter().enumerate() {
        let on = start + Duration::days(i as i64);
        timeline::set_stage(
            &mut s,
            &id,
            stage,
            on,
            Some(format!("stage note {i}")),
            vec![],
        )
        .unwrap();
    }
    for (i, kind) in LegalEventKind::ALL.into_iter().enumerate() {
        let on = start + Duration::days(30 + i as i64);
        timeline::add_event(&mut s, &id, kind, on, Some("event note".into())).unwrap();
    }
    add_contacts(&mut s, &id, &evidence_ids);
    (s, id)
}

fn add_contacts(s: &mut Session, id: &str, evidence_ids: &[String]) {
    let mut all = Vec::new();
    // Every channel, direction, claimed role and third party, in the afternoon.
    for (i, channel) in Channel::ALL.into_iter().enumerate() {
        let mut c = contact(
            &format!("2025-03-{:02}T15:00:00+08:00", i + 1),
            channel,
            Direction::Out,
        );
        c.summary = Some(format!("ordinary contact {i}"));
        all.push(c);
    }
    for (i, role) in ClaimedRole::ALL.into_iter().enumerate() {
        let mut c = contact(
            &format!("2025-04-{:02}T15:00:00+08:00", i + 1),
            Channel::Call,
            Direction::In,
        );
        c.claimed_role = Some(role);
        c.person = Some(format!("Caller {i}"));
        c.evidence_ids = vec![evidence_ids[i % evidence_ids.len()].clone()];
        all.push(c);
    }
    for (i, who) in ThirdParty::ALL.into_iter().enumerate() {
        let mut c = contact(
            &format!("2025-05-{:02}T15:00:00+08:00", i + 1),
            Channel::Call,
            Direction::In,
        );
        c.third_party = Some(who);
        all.push(c);
    }
    // Quiet hours; four answered calls in a day; seven missed attempts in a day.
    all.push(contact(
        "2025-06-01T23:30:00+08:00",
        Channel::Call,
        Direction::In,
    ));
    for h in 9..13 {
        let mut c = contact(
            &format!("2025-06-02T{h:02}:00:00+08:00"),
            Channel::Call,
            Direction::In,
        );
        c.answered = Some(true);
        all.push(c);
    }
    // Unanswered attempts count per number from the banking association's guide (2026-01-30).
    let mut missed = contact("2026-06-03T10:00:00+08:00", Channel::Call, Direction::In);
    missed.number = Some("13800000009".into());
    missed.answered = Some(false);
    missed.attempts = Some(7);
    all.push(missed);
    // The phrase flags (threat, unofficial payment, record erasure, new borrowing).
    for (i, phrase) in TRIGGERS.into_iter().enumerate() {
        let mut c = contact(
            &format!("2025-07-{:02}T15:00:00+08:00", i + 1),
            Channel::Wechat,
            Direction::In,
        );
        c.quotes = vec![phrase.to_string()];
        all.push(c);
    }
    for c in all {
        contacts::add(s, id, c).unwrap();
    }
}

pub(crate) fn pdf_text(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_english_export_of_every_named_value_has_no_chinese() {
    let (d, _) = Dir::with_vault();
    let (mut s, id) = every_value_case(&d);

    let flagged: std::collections::BTreeSet<FlagCode> = contacts::list(&s, &id)
        .unwrap()
        .iter()
        .flat_map(|c| c.flags.iter().map(|f| f.code))
        .collect();
    assert_eq!(
        flagged.len(),
        FlagCode::ALL.len(),
        "every flag is triggered: {flagged:?}"
    );
    let deadlines: std::collections::BTreeSet<DeadlineKind> = timeline::deadlines(&s, Some(&id))
        .unwrap()
        .iter()
        .map(|x| x.deadline.kind)
        .collect();
    assert_eq!(
        deadlines.len(),
        DeadlineKind::ALL.len(),
        "every deadline: {deadlines:?}"
    );

    let out = d.root.join("evidence-en.pdf");
    let options = export::PdfOptions {
        lang: Lang::En,
        ..Default::default()
    };
    export::evidence_pdf(&mut s, &id, &out, false, options).unwrap();
    let text = pdf_text(&out);
    let mut flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for t in TRIGGERS {
        flat = flat.replace(t, "");
    }
    let han: String = flat.chars().filter(|c| is_han(*c)).collect();
    assert!(han.is_empty(), "Chinese in the English PDF: {han}\n{text}");
    for label in [
        Stage::Litigation.label_en(),
        "(since",
        FlagCode::QuietHours.label_en(),
        DeadlineKind::Limitation.label_en(),
        "Civil Procedure Law art. 128",
        "Where to complain",
    ] {
        let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains(&label), "{label} in the English PDF");
    }

    // The same case in Chinese speaks Chinese, with the same enum labels in zh.
    let zh = d.root.join("evidence-zh.pdf");
    export::evidence_pdf(&mut s, &id, &zh, false, export::PdfOptions::default()).unwrap();
    let text: String = pdf_text(&zh)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // The current stage is the one the stage rule derives (the events here come after the
    // explicit stage changes), shown on the cover as "<stage>（since …）".
    let (current_stage, _) = casefile::api::case::show(&s, &id)
        .unwrap()
        .stage
        .expect("the case has a stage");
    let current = format!("{}（", current_stage.label_zh());
    for label in [
        current.as_str(),
        Stage::Litigation.label_zh(),
        FlagCode::QuietHours.label_zh(),
        DeadlineKind::Limitation.label_zh(),
        "民事诉讼法第128条",
        "投诉渠道",
    ] {
        assert!(text.contains(label), "{label} in the Chinese PDF");
    }
    assert!(
        !text.contains(Stage::ALL[Stage::ALL.len() - 1].as_str()),
        "stages are named in Chinese"
    );
}
