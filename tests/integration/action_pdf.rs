//! The packs for the people who act (issue 12): 投诉材料 and 报警材料 as PDFs, through the
//! CLI, read back with `pdftotext`.

use std::path::Path;
use std::process::Command;

use crate::cli::jpeg_with_exif;
use crate::util::{Dir, code, stderr};

fn text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn flat(s: &str) -> String {
    s.replace(char::is_whitespace, "")
}

/// A case with a threatening SMS (screenshot E001) on 2026-03-20 and a threatening call
/// (recording E002) on 2025-12-30, and a late call.
fn case_with_threats() -> (Dir, String, String) {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let shot = d.file("威胁短信.jpg", &jpeg_with_exif("2026:03:20 23:12:00"));
    let shot = d.add(&case, &[&shot])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let rec = d.random_file("call.m4a", 40_000, 7);
    let rec = d.add(&case, &[&rec])[0]["id"].as_str().unwrap().to_string();
    // The exhibits' titles (the 证据目录's) are the first lines of these notes.
    d.json(&["evidence", "annotate", &shot, "--note", "威胁短信截图"]);
    d.json(&["evidence", "annotate", &rec, "--note", "催收电话录音"]);
    d.json(&[
        "contact",
        "add",
        &case,
        "--at",
        "2026-03-20T23:10:00+08:00",
        "--channel",
        "sms",
        "--direction",
        "in",
        "--number",
        "17000000000",
        "--organisation",
        "某某资产管理公司",
        "--quote",
        "你女儿在阳光小学读书吧\n明天我们去学校找她",
        "--evidence",
        &shot,
    ]);
    d.json(&[
        "contact",
        "add",
        &case,
        "--at",
        "2025-12-30T10:00:00+08:00",
        "--channel",
        "call",
        "--direction",
        "in",
        "--number",
        "17000000000",
        "--person",
        "李经理",
        "--answered",
        "yes",
        "--quote",
        "再不还钱我们就上门",
        "--evidence",
        &rec,
    ]);
    (d, case, shot)
}

#[test]
fn the_police_report_quotes_the_dated_threats_and_asks_for_an_order_not_to_contact() {
    let (d, case, shot) = case_with_threats();
    let out = d.root.join("报警材料.pdf");
    let done = d.json(&["export", "police", &case, "--out", out.to_str().unwrap()]);
    assert_eq!(done["exhibits"], 2);
    let t = text(&out);
    let f = flat(&t);
    assert!(f.contains("报警材料（申请禁止接触）"), "{t}");
    // The whole message, both of its lines, in order and on lines of their own; never only
    // the keyword.
    let lines: Vec<&str> = t.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("原话：“你女儿在阳光小学读书吧"))
        .unwrap_or_else(|| panic!("{t}"));
    assert!(lines[first + 1].contains("明天我们去学校找她”"), "{t}");
    assert!(f.contains("再不还钱我们就上门"), "{t}");
    // The 2025 call cites art. 42 (the old text), the 2026 message art. 50; the request is
    // art. 50(2).
    assert!(f.contains("第42条"), "{t}");
    assert!(f.contains("第50条第1款"), "{t}");
    assert!(f.contains("第50条第2款"), "{t}");
    assert!(f.contains("不得接触报警人"), "{t}");
    assert!(
        !f.contains("293"),
        "the debt is not known to be illegal: {t}"
    );
    // Exhibits by number and title (never the file name or the vault's id); times in the one
    // format, with the offset; the quiet-hours call is counted.
    assert!(f.contains("E001威胁短信截图"), "{t}");
    assert!(f.contains("E002催收电话录音"), "{t}");
    // The time column may wrap: its parts are there, seconds and offset included.
    for part in ["2026-03-20", "23:10:00", "+08:00"] {
        assert!(t.contains(part), "{part}: {t}");
    }
    assert!(!t.contains(&shot), "{t}");
    assert!(f.contains("共1次"), "one contact in quiet hours: {t}");
    // Refuses to overwrite.
    let again = d.run(&["export", "police", &case, "--out", out.to_str().unwrap()]);
    assert_eq!(code(&again), 7, "{}", stderr(&again));

    let en = d.root.join("police-en.pdf");
    d.json(&[
        "export",
        "police",
        &case,
        "--out",
        en.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let t = text(&en);
    assert!(t.contains("order not to contact"), "{t}");
    assert!(t.contains("art. 50(2)"), "{t}");
    assert!(t.contains("art. 42"), "{t}");
    // No Chinese but what the user typed (the case, the lender, the words, the file name) and
    // the matched words the English reasons quote; table cells may wrap them, so characters
    // are compared.
    let typed = "测试借款某某小额贷款有限公司你女儿在阳光小学读书吧明天我们去学校找她再不还钱我们就上门威胁短信截图催收电话录音某某资产管理公司李经理";
    let han: String = t
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c) && !typed.contains(*c))
        .collect();
    assert!(han.is_empty(), "{han}\n{t}");
}

#[test]
fn the_complaint_goes_to_the_chosen_body_with_every_violation() {
    let (d, case, _) = case_with_threats();
    let out = d.root.join("投诉材料.pdf");
    d.json(&[
        "export",
        "complaint",
        &case,
        "--to",
        "central_bank",
        "--out",
        out.to_str().unwrap(),
    ]);
    let f = flat(&text(&out));
    assert!(f.contains("投诉材料"), "{f}");
    assert!(
        f.contains("中国人民银行（金融消费权益保护热线12363）"),
        "{f}"
    );
    assert!(f.contains("某某资产管理公司"), "{f}");
    assert!(
        f.contains("禁止时段联系") || f.contains("22:00–08:00"),
        "{f}"
    );
    assert!(
        f.contains("推荐性国家标准"),
        "each citation says its kind: {f}"
    );
    assert!(f.contains("E001威胁短信截图"), "{f}");
    let bad = d.run(&[
        "export",
        "complaint",
        &case,
        "--to",
        "nobody",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("regulator"), "{}", stderr(&bad));
}

#[test]
fn an_empty_log_gives_a_clear_error_and_no_file() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let out = d.root.join("x.pdf");
    for args in [
        vec!["export", "police", &case, "--out", out.to_str().unwrap()],
        vec!["export", "complaint", &case, "--out", out.to_str().unwrap()],
    ] {
        let r = d.run(&args);
        assert_eq!(code(&r), 2, "{}", stderr(&r));
        assert!(stderr(&r).contains("contact log"), "{}", stderr(&r));
        assert!(!out.exists());
    }
}

/// The app's path (the api the Tauri commands call): what each pack would hold, then the packs
/// and the mediation documents in English, with no Chinese but what the user typed.
#[test]
fn english_packs_and_mediation_documents_have_no_fixed_chinese() {
    use casefile::api::{Job, documents, export, mediation};
    use casefile::domain::plan::Waiver;
    use casefile::domain::{Lang, Money};

    use crate::english_pdf::{TRIGGERS, every_value_case, is_han, pdf_text};

    let (d, _) = crate::util::Dir::with_vault();
    let (mut s, id) = every_value_case(&d);
    let items = export::action_items(&s, &id).unwrap();
    let summary = casefile::api::contacts::violations(&s, &id).unwrap();
    assert_eq!(items.complaint as usize, summary.items.len());
    assert!(
        items.police >= 1 && items.police < items.complaint,
        "{items:?}"
    );

    // Table cells wrap and interleave in the extracted text, so the typed words are compared
    // character by character.
    let typed: String = TRIGGERS.concat();
    let chinese = |text: &str| -> String {
        text.chars()
            .filter(|c| is_han(*c) && !typed.contains(*c))
            .collect()
    };
    let job = Job::default();
    for (name, action) in [
        (
            "complaint-12378.pdf",
            export::Action::Complaint(export::ComplaintRecipient::Regulator),
        ),
        (
            "complaint-nifa.pdf",
            export::Action::Complaint(export::ComplaintRecipient::Nifa),
        ),
        ("police.pdf", export::Action::Police),
    ] {
        let out = d.root.join(name);
        let done = export::action_pdf(&mut s, &id, action, &out, false, Lang::En, &job).unwrap();
        let text = pdf_text(&out);
        let han = chinese(&text);
        assert!(han.is_empty(), "Chinese in {name}: {han}\n{text}");
        // Times with their offset; the complaint's exhibits by E-number and their title (the
        // user's note).
        assert!(text.contains("+08:00"), "{name}: {text}");
        if name.starts_with("complaint") {
            assert!(done.exhibits >= 1, "{name}: {done:?}");
            assert!(text.contains("note "), "{name}: {text}");
        }
    }

    // The case claims 10,000.00: 24 instalments, the first 16 a fen larger.
    mediation::choose(
        &mut s,
        &id,
        Money::from_fen(600_000),
        Money::from_fen(400_000),
        24,
        Waiver::InterestPenaltiesFees,
    )
    .unwrap();
    let options = documents::DocumentOptions {
        lang: Lang::En,
        first_due: chrono::NaiveDate::from_ymd_opt(2026, 1, 5),
    };
    let dir = d.root.join("documents-en");
    let written =
        documents::write_mediation_documents_with(&mut s, &id, &dir, false, options).unwrap();
    assert_eq!(written.len(), 2);
    for w in &written {
        let text = pdf_text(&w.path);
        let han = chinese(&text);
        assert!(
            han.is_empty(),
            "Chinese in {}: {han}\n{text}",
            w.path.display()
        );
    }
    let proposal = pdf_text(&dir.join("repayment-proposal.pdf"));
    let flat = proposal.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "Instalments 1–16: CNY 416.67 on day 5 of each month, 2026-01-05 to 2027-04-05",
        "Instalments 17–24: CNY 416.66 on day 5 of each month, 2027-05-05 to 2027-12-05",
        "Total: 24 instalments, CNY 10000.00",
    ] {
        assert!(flat.contains(line), "{line}\n{proposal}");
    }
}
