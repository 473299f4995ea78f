//! The two mediation documents the user completes and signs: 协商还款申请书 (repayment
//! proposal) and 困难情况说明 (hardship statement), filled in from the case.
//!
//! What the vault knows is filled in, the user's name, ID number and phone from their profile
//! when it holds them; what only the user knows (the reasons for the hardship, and any detail
//! the profile lacks) is left as a line to write on. Exhibits are cited by their E-number and
//! title, as in the evidence PDF's 证据目录 (never by the vault's ids). A schedule is
//! summarised: one line per run of equal consecutive instalments ("第 1–23 期：每月 5 日 …，
//! 2026-01-05 至 2027-11-05"), the odd ones on lines of their own, then the total. They are
//! written for a Chinese creditor or mediator; `Lang::En` gives the same documents in English
//! (for the user's own reading or a foreign adviser). Words are declared once here.

use chrono::{Datelike, Months, NaiveDate};

use crate::domain::named::named_enum;
use crate::domain::plan::{PlanChoice, Waiver};
use crate::domain::profile::Profile;
use crate::domain::{Case, Money};
use crate::export::pdf::{Block, Document, Lang};

const BLANK: &str = "＿＿＿＿＿＿＿＿";

named_enum! {
    /// The fixed words of the two mediation documents.
    pub MediationWord, "mediation document word", "mediationDocWord" {
        ProposalTitle => "proposal_title", "协商还款申请书", "Proposal to repay by instalments";
        HardshipTitle => "hardship_title", "困难情况说明", "Statement of financial hardship";
        Applicant => "applicant", "申请人", "Applicant";
        Respondent => "respondent", "被申请人", "Addressed to (creditor)";
        Name => "name", "姓名", "Name";
        NameBlank => "name_blank", "{}（姓名）", "{} (name)";
        IdNumber => "id_number", "身份证号", "ID number";
        Phone => "phone", "联系电话", "Phone";
        Lender => "lender", "出借人", "Lender";
        Platform => "platform", "借款平台", "Platform";
        ContractNumber => "contract_number", "合同编号", "Contract number";
        LoanDate => "loan_date", "借款日期", "Loan date";
        ContractPrincipal => "contract_principal", "合同本金", "Contract principal";
        Received => "received", "实际到手金额", "Amount actually received";
        LoanHeading => "loan_heading", "一、借款情况", "1. The loan";
        ClaimedHeading => "claimed_heading", "二、对方主张的欠款", "2. What the creditor claims";
        Principal => "principal", "本金", "Principal";
        Interest => "interest", "利息", "Interest";
        Penalties => "penalties", "罚息、违约金", "Penalty interest and damages";
        Fees => "fees", "其他费用", "Other fees";
        Total => "total", "合计", "Total";
        ClaimedBy => "claimed_by", "主张方及日期", "Claimed by, on";
        RequestHeading => "request_heading", "三、申请事项", "3. The request";
        WaiverNone => "waiver_none", "按对方主张的全部金额", "the whole amount claimed";
        WaiverPenalties => "waiver_penalties", "请求减免罚息、违约金及其他费用，偿还本金和利息", "asking to waive penalty interest, damages and other fees, and repaying principal and interest";
        WaiverAll => "waiver_all", "请求减免利息、罚息、违约金及其他费用，仅偿还本金", "asking to waive interest, penalty interest, damages and other fees, and repaying the principal only";
        RequestPlan => "request_plan",
            "申请人请求就上述借款协商分期还款：{}，共计 {}，分 {} 期，每期最多 {}（各期金额相差不超过 1 分，合计不变），分期期间停止计收新的利息和罚息。还款计划如下：",
            "The applicant asks to settle the loan above by instalments: {}, {} in all, in {} instalments of at most {} each (they differ by at most 0.01, the total is exact), with no new interest or penalties charged while the instalments are paid. The schedule:";
        RequestNoPlan => "request_no_plan",
            "申请人请求就上述借款协商分期还款，分 {} 期，每月偿还 {} 元，分期期间停止计收新的利息和罚息。",
            "The applicant asks to settle the loan above by instalments: {} instalments of CNY {} a month, with no new interest or penalties charged while the instalments are paid.";
        RunDated => "run_dated", "第 {}–{} 期：每月 {} 日 {}，{} 至 {}", "Instalments {}–{}: {} on day {} of each month, {} to {}";
        RunUndated => "run_undated", "第 {}–{} 期：每期 {}", "Instalments {}–{}: {} each";
        OneDated => "one_dated", "第 {} 期：{}，{}", "Instalment {}: {}, {}";
        OneUndated => "one_undated", "第 {} 期：{}", "Instalment {}: {}";
        MonthEnd => "month_end", "（当月没有该日的，为当月最后一天）", " (the last day in shorter months)";
        ScheduleTotal => "schedule_total", "合计：{} 期，{}", "Total: {} instalments, {}";
        FactsHeading => "facts_heading", "四、事实与理由", "4. Facts and reasons";
        ReasonsPlan => "reasons_plan",
            "申请人因{}（请填写：失业、疾病、收入下降等原因），暂时无力按原合同约定还款，并非恶意拖欠。申请人每月收入约 {}，必要生活支出约 {}，每月可用于还款约 {}。为妥善解决债务，申请人愿在能力范围内积极履行，恳请贵方同意上述方案。",
            "Because of {} (write the reason: lost job, illness, fall in income …), the applicant cannot for now repay as the contract provides; this is not a refusal to pay. The applicant's monthly income is about {}, essential living costs about {}, leaving about {} a month for repayment. To settle the debt properly, the applicant will pay as far as they are able, and asks you to accept the plan above.";
        ReasonsNoPlan => "reasons_no_plan",
            "申请人因{}（请填写原因），暂时无力按原合同约定还款，并非恶意拖欠，愿在能力范围内积极履行，恳请贵方同意上述方案。",
            "Because of {} (write the reason), the applicant cannot for now repay as the contract provides; this is not a refusal to pay. The applicant will pay as far as they are able, and asks you to accept the plan above.";
        NoAdmission => "no_admission",
            "本申请仅为协商解决纠纷之用。申请人在协商中为达成和解所作的让步，不构成对欠款金额或其他事实的认可（参见《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第107条）。",
            "This proposal is made only to settle the dispute by agreement. Concessions the applicant makes to reach a settlement are not an admission of the amount owed or of any other fact (see art. 107 of the Supreme People's Court's Interpretation on the Application of the Civil Procedure Law).";
        ExhibitsHeading => "exhibits_heading", "附件（证据编号与名称，与证据材料 PDF 一致）", "Attachments (exhibit numbers and titles as in the evidence PDF)";
        SignApplicant => "sign_applicant", "申请人（签名）：", "Applicant (signature):";
        SignDate => "sign_date", "日期：　　　　年　　月　　日", "Date:";
        LoanInvolvedHeading => "loan_involved_heading", "一、涉及的借款", "1. The loan concerned";
        IncomeHeading => "income_heading", "二、收入与支出", "2. Income and expenses";
        MonthlyIncome => "monthly_income", "每月收入", "Monthly income";
        EssentialExpenses => "essential_expenses", "每月必要支出（房租、饮食、医疗、赡养抚养等）", "Essential monthly costs (rent, food, medical care, dependants)";
        ReasonHeading => "reason_heading", "三、困难原因", "3. Why it is hard to pay";
        OtherDebtsHeading => "other_debts_heading", "四、其他债务", "4. Other debts";
        ProofHeading => "proof_heading", "五、证明材料", "5. Proof";
        ProofHint => "proof_hint", "（请附工资流水、失业证明、病历等）{}", "(attach pay slips, proof of unemployment, medical records …) {}";
        Truthful => "truthful", "本人保证以上情况属实。", "I declare that the above is true.";
        SignStatement => "sign_statement", "说明人（签名）：", "Signed (signature):";
    }
}

impl MediationWord {
    fn get(self, lang: Lang) -> String {
        self.label(lang).to_owned()
    }

    fn fill(self, lang: Lang, args: &[&str]) -> String {
        super::words::fill(self.label(lang), args)
    }
}

/// Runs of equal consecutive payments: `(first, last, amount)`, instalments counted from 1.
pub fn payment_runs(payments_fen: &[i64]) -> Vec<(usize, usize, i64)> {
    let mut runs: Vec<(usize, usize, i64)> = Vec::new();
    for (i, &p) in payments_fen.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if run.2 == p => run.1 = i + 1,
            _ => runs.push((i + 1, i + 1, p)),
        }
    }
    runs
}

/// The due date of instalment `n` (from 1) when the first is due on `first`: monthly on the
/// same day, the last day of a shorter month (as [`crate::domain::plan::schedule`] counts).
fn due(first: NaiveDate, n: usize) -> Option<NaiveDate> {
    let months = u32::try_from(n.checked_sub(1)?).ok()?;
    first.checked_add_months(Months::new(months))
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The schedule summarised: one line per run of equal consecutive payments (an odd first or
/// last payment on a line of its own), dated when the first due date is known, then the total.
pub fn schedule_lines(
    payments_fen: &[i64],
    first_due: Option<NaiveDate>,
    lang: Lang,
) -> Vec<String> {
    use MediationWord as W;
    let amount = |fen: i64| Money::from_fen(fen).yuan(lang);
    let mut lines: Vec<String> = payment_runs(payments_fen)
        .into_iter()
        .map(|(a, b, fen)| {
            let dates = first_due.and_then(|f| Some((due(f, a)?, due(f, b)?)));
            let (sa, sb) = (a.to_string(), b.to_string());
            match (a == b, dates) {
                (true, Some((d, _))) => W::OneDated.fill(lang, &[&sa, &amount(fen), &ymd(d)]),
                (true, None) => W::OneUndated.fill(lang, &[&sa, &amount(fen)]),
                (false, Some((from, to))) => {
                    let day = first_due.map_or(0, |f| f.day());
                    let args: [&str; 6] = [
                        &sa,
                        &sb,
                        &day.to_string(),
                        &amount(fen),
                        &ymd(from),
                        &ymd(to),
                    ];
                    // The English sentence puts the amount before the day.
                    let args = match lang {
                        Lang::Zh => args,
                        Lang::En => [args[0], args[1], args[3], args[2], args[4], args[5]],
                    };
                    let mut line = W::RunDated.fill(lang, &args);
                    if day > 28 {
                        line.push_str(&W::MonthEnd.get(lang));
                    }
                    line
                }
                (false, None) => W::RunUndated.fill(lang, &[&sa, &sb, &amount(fen)]),
            }
        })
        .collect();
    let total: i64 = payments_fen.iter().fold(0i64, |t, p| t.saturating_add(*p));
    lines.push(W::ScheduleTotal.fill(lang, &[&payments_fen.len().to_string(), &amount(total)]));
    lines
}

fn yuan(fen: Option<i64>, lang: Lang) -> String {
    fen.map(|f| Money::from_fen(f).yuan(lang))
        .unwrap_or_else(|| BLANK.to_string())
}

fn or_blank(s: Option<&str>) -> String {
    s.map(str::to_string).unwrap_or_else(|| BLANK.to_string())
}

/// The user's name, ID number and phone as the documents' first fields.
fn person_fields(name_label: MediationWord, me: &Profile, lang: Lang) -> Vec<(String, String)> {
    use MediationWord as W;
    vec![
        (
            name_label.get(lang),
            me.name
                .clone()
                .unwrap_or_else(|| W::NameBlank.fill(lang, &[BLANK])),
        ),
        (W::IdNumber.get(lang), or_blank(me.id_number.as_deref())),
        (W::Phone.get(lang), or_blank(me.phone.as_deref())),
    ]
}

fn loan_fields(case: &Case, lang: Lang) -> Vec<(String, String)> {
    use MediationWord as W;
    let d = &case.details;
    vec![
        (W::Lender.get(lang), case.lender.clone()),
        (W::Platform.get(lang), or_blank(case.platform.as_deref())),
        (
            W::ContractNumber.get(lang),
            or_blank(d.contract_number.as_deref()),
        ),
        (
            W::LoanDate.get(lang),
            d.loan_date.map(ymd).unwrap_or_else(|| BLANK.into()),
        ),
        (
            W::ContractPrincipal.get(lang),
            yuan(case.principal.map(Money::fen), lang),
        ),
        (W::Received.get(lang), yuan(d.received_fen, lang)),
    ]
}

fn numbered(items: &[String]) -> Vec<Block> {
    items
        .iter()
        .enumerate()
        .map(|(i, e)| Block::Paragraph(format!("{}. {e}", i + 1)))
        .collect()
}

/// 协商还款申请书, signed with the user's profile `me`. `first_due`: the first instalment's
/// date the user proposes (the schedule is then dated, monthly on that day). `exhibits`: the
/// materials attached, each as its exhibit number and title (“E003 工资流水”), listed under 附件.
pub fn repayment_proposal(
    case: &Case,
    plan: Option<&PlanChoice>,
    first_due: Option<NaiveDate>,
    exhibits: &[String],
    me: &Profile,
    lang: Lang,
) -> Document {
    use MediationWord as W;
    let c = &case.details.claimed;
    let mut parties = person_fields(W::Applicant, me, lang);
    parties.push((W::Respondent.get(lang), case.lender.clone()));
    let mut blocks = vec![
        Block::Fields(parties),
        Block::Heading(W::LoanHeading.get(lang)),
        Block::Fields(loan_fields(case, lang)),
        Block::Heading(W::ClaimedHeading.get(lang)),
        Block::Fields(vec![
            (W::Principal.get(lang), yuan(c.principal_fen, lang)),
            (W::Interest.get(lang), yuan(c.interest_fen, lang)),
            (W::Penalties.get(lang), yuan(c.penalties_fen, lang)),
            (W::Fees.get(lang), yuan(c.fees_fen, lang)),
            (
                W::Total.get(lang),
                yuan(Some(c.total_fen()).filter(|t| *t > 0), lang),
            ),
            (
                W::ClaimedBy.get(lang),
                format!(
                    "{} {}",
                    c.by.as_deref().unwrap_or(BLANK),
                    c.on.map(ymd).unwrap_or_default()
                ),
            ),
        ]),
        Block::Heading(W::RequestHeading.get(lang)),
    ];
    match plan {
        Some(p) => {
            let o = &p.option;
            let waiver = match o.waiver {
                Waiver::None => W::WaiverNone,
                Waiver::PenaltiesAndFees => W::WaiverPenalties,
                Waiver::InterestPenaltiesFees => W::WaiverAll,
            };
            blocks.push(Block::Paragraph(W::RequestPlan.fill(
                lang,
                &[
                    &waiver.get(lang),
                    &Money::from_fen(o.total_fen).yuan(lang),
                    &o.months.to_string(),
                    &Money::from_fen(o.monthly_fen).yuan(lang),
                ],
            )));
            blocks.push(Block::Paragraph(
                schedule_lines(&o.payments_fen, first_due, lang).join("\n"),
            ));
            blocks.push(Block::Heading(W::FactsHeading.get(lang)));
            let i = &p.input;
            blocks.push(Block::Paragraph(
                W::ReasonsPlan.fill(
                    lang,
                    &[
                        BLANK,
                        &Money::from_fen(i.monthly_income_fen).yuan(lang),
                        &Money::from_fen(i.essential_expenses_fen).yuan(lang),
                        &Money::from_fen(
                            i.monthly_income_fen
                                .saturating_sub(i.essential_expenses_fen),
                        )
                        .yuan(lang),
                    ],
                ),
            ));
        }
        None => {
            blocks.push(Block::Paragraph(
                W::RequestNoPlan.fill(lang, &[BLANK, BLANK]),
            ));
            blocks.push(Block::Heading(W::FactsHeading.get(lang)));
            blocks.push(Block::Paragraph(W::ReasonsNoPlan.fill(lang, &[BLANK])));
        }
    }
    blocks.push(Block::Paragraph(W::NoAdmission.get(lang)));
    if !exhibits.is_empty() {
        blocks.push(Block::Heading(W::ExhibitsHeading.get(lang)));
        blocks.extend(numbered(exhibits));
    }
    blocks.push(Block::Spacer(12.0));
    blocks.push(Block::Signature {
        lines: vec![W::SignApplicant.get(lang), W::SignDate.get(lang)],
    });
    Document {
        title: W::ProposalTitle.get(lang),
        header: Some(case.title.clone()),
        blocks,
        lang,
    }
}

/// 困难情况说明. `attachments`: the proof of hardship, each as its exhibit number and title.
pub fn hardship_statement(
    case: &Case,
    plan: Option<&PlanChoice>,
    attachments: &[String],
    me: &Profile,
    lang: Lang,
) -> Document {
    use MediationWord as W;
    let income = plan.map(|p| Money::from_fen(p.input.monthly_income_fen).yuan(lang));
    let expenses = plan.map(|p| Money::from_fen(p.input.essential_expenses_fen).yuan(lang));
    let line = || Block::Paragraph(BLANK.repeat(4));
    let mut blocks = vec![
        Block::Fields(person_fields(W::Name, me, lang)),
        Block::Heading(W::LoanInvolvedHeading.get(lang)),
        Block::Fields(loan_fields(case, lang)),
        Block::Heading(W::IncomeHeading.get(lang)),
        Block::Fields(vec![
            (
                W::MonthlyIncome.get(lang),
                income.unwrap_or_else(|| BLANK.into()),
            ),
            (
                W::EssentialExpenses.get(lang),
                expenses.unwrap_or_else(|| BLANK.into()),
            ),
        ]),
        Block::Heading(W::ReasonHeading.get(lang)),
        line(),
        line(),
        Block::Heading(W::OtherDebtsHeading.get(lang)),
        line(),
        Block::Heading(W::ProofHeading.get(lang)),
    ];
    if attachments.is_empty() {
        blocks.push(Block::Paragraph(W::ProofHint.fill(lang, &[BLANK])));
    } else {
        blocks.extend(numbered(attachments));
    }
    blocks.push(Block::Paragraph(W::Truthful.get(lang)));
    blocks.push(Block::Spacer(12.0));
    blocks.push(Block::Signature {
        lines: vec![W::SignStatement.get(lang), W::SignDate.get(lang)],
    });
    Document {
        title: W::HardshipTitle.get(lang),
        header: Some(case.title.clone()),
        blocks,
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::{ChosenPlan, PlanInput};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    #[test]
    fn equal_instalments_are_summarised_as_runs() {
        let mut p = vec![37_500i64; 23];
        p.push(37_512);
        assert_eq!(payment_runs(&p), vec![(1, 23, 37_500), (24, 24, 37_512)]);
        assert_eq!(payment_runs(&[]), vec![]);
        assert_eq!(
            payment_runs(&[1, 2, 2, 1]),
            vec![(1, 1, 1), (2, 3, 2), (4, 4, 1)]
        );
    }

    #[test]
    fn twenty_four_equal_instalments_are_one_dated_line_and_the_total() {
        let p = vec![100_000i64; 24];
        assert_eq!(
            schedule_lines(&p, Some(d(2026, 1, 5)), Lang::Zh),
            vec![
                "第 1–24 期：每月 5 日 1000.00 元，2026-01-05 至 2027-12-05".to_string(),
                "合计：24 期，24000.00 元".into(),
            ]
        );
        assert_eq!(
            schedule_lines(&p, Some(d(2026, 1, 5)), Lang::En),
            vec![
                "Instalments 1–24: CNY 1000.00 on day 5 of each month, 2026-01-05 to 2027-12-05"
                    .to_string(),
                "Total: 24 instalments, CNY 24000.00".into(),
            ]
        );
    }

    #[test]
    fn an_odd_first_and_last_instalment_stand_on_their_own_lines() {
        let mut p = vec![50_000i64];
        p.extend([37_500; 22]);
        p.push(37_512);
        let lines = schedule_lines(&p, Some(d(2026, 1, 31)), Lang::Zh);
        assert_eq!(
            lines,
            vec![
                "第 1 期：500.00 元，2026-01-31".to_string(),
                "第 2–23 期：每月 31 日 375.00 元，2026-02-28 至 2027-11-30（当月没有该日的，为当月最后一天）".into(),
                "第 24 期：375.12 元，2027-12-31".into(),
                "合计：24 期，9125.12 元".into(),
            ]
        );
        // Without a first due date: the runs and the total, undated.
        assert_eq!(
            schedule_lines(&p, None, Lang::Zh),
            vec![
                "第 1 期：500.00 元".to_string(),
                "第 2–23 期：每期 375.00 元".into(),
                "第 24 期：375.12 元".into(),
                "合计：24 期，9125.12 元".into(),
            ]
        );
    }

    fn case() -> Case {
        Case {
            id: "c-test".into(),
            title: "测试借款".into(),
            lender: "某消费金融".into(),
            platform: None,
            principal: None,
            overdue_since: None,
            created_at: crate::domain::Instant::from_stored("2026-01-01T00:00:00Z", 480)
                .expect("a stored instant"),
            evidence_count: 0,
            details: Default::default(),
            stage: None,
            stage_basis: None,
        }
    }

    fn plan() -> PlanChoice {
        let mut payments_fen = vec![37_501i64; 12];
        payments_fen.extend([37_500; 12]);
        PlanChoice {
            id: "q-test".into(),
            input: PlanInput {
                principal_fen: 900_012,
                monthly_income_fen: 600_000,
                essential_expenses_fen: 400_000,
                ..PlanInput::default()
            },
            option: ChosenPlan {
                months: 24,
                waiver: Waiver::InterestPenaltiesFees,
                total_fen: 900_012,
                monthly_fen: 37_501,
                payments_fen,
            },
        }
    }

    fn first_fields(doc: &Document) -> &Vec<(String, String)> {
        match doc.blocks.first() {
            Some(Block::Fields(f)) => f,
            _ => panic!("the documents open with the parties"),
        }
    }

    /// Every piece of text the document prints.
    fn texts(doc: &Document) -> Vec<String> {
        let mut out = vec![doc.title.clone()];
        out.extend(doc.header.clone());
        for b in &doc.blocks {
            match b {
                Block::Heading(s) | Block::Paragraph(s) => out.push(s.clone()),
                Block::Section { title, .. } => out.push(title.clone()),
                Block::Fields(f) => out.extend(f.iter().flat_map(|(a, b)| [a.clone(), b.clone()])),
                Block::Table { headers, rows, .. } => {
                    out.extend(headers.iter().cloned());
                    out.extend(rows.iter().flatten().cloned());
                }
                Block::Signature { lines } => out.extend(lines.iter().cloned()),
                Block::Image { caption, .. } | Block::PdfPages { caption, .. } => {
                    out.push(caption.clone());
                }
                Block::Chart(_) => panic!("a mediation document draws no chart"),
                Block::Spacer(_) | Block::PageBreak | Block::Contents | Block::NeedRoom(_) => {}
            }
        }
        out
    }

    fn is_han(c: char) -> bool {
        matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}')
    }

    #[test]
    fn the_english_documents_have_no_chinese_but_what_the_user_typed() {
        let mut c = case();
        c.title = "Loan from Acme".into();
        c.lender = "Acme Consumer Finance".into();
        let me = Profile {
            name: Some("Li Si".into()),
            ..Profile::default()
        };
        let exhibits = vec!["E002 pay slip March".to_string()];
        for plan in [Some(plan()), None] {
            let docs = [
                repayment_proposal(
                    &c,
                    plan.as_ref(),
                    Some(d(2026, 1, 5)),
                    &exhibits,
                    &me,
                    Lang::En,
                ),
                hardship_statement(&c, plan.as_ref(), &exhibits, &me, Lang::En),
                hardship_statement(&c, plan.as_ref(), &[], &Profile::default(), Lang::En),
            ];
            for doc in &docs {
                assert_eq!(doc.lang, Lang::En);
                for t in texts(doc) {
                    assert!(!t.chars().any(is_han), "{}: {t}", doc.title);
                }
            }
            assert!(
                texts(&docs[0])
                    .iter()
                    .any(|t| t == "1. E002 pay slip March")
            );
        }
        let text = texts(&repayment_proposal(
            &c,
            Some(&plan()),
            None,
            &[],
            &me,
            Lang::En,
        ))
        .join("\n");
        assert!(text.contains("Instalments 1–12: CNY 375.01 each"), "{text}");
        assert!(
            text.contains("Total: 24 instalments, CNY 9000.12"),
            "{text}"
        );
        for w in MediationWord::ALL {
            assert_eq!(
                w.label_en().matches("{}").count(),
                w.label_zh().matches("{}").count(),
                "{}: both languages take the same arguments",
                w.as_str()
            );
        }
    }

    #[test]
    fn the_proposal_lists_the_summarised_schedule_and_the_exhibits() {
        let exhibits = vec!["E002 工资流水".to_string(), "E005 失业证明".to_string()];
        let doc = repayment_proposal(
            &case(),
            Some(&plan()),
            Some(d(2026, 3, 10)),
            &exhibits,
            &Profile::default(),
            Lang::Zh,
        );
        let text = texts(&doc).join("\n");
        assert!(
            text.contains("第 1–12 期：每月 10 日 375.01 元，2026-03-10 至 2027-02-10\n第 13–24 期：每月 10 日 375.00 元，2027-03-10 至 2028-02-10\n合计：24 期，9000.12 元"),
            "{text}"
        );
        assert_eq!(
            text.matches("期：每月").count(),
            2,
            "two runs, not 24 rows: {text}"
        );
        assert!(
            text.contains("1. E002 工资流水\n2. E005 失业证明"),
            "{text}"
        );
        assert!(text.contains("每月可用于还款约 2000.00 元"), "{text}");
    }

    #[test]
    fn the_profile_fills_the_applicant_and_blanks_stay_for_what_it_lacks() {
        let me = Profile {
            name: Some("李四".into()),
            id_number: Some("11010519491231002X".into()),
            phone: None,
            address: None,
        };
        let proposal = repayment_proposal(&case(), None, None, &[], &me, Lang::Zh);
        let fields = first_fields(&proposal);
        assert_eq!(fields[0], ("申请人".to_string(), "李四".to_string()));
        assert_eq!(fields[1].1, "11010519491231002X");
        assert_eq!(fields[2].1, BLANK);
        assert_eq!(
            fields[3],
            ("被申请人".to_string(), "某消费金融".to_string())
        );

        let statement = hardship_statement(&case(), None, &[], &me, Lang::Zh);
        let fields = first_fields(&statement);
        assert_eq!(fields[0], ("姓名".to_string(), "李四".to_string()));
        assert_eq!(fields[1].1, "11010519491231002X");

        let blank = repayment_proposal(&case(), None, None, &[], &Profile::default(), Lang::Zh);
        assert_eq!(first_fields(&blank)[0].1, format!("{BLANK}（姓名）"));
        assert_eq!(first_fields(&blank)[1].1, BLANK);
    }
}
