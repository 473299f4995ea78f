use chrono::NaiveDate;

use super::lpr::format_basis_points;
use super::xirr::bracket_and_bisect;
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn flows(specs: &[&str]) -> Vec<CashFlow> {
    specs.iter().map(|s| CashFlow::parse(s).unwrap()).collect()
}

/// `n` monthly payments of `yuan` on day `day`, starting the month after (y, m).
fn monthly(y: i32, m: u32, day: u32, n: u32, amount_fen: i64) -> Vec<CashFlow> {
    (1..=n)
        .map(|i| {
            let mm = m - 1 + i;
            CashFlow::new(d(y + (mm / 12) as i32, mm % 12 + 1, day), amount_fen)
        })
        .collect()
}

fn assert_pct(rate: f64, expected_percent: f64) {
    let got = rate * 100.0;
    assert!(
        (got - expected_percent).abs() < 0.01,
        "got {got}%, expected {expected_percent}%"
    );
}

// Reference values below were computed outside Rust, in Python 3.11: the Actual/365
// equation sum(a_i / (1+r)**((d_i-d_0).days/365)) = 0 solved by a 300-step bisection on
// ln(1+r) over [-0.9999, 1e9], and cross-checked with pyxirr 0.10.8 `xirr` (both agree to
// all printed digits).

#[test]
fn xirr_10000_received_12_monthly_1000() {
    // Python: 41.276727 % (pyxirr 41.27672671919297). The same loan as monthly IRR × 12
    // is 35.07 % (scipy brentq on the monthly equation).
    let mut f = vec![CashFlow::parse("2024-01-15:-10000.00").unwrap()];
    f.extend(monthly(2024, 1, 15, 12, 100_000));
    assert_pct(xirr(&f).unwrap(), 41.276727);
}

#[test]
fn xirr_upfront_deduction_8000_of_10000() {
    // Contract 10,000, 8,000 received 2024-03-01, 12 monthly payments of 900.
    // Python: 77.977898 % on the 8,000 actually received; 15.361306 % if the 10,000
    // contract principal were (wrongly) taken as received.
    let mut real = vec![CashFlow::parse("2024-03-01:-8000").unwrap()];
    real.extend(monthly(2024, 3, 1, 12, 90_000));
    assert_pct(xirr(&real).unwrap(), 77.977898);
    let mut nominal = vec![CashFlow::parse("2024-03-01:-10000").unwrap()];
    nominal.extend(monthly(2024, 3, 1, 12, 90_000));
    assert_pct(xirr(&nominal).unwrap(), 15.361306);
}

#[test]
fn xirr_7_day_1000_to_1300() {
    // Python: 87363785.644864 % (pyxirr 87363785.64486478).
    let f = flows(&["2024-05-01:-1000", "2024-05-08:1300"]);
    assert_pct(xirr(&f).unwrap(), 87_363_785.644864);
}

#[test]
fn xirr_irregular_dates_with_leap_day() {
    // Python: 37.267620 % (pyxirr 37.26761969042256).
    let f = flows(&[
        "2023-11-03:-5000.00",
        "2023-12-20:1200.50",
        "2024-02-29:800",
        "2024-04-11:2000",
        "2024-07-30:1750.25",
    ]);
    assert_pct(xirr(&f).unwrap(), 37.267620);
}

#[test]
fn xirr_unsorted_two_draws() {
    // Python: 38.713880 % (pyxirr 38.713879866000376).
    let f = flows(&[
        "2024-06-10:3000",
        "2024-01-10:-2000",
        "2024-03-05:-1500",
        "2024-09-01:1000",
    ]);
    assert_pct(xirr(&f).unwrap(), 38.713880);
}

#[test]
fn xirr_negative_rate() {
    // Python: -10.000000 % (1000 out, 900 back after exactly 365 days).
    let f = flows(&["2023-01-01:-1000", "2024-01-01:900"]);
    assert_pct(xirr(&f).unwrap(), -10.0);
}

#[test]
fn bisection_fallback_agrees_with_newton() {
    let f = flows(&[
        "2023-11-03:-5000.00",
        "2023-12-20:1200.50",
        "2024-02-29:800",
        "2024-04-11:2000",
        "2024-07-30:1750.25",
    ]);
    let d0 = f.iter().map(|c| c.on).min().unwrap();
    let terms: Vec<(f64, f64)> = f
        .iter()
        .map(|c| (c.amount_fen as f64, (c.on - d0).num_days() as f64 / 365.0))
        .collect();
    assert_pct(bracket_and_bisect(&terms).unwrap(), 37.267620);
    let short = flows(&["2024-05-01:-1000", "2024-05-08:1300"]);
    let terms: Vec<(f64, f64)> = short
        .iter()
        .map(|c| {
            (
                c.amount_fen as f64,
                (c.on - short[0].on).num_days() as f64 / 365.0,
            )
        })
        .collect();
    assert_pct(bracket_and_bisect(&terms).unwrap(), 87_363_785.644864);
}

#[test]
fn xirr_errors() {
    assert_eq!(xirr(&[]), Err(RateError::TooFewFlows(0)));
    assert_eq!(
        xirr(&flows(&["2024-01-01:-100"])),
        Err(RateError::TooFewFlows(1))
    );
    let pos = xirr(&flows(&["2024-01-01:100", "2024-02-01:100"])).unwrap_err();
    assert_eq!(pos, RateError::NoSignChange { all_positive: true });
    assert!(pos.to_string().contains("negative flow"));
    let neg = xirr(&flows(&["2024-01-01:-100", "2024-02-01:-100"])).unwrap_err();
    assert_eq!(
        neg,
        RateError::NoSignChange {
            all_positive: false
        }
    );
    assert!(neg.to_string().contains("positive flows"));
    assert_eq!(
        xirr(&flows(&["2024-01-01:-100", "2024-01-01:120"])),
        Err(RateError::AllSameDate)
    );
    // Paid back 1 fen of 1,000,000 yuan after 1 year: below -99.99 % a year.
    assert_eq!(
        xirr(&flows(&["2023-01-01:-1000000", "2024-01-01:0.01"])),
        Err(RateError::NoConvergence)
    );
    assert!(
        RateError::NoConvergence
            .to_string()
            .contains("remaining scheduled payments")
    );
}

#[test]
fn cash_flow_parse() {
    assert_eq!(
        CashFlow::parse("2024-01-15:-10000.00").unwrap(),
        CashFlow::new(d(2024, 1, 15), -1_000_000)
    );
    assert_eq!(
        CashFlow::parse(" 2024-02-15 : 1000 ").unwrap(),
        CashFlow::new(d(2024, 2, 15), 100_000)
    );
    assert_eq!(
        "2024-02-29:+12.5".parse::<CashFlow>().unwrap().amount_fen,
        1250
    );
    assert_eq!(CashFlow::parse("2024-02-29:0.07").unwrap().amount_fen, 7);
    // Amounts are read as `Money` reads them, thousands separators included.
    assert_eq!(
        CashFlow::parse("2024-02-29:-1,234.56").unwrap().amount_fen,
        -123_456
    );
    for bad in [
        "2024-01-15",
        "2024-01-15:",
        "2024-13-01:100",
        "2023-02-29:100",
        "15/01/2024:100",
        "2024-01-15:1.234",
        "2024-01-15:abc",
        "2024-01-15:1.",
        "2024-01-15:-",
        "2024-01-15:99999999999999999999",
    ] {
        let e = CashFlow::parse(bad).unwrap_err();
        assert!(
            matches!(e, RateError::BadCashFlow { .. }),
            "{bad} should fail"
        );
        assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
    }
}

#[test]
fn lender_type_roundtrip() {
    for l in LenderType::ALL {
        assert_eq!(l.as_str().parse::<LenderType>().unwrap(), l);
        assert_eq!(
            serde_json::to_string(&l).unwrap(),
            format!("\"{}\"", l.as_str())
        );
        assert!(!l.label_zh().is_empty());
    }
    assert_eq!(
        "Consumer-Finance".parse::<LenderType>().unwrap(),
        LenderType::ConsumerFinance
    );
    assert!(matches!(
        "loan shark".parse::<LenderType>(),
        Err(e) if e.contains("lender type")
    ));
}

#[test]
fn builtin_lpr_table_is_valid_and_ascending() {
    let t = LprTable::builtin();
    assert!(t.source().contains("全国银行间同业拆借中心"));
    assert_eq!(t.entries().first().unwrap().from, d(2019, 8, 20));
    assert!(t.entries().windows(2).all(|w| w[0].from < w[1].from));
    assert!(t.entries().iter().all(|e| e.basis_points > 0));
    assert!(t.checked_through().unwrap() >= t.entries().last().unwrap().from);
}

#[test]
fn lpr_lookup_on_and_around_change_dates() {
    let t = LprTable::builtin();
    assert_eq!(t.one_year_on(d(2019, 8, 19)), None);
    assert_eq!(t.one_year_on(d(2015, 1, 1)), None);
    assert_eq!(t.one_year_on(d(2019, 8, 20)), Some((d(2019, 8, 20), 425)));
    assert_eq!(t.one_year_on(d(2019, 9, 19)), Some((d(2019, 8, 20), 425)));
    assert_eq!(t.one_year_on(d(2019, 9, 20)), Some((d(2019, 9, 20), 420)));
    assert_eq!(t.one_year_on(d(2020, 4, 19)), Some((d(2020, 2, 20), 405)));
    assert_eq!(t.one_year_on(d(2020, 4, 20)), Some((d(2020, 4, 20), 385)));
    assert_eq!(t.one_year_on(d(2021, 6, 1)), Some((d(2020, 4, 20), 385)));
    assert_eq!(t.one_year_on(d(2022, 8, 21)), Some((d(2022, 1, 20), 370)));
    assert_eq!(t.one_year_on(d(2022, 8, 22)), Some((d(2022, 8, 22), 365)));
    assert_eq!(t.one_year_on(d(2024, 10, 21)), Some((d(2024, 10, 21), 310)));
    assert_eq!(t.one_year_on(d(2025, 5, 19)), Some((d(2024, 10, 21), 310)));
    assert_eq!(t.one_year_on(d(2025, 5, 20)), Some((d(2025, 5, 20), 300)));
    assert_eq!(t.one_year_on(d(2030, 1, 1)), Some((d(2025, 5, 20), 300)));
}

#[test]
fn lpr_from_json_validation() {
    let ok = r#"{"version":1,"source":"s","values":[{"from":"2019-08-20","percent":"4.25"},{"from":"2019-09-20","percent":"4.2"},{"from":"2019-10-20","percent":"4"}]}"#;
    let t = LprTable::from_json(ok).unwrap();
    let bps: Vec<i32> = t.entries().iter().map(|e| e.basis_points).collect();
    assert_eq!(bps, vec![425, 420, 400]);
    assert_eq!(t.checked_through(), None);
    for bad in [
        r#"{"version":1,"source":"s","values":[{"from":"2019-09-20","percent":"4.20"},{"from":"2019-08-20","percent":"4.25"}]}"#,
        r#"{"version":1,"source":"s","values":[{"from":"2019-08-20","percent":"4.25"},{"from":"2019-08-20","percent":"4.20"}]}"#,
        r#"{"version":1,"source":"s","values":[{"from":"2019-08-20","percent":"0"}]}"#,
        r#"{"version":1,"source":"s","values":[{"from":"2019-08-20","percent":"-4.25"}]}"#,
        r#"{"version":1,"source":"s","values":[{"from":"2019-08-20","percent":"4.255"}]}"#,
        r#"{"version":1,"source":"s","values":[{"from":"2019-08-20","percent":"abc"}]}"#,
        r#"{"version":1,"source":"s","values":[]}"#,
        r#"{"version":2,"source":"s","values":[{"from":"2019-08-20","percent":"4.25"}]}"#,
        r#"{"version":1,"source":"s","checked_through":"2019-01-01","values":[{"from":"2019-08-20","percent":"4.25"}]}"#,
        r#"{"version":1,"source":"s","values":[{"from":"2019-02-30","percent":"4.25"}]}"#,
        r#"not json"#,
    ] {
        assert!(
            matches!(LprTable::from_json(bad), Err(RateError::LprData(_))),
            "{bad} should fail"
        );
    }
}

fn line<'a>(r: &'a RateReport, code: &str) -> Option<&'a RateLine> {
    r.lines.iter().find(|l| l.code.as_str() == code)
}

fn loan_a() -> Vec<CashFlow> {
    let mut f = vec![CashFlow::parse("2024-01-15:-10000.00").unwrap()];
    f.extend(monthly(2024, 1, 15, 12, 100_000));
    f
}

#[test]
fn lines_apply_per_lender_type() {
    let t = LprTable::builtin();
    let f = loan_a(); // 41.28 %
    for lender in LenderType::ALL {
        let r = assess(&f, lender, Some(d(2024, 1, 10)), None, None, &t).unwrap();
        assert_eq!(r.annual_rate_percent, 41.28);
        assert_eq!(r.flows, 13);
        assert_eq!(r.notes_zh.len(), r.notes_en.len());
        let codes: Vec<&str> = r.lines.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "lpr_4x",
                "microloan_24",
                "platform_24",
                "consumer_finance_20",
                "historical_36"
            ]
        );
        let applies = |code: &str| line(&r, code).unwrap().applies;
        let private = matches!(lender, LenderType::PrivateLender | LenderType::Other);
        assert_eq!(applies("lpr_4x"), private, "{lender}");
        assert_eq!(applies("microloan_24"), lender == LenderType::Microloan);
        // The 助贷 rule starts 2025-10-01: not for a 2024 contract.
        assert!(!applies("platform_24"));
        assert_eq!(
            applies("consumer_finance_20"),
            lender == LenderType::ConsumerFinance
        );
        assert_eq!(applies("historical_36"), !private, "{lender}");
        assert_eq!(line(&r, "lpr_4x").unwrap().status, LineStatus::Law);
        assert_eq!(
            line(&r, "microloan_24").unwrap().status,
            LineStatus::Regulatory
        );
        assert_eq!(
            line(&r, "platform_24").unwrap().status,
            LineStatus::Regulatory
        );
        assert_eq!(
            line(&r, "consumer_finance_20").unwrap().status,
            LineStatus::WindowGuidance
        );
        assert_eq!(
            line(&r, "historical_36").unwrap().status,
            LineStatus::Historical
        );
        let lpr = line(&r, "lpr_4x").unwrap();
        // LPR on 2024-01-10 is 3.45 % (published 2023-08-21): line 13.80 %.
        assert_eq!(lpr.limit_percent, 13.8);
        let used = lpr.lpr.unwrap();
        assert_eq!(
            (used.from, used.basis_points),
            (NaiveDate::from_ymd_opt(2023, 8, 21).unwrap(), 345)
        );
        assert!(r.lines.iter().all(|l| l.exceeded));
        assert!(r.lines[1..].iter().all(|l| l.lpr.is_none()));
        for l in &r.lines[1..] {
            assert!(l.basis.contains("[news]"), "{}", l.basis);
        }
    }
}

#[test]
fn the_platform_line_applies_to_loans_from_2025_10_01() {
    let t = LprTable::builtin();
    // The same cash flows; only the contract date differs.
    let loan = |_: i32, _: u32, _: u32| {
        let mut f = vec![CashFlow {
            on: d(2025, 10, 1),
            amount_fen: -1_000_000,
        }];
        f.extend(monthly(2025, 10, 1, 12, 100_000));
        f
    };
    let before = assess(
        &loan(2025, 9, 30),
        LenderType::LoanPlatform,
        Some(d(2025, 9, 30)),
        None,
        None,
        &t,
    )
    .unwrap();
    let from = assess(
        &loan(2025, 10, 1),
        LenderType::LoanPlatform,
        Some(d(2025, 10, 1)),
        None,
        None,
        &t,
    )
    .unwrap();
    assert!(!line(&before, "platform_24").unwrap().applies);
    assert!(
        before
            .notes_en
            .iter()
            .any(|n| n.contains("applies from 2025-10-01"))
    );
    assert!(line(&from, "platform_24").unwrap().applies);
    assert!(
        !from
            .notes_en
            .iter()
            .any(|n| n.contains("applies from 2025-10-01"))
    );
    // Either way the private-lending cap does not apply and the historical line does.
    for r in [&before, &from] {
        assert!(!line(r, "lpr_4x").unwrap().applies);
        assert!(line(r, "historical_36").unwrap().applies);
    }
}

#[test]
fn lpr_is_three_percent_through_the_checked_date() {
    let t = LprTable::builtin();
    assert_eq!(t.checked_through(), Some(d(2026, 9, 20)));
    for day in [d(2025, 5, 20), d(2026, 1, 1), d(2026, 9, 20)] {
        assert_eq!(t.one_year_on(day), Some((d(2025, 5, 20), 300)), "{day}");
    }
    assert_eq!(t.one_year_on(d(2025, 5, 19)), Some((d(2024, 10, 21), 310)));
}

#[test]
fn exceeded_flags_between_lines() {
    let t = LprTable::builtin();
    // 10,000 received 2025-06-01, 12 × 900: Python reference (same method as above)
    // 15.423521 %, between 4 × 3.00 % = 12 % and 24 %.
    let mut f = vec![CashFlow::parse("2025-06-01:-10000").unwrap()];
    f.extend(monthly(2025, 6, 1, 12, 90_000));
    let r = assess(&f, LenderType::PrivateLender, None, None, None, &t).unwrap();
    assert_eq!(r.annual_rate_percent, 15.42);
    assert_eq!(line(&r, "lpr_4x").unwrap().limit_percent, 12.0);
    assert!(line(&r, "lpr_4x").unwrap().exceeded);
    assert!(!line(&r, "microloan_24").unwrap().exceeded);
    assert!(!line(&r, "historical_36").unwrap().exceeded);
    assert!(r.notes_en.iter().any(|n| n.contains("earliest cash flow")));
    // A cheap bank loan exceeds nothing: -10 %.
    let cheap = flows(&["2023-01-01:-1000", "2024-01-01:900"]);
    let r = assess(&cheap, LenderType::Bank, None, None, None, &t).unwrap();
    assert_eq!(r.annual_rate_percent, -10.0);
    assert!(r.lines.iter().all(|l| !l.exceeded));
}

#[test]
fn before_lpr_reform_has_no_4x_line_and_explains() {
    let t = LprTable::builtin();
    let f = flows(&["2019-03-01:-1000", "2019-12-01:1200"]);
    let r = assess(
        &f,
        LenderType::PrivateLender,
        Some(d(2019, 3, 1)),
        None,
        None,
        &t,
    )
    .unwrap();
    assert!(line(&r, "lpr_4x").is_none());
    assert!(
        r.notes_zh
            .iter()
            .any(|n| n.contains("24%") && n.contains("36%"))
    );
    assert!(r.notes_en.iter().any(|n| n.contains("2019-08-20")));
    assert!(r.notes_en.iter().any(|n| n.contains("art. 31")));
    // After the reform but before 2020-08-20: the line exists and the transitional note too.
    let r = assess(&f, LenderType::Other, Some(d(2019, 10, 1)), None, None, &t).unwrap();
    assert_eq!(line(&r, "lpr_4x").unwrap().limit_percent, 16.8);
    assert!(r.notes_en.iter().any(|n| n.contains("art. 31")));
    // Licensed lenders get no private-lending transitional note.
    let r = assess(&f, LenderType::Bank, Some(d(2019, 3, 1)), None, None, &t).unwrap();
    assert!(!r.notes_en.iter().any(|n| n.contains("art. 31")));
}

#[test]
fn upfront_deduction_is_flagged() {
    let t = LprTable::builtin();
    let mut f = vec![CashFlow::parse("2024-03-01:-8000").unwrap()];
    f.extend(monthly(2024, 3, 1, 12, 90_000));
    let r = assess(
        &f,
        LenderType::Microloan,
        Some(d(2024, 3, 1)),
        Some(1_000_000),
        Some(800_000),
        &t,
    )
    .unwrap();
    assert_eq!(r.upfront_deduction_fen, Some(200_000));
    assert_eq!(r.annual_rate_percent, 77.98);
    assert!(
        r.notes_zh
            .iter()
            .any(|n| n.contains("砍头息") && n.contains("2000.00"))
    );
    assert!(r.notes_en.iter().any(|n| n.contains("art. 26")));
    assert!(
        !r.notes_en
            .iter()
            .any(|n| n.contains("enter the amount actually"))
    );

    // Flows entered with the contract principal: told to use the amount received.
    let mut wrong = vec![CashFlow::parse("2024-03-01:-10000").unwrap()];
    wrong.extend(monthly(2024, 3, 1, 12, 90_000));
    let r = assess(
        &wrong,
        LenderType::Microloan,
        None,
        Some(1_000_000),
        Some(800_000),
        &t,
    )
    .unwrap();
    assert!(
        r.notes_en
            .iter()
            .any(|n| n.contains("enter the amount actually"))
    );

    // No deduction when the full principal was received.
    let r = assess(
        &wrong,
        LenderType::Bank,
        None,
        Some(1_000_000),
        Some(1_000_000),
        &t,
    )
    .unwrap();
    assert_eq!(r.upfront_deduction_fen, None);
}

#[test]
fn assess_errors() {
    let t = LprTable::builtin();
    let f = loan_a();
    assert!(matches!(
        assess(&f, LenderType::Bank, None, Some(0), None, &t),
        Err(RateError::BadAmount { .. })
    ));
    assert!(matches!(
        assess(&f, LenderType::Bank, None, None, Some(-5), &t),
        Err(RateError::BadAmount { .. })
    ));
    assert_eq!(
        assess(&f[..1], LenderType::Bank, None, None, None, &t),
        Err(RateError::TooFewFlows(1))
    );
}

#[test]
fn contract_after_checked_data_gets_a_note() {
    let t = LprTable::builtin();
    let f = flows(&["2030-01-01:-1000", "2030-06-01:1100"]);
    let r = assess(&f, LenderType::Other, None, None, None, &t).unwrap();
    assert!(r.notes_en.iter().any(|n| n.contains("checked up to")));
}

#[test]
fn report_serializes() {
    let t = LprTable::builtin();
    let r = assess(&loan_a(), LenderType::PrivateLender, None, None, None, &t).unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["lines"][0]["code"], "lpr_4x");
    assert_eq!(v["lines"][0]["status"], "law");
    assert_eq!(v["lines"][1]["status"], "regulatory");
    assert_eq!(v["lines"][3]["status"], "window_guidance");
    assert_eq!(v["annual_rate_percent"], 41.28);
}

#[test]
fn basis_points_formatting() {
    assert_eq!(format_basis_points(1540), "15.40");
    assert_eq!(format_basis_points(-5), "-0.05");
}
