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
    // Exhibits by number and title, never by the vault's id; the quiet-hours call is counted.
    assert!(f.contains("E001威胁短信.jpg"), "{t}");
    assert!(f.contains("E002call.m4a"), "{t}");
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
    let typed = "测试借款某某小额贷款有限公司你女儿在阳光小学读书吧明天我们去学校找她再不还钱我们就上门威胁短信某某资产管理公司李经理";
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
    assert!(f.contains("E001威胁短信.jpg"), "{f}");
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
