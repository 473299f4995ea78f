//! The evidence PDF's cover and 案件概要 carry what the vault recorded (court and 案号, parties
//! with phones, the overdue date, the loan's figures and real rate beside the lines for the
//! lender's type, repayments, the agreement and its payments, the mediation checks and their
//! red flags); each recording has its page with duration, supported contacts and the user's
//! 录音文字整理稿; every time is shown one way; the English PDF says all of it in English.

use std::process::Command;

use casefile::api::contacts::{self, NewContact};
use casefile::api::debt::{self, CaseEdit, NewParty};
use casefile::api::evidence::{self, AddOptions};
use casefile::api::mediation::{self, NewAgreement, NewCheck};
use casefile::api::{Session, case, export};
use casefile::domain::contact::{Channel, Direction};
use casefile::domain::debt::{
    MediationCheckKind, MediationCheckResult, MediationRedFlag, PartyRole,
};
use casefile::domain::rate::LenderType;
use casefile::domain::{EvidenceKind, Lang, Money, SystemClock};
use chrono::NaiveDate;
use secrecy::SecretString;
use serde_json::Value;

use crate::util::{Dir, PASSPHRASE, code, stderr};

fn wav(seconds: u32) -> Vec<u8> {
    let rate = 8000u32;
    let data_len = seconds * rate * 2;
    let mut v = b"RIFF".to_vec();
    v.extend_from_slice(&(36 + data_len).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&(rate * 2).to_le_bytes());
    v.extend_from_slice(&2u16.to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data_len.to_le_bytes());
    v.resize(v.len() + data_len as usize, 0);
    v
}

fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

fn pdf_text(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

/// A microloan case as a user would record it with the CLI: figures, a court with its 案号,
/// parties with phones, payments on the loan, a 12-instalment agreement with a payment, a
/// mediation check with red flags, and two recordings (one with a transcript from a file),
/// the first cited by a contact. Returns the directory, the case id and the two recordings.
fn recorded_case() -> (Dir, String, String, String) {
    let (d, _) = Dir::with_vault();
    let case = d.json(&[
        "case",
        "new",
        "--title",
        "某某小贷借款纠纷",
        "--lender",
        "某某网络小额贷款有限公司",
        "--principal",
        "10000",
        "--overdue-since",
        "2026-03-15",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    d.json(&[
        "case",
        "edit",
        &case,
        "--lender-type",
        "microloan",
        "--loan-date",
        "2025-06-01",
        "--received",
        "9000",
        "--contract-number",
        "XD-2025-0601",
        "--claimed-principal",
        "10000",
        "--claimed-interest",
        "2600",
        "--claimed-by",
        "某某资产管理有限公司",
    ]);
    d.json(&[
        "party",
        "add",
        &case,
        "--role",
        "court",
        "--name",
        "北京市朝阳区人民法院",
        "--case-number",
        "（2026）京0105民初12345号",
        "--phone",
        "010-12368",
    ]);
    d.json(&[
        "party",
        "add",
        &case,
        "--role",
        "collection_agency",
        "--name",
        "某某资产管理有限公司",
        "--phone",
        "17000000001",
        "--phone",
        "17000000002",
    ]);
    // Twelve monthly payments of 1100 by the contract: three made, nine not (yet).
    for k in 0..12u32 {
        let on = NaiveDate::from_ymd_opt(2025, 7, 1)
            .unwrap()
            .checked_add_months(chrono::Months::new(k))
            .unwrap()
            .to_string();
        let mut args = vec!["flow", "add", &case, "--on", &on, "--amount", "1100"];
        if k >= 3 {
            args.push("--scheduled");
        }
        d.json(&args);
    }
    d.json(&[
        "agreement",
        "add",
        &case,
        "--signed-on",
        "2026-05-10",
        "--total",
        "9000",
        "--installments",
        "12",
        "--first-due",
        "2026-06-10",
    ]);
    d.json(&[
        "agreement",
        "pay",
        &case,
        "--on",
        "2026-06-09",
        "--amount",
        "750",
    ]);
    d.json(&[
        "mediation",
        "check",
        &case,
        "--organisation",
        "华夏金融调解中心",
        "--notice-number",
        "TJ-2026-0088",
        "--check",
        "enterprise_registry",
        "--on",
        "2026-04-02",
        "--result",
        "suspicious",
        "--red-flag",
        "deposit",
        "--red-flag",
        "registered_as_company",
    ]);
    let first = d.file("催收来电.wav", &wav(4));
    let second = d.file("第二次来电.wav", &wav(2));
    let lines = d.add(&case, &[&first, &second]);
    let id = |i: usize| lines[i]["id"].as_str().unwrap().to_string();
    let (rec1, rec2) = (id(0), id(1));
    d.json(&[
        "contact",
        "add",
        &case,
        "--at",
        "2026-03-20T23:10:00+08:00",
        "--channel",
        "call",
        "--direction",
        "in",
        "--number",
        "17000000001",
        "--role",
        "collector",
        "--answered",
        "yes",
        "--summary",
        "威胁通知单位",
        "--evidence",
        &rec1,
    ]);
    let text = d.file(
        "整理稿.txt",
        "催收员：再不还钱就通知你单位。\r\n我：我会和平台协商还款。\r\n".as_bytes(),
    );
    d.json(&[
        "evidence",
        "annotate",
        &rec1,
        "--transcript-file",
        text.to_str().unwrap(),
    ]);
    (d, case, rec1, rec2)
}

#[test]
fn a_transcript_is_set_from_a_file_or_text_chained_cleared_and_bounded() {
    let (d, case, rec1, rec2) = recorded_case();
    let shown = d.json(&["evidence", "list", &case]);
    let item = |id: &str| {
        shown
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()
            .clone()
    };
    // The file's Windows line ends are made \n, and the outer blank is trimmed.
    assert_eq!(
        item(&rec1)["transcript"],
        "催收员：再不还钱就通知你单位。\n我：我会和平台协商还款。"
    );
    assert!(item(&rec2)["transcript"].is_null());

    // --transcript sets it, an option left out keeps it, "" clears it; each change is chained.
    let v = d.json(&["evidence", "annotate", &rec2, "--transcript", "对方：喂？"]);
    assert_eq!(v["transcript"], "对方：喂？");
    let v = d.json(&["evidence", "annotate", &rec2, "--note", "第二次来电"]);
    assert_eq!(v["transcript"], "对方：喂？", "left out: kept");
    let v = d.json(&["evidence", "annotate", &rec2, "--transcript", ""]);
    assert!(v["transcript"].is_null());
    let log = d.json(&["log", "--case", &case]);
    let changes: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "record_corrected")
        .flat_map(|e| e["data"]["changes"].as_array().unwrap())
        .filter(|c| c["field"] == "transcript")
        .collect();
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert!(changes[2]["old"] == "对方：喂？" && changes[2]["new"].is_null());

    // A GBK file (as Windows Notepad saves Chinese) reads as Chinese.
    let (gbk, _, _) = encoding_rs::GBK.encode("对方：今天必须还清。");
    let f = d.file("gbk.txt", &gbk);
    let v = d.json(&[
        "evidence",
        "annotate",
        &rec2,
        "--transcript-file",
        f.to_str().unwrap(),
    ]);
    assert_eq!(v["transcript"], "对方：今天必须还清。");

    // Too long: a clear error, exit 2, nothing saved and nothing chained.
    let n = log.as_array().unwrap().len();
    let long = d.file("long.txt", "字".repeat(60_001).as_bytes());
    let out = d.run(&[
        "evidence",
        "annotate",
        &rec2,
        "--transcript-file",
        long.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("60000"), "{}", stderr(&out));
    let v = d.json(&["evidence", "list", &case]);
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|e| e["transcript"] == "对方：今天必须还清。")
    );
    assert_eq!(
        d.json(&["log", "--case", &case]).as_array().unwrap().len(),
        n + 1,
        "only the GBK change was chained"
    );
    // Both at once is a usage error.
    let out = d.run(&[
        "evidence",
        "annotate",
        &rec2,
        "--transcript",
        "x",
        "--transcript-file",
        long.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    d.assert_verifies();
}

#[test]
fn the_cover_and_summary_carry_what_was_recorded() {
    let (d, case, rec1, rec2) = recorded_case();
    let rate = d.json(&["rate", &case]);
    let annual = rate["annual_rate_percent"].as_f64().unwrap();
    let out = d.root.join("证据材料.pdf");
    d.json(&["export", "pdf", &case, "--out", out.to_str().unwrap()]);
    let text = pdf_text(&out);
    let f = flat(&text);
    for want in [
        // The court's name beside its 案号.
        "北京市朝阳区人民法院（2026）京0105民初12345号",
        "案件概要",
        "当事人及相关方",
        "010-12368",
        "17000000001、17000000002",
        "逾期日期2026-03-15",
        "出借人类型小额贷款公司",
        "借款日期2025-06-01",
        "合同本金10000.00元",
        "实际到手金额9000.00元",
        "预先扣除的金额（合同本金−实际到手）1000.00元",
        "12600.00元（本金10000.00元、利息2600.00元）",
        "主张方：某某资产管理有限公司",
        // The lines for a microloan company, with their limit, kind and source (table cells
        // wrap, and pdftotext gives a row's cells line by line: only short words are whole).
        "适用于该出借人类型（小额贷款公司）的利率线",
        "24.00%",
        "监管要求",
        "小额贷款公司综合融资成本管理工作指引",
        // Repayments and the agreement, its 12 instalments on one line.
        "2025-07-01",
        "1100.00元",
        "已还合计：3300.00元",
        "合同约定应还（未记录已付）",
        "12期，每期750.00元，2026-06-10起每月",
        "2026-06-09",
        // The mediation check and its red flags.
        "华夏金融调解中心",
        "TJ-2026-0088",
        "可疑",
        "要求交保证金",
        "登记为有限公司",
    ] {
        assert!(f.contains(&flat(want)), "{want} in the PDF:\n{text}");
    }
    let shown_rate = format!("{annual:.2}%（按13笔现金流计算）");
    assert!(f.contains(&shown_rate), "{shown_rate} in the PDF:\n{text}");
    // Lines that are not this lender type's are not listed as if they were.
    assert!(!f.contains("20.00%"), "{text}");

    // Each recording's page: duration, the contact it supports, the transcript or （未整理）.
    assert!(f.contains("0:00:04"), "{text}");
    assert!(f.contains("这段录音所证明的联系"), "{text}");
    assert!(
        f.contains("2026-03-2023:10:00"),
        "the contact it supports: {text}"
    );
    assert!(f.contains("录音文字整理稿"), "{text}");
    assert!(f.contains("不是机器转写"), "{text}");
    assert!(
        f.contains("催收员：再不还钱就通知你单位。我：我会和平台协商还款。"),
        "{text}"
    );
    assert!(f.contains("（未整理）"), "the second has none: {text}");
    assert!(f.contains("联系记录中没有引用这段录音。"), "{text}");

    // One time format: each item's arrival time is printed as local time with its offset,
    // never as RFC 3339.
    let list = d.json(&["evidence", "list", &case]);
    for e in list.as_array().unwrap() {
        let rfc = e["added_at"].as_str().unwrap();
        let t = chrono::DateTime::parse_from_rfc3339(rfc).unwrap();
        let shown = t.format("%Y-%m-%d %H:%M:%S %:z").to_string();
        assert!(text.contains(&shown), "{shown} in the PDF");
        assert!(!text.contains(rfc), "{rfc} is not shown as RFC 3339");
    }
    let _ = (rec1, rec2);
}

#[test]
fn the_report_gathers_figures_flows_agreements_and_checks() {
    let (d, case, rec1, _) = recorded_case();
    let s = Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(SystemClock),
    )
    .unwrap();
    let r = export::report(&s, &case).unwrap();
    assert_eq!(r.repayments.len(), 12);
    assert!(r.repayments.iter().all(|p| p.amount_fen == 110_000));
    assert_eq!(r.repayments.iter().filter(|p| p.scheduled).count(), 9);
    let rate = r.rate.as_ref().expect("every figure is recorded");
    assert_eq!(rate.flows, 13);
    assert!(rate.annual_rate_percent > 0.0);
    assert_eq!(r.agreements.len(), 1);
    assert_eq!(r.agreements[0].agreement.installments.len(), 12);
    assert_eq!(r.agreements[0].payments.len(), 1);
    assert_eq!(r.agreements[0].payments[0].amount_fen, 75_000);
    assert_eq!(r.mediation_checks.len(), 1);
    assert_eq!(
        r.mediation_checks[0].red_flags,
        [
            MediationRedFlag::Deposit,
            MediationRedFlag::RegisteredAsCompany
        ]
    );
    let agency = r
        .parties
        .iter()
        .find(|p| p.role == PartyRole::CollectionAgency)
        .unwrap();
    assert_eq!(agency.phones, ["17000000001", "17000000002"]);
    let e = r.evidence.iter().find(|e| e.id == rec1).unwrap();
    assert!(e.transcript.as_deref().unwrap().starts_with("催收员"));

    // A case with nothing but a title: no rate, no rows — and the PDF says 未记录.
    let bare = d.new_case();
    let r = export::report(&s, &bare).unwrap();
    assert!(r.rate.is_none() && r.repayments.is_empty() && r.agreements.is_empty());
    drop(s);
    let out = d.root.join("bare.pdf");
    d.json(&["export", "pdf", &bare, "--out", out.to_str().unwrap()]);
    let f = flat(&pdf_text(&out));
    for want in [
        "出借人类型未记录",
        "借款日期未记录",
        "逾期日期未记录",
        "未计算：缺少借款日期、实际到手金额、还款记录",
        "尚未记录还款。",
        "尚未记录当事人或相关方。",
    ] {
        assert!(f.contains(want), "{want} in the bare PDF:\n{f}");
    }
    assert!(!f.contains("调解机构核实记录"), "no checks: no section");
}

#[test]
fn the_english_summary_and_recording_pages_are_english() {
    let (d, _) = Dir::with_vault();
    let mut s = Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(SystemClock),
    )
    .unwrap();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let c = case::create(
        &mut s,
        case::NewCase {
            title: "Li v. Example Microloan".into(),
            lender: "Example Microloan Co".into(),
            platform: None,
            principal: Some(Money::from_fen(1_000_000)),
            overdue_since: Some(day("2026-03-15")),
            confirm: false,
        },
    )
    .unwrap();
    let id = c.id.clone();
    let edit = CaseEdit {
        lender_type: Some(Some(LenderType::Microloan)),
        loan_date: Some(Some(day("2025-06-01"))),
        received: Some(Some(Money::from_fen(900_000))),
        ..Default::default()
    };
    debt::edit(&mut s, &id, edit).unwrap();
    for role in PartyRole::ALL {
        let p = NewParty {
            role,
            name: format!("Party {role}"),
            phones: vec!["13800000000".into()],
            case_number: Some("(2026) Case 12345".into()),
            note: None,
        };
        debt::add_party(&mut s, &id, p).unwrap();
    }
    for k in 0..12u32 {
        let on = day("2025-07-01")
            .checked_add_months(chrono::Months::new(k))
            .unwrap();
        debt::add_flow(
            &mut s,
            &id,
            on,
            Money::from_fen(110_000),
            k >= 3,
            None,
            false,
        )
        .unwrap();
    }
    let installments =
        mediation::equal_installments(Money::from_fen(900_000), 12, day("2026-06-10")).unwrap();
    let agreement = NewAgreement {
        signed_on: day("2026-05-10"),
        effective_on: day("2026-05-10"),
        total: Money::from_fen(900_000),
        installments,
        terms: Some("Interest and penalties waived".into()),
        confirm: false,
    };
    mediation::add_agreement(&mut s, &id, agreement).unwrap();
    mediation::add_payment(
        &mut s,
        &id,
        day("2026-06-09"),
        Money::from_fen(75_000),
        None,
        None,
        false,
    )
    .unwrap();
    for (i, kind) in MediationCheckKind::ALL.into_iter().enumerate() {
        let check = NewCheck {
            organisation: "Example Mediation Centre".into(),
            notice_number: Some("TJ-1".into()),
            check: kind,
            on: day("2026-04-02"),
            result: MediationCheckResult::ALL[i % MediationCheckResult::ALL.len()],
            red_flags: if i == 0 {
                MediationRedFlag::ALL.to_vec()
            } else {
                vec![]
            },
            note: None,
        };
        mediation::add_check(&mut s, &id, check).unwrap();
    }
    let rec = d.file("call.wav", &wav(3));
    let options = AddOptions {
        kind: Some(EvidenceKind::Recording),
        ..Default::default()
    };
    let rec = match evidence::add(&mut s, &id, &rec, &options, &mut |_| {}).unwrap() {
        evidence::AddOutcome::Added { evidence } => evidence,
        other => panic!("not added: {other:?}"),
    };
    let silent = d.file("silent.wav", &wav(1));
    evidence::add(&mut s, &id, &silent, &options, &mut |_| {}).unwrap();
    evidence::annotate(
        &mut s,
        &rec.id,
        EvidenceKind::Recording,
        None,
        None,
        Some("Caller: pay today or we call your employer.\nMe: I will talk to the platform."),
    )
    .unwrap();
    let mut call = NewContact::new(
        chrono::DateTime::parse_from_rfc3339("2026-03-20T15:10:00+08:00").unwrap(),
        Channel::Call,
        Direction::In,
    );
    call.number = Some("13800000000".into());
    call.evidence_ids = vec![rec.id.clone()];
    contacts::add(&mut s, &id, call).unwrap();

    let out = d.root.join("en.pdf");
    let options = export::PdfOptions {
        lang: Lang::En,
        ..Default::default()
    };
    export::evidence_pdf(&mut s, &id, &out, false, options).unwrap();
    let text = pdf_text(&out);
    let han: String = text.chars().filter(|c| is_han(*c)).collect();
    assert!(han.is_empty(), "Chinese in the English PDF: {han}\n{text}");
    let f = flat(&text);
    for want in [
        "Case summary",
        "Court and case number",
        "Party court (2026) Case 12345",
        "Overdue since",
        "Real annual rate",
        "Interest lines for this lender type (Microloan company)",
        "24.00%",
        "regulatory",
        "Guideline on the comprehensive",
        "[news]",
        "scheduled by the contract (not recorded as paid)",
        "12 instalments of CNY 750.00, monthly from 2026-06-10",
        "Checks on the mediation organisation",
        MediationRedFlag::Deposit.label_en(),
        "Contacts this recording supports",
        // The contact's time (its cell wraps before the offset).
        "2026-03-20 15:10:00",
        "not a machine transcription",
        "Caller: pay today or we call your employer.",
        "(not written)",
    ] {
        assert!(
            f.contains(&flat(want)),
            "{want} in the English PDF:\n{text}"
        );
    }
}
