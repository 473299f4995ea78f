//! The evidence PDF's contact log reads well: counts of calls (by attempt) above the table,
//! short columns, a contact-frequency chart with the rule's daily limit, and the violations
//! grouped by rule with each basis once — in Chinese, and all in English with `Lang::En`.

use std::process::Command;

use casefile::api::contacts::{self, NewContact};
use casefile::api::{Session, case, export};
use casefile::domain::contact::{Channel, Direction, ThirdParty};
use casefile::domain::{Lang, SystemClock};
use chrono::DateTime;
use secrecy::SecretString;

use crate::util::{Dir, PASSPHRASE};

fn contact(when: &str, channel: Channel, answered: Option<bool>, attempts: u32) -> NewContact {
    let mut c = NewContact::new(
        DateTime::parse_from_rfc3339(when).unwrap(),
        channel,
        Direction::In,
    );
    c.answered = answered;
    c.attempts = Some(attempts);
    c.number = Some("17000000001".into());
    c
}

/// pdftotext's text of the whole file, whitespace removed.
fn flat_text(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn the_contact_log_counts_calls_draws_the_chart_and_groups_violations_by_rule() {
    let (d, _) = Dir::with_vault();
    let mut s = Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(SystemClock),
    )
    .unwrap();
    let id = case::create(
        &mut s,
        case::NewCase {
            title: "联系记录样本".into(),
            lender: "某某消费金融有限公司".into(),
            platform: None,
            principal: None,
            overdue_since: None,
            confirm: false,
        },
    )
    .unwrap()
    .id;
    // Three entries standing for 1, 4 and 2 calls; two of them at night; a WeChat message;
    // one call to the user's family.
    let mut family = contact("2026-03-03T10:00:00+08:00", Channel::Call, Some(true), 1);
    family.third_party = Some(ThirdParty::Family);
    for c in [
        contact("2026-03-02T23:10:00+08:00", Channel::Call, Some(true), 1),
        contact("2026-03-04T06:30:00+08:00", Channel::Call, Some(false), 4),
        contact("2026-03-04T12:00:00+08:00", Channel::Call, None, 2),
        contact("2026-03-05T12:00:00+08:00", Channel::Wechat, None, 1),
        family,
    ] {
        contacts::add(&mut s, &id, c).unwrap();
    }

    let zh = d.root.join("zh.pdf");
    let options = export::PdfOptions {
        attachments: false,
        ..Default::default()
    };
    export::evidence_pdf(&mut s, &id, &zh, false, options).unwrap();
    let text = flat_text(&zh);
    for want in [
        // The summary: calls by attempt (1 + 4 + 2 + 1), answered, missed, messages, period.
        "来电8次（按呼叫次数计）：接通2次，未接通4次",
        "2026-03-02至2026-03-05，共4天，其中4天有联系",
        "夜间（22:00–08:00）5次",
        // The chart and its limit line.
        "每日联系次数（对方联系我）",
        "上限3",
        "每日接通电话上限3次",
        // Short columns: direction and calls.
        "呼入",
        "4次未接",
        "+08:00",
        // Violations by rule, each with its count.
        "禁止时段联系（2次）",
        "联系第三方（1次）",
    ] {
        assert!(text.contains(want), "{want} in the Chinese PDF:\n{text}");
    }
    assert!(!text.contains("对方联系我联系"), "no long direction words");
    assert_eq!(text.matches("依据：").count(), 2, "the basis once per rule");

    let en = d.root.join("en.pdf");
    let options = export::PdfOptions {
        attachments: false,
        lang: Lang::En,
        ..Default::default()
    };
    export::evidence_pdf(&mut s, &id, &en, false, options).unwrap();
    let text = flat_text(&en);
    for want in [
        "Callsfromthem",
        "8(eachattemptcounted):2answered,4notanswered",
        "Contactsperday(fromthem)",
        "limit3",
        "In/out",
        "4missed",
        "contactinquiethours(2)",
    ] {
        assert!(text.contains(want), "{want} in the English PDF:\n{text}");
    }
    assert_eq!(text.matches("Basis:").count(), 2, "the basis once per rule");
}
