//! The two mediation documents the user completes and signs: 协商还款申请书 (repayment
//! proposal) and 困难情况说明 (hardship statement), filled in from the case.
//!
//! What the vault knows is filled in, the user's name, ID number and phone from their profile
//! when it holds them; what only the user knows (the reasons for the hardship, and any detail
//! the profile lacks) is left as a line to write on. They are addressed to a Chinese creditor or
//! mediator, so they are written in Chinese only. A schedule of equal instalments is
//! summarised as runs ("第 1–23 期 每期 …"), not one row per month.

use crate::domain::plan::{PlanChoice, Waiver};
use crate::domain::profile::Profile;
use crate::domain::{Case, Money};
use crate::export::pdf::{Block, Document, Lang};

const BLANK: &str = "＿＿＿＿＿＿＿＿";

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

fn schedule_table(payments_fen: &[i64]) -> Block {
    let rows = payment_runs(payments_fen)
        .into_iter()
        .map(|(first, last, fen)| {
            let which = if first == last {
                format!("第 {first} 期")
            } else {
                format!("第 {first}–{last} 期（{} 期）", last - first + 1)
            };
            vec![
                which,
                format!("每期 {}", Money::from_fen(fen).yuan(Lang::Zh)),
            ]
        })
        .collect();
    Block::Table {
        headers: vec!["期数".into(), "金额".into()],
        rows,
        widths: vec![1.4, 2.0],
    }
}

fn yuan(fen: Option<i64>) -> String {
    fen.map(|f| Money::from_fen(f).yuan(Lang::Zh))
        .unwrap_or_else(|| BLANK.to_string())
}

fn or_blank(s: Option<&str>) -> String {
    s.map(str::to_string).unwrap_or_else(|| BLANK.to_string())
}

/// The user's name, ID number and phone as the documents' first fields.
fn person_fields(name_label: &str, me: &Profile) -> Vec<(String, String)> {
    vec![
        (
            name_label.into(),
            me.name
                .clone()
                .unwrap_or_else(|| format!("{BLANK}（姓名）")),
        ),
        ("身份证号".into(), or_blank(me.id_number.as_deref())),
        ("联系电话".into(), or_blank(me.phone.as_deref())),
    ]
}

fn loan_fields(case: &Case) -> Vec<(String, String)> {
    let d = &case.details;
    vec![
        ("出借人".into(), case.lender.clone()),
        ("借款平台".into(), or_blank(case.platform.as_deref())),
        ("合同编号".into(), or_blank(d.contract_number.as_deref())),
        (
            "借款日期".into(),
            d.loan_date
                .map(|x| x.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| BLANK.into()),
        ),
        ("合同本金".into(), yuan(case.principal.map(Money::fen))),
        ("实际到手金额".into(), yuan(d.received_fen)),
    ]
}

/// 协商还款申请书, signed with the user's profile `me`. `exhibits`: the materials attached,
/// each as its exhibit number and title (“E003 工资流水.jpg”), listed under 附件.
pub fn repayment_proposal(
    case: &Case,
    plan: Option<&PlanChoice>,
    exhibits: &[String],
    me: &Profile,
) -> Document {
    let c = &case.details.claimed;
    let mut parties = person_fields("申请人", me);
    parties.push(("被申请人".into(), case.lender.clone()));
    let mut blocks = vec![
        Block::Fields(parties),
        Block::Heading("一、借款情况".into()),
        Block::Fields(loan_fields(case)),
        Block::Heading("二、对方主张的欠款".into()),
        Block::Fields(vec![
            ("本金".into(), yuan(c.principal_fen)),
            ("利息".into(), yuan(c.interest_fen)),
            ("罚息、违约金".into(), yuan(c.penalties_fen)),
            ("其他费用".into(), yuan(c.fees_fen)),
            ("合计".into(), yuan(Some(c.total_fen()).filter(|t| *t > 0))),
            (
                "主张方及日期".into(),
                format!(
                    "{} {}",
                    c.by.as_deref().unwrap_or(BLANK),
                    c.on.map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default()
                ),
            ),
        ]),
        Block::Heading("三、申请事项".into()),
    ];
    match plan {
        Some(p) => {
            let o = &p.option;
            let waiver = match o.waiver {
                Waiver::None => "按对方主张的全部金额",
                Waiver::PenaltiesAndFees => "请求减免罚息、违约金及其他费用，偿还本金和利息",
                Waiver::InterestPenaltiesFees => "请求减免利息、罚息、违约金及其他费用，仅偿还本金",
            };
            blocks.push(Block::Paragraph(format!(
                "申请人请求就上述借款协商分期还款：{waiver}，共计 {} 元，分 {} 期，每月偿还 {} 元（最后几期金额按分调整，合计不变），分期期间停止计收新的利息和罚息。",
                Money::from_fen(o.total_fen),
                o.months,
                Money::from_fen(o.monthly_fen),
            )));
            blocks.push(schedule_table(&o.payments_fen));
            blocks.push(Block::Heading("四、事实与理由".into()));
            blocks.push(Block::Paragraph(format!(
                "申请人因{BLANK}（请填写：失业、疾病、收入下降等原因），暂时无力按原合同约定还款，并非恶意拖欠。申请人每月收入约 {} 元，必要生活支出约 {} 元，每月可用于还款约 {} 元。为妥善解决债务，申请人愿在能力范围内积极履行，恳请贵方同意上述方案。",
                Money::from_fen(p.input.monthly_income_fen),
                Money::from_fen(p.input.essential_expenses_fen),
                Money::from_fen(p.input.monthly_income_fen - p.input.essential_expenses_fen),
            )));
        }
        None => {
            blocks.push(Block::Paragraph(format!(
                "申请人请求就上述借款协商分期还款，分 {BLANK} 期，每月偿还 {BLANK} 元，分期期间停止计收新的利息和罚息。"
            )));
            blocks.push(Block::Heading("四、事实与理由".into()));
            blocks.push(Block::Paragraph(format!(
                "申请人因{BLANK}（请填写原因），暂时无力按原合同约定还款，并非恶意拖欠，愿在能力范围内积极履行，恳请贵方同意上述方案。"
            )));
        }
    }
    blocks.push(Block::Paragraph(
        "本申请仅为协商解决纠纷之用。申请人在协商中为达成和解所作的让步，不构成对欠款金额或其他事实的认可（参见《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第107条）。".into(),
    ));
    if !exhibits.is_empty() {
        blocks.push(Block::Heading(
            "附件（证据编号与名称，与证据材料 PDF 一致）".into(),
        ));
        for (i, e) in exhibits.iter().enumerate() {
            blocks.push(Block::Paragraph(format!("{}. {e}", i + 1)));
        }
    }
    blocks.push(Block::Spacer(12.0));
    blocks.push(Block::Signature {
        lines: vec![
            "申请人（签名）：".into(),
            "日期：　　　　年　　月　　日".into(),
        ],
    });
    Document {
        title: "协商还款申请书".into(),
        header: Some(case.title.clone()),
        blocks,
        lang: Lang::Zh,
    }
}

/// 困难情况说明. `attachments`: the proof of hardship, each as its exhibit number and title.
pub fn hardship_statement(
    case: &Case,
    plan: Option<&PlanChoice>,
    attachments: &[String],
    me: &Profile,
) -> Document {
    let income = plan.map(|p| Money::from_fen(p.input.monthly_income_fen).yuan(Lang::Zh));
    let expenses = plan.map(|p| Money::from_fen(p.input.essential_expenses_fen).yuan(Lang::Zh));
    let mut blocks = vec![
        Block::Fields(person_fields("姓名", me)),
        Block::Heading("一、涉及的借款".into()),
        Block::Fields(loan_fields(case)),
        Block::Heading("二、收入与支出".into()),
        Block::Fields(vec![
            ("每月收入".into(), income.unwrap_or_else(|| BLANK.into())),
            (
                "每月必要支出（房租、饮食、医疗、赡养抚养等）".into(),
                expenses.unwrap_or_else(|| BLANK.into()),
            ),
        ]),
        Block::Heading("三、困难原因".into()),
        Block::Paragraph(format!("{BLANK}{BLANK}{BLANK}{BLANK}")),
        Block::Paragraph(format!("{BLANK}{BLANK}{BLANK}{BLANK}")),
        Block::Heading("四、其他债务".into()),
        Block::Paragraph(format!("{BLANK}{BLANK}{BLANK}{BLANK}")),
        Block::Heading("五、证明材料".into()),
    ];
    if attachments.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "（请附工资流水、失业证明、病历等）{BLANK}"
        )));
    } else {
        for (i, a) in attachments.iter().enumerate() {
            blocks.push(Block::Paragraph(format!("{}. {a}", i + 1)));
        }
    }
    blocks.push(Block::Paragraph("本人保证以上情况属实。".into()));
    blocks.push(Block::Spacer(12.0));
    blocks.push(Block::Signature {
        lines: vec![
            "说明人（签名）：".into(),
            "日期：　　　　年　　月　　日".into(),
        ],
    });
    Document {
        title: "困难情况说明".into(),
        header: Some(case.title.clone()),
        blocks,
        lang: Lang::Zh,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let Block::Table { rows, .. } = schedule_table(&p) else {
            panic!("a table")
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            vec!["第 1–23 期（23 期）".to_string(), "每期 375.00 元".into()]
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

    fn first_fields(doc: &Document) -> &Vec<(String, String)> {
        match doc.blocks.first() {
            Some(Block::Fields(f)) => f,
            _ => panic!("the documents open with the parties"),
        }
    }

    #[test]
    fn the_profile_fills_the_applicant_and_blanks_stay_for_what_it_lacks() {
        let me = Profile {
            name: Some("李四".into()),
            id_number: Some("11010519491231002X".into()),
            phone: None,
            address: None,
        };
        let proposal = repayment_proposal(&case(), None, &[], &me);
        let fields = first_fields(&proposal);
        assert_eq!(fields[0], ("申请人".to_string(), "李四".to_string()));
        assert_eq!(fields[1].1, "11010519491231002X");
        assert_eq!(fields[2].1, BLANK);
        assert_eq!(
            fields[3],
            ("被申请人".to_string(), "某消费金融".to_string())
        );

        let statement = hardship_statement(&case(), None, &[], &me);
        let fields = first_fields(&statement);
        assert_eq!(fields[0], ("姓名".to_string(), "李四".to_string()));
        assert_eq!(fields[1].1, "11010519491231002X");

        let blank = repayment_proposal(&case(), None, &[], &Profile::default());
        assert_eq!(first_fields(&blank)[0].1, format!("{BLANK}（姓名）"));
        assert_eq!(first_fields(&blank)[1].1, BLANK);
    }
}
