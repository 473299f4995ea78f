//! The two mediation documents, filled in from the case for the user to complete and sign:
//! 协商还款申请书 (repayment proposal) and 困难情况说明 (hardship statement).
//!
//! What the vault knows is filled in; what only the user knows (name, ID number, the reasons
//! for the hardship) is left as a line to write on. Writing the PDFs is an export: the files'
//! SHA-256 go on the chain.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::Session;
use super::mediation::{self, PlanChoice};
use crate::chain::EventKind;
use crate::domain::plan::Waiver;
use crate::domain::{Case, Money};
use crate::export::document::{self, Block, Document, Lang};
use crate::{Error, Result, db};

const BLANK: &str = "＿＿＿＿＿＿＿＿";

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WrittenDocument {
    pub path: PathBuf,
    pub title: String,
    pub sha256: String,
    pub size: u64,
    pub pages: usize,
    /// Characters the shipped font lacks (shown as placeholders); empty when all rendered.
    pub missing_chars: Vec<char>,
}

fn yuan(fen: Option<i64>) -> String {
    fen.map(|f| format!("{} 元", Money::from_fen(f)))
        .unwrap_or_else(|| BLANK.to_string())
}

fn or_blank(s: Option<&str>) -> String {
    s.map(str::to_string).unwrap_or_else(|| BLANK.to_string())
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

/// 协商还款申请书.
pub fn repayment_proposal(case: &Case, plan: Option<&PlanChoice>) -> Document {
    let c = &case.details.claimed;
    let mut blocks = vec![
        Block::Fields(vec![
            ("申请人".into(), format!("{BLANK}（姓名）")),
            ("身份证号".into(), BLANK.into()),
            ("联系电话".into(), BLANK.into()),
            ("被申请人".into(), case.lender.clone()),
        ]),
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
            let rows: Vec<Vec<String>> = o
                .payments_fen
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    vec![
                        format!("第 {} 期", i + 1),
                        format!("{} 元", Money::from_fen(*f)),
                    ]
                })
                .collect();
            blocks.push(Block::Table {
                headers: vec!["期数".into(), "金额".into()],
                rows,
                widths: vec![1.0, 2.0],
            });
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

/// 困难情况说明.
pub fn hardship_statement(
    case: &Case,
    plan: Option<&PlanChoice>,
    attachments: &[String],
) -> Document {
    let income = plan.map(|p| Money::from_fen(p.input.monthly_income_fen).to_string() + " 元");
    let expenses =
        plan.map(|p| Money::from_fen(p.input.essential_expenses_fen).to_string() + " 元");
    let mut blocks = vec![
        Block::Fields(vec![
            ("姓名".into(), BLANK.into()),
            ("身份证号".into(), BLANK.into()),
            ("联系电话".into(), BLANK.into()),
        ]),
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

/// Writes both documents as PDFs into `out_dir`, refusing to overwrite unless `force`.
pub fn write_mediation_documents(
    session: &mut Session,
    case_id: &str,
    out_dir: &Path,
    force: bool,
) -> Result<Vec<WrittenDocument>> {
    let case = super::case::show(session, case_id)?;
    let plan = mediation::chosen_plan(session, case_id)?;
    let checklist = mediation::checklist(session, case_id)?;
    let mut attachments = Vec::new();
    for entry in checklist
        .items
        .iter()
        .filter(|i| i.item.code.as_str() == "hardship_proof")
    {
        for id in &entry.evidence_ids {
            let e = db::get_evidence(session.conn(), id)?;
            attachments.push(format!(
                "{}（证据 {}，SHA-256 {}…）",
                e.name,
                e.id,
                &e.sha256[..16]
            ));
        }
    }
    let docs = [
        (
            "协商还款申请书.pdf",
            repayment_proposal(&case, plan.as_ref()),
        ),
        (
            "困难情况说明.pdf",
            hardship_statement(&case, plan.as_ref(), &attachments),
        ),
    ];
    fs::create_dir_all(out_dir)
        .map_err(|e| Error::io(format!("creating {}", out_dir.display()), e))?;
    let targets: Vec<PathBuf> = docs.iter().map(|(name, _)| out_dir.join(name)).collect();
    if !force && let Some(existing) = targets.iter().find(|p| p.exists()) {
        return Err(Error::OutputExists {
            path: existing.clone(),
        });
    }
    // Render everything first, so a failure leaves no file behind.
    let mut rendered = Vec::new();
    for (_, doc) in &docs {
        let r = document::render(doc).map_err(|e| Error::RenderFailed {
            document: "the mediation document".into(),
            reason: e.to_string(),
        })?;
        rendered.push(r);
    }
    let mut written = Vec::new();
    for ((path, (_, doc)), r) in targets.iter().zip(&docs).zip(rendered) {
        let partial = path.with_extension("pdf.partial");
        let result = fs::write(&partial, &r.bytes).and_then(|()| fs::rename(&partial, path));
        if let Err(e) = result {
            let _ = fs::remove_file(&partial);
            for w in &written {
                let w: &WrittenDocument = w;
                let _ = fs::remove_file(&w.path);
            }
            return Err(Error::io(format!("writing {}", path.display()), e));
        }
        written.push(WrittenDocument {
            path: path.clone(),
            title: doc.title.clone(),
            sha256: hex::encode(Sha256::digest(&r.bytes)),
            size: r.bytes.len() as u64,
            pages: r.pages,
            missing_chars: r.missing_chars,
        });
    }
    session.change("recording the export", |c| {
        c.event(
            EventKind::ExportMade,
            Some(case_id),
            json!({
                "export": "mediation_documents",
                "files": written.iter().map(|w| json!({
                    "name": w.path.file_name().map(|n| n.to_string_lossy().into_owned()),
                    "sha256": w.sha256,
                    "size": w.size,
                })).collect::<Vec<_>>(),
            }),
        )
    })?;
    Ok(written)
}
