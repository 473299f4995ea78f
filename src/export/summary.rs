//! The evidence PDF's 案件概要 / case summary: who is involved (with phone numbers and case
//! numbers), the loan's figures with what was actually received, the real annual rate beside
//! the interest lines for the lender's type (each with its source and kind), the repayments,
//! the agreement and its payments, and the checks made on a mediation organisation with the
//! red flags they found.
//!
//! Only what the vault recorded is stated: a figure the summary always shows says 未记录 /
//! "not recorded" when missing; optional ones are left out. The rate is the core's own
//! ([`crate::domain::rate::assess`]), never computed here.

use chrono::NaiveDate;

use super::pdf::{Block, Lang};
use super::report::{AgreementRecord, CaseReport};
use super::words::Word;
use crate::domain::Money;
use crate::domain::debt::Installment;
use crate::domain::rate::{LineCode, RateLine};

/// Appends the summary: a new page, its chapter heading and its sections.
pub fn push(blocks: &mut Vec<Block>, report: &CaseReport, lang: Lang) {
    blocks.push(Block::PageBreak);
    blocks.push(Block::Section {
        title: Word::CaseSummary.get(lang),
        level: 1,
    });
    parties(blocks, report, lang);
    loan(blocks, report, lang);
    repayments(blocks, report, lang);
    let many = report.agreements.len() > 1;
    for (i, a) in report.agreements.iter().enumerate() {
        let n = if many {
            (i + 1).to_string()
        } else {
            String::new()
        };
        agreement(blocks, a, &n, report, lang);
    }
    mediation_checks(blocks, report, lang);
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn yuan(fen: i64, lang: Lang) -> String {
    Money::from_fen(fen).yuan(lang)
}

fn or_not_recorded(value: Option<String>, lang: Lang) -> String {
    value.unwrap_or_else(|| Word::NotRecorded.get(lang))
}

fn section(blocks: &mut Vec<Block>, title: String) {
    blocks.push(Block::Section { title, level: 2 });
}

fn table(headers: &[Word], rows: Vec<Vec<String>>, widths: Vec<f32>, lang: Lang) -> Block {
    Block::Table {
        headers: headers.iter().map(|w| w.get(lang)).collect(),
        rows,
        widths,
    }
}

fn parties(blocks: &mut Vec<Block>, report: &CaseReport, lang: Lang) {
    section(blocks, Word::Parties.get(lang));
    if report.parties.is_empty() {
        blocks.push(Block::Paragraph(Word::NoParties.get(lang)));
        return;
    }
    let rows = report
        .parties
        .iter()
        .map(|p| {
            let name = match &p.note {
                Some(note) => format!("{}\n{note}", p.name),
                None => p.name.clone(),
            };
            vec![
                p.role.label(lang).to_string(),
                name,
                p.phones.join(Word::ListSeparator.label(lang)),
                p.case_number.clone().unwrap_or_default(),
            ]
        })
        .collect();
    blocks.push(table(
        &[
            Word::Role,
            Word::Name,
            Word::Phones,
            Word::CaseOrNoticeNumber,
        ],
        rows,
        vec![1.0, 2.2, 1.6, 2.2],
        lang,
    ));
}

/// What was claimed, part by part, with who claimed it and when; `None` when nothing was.
fn claimed(report: &CaseReport, lang: Lang) -> Option<String> {
    let c = &report.case.details.claimed;
    let parts: Vec<String> = [
        (Word::ClaimedPrincipal, c.principal_fen),
        (Word::ClaimedInterest, c.interest_fen),
        (Word::ClaimedPenalties, c.penalties_fen),
        (Word::ClaimedFees, c.fees_fen),
    ]
    .into_iter()
    .filter_map(|(w, fen)| fen.map(|f| w.fill(lang, &[&yuan(f, lang)])))
    .collect();
    if parts.is_empty() {
        return None;
    }
    let mut out = Word::WithKind.fill(
        lang,
        &[
            &yuan(c.total_fen(), lang),
            &parts.join(Word::ListSeparator.label(lang)),
        ],
    );
    if let Some(by) = &c.by {
        out.push_str(Word::Semicolon.label(lang));
        out.push_str(&Word::ClaimedBy.fill(lang, &[by]));
    }
    if let Some(on) = c.on {
        out.push_str(Word::Semicolon.label(lang));
        out.push_str(&Word::ClaimedOn.fill(lang, &[&ymd(on)]));
    }
    Some(out)
}

/// The real annual rate, or why it is not given.
fn real_rate(report: &CaseReport, lang: Lang) -> String {
    if let Some(rate) = &report.rate {
        return Word::RealRateValue.fill(
            lang,
            &[
                &format!("{:.2}", rate.annual_rate_percent),
                &rate.flows.to_string(),
            ],
        );
    }
    let case = &report.case;
    let mut missing = Vec::new();
    if case.details.loan_date.is_none() {
        missing.push(Word::MissingLoanDate.label(lang));
    }
    if case.details.received_fen.is_none() && case.principal.is_none() {
        missing.push(Word::MissingReceived.label(lang));
    }
    if report.repayments.is_empty() {
        missing.push(Word::MissingPayments.label(lang));
    }
    if missing.is_empty() {
        Word::RateNotComputed.get(lang)
    } else {
        Word::RateMissing.fill(lang, &[&missing.join(Word::ListSeparator.label(lang))])
    }
}

fn loan(blocks: &mut Vec<Block>, report: &CaseReport, lang: Lang) {
    let case = &report.case;
    let d = &case.details;
    section(blocks, Word::LoanAndRate.get(lang));
    let principal = case.principal.map(Money::fen);
    let mut fields = vec![
        (
            Word::LenderKind,
            or_not_recorded(d.lender_type.map(|t| t.label(lang).to_string()), lang),
        ),
        (Word::LoanDate, or_not_recorded(d.loan_date.map(ymd), lang)),
        (
            Word::OverdueSince,
            or_not_recorded(case.overdue_since.map(ymd), lang),
        ),
        (
            Word::ContractPrincipal,
            or_not_recorded(principal.map(|f| yuan(f, lang)), lang),
        ),
        (
            Word::AmountReceived,
            or_not_recorded(d.received_fen.map(|f| yuan(f, lang)), lang),
        ),
    ];
    if let (Some(p), Some(r)) = (principal, d.received_fen)
        && r < p
    {
        fields.push((Word::UpfrontDeduction, yuan(p - r, lang)));
    }
    fields.push((
        Word::AmountClaimed,
        or_not_recorded(claimed(report, lang), lang),
    ));
    if let Some(rate) = &d.stated_annual_rate {
        fields.push((Word::StatedRate, Word::Percent.fill(lang, &[rate])));
    }
    if let Some(fees) = &d.stated_fees {
        fields.push((Word::StatedFees, fees.clone()));
    }
    if let Some(months) = d.term_months {
        fields.push((
            Word::Term,
            Word::TermMonths.fill(lang, &[&months.to_string()]),
        ));
    }
    if let Some(schedule) = &d.schedule {
        fields.push((Word::ContractSchedule, schedule.clone()));
    }
    fields.push((Word::RealRate, real_rate(report, lang)));
    blocks.push(Block::Fields(
        fields.into_iter().map(|(w, v)| (w.get(lang), v)).collect(),
    ));
    let Some(rate) = &report.rate else { return };
    // The lender type the rate was measured for: the recorded one, else "other / not sure"
    // (what the core assumes when none is recorded).
    let lender = d
        .lender_type
        .unwrap_or(crate::domain::rate::LenderType::Other);
    blocks.push(Block::Paragraph(
        Word::RateLinesFor.fill(lang, &[lender.label(lang)]),
    ));
    let rows: Vec<Vec<String>> = rate
        .lines
        .iter()
        .filter(|l| l.applies)
        .map(|l| {
            vec![
                l.code.label(lang).to_string(),
                limit(l, lang),
                if l.exceeded { Word::Yes } else { Word::No }.get(lang),
                l.status.label(lang).to_string(),
                rate_basis(l, lang),
            ]
        })
        .collect();
    if rows.is_empty() {
        blocks.push(Block::Paragraph(Word::NoRateLine.get(lang)));
        return;
    }
    blocks.push(table(
        &[
            Word::Line,
            Word::Limit,
            Word::Above,
            Word::RuleKind,
            Word::Source,
        ],
        rows,
        vec![1.5, 1.3, 0.8, 1.1, 2.8],
        lang,
    ));
}

/// A line's limit; for 4 × LPR with the LPR it was computed from.
fn limit(line: &RateLine, lang: Lang) -> String {
    let percent = format!("{:.2}", line.limit_percent);
    match &line.lpr {
        Some(lpr) => Word::LprLimit.fill(
            lang,
            &[
                &percent,
                &Money::from_fen(i64::from(lpr.basis_points)).to_string(),
                &ymd(lpr.from),
            ],
        ),
        None => Word::Percent.fill(lang, &[&percent]),
    }
}

/// Where a line comes from, in the PDF's language, with its source kind ([law] or [news]).
/// The Chinese is the domain's own; the English is kept here, keyed by the line's code so a
/// new line fails to compile until it has one.
pub fn rate_basis(line: &RateLine, lang: Lang) -> String {
    match lang {
        Lang::Zh => line.basis.clone(),
        Lang::En => rate_basis_en(line.code).to_owned(),
    }
}

fn rate_basis_en(code: LineCode) -> &'static str {
    match code {
        LineCode::Lpr4x => {
            "SPC Provisions on Private Lending Cases (2020 second amendment) art. 25: interest above 4 × the one-year LPR at the contract date is not supported [law]; SPC Reply on the scope of the new private-lending interpretation (Fa Shi [2020] No. 27, in force 2021-01-01): licensed financial institutions are outside it [law]"
        }
        LineCode::Microloan24 => {
            "Guideline on the comprehensive financing cost of microloan companies (sent 2025-12-24): new loans at most 24% annualised, within 4 × the one-year LPR by end-2027 [news]"
        }
        LineCode::Platform24 => {
            "Notice on commercial banks' internet loan-facilitation business (Jin Gui [2025] No. 9), from 2025-10-01: at most 24% annualised comprehensive cost, guarantee fees included [news]"
        }
        LineCode::ConsumerFinance20 => {
            "Reported window guidance (late 2025) to consumer-finance companies to keep the annualised comprehensive cost within 20%; no published document [news]"
        }
        LineCode::Historical36 => {
            "Notice on regulating cash-loan business (Zheng Zhi Ban Han [2017] No. 141): comprehensive cost within the private-lending limits of the time, i.e. 36% [news]"
        }
    }
}

fn repayments(blocks: &mut Vec<Block>, report: &CaseReport, lang: Lang) {
    section(blocks, Word::Repayments.get(lang));
    if report.repayments.is_empty() {
        blocks.push(Block::Paragraph(Word::NoRepayments.get(lang)));
        return;
    }
    let rows = report
        .repayments
        .iter()
        .map(|r| {
            vec![
                ymd(r.on),
                yuan(r.amount_fen, lang),
                if r.scheduled {
                    Word::ScheduledUnpaid
                } else {
                    Word::Paid
                }
                .get(lang),
                r.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    blocks.push(table(
        &[Word::Date, Word::Amount, Word::Status, Word::Note],
        rows,
        vec![1.0, 1.1, 2.4, 1.9],
        lang,
    ));
    let paid = report
        .repayments
        .iter()
        .filter(|r| !r.scheduled)
        .map(|r| r.amount_fen)
        .fold(0i64, i64::saturating_add);
    blocks.push(Block::Paragraph(
        Word::PaidTotal.fill(lang, &[&yuan(paid, lang)]),
    ));
}

/// The instalments in a few lines: a run of equal monthly amounts as one line ("24 期，每期
/// 1000.00 元，2026-01-05 起每月"), any other instalment on a line of its own ("2026-01-05：
/// 1000.01 元"), in date order.
pub fn schedule_lines(installments: &[Installment], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = installments.get(i) {
        let mut n = 1usize;
        while let Some(next) = installments.get(i + n) {
            let expected = u32::try_from(n)
                .ok()
                .and_then(|m| first.due.checked_add_months(chrono::Months::new(m)));
            if next.amount_fen != first.amount_fen || Some(next.due) != expected {
                break;
            }
            n += 1;
        }
        let amount = yuan(first.amount_fen, lang);
        out.push(if n >= 2 {
            Word::InstallmentRun.fill(lang, &[&n.to_string(), &amount, &ymd(first.due)])
        } else {
            Word::InstallmentOne.fill(lang, &[&ymd(first.due), &amount])
        });
        i += n;
    }
    out
}

fn agreement(
    blocks: &mut Vec<Block>,
    a: &AgreementRecord,
    number: &str,
    report: &CaseReport,
    lang: Lang,
) {
    let ag = &a.agreement;
    section(
        blocks,
        Word::AgreementTitle
            .fill(lang, &[number])
            .trim_end()
            .to_string(),
    );
    let status = ag.status(&a.payments, report.now.local().date_naive());
    let mut fields = vec![
        (Word::AgreementSigned, ymd(ag.signed_on)),
        (Word::AgreementEffective, ymd(ag.effective_on)),
        (Word::AgreementTotal, yuan(ag.total_fen, lang)),
        (
            Word::Installments,
            schedule_lines(&ag.installments, lang).join("\n"),
        ),
        (Word::AgreementPaid, yuan(status.paid_fen, lang)),
        (Word::AgreementRemaining, yuan(status.remaining_fen, lang)),
    ];
    if let (Some(due), Some(fen)) = (status.next_due, status.next_due_fen) {
        fields.push((
            Word::NextInstallment,
            Word::InstallmentOne.fill(lang, &[&ymd(due), &yuan(fen, lang)]),
        ));
    }
    if status.overdue_installments > 0 {
        fields.push((
            Word::InstallmentsOverdue,
            status.overdue_installments.to_string(),
        ));
    }
    if let Some(terms) = &ag.terms {
        fields.push((Word::Terms, terms.clone()));
    }
    // The payments as one field, a line each: a heading of their own could be left at the
    // foot of a page, away from its rows.
    let payments = if a.payments.is_empty() {
        Word::NoAgreementPayments.get(lang)
    } else {
        a.payments
            .iter()
            .map(|p| {
                let line =
                    Word::InstallmentOne.fill(lang, &[&ymd(p.paid_on), &yuan(p.amount_fen, lang)]);
                match &p.note {
                    Some(note) => Word::WithKind.fill(lang, &[&line, note]),
                    None => line,
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    fields.push((Word::AgreementPayments, payments));
    blocks.push(Block::Fields(
        fields.into_iter().map(|(w, v)| (w.get(lang), v)).collect(),
    ));
}

fn mediation_checks(blocks: &mut Vec<Block>, report: &CaseReport, lang: Lang) {
    let checks = &report.mediation_checks;
    if checks.is_empty() {
        return;
    }
    section(blocks, Word::MediationChecks.get(lang));
    let sep = Word::ListSeparator.label(lang);
    let rows = checks
        .iter()
        .map(|c| {
            let organisation = match &c.notice_number {
                Some(n) => format!(
                    "{}\n{}",
                    c.organisation,
                    Word::NoticeNumber.fill(lang, &[n])
                ),
                None => c.organisation.clone(),
            };
            vec![
                ymd(c.on),
                organisation,
                c.check.label(lang).to_string(),
                c.result.label(lang).to_string(),
                c.red_flags
                    .iter()
                    .map(|f| f.label(lang))
                    .collect::<Vec<_>>()
                    .join(sep),
                c.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    blocks.push(table(
        &[
            Word::Date,
            Word::Organisation,
            Word::CheckKind,
            Word::CheckResult,
            Word::RedFlags,
            Word::Note,
        ],
        rows,
        vec![1.0, 1.6, 1.4, 0.9, 2.2, 1.2],
        lang,
    ));
    let mut flags: Vec<_> = checks.iter().flat_map(|c| c.red_flags.iter()).collect();
    flags.sort_by_key(|f| f.as_str());
    flags.dedup();
    if !flags.is_empty() {
        let list: Vec<&str> = flags.iter().map(|f| f.label(lang)).collect();
        blocks.push(Block::Paragraph(
            Word::RedFlagsSeen.fill(lang, &[&list.join(sep)]),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn monthly(first: &str, n: u32, fen: i64) -> Vec<Installment> {
        (0..n)
            .map(|i| Installment {
                due: d(first).checked_add_months(chrono::Months::new(i)).unwrap(),
                amount_fen: fen,
            })
            .collect()
    }

    #[test]
    fn equal_monthly_instalments_are_one_line() {
        let lines = schedule_lines(&monthly("2026-01-05", 24, 100_000), Lang::Zh);
        assert_eq!(lines, ["24 期，每期 1000.00 元，2026-01-05 起每月"]);
        let lines = schedule_lines(&monthly("2026-01-05", 24, 100_000), Lang::En);
        assert_eq!(
            lines,
            ["24 instalments of CNY 1000.00, monthly from 2026-01-05"]
        );
    }

    #[test]
    fn a_remainder_and_a_gap_start_new_lines() {
        // 10000.00 in 3: the first carries the extra fen.
        let mut inst = vec![Installment {
            due: d("2026-01-31"),
            amount_fen: 333_334,
        }];
        inst.extend(monthly("2026-02-28", 2, 333_333));
        // A gap of two months, then one more of the same amount.
        inst.push(Installment {
            due: d("2026-06-28"),
            amount_fen: 333_333,
        });
        assert_eq!(
            schedule_lines(&inst, Lang::Zh),
            [
                "2026-01-31：3333.34 元",
                "2 期，每期 3333.33 元，2026-02-28 起每月",
                "2026-06-28：3333.33 元",
            ]
        );
        assert!(schedule_lines(&[], Lang::Zh).is_empty());
    }

    #[test]
    fn english_rate_sources_have_no_han_and_name_their_kind() {
        for code in LineCode::ALL {
            let en = rate_basis_en(code);
            assert!(
                !en.chars()
                    .any(|c| matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')),
                "{code}: {en}"
            );
            assert!(en.ends_with("[law]") || en.ends_with("[news]"), "{code}");
        }
    }
}
