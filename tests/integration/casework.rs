//! The case beyond its evidence, through the CLI's JSON: the debt's figures and their history,
//! stages, dated events and deadlines, the contact log and its flags, mediation preparation,
//! agreements, the real rate, and the dashboard.

use chrono::{Duration, Local, NaiveDate};
use serde_json::Value;

use crate::util::{Dir, code, stderr};

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn setup() -> (Dir, String) {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    (d, case)
}

#[test]
fn case_edits_are_chained_with_old_and_new_values() {
    let (d, case) = setup();
    let edited = d.json(&[
        "case",
        "edit",
        &case,
        "--lender-type",
        "microloan",
        "--received",
        "4,500",
        "--principal",
        "5000",
        "--loan-date",
        "2025-06-01",
        "--contract-number",
        "HT-2025-001",
        "--claimed-principal",
        "5000",
        "--claimed-interest",
        "1200.50",
        "--claimed-by",
        "某某资产管理公司",
        "--small-claims",
        "true",
    ]);
    assert_eq!(edited["details"]["lender_type"], "microloan");
    assert_eq!(edited["details"]["received_fen"], 450_000);
    assert_eq!(edited["details"]["claimed"]["interest_fen"], 120_050);
    assert_eq!(edited["details"]["small_claims"], true);
    assert_eq!(edited["principal"], "5000.00");

    // Change one value again and clear another.
    d.json(&[
        "case",
        "edit",
        &case,
        "--received",
        "4800",
        "--contract-number",
        "",
    ]);
    let history = d.json(&["case", "history", &case]);
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let second = entries[1]["changes"].as_array().unwrap();
    let received = second
        .iter()
        .find(|c| c["field"] == "received_fen")
        .unwrap();
    assert_eq!(received["old"], 450_000);
    assert_eq!(received["new"], 480_000);
    let cleared = second
        .iter()
        .find(|c| c["field"] == "contract_number")
        .unwrap();
    assert_eq!(cleared["old"], "HT-2025-001");
    assert!(cleared["new"].is_null());

    // An edit that changes nothing adds nothing to the chain.
    let before = d.json(&["log"]).as_array().unwrap().len();
    d.json(&["case", "edit", &case, "--received", "4800.00"]);
    assert_eq!(d.json(&["log"]).as_array().unwrap().len(), before);

    let bad = d.run(&["case", "edit", &case, "--lender-type", "loan_shark"]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("private_lender"), "{}", stderr(&bad));
    let bad = d.run(&["case", "edit", &case, "--claimed-fees", "-5"]);
    assert_eq!(code(&bad), 2);
    d.assert_verifies();
}

#[test]
fn stages_are_dated_may_skip_and_go_back() {
    let (d, case) = setup();
    let shot = d.file("notice.png", &crate::cli::tiny_png());
    let eid = d.add(&case, &[&shot])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    d.json(&["stage", "set", &case, "collection", "--on", "2026-01-10"]);
    d.json(&[
        "stage",
        "set",
        &case,
        "litigation",
        "--on",
        "2026-03-01",
        "--evidence",
        &eid,
        "--note",
        "收到起诉状",
    ]);
    d.json(&[
        "stage",
        "set",
        &case,
        "mediation",
        "--on",
        "2026-04-01",
        "--note",
        "诉前调解",
    ]);
    let shown = d.json(&["case", "show", &case]);
    assert_eq!(shown["stage"], "mediation");
    assert_eq!(shown["stage_since"], "2026-04-01");
    // Recorded late, but dated earlier: it does not become the current stage.
    d.json(&["stage", "set", &case, "overdue", "--on", "2025-12-01"]);
    let list = d.json(&["stage", "list", &case]);
    let stages: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| s(&c["stage"]))
        .collect();
    assert_eq!(stages, ["overdue", "collection", "litigation", "mediation"]);
    assert_eq!(d.json(&["case", "show", &case])["stage"], "mediation");

    let other = d.new_case();
    let out = d.run(&[
        "stage",
        "set",
        &other,
        "collection",
        "--on",
        "2026-01-01",
        "--evidence",
        &eid,
    ]);
    assert_eq!(
        code(&out),
        2,
        "evidence of another case is refused: {}",
        stderr(&out)
    );
    let out = d.run(&["stage", "set", &case, "court", "--on", "2026-01-01"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("litigation"));
}

#[test]
fn a_summons_starts_the_defence_deadline_with_its_basis() {
    let (d, case) = setup();
    d.json(&[
        "event",
        "add",
        &case,
        "complaint_served",
        "--on",
        "2024-09-20",
    ]);
    let list = d.json(&["deadlines", "--case", &case]);
    let defence = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "defence")
        .unwrap();
    assert_eq!(defence["case_id"], case.as_str());
    // 15 days after 2024-09-20 is 2024-10-05, inside the National Day holiday: next working day.
    assert_eq!(defence["due"], "2024-10-08");
    assert!(s(&defence["basis"]).contains("民事诉讼法"), "{defence}");
    assert_eq!(defence["passed"], true);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "jurisdiction_objection")
    );

    // A recent summons: not passed, and days_left counts from today.
    let today = Local::now().date_naive();
    let served = today - Duration::days(3);
    d.json(&[
        "event",
        "add",
        &case,
        "complaint_served",
        "--on",
        &served.to_string(),
    ]);
    let list = d.json(&["deadlines", "--case", &case]);
    let defence = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "defence")
        .unwrap();
    let due = NaiveDate::parse_from_str(s(&defence["due"]), "%Y-%m-%d").unwrap();
    assert!(due >= served + Duration::days(15), "{defence}");
    assert_eq!(defence["passed"], false);
    assert_eq!(defence["days_left"], (due - today).num_days());

    let bad = d.run(&["event", "add", &case, "summons", "--on", "2026-01-01"]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("complaint_served"));
}

#[test]
fn small_claims_cases_have_no_appeal_deadline() {
    let (d, case) = setup();
    d.json(&[
        "event",
        "add",
        &case,
        "judgment_served",
        "--on",
        "2026-11-20",
    ]);
    let kinds = |d: &Dir| -> Vec<String> {
        d.json(&["deadlines", "--case", &case])
            .as_array()
            .unwrap()
            .iter()
            .map(|x| s(&x["kind"]).to_string())
            .collect()
    };
    assert!(kinds(&d).contains(&"appeal".to_string()));
    d.json(&["case", "edit", &case, "--small-claims", "true"]);
    assert!(!kinds(&d).contains(&"appeal".to_string()));
}

#[test]
fn deadlines_across_cases_come_soonest_first() {
    let (d, a) = setup();
    let b = d.new_case();
    d.json(&["event", "add", &a, "performance_due", "--on", "2026-01-05"]);
    d.json(&["event", "add", &b, "ruling_served", "--on", "2026-11-25"]);
    let list = d.json(&["deadlines"]);
    let dues: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|x| s(&x["due"]))
        .collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|x| x["case_id"] == a.as_str() && x["kind"] == "enforcement_application")
    );
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|x| x["case_id"] == b.as_str() && x["kind"] == "appeal_ruling")
    );
}

#[test]
fn a_call_at_23_00_is_flagged_for_quiet_hours() {
    let (d, case) = setup();
    let rec = d.random_file("call.m4a", 50_000, 4);
    let eid = d.add(&case, &[&rec])[0]["id"].as_str().unwrap().to_string();
    let c = d.json(&[
        "contact",
        "add",
        &case,
        "--at",
        "2026-03-20T23:00:00+08:00",
        "--channel",
        "call",
        "--direction",
        "in",
        "--number",
        "17000000000",
        "--role",
        "collector",
        "--answered",
        "yes",
        "--evidence",
        &eid,
        "--summary",
        "催收员来电，说要通知单位",
        "--quote",
        "再不还钱就通知你们单位",
    ]);
    let codes: Vec<&str> = c["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| s(&f["code"]))
        .collect();
    assert!(codes.contains(&"quiet_hours"), "{c:#}");
    assert!(codes.contains(&"threat"), "{c:#}");
    let quiet = c["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "quiet_hours")
        .unwrap();
    assert!(!s(&quiet["reason_zh"]).is_empty());
    assert!(!s(&quiet["basis"]).is_empty());

    // Only time, channel and direction are required; a daytime call by the user flags nothing.
    let plain = d.json(&[
        "contact",
        "add",
        &case,
        "--at",
        "2026-03-21T10:00:00+08:00",
        "--channel",
        "call",
        "--direction",
        "out",
    ]);
    assert!(plain["flags"].as_array().unwrap().is_empty());

    let list = d.json(&["contact", "list", &case]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["evidence_ids"][0], eid.as_str());

    let v = d.json(&["violations", &case]);
    assert!(v["total"].as_u64().unwrap() >= 2, "{v:#}");
    assert!(
        v["channels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|ch| ch["number"] == "12378" && ch["line"] == "regulator"),
        "{v:#}"
    );
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["evidence_ids"][0] == eid.as_str()),
        "{v:#}"
    );

    let bad = d.run(&[
        "contact",
        "add",
        &case,
        "--at",
        "昨晚",
        "--channel",
        "call",
        "--direction",
        "in",
    ]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("2026-03-20T23:05:00+08:00"));
    let future = (Local::now() + Duration::days(2))
        .fixed_offset()
        .to_rfc3339();
    let bad = d.run(&[
        "contact",
        "add",
        &case,
        "--at",
        &future,
        "--channel",
        "call",
        "--direction",
        "in",
    ]);
    assert_eq!(code(&bad), 2);
    d.assert_verifies();
}

#[test]
fn mediation_preparation_end_to_end() {
    let (d, case) = setup();
    // The organisation check, with a red flag.
    d.json(&[
        "mediation",
        "check",
        &case,
        "--organisation",
        "某某金融纠纷调解中心",
        "--notice-number",
        "TJ-2026-0001",
        "--check",
        "court_platform_listing",
        "--on",
        "2026-11-20",
        "--result",
        "not_found",
        "--red-flag",
        "deposit",
    ]);
    let view = d.json(&["mediation", "show", &case]);
    assert_eq!(view["red_flags"][0], "deposit");
    assert_eq!(view["warning"], "suspicious");
    // The warning is worded from its code, in both languages.
    let warning = casefile::domain::debt::MediationWarning::Suspicious;
    assert!(warning.label_zh().contains("保证金"));
    assert!(warning.label_en().contains("deposit"));

    // The checklist: a kind that does not fit is refused with the kinds that do.
    let id_photo = d.file("id.png", &crate::cli::tiny_png());
    let screenshot_id = d.add(&case, &[&id_photo])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = d.run(&["mediation", "link", &case, "id_card", &screenshot_id]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("身份证明"), "{}", stderr(&out));
    let id_card = d.file(
        "idcard.jpg",
        &crate::cli::jpeg_with_exif("2026:01:01 10:00:00"),
    );
    let out = d.json(&[
        "evidence",
        "add",
        &case,
        id_card.to_str().unwrap(),
        "--kind",
        "id",
    ]);
    let id_evidence = out[0]["id"].as_str().unwrap().to_string();
    d.json(&["mediation", "link", &case, "id_card", &id_evidence]);
    let checklist = d.json(&["mediation", "checklist", &case]);
    let item = checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "id_card")
        .unwrap();
    assert_eq!(item["done"], true);
    assert!(
        !checklist["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "id_card")
    );
    assert!(
        checklist["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "hardship_proof")
    );

    // Plans need the claimed amounts.
    let out = d.run(&[
        "mediation",
        "plan",
        &case,
        "--income",
        "6000",
        "--expenses",
        "4000",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--claimed-principal"),
        "{}",
        stderr(&out)
    );
    d.json(&[
        "case",
        "edit",
        &case,
        "--claimed-principal",
        "10000.01",
        "--claimed-interest",
        "1500",
        "--claimed-penalties",
        "800",
        "--claimed-fees",
        "200",
    ]);
    let plans = d.json(&[
        "mediation",
        "plan",
        &case,
        "--income",
        "6000",
        "--expenses",
        "4000",
    ]);
    let plans = plans.as_array().unwrap();
    assert_eq!(plans.len(), 9, "3 month counts × 3 waivers");
    for p in plans {
        let sum: i64 = p["payments_fen"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_i64().unwrap())
            .sum();
        assert_eq!(
            sum,
            p["total_fen"].as_i64().unwrap(),
            "adds up to the cent: {p}"
        );
        assert_eq!(
            p["payments_fen"].as_array().unwrap().len() as u64,
            p["months"].as_u64().unwrap()
        );
    }
    let full = plans
        .iter()
        .find(|p| p["months"] == 12 && p["waiver"] == "none")
        .unwrap();
    assert_eq!(full["total_fen"], 1_000_001 + 150_000 + 80_000 + 20_000);
    let principal_only = plans
        .iter()
        .find(|p| p["months"] == 36 && p["waiver"] == "interest_penalties_fees")
        .unwrap();
    assert_eq!(principal_only["total_fen"], 1_000_001);
    let chosen = d.json(&[
        "mediation",
        "choose",
        &case,
        "--income",
        "6000",
        "--expenses",
        "4000",
        "--months",
        "24",
        "--waiver",
        "penalties_and_fees",
    ]);
    assert_eq!(chosen["option"]["total_fen"], 1_000_001 + 150_000);
    assert_eq!(
        d.json(&["mediation", "show", &case])["plan"]["option"]["months"],
        24
    );
    d.assert_verifies();
}

#[test]
fn a_signed_agreement_starts_judicial_confirmation_and_tracks_payments() {
    let (d, case) = setup();
    let out = d.run(&[
        "agreement",
        "add",
        &case,
        "--signed-on",
        "2026-11-10",
        "--total",
        "3000",
        "--schedule",
        "2026-12-10:1000",
        "--schedule",
        "2027-01-10:1000",
    ]);
    assert_eq!(code(&out), 2, "instalments must add up to the total");
    assert!(stderr(&out).contains("3000.00"));
    let a = d.json(&[
        "agreement",
        "add",
        &case,
        "--signed-on",
        "2026-11-10",
        "--total",
        "3000.01",
        "--installments",
        "3",
        "--first-due",
        "2026-12-31",
    ]);
    let amounts: Vec<i64> = a["installments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["amount_fen"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [100_001, 100_000, 100_000]);
    let dues: Vec<&str> = a["installments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| s(&i["due"]))
        .collect();
    assert_eq!(
        dues,
        ["2026-12-31", "2027-01-31", "2027-02-28"],
        "month ends are clamped"
    );

    d.json(&[
        "agreement",
        "pay",
        &case,
        "--on",
        "2026-11-28",
        "--amount",
        "1500",
    ]);
    let views = d.json(&["agreement", "show", &case]);
    let v = &views[0];
    assert_eq!(v["status"]["paid_fen"], 150_000);
    assert_eq!(v["status"]["remaining_fen"], 150_001);
    assert_eq!(v["status"]["next_due"], "2027-01-31");
    assert_eq!(v["status"]["next_due_fen"], 50_001);
    // 30 days from 2026-11-10 is 2026-12-10, a Thursday.
    assert_eq!(v["judicial_confirmation_due"], "2026-12-10");
    let deadlines = d.json(&["deadlines", "--case", &case]);
    assert!(
        deadlines
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "judicial_confirmation" && x["due"] == "2026-12-10")
    );
}

#[test]
fn the_rate_calculator_works_standalone_and_from_a_case() {
    let d = Dir::new();
    // No vault is needed for the standalone calculator.
    let mut args = vec!["--json", "rate", "--flow", "2025-01-01:-10000"];
    let flows: Vec<String> = (1..=12)
        .map(|m| {
            format!(
                "{}:1000",
                NaiveDate::from_ymd_opt(2025, 1, 1)
                    .unwrap()
                    .checked_add_months(chrono::Months::new(m))
                    .unwrap()
            )
        })
        .collect();
    for f in &flows {
        args.push("--flow");
        args.push(f);
    }
    let out = d.cmd().args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rate = r["annual_rate_percent"].as_f64().unwrap();
    // 41.51% compounded (XIRR, Actual/365) for these dates, computed independently by bisection
    // in Python; lenders would quote about 35% (monthly IRR × 12).
    assert!(
        (rate - 41.51).abs() < 0.01,
        "10,000 repaid as 12 × 1,000: {rate}"
    );

    let (d, case) = setup();
    let out = d.run(&["rate", &case]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--loan-date"),
        "says what to record: {}",
        stderr(&out)
    );
    d.json(&[
        "case",
        "edit",
        &case,
        "--loan-date",
        "2025-01-01",
        "--principal",
        "10000",
        "--received",
        "8000",
        "--lender-type",
        "private_lender",
    ]);
    for f in &flows {
        let (on, amount) = f.split_once(':').unwrap();
        d.json(&["flow", "add", &case, "--on", on, "--amount", amount]);
    }
    let r = d.json(&["rate", &case]);
    assert!(
        r["annual_rate_percent"].as_f64().unwrap() > rate,
        "砍头息 raises the real rate: {r:#}"
    );
    assert_eq!(r["upfront_deduction_fen"], 200_000);
    let bad = d.run(&["rate", "--flow", "2025-13-01:100"]);
    assert_eq!(code(&bad), 2);
}

#[test]
fn dashboard_summarises_every_case() {
    let (d, a) = setup();
    let b = d.new_case();
    d.json(&[
        "case",
        "edit",
        &a,
        "--claimed-principal",
        "5000",
        "--claimed-interest",
        "500",
    ]);
    d.json(&["stage", "set", &a, "collection", "--on", "2026-10-01"]);
    d.json(&[
        "contact",
        "add",
        &a,
        "--at",
        "2026-10-02T23:30:00+08:00",
        "--channel",
        "call",
        "--direction",
        "in",
    ]);
    let soon = Local::now().date_naive() - Duration::days(1);
    d.json(&[
        "event",
        "add",
        &b,
        "complaint_served",
        "--on",
        &soon.to_string(),
    ]);
    let dash = d.json(&["dashboard"]);
    let cases = dash["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    let ca = cases.iter().find(|c| c["id"] == a.as_str()).unwrap();
    assert_eq!(ca["stage"], "collection");
    assert_eq!(ca["outstanding_fen"], 550_000);
    assert_eq!(ca["violation_count"], 1);
    let cb = cases.iter().find(|c| c["id"] == b.as_str()).unwrap();
    assert_eq!(cb["next_deadline"]["kind"], "defence");
    assert_eq!(dash["totals"]["cases"], 2);
    assert_eq!(dash["totals"]["violations"], 1);
    assert!(
        dash["next_30_days"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["case_id"] == b.as_str())
    );
}

#[test]
fn parties_are_recorded() {
    let (d, case) = setup();
    d.json(&[
        "party",
        "add",
        &case,
        "--role",
        "court",
        "--name",
        "某某区人民法院",
        "--case-number",
        "（2026）京0105民初12345号",
        "--phone",
        "010-00000000",
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
        "17000000000",
        "--phone",
        "17000000001",
    ]);
    let list = d.json(&["party", "list", &case]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["case_number"], "（2026）京0105民初12345号");
    assert_eq!(list[1]["phones"].as_array().unwrap().len(), 2);
    let bad = d.run(&["party", "add", &case, "--role", "police", "--name", "x"]);
    assert_eq!(code(&bad), 2);
}

#[test]
fn an_altered_case_record_is_caught_by_verify() {
    use casefile::vault::Vault;
    use secrecy::SecretString;
    let (d, case) = setup();
    d.json(&[
        "contact",
        "add",
        &case,
        "--at",
        "2026-03-20T12:00:00+08:00",
        "--channel",
        "sms",
        "--direction",
        "in",
        "--summary",
        "原始内容",
    ]);
    d.assert_verifies();
    {
        let vault = Vault::unlock(&d.vault, &SecretString::from(crate::util::PASSPHRASE)).unwrap();
        let conn = casefile::db::open(&vault).unwrap();
        conn.execute_batch(
            "DROP TRIGGER case_records_are_append_only_update;
             UPDATE case_records SET body = replace(body, '原始内容', '改过的内容');",
        )
        .unwrap();
    }
    let (code, v) = d.verify();
    assert_eq!(code, 4);
    assert!(
        v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["code"] == "record_unchained"),
        "{v:#}"
    );
}

#[test]
fn mediation_documents_are_filled_in_from_the_case() {
    let (d, case) = setup();
    d.json(&[
        "case",
        "edit",
        &case,
        "--claimed-principal",
        "8000",
        "--claimed-interest",
        "960",
        "--contract-number",
        "JK20250601",
    ]);
    d.json(&[
        "mediation",
        "choose",
        &case,
        "--income",
        "5200",
        "--expenses",
        "3900",
        "--months",
        "12",
        "--waiver",
        "penalties_and_fees",
    ]);
    // Two items of evidence: the pay slip is the second, so it is exhibit E002.
    let first = d.file(
        "合同截图.jpg",
        &crate::cli::jpeg_with_exif("2026:01:01 10:00:00"),
    );
    d.json(&[
        "evidence",
        "add",
        &case,
        first.to_str().unwrap(),
        "--kind",
        "screenshot",
    ]);
    let slip = d.file(
        "工资流水.jpg",
        &crate::cli::jpeg_with_exif("2026:01:02 10:00:00"),
    );
    let out = d.json(&[
        "evidence",
        "add",
        &case,
        slip.to_str().unwrap(),
        "--kind",
        "income",
    ]);
    let slip_id = out[0]["id"].as_str().unwrap().to_string();
    d.json(&["mediation", "link", &case, "hardship_proof", &slip_id]);
    let out_dir = d.root.join("文书");
    let docs = d.json(&[
        "mediation",
        "documents",
        &case,
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    for doc in docs {
        let path = std::path::Path::new(s(&doc["path"]));
        let bytes = std::fs::read(path).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{}", path.display());
        assert_eq!(crate::util::sha256_file(path), s(&doc["sha256"]));
        assert!(
            bytes.len() < 1 << 20,
            "the font is subset: {} bytes",
            bytes.len()
        );
    }
    let proposal = out_dir.join("协商还款申请书.pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(&proposal)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    let text = String::from_utf8_lossy(&text.stdout).replace(char::is_whitespace, "");
    assert!(text.contains("协商还款申请书"), "{text}");
    assert!(text.contains("JK20250601"), "{text}");
    assert!(
        text.contains("8960.00元"),
        "total of principal and interest: {text}"
    );
    assert!(text.contains("第1页/共"), "page footer: {text}");
    // Exhibits are cited by number and title as the 证据目录 gives it (no note: the kind and
    // the camera's time), never by the file name or the vault's internal id; a schedule of
    // equal instalments is one line per run, not twelve, then the total.
    let slip_title = format!(
        "E002{}2026-01-0210:00",
        casefile::domain::EvidenceKind::Income.label_zh()
    );
    assert!(text.contains(&slip_title), "{slip_title}: {text}");
    assert!(!text.contains("工资流水.jpg"), "{text}");
    assert!(!text.contains(&slip_id), "{text}");
    assert!(text.contains("第1–8期：每期746.67元"), "{text}");
    assert!(text.contains("第9–12期：每期746.66元"), "{text}");
    assert!(text.contains("合计：12期，8960.00元"), "{text}");
    let hardship = std::process::Command::new("pdftotext")
        .arg(out_dir.join("困难情况说明.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let hardship = String::from_utf8_lossy(&hardship.stdout).replace(char::is_whitespace, "");
    assert!(hardship.contains(&format!("1.{slip_title}")), "{hardship}");
    assert!(!hardship.contains(&slip_id), "{hardship}");

    let again = d.run(&[
        "mediation",
        "documents",
        &case,
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(code(&again), 7, "refuses to overwrite without --force");
    let log = d.json(&["log", "--case", &case]);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "export_made")
    );
}
