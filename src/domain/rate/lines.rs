//! The interest lines a rate is measured against (4 × LPR, the 24% regulatory line, the
//! historical 36%) and [`assess`], which puts the rate, the lines and the notes together.

use chrono::NaiveDate;
use serde::Serialize;

use super::lpr::{format_basis_points, private_lending_2020_date};
use super::xirr::sign_changes;
use super::{CashFlow, LenderType, LprEntry, LprTable, RateError, lpr_reform_date, xirr};
use crate::domain::Money;
use crate::domain::named::named_enum;

named_enum! {
    /// What kind of rule a line is, so the UI can say law versus regulation.
    pub LineStatus, "line status", "lineStatus" {
        /// Judicial interpretation binding on courts.
        Law => "law", "法律（司法解释）", "law (judicial interpretation)";
        /// Regulatory requirement on licensed lenders (known from press reports).
        Regulatory => "regulatory", "监管要求（据公开报道）", "regulatory requirement (from press reports)";
        /// Guidance to one kind of lender reported in the press, with no published document.
        WindowGuidance => "window_guidance", "窗口指导（据报道，无公开文件）", "window guidance (reported; no published document)";
        /// A line that used to be the reference and is still quoted.
        Historical => "historical", "历史参考线", "historical reference line";
    }
}

named_enum! {
    /// Which interest line: its labels name the line; the figures are in [`RateLine`].
    pub LineCode, "rate line", "rateLine" {
        /// 4 × the one-year LPR on the contract date (private lending).
        Lpr4x => "lpr_4x", "一年期LPR的4倍", "4 × one-year LPR";
        /// Microloan companies: 24% for new loans, to come within 4 × LPR by end-2027.
        Microloan24 => "microloan_24", "小额贷款公司：年化综合融资成本24%", "Microloan companies: 24% annualised comprehensive cost";
        /// Loans through platforms (助贷): 24% including guarantee fees, from 2025-10-01.
        Platform24 => "platform_24", "助贷平台：年化综合融资成本24%（含增信服务费）", "Loans through platforms: 24% annualised comprehensive cost (guarantee fees included)";
        /// Consumer-finance companies: reportedly guided to 20%.
        ConsumerFinance20 => "consumer_finance_20", "消费金融公司：年化综合融资成本20%", "Consumer-finance companies: 20% annualised comprehensive cost";
        Historical36 => "historical_36", "年化综合资金成本36%（2017年起的历史红线）", "36% annualised comprehensive cost (historical line, 2017)";
    }
}

/// One interest line the rate is compared with. Its name is [`LineCode`]'s label; for the
/// 4 × LPR line, `lpr` says which LPR value it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RateLine {
    pub code: LineCode,
    pub limit_percent: f64,
    /// The one-year LPR in force on the contract date (publication date and basis points);
    /// set on the `lpr_4x` line only.
    pub lpr: Option<LprEntry>,
    /// Where the line comes from, with its source kind (`[law]` / `[news]`).
    pub basis: String,
    pub status: LineStatus,
    /// Whether the line applies to this lender type.
    pub applies: bool,
    /// Whether the annual rate (rounded to 2 decimals) is above the line. Computed for every
    /// line, applying or not; read it together with `applies`.
    pub exceeded: bool,
}

/// The result of [`assess`]. `notes_zh[i]` and `notes_en[i]` say the same thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RateReport {
    /// Effective annual rate in percent, rounded to 2 decimals.
    pub annual_rate_percent: f64,
    /// Number of cash flows used.
    pub flows: usize,
    pub lines: Vec<RateLine>,
    /// Contract principal minus the amount actually received, when less was received (砍头息).
    pub upfront_deduction_fen: Option<i64>,
    pub notes_zh: Vec<String>,
    pub notes_en: Vec<String>,
}

/// Computes the annual rate of `flows` and measures it against the lines for `lender`.
///
/// * `contract_date`: the date the contract was made; it picks the LPR for the 4 × LPR line.
///   When absent, the earliest cash flow date is used (and a note says so).
/// * `principal_fen` / `received_fen`: the contract principal and the amount actually received;
///   when less was received, the difference is reported as interest deducted up front.
pub fn assess(
    flows: &[CashFlow],
    lender: LenderType,
    contract_date: Option<NaiveDate>,
    principal_fen: Option<i64>,
    received_fen: Option<i64>,
    lpr: &LprTable,
) -> Result<RateReport, RateError> {
    for (field, value) in [
        ("principal", principal_fen),
        ("received amount", received_fen),
    ] {
        if let Some(value) = value
            && value <= 0
        {
            return Err(RateError::BadAmount { field, value });
        }
    }
    let rate = xirr(flows)?;
    let annual_rate_percent = round2(rate * 100.0);
    let mut notes = Notes::default();
    method_notes(&mut notes, flows);
    let upfront_deduction_fen = match (principal_fen, received_fen) {
        (Some(p), Some(r)) => upfront_deduction(&mut notes, flows, p, r),
        _ => None,
    };

    let earliest = flows.iter().map(|f| f.on).min().unwrap_or_default();
    let contract = match contract_date {
        Some(d) => d,
        None => {
            notes.push(
                format!("未填写合同成立日期，按最早一笔现金流的日期{earliest}计算。"),
                format!(
                    "No contract date given; the date of the earliest cash flow, {earliest}, is \
                     used."
                ),
            );
            earliest
        }
    };

    let private = !lender.is_licensed();
    let mut lines = Vec::with_capacity(5);
    lines.extend(lpr_line(
        &mut notes,
        lpr,
        contract,
        private,
        annual_rate_percent,
    ));
    if private && contract < private_lending_2020_date() {
        notes.push(
            "过渡规则（民间借贷规定第31条）：2020年8月20日之前成立的借贷合同，2020年8月19日以前的利息可按当时的司法解释\
             （24%/36%）计算，2020年8月20日起至还款之日的利息按起诉时一年期LPR的4倍计算。[law，条文以官方文本为准]"
                .to_string(),
            "Transitional rule (private-lending rules, art. 31): for contracts made before \
             2020-08-20, interest up to 2020-08-19 may be judged by the rules then in force \
             (24%/36%), and interest from 2020-08-20 until repayment by 4 × the one-year LPR at \
             the time the suit is filed. [law; check the official text before relying on it]"
                .to_string(),
        );
    }
    lines.extend(regulatory_lines(lender, contract, annual_rate_percent));
    lender_notes(&mut notes, lender, contract);

    Ok(RateReport {
        annual_rate_percent,
        flows: flows.len(),
        lines,
        upfront_deduction_fen,
        notes_zh: notes.zh,
        notes_en: notes.en,
    })
}

/// How the rate was computed, and a warning when the flows may balance at more than one rate.
fn method_notes(notes: &mut Notes, flows: &[CashFlow]) {
    notes.push(
        "年化利率按实际现金流（到手金额与每笔还款的日期和金额）计算，采用XIRR方法（按实际天数/365复利折算）。\
         贷款机构常用\"月IRR×12\"表示年化利率，同一笔贷款按该方法得出的数字会低一些；\
         与监管或法律红线比较时，请同时看双方的计算口径。"
            .to_string(),
        "The annual rate is computed from the actual cash flows (amount received, each payment \
         and its date) with XIRR (Actual/365, compounded). Lenders often state the annual rate as \
         the monthly IRR × 12, which gives a lower number for the same loan; when comparing with \
         a legal or regulatory line, check which method each side used."
            .to_string(),
    );
    if sign_changes(flows) > 1 {
        notes.push(
            "现金流多次在借入与还款之间变换方向，可能有不止一个利率能使其平衡；结果仅供参考。"
                .to_string(),
            "The cash flows switch between money received and payments more than once, so more \
             than one rate may balance them; treat the result with care."
                .to_string(),
        );
    }
}

/// Notes on interest deducted up front (砍头息) when less than the principal was received;
/// returns the deduction.
fn upfront_deduction(
    notes: &mut Notes,
    flows: &[CashFlow],
    principal: i64,
    received: i64,
) -> Option<i64> {
    let (p, r) = (principal, received);
    if r < p {
        let d = p - r;
        notes.push(
            format!(
                "合同本金{}元，实际到手{}元，相差{}元，疑似预先扣除利息（砍头息）。\
                 依《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第26条，\
                 预先在本金中扣除利息的，应当将实际出借的金额认定为本金。[law]",
                Money::from_fen(p),
                Money::from_fen(r),
                Money::from_fen(d)
            ),
            format!(
                "The contract principal is {} yuan but {} yuan was received: {} yuan looks \
                 like interest deducted up front (砍头息). Under the SPC private-lending \
                 rules, art. 26, when interest is deducted from the principal in advance, \
                 the amount actually lent is the principal. [law]",
                Money::from_fen(p),
                Money::from_fen(r),
                Money::from_fen(d)
            ),
        );
        let paid_out: i64 = flows
            .iter()
            .filter(|f| f.amount_fen < 0)
            .map(|f| f.amount_fen.saturating_neg())
            .fold(0, i64::saturating_add);
        if paid_out == p {
            notes.push(
                "现金流中借入金额记为合同本金；请改为实际到手金额，才能得出真实年化利率。"
                    .to_string(),
                "The cash flows record the contract principal as the money received; enter \
                 the amount actually received instead to get the real annual rate."
                    .to_string(),
            );
        }
    } else if r > p {
        notes.push(
            "实际到手金额高于合同本金，请核对这两个数字。".to_string(),
            "The amount received is higher than the contract principal: check both figures."
                .to_string(),
        );
    }
    (r < p).then(|| p - r)
}

/// The 4 × LPR line on the contract date, or a note saying why there is none (a contract
/// before the LPR reform). Notes too when the LPR data may be out of date.
fn lpr_line(
    notes: &mut Notes,
    lpr: &LprTable,
    contract: NaiveDate,
    private: bool,
    annual_rate_percent: f64,
) -> Option<RateLine> {
    let mut line = None;
    match lpr.one_year_on(contract) {
        Some((published, bp)) => {
            let limit_bp = bp * 4;
            let lpr_s = format_basis_points(bp);
            let limit_percent = f64::from(limit_bp) / 100.0;
            line = Some(RateLine {
                code: LineCode::Lpr4x,
                limit_percent,
                lpr: Some(LprEntry {
                    from: published,
                    basis_points: bp,
                }),
                basis: "最高人民法院关于审理民间借贷案件适用法律若干问题的规定（2020年第二次修正）\
                        第25条：约定利率超过合同成立时一年期LPR四倍的部分不予支持 [law]；\
                        最高人民法院关于新民间借贷司法解释适用范围问题的批复（法释〔2020〕27号，\
                        2021-01-01施行）：经金融监管部门批准设立的金融机构不适用 [law]"
                    .to_string(),
                status: LineStatus::Law,
                applies: private,
                exceeded: annual_rate_percent > limit_percent,
            });
            if let Some(checked) = lpr.checked_through()
                && contract > checked
            {
                notes.push(
                    format!(
                        "内置LPR数据核对至{checked}；合同日期{contract}晚于此日，使用的是已知最新值{lpr_s}%，\
                         请到全国银行间同业拆借中心核对。"
                    ),
                    format!(
                        "The built-in LPR data was checked up to {checked}; the contract date \
                         {contract} is later, so the latest known value {lpr_s}% is used. Check \
                         it with the National Interbank Funding Center."
                    ),
                );
            }
        }
        None => {
            notes.push(
                format!(
                    "合同成立日期{contract}早于{}（改革后的一年期LPR首次公布），无法计算\"合同成立时一年期LPR的4倍\"。\
                     该日期之前成立的民间借贷，按旧规（2015年民间借贷规定：年利率24%以内受保护，超过36%的部分无效）处理；\
                     过渡规则见下一条。",
                    lpr_reform_date()
                ),
                format!(
                    "The contract date {contract} is before {}, when the reformed one-year LPR \
                     was first published, so \"4 × the one-year LPR when the contract was made\" \
                     cannot be computed. Private loans made before then fall under the old rule \
                     (2015 private-lending rules: up to 24% a year protected, the part above 36% \
                     void); see the transitional rule in the next note.",
                    lpr_reform_date()
                ),
            );
        }
    }
    line
}

/// The day the 助贷 rule (金规〔2025〕9号) applies from: loans made on or after it.
pub fn platform_rule_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, 1).expect("a valid date")
}

/// The regulatory lines by lender type (each applies to one type; the 助贷 line to loans made
/// from 2025-10-01) and the historical 36% line, which applies to every licensed lender.
fn regulatory_lines(
    lender: LenderType,
    contract: NaiveDate,
    annual_rate_percent: f64,
) -> [RateLine; 4] {
    let line = |code, limit_percent: f64, basis: &str, status, applies| RateLine {
        code,
        limit_percent,
        lpr: None,
        basis: basis.to_owned(),
        status,
        applies,
        exceeded: annual_rate_percent > limit_percent,
    };
    [
        line(
            LineCode::Microloan24,
            24.0,
            "小额贷款公司综合融资成本管理工作指引（2025年12月24日下发）：新发放贷款年化综合融资成本不超过24%，\
             2027年底前逐步降至一年期LPR的4倍以内 [news]",
            LineStatus::Regulatory,
            lender == LenderType::Microloan,
        ),
        line(
            LineCode::Platform24,
            24.0,
            "关于加强商业银行互联网助贷业务管理提升金融服务质效的通知（金规〔2025〕9号），2025年10月1日起：\
             助贷业务年化综合融资成本（含增信服务费）不超过24% [news]",
            LineStatus::Regulatory,
            lender == LenderType::LoanPlatform && contract >= platform_rule_from(),
        ),
        line(
            LineCode::ConsumerFinance20,
            20.0,
            "据报道，2025年末监管窗口指导消费金融公司将年化综合融资成本降至20%以内；没有公开文件 [news]",
            LineStatus::WindowGuidance,
            lender == LenderType::ConsumerFinance,
        ),
        line(
            LineCode::Historical36,
            36.0,
            "关于规范整顿\"现金贷\"业务的通知（整治办函〔2017〕141号）：综合资金成本应符合民间借贷利率规定，\
             即当时的36% [news]",
            LineStatus::Historical,
            lender.is_licensed(),
        ),
    ]
}

/// Which set of rules applies to this lender, and where to complain.
fn lender_notes(notes: &mut Notes, lender: LenderType, contract: NaiveDate) {
    if lender == LenderType::LoanPlatform && contract < platform_rule_from() {
        let from = platform_rule_from();
        notes.push(
            format!(
                "助贷业务24%的上限（金规〔2025〕9号）自{from}起适用；合同日期{contract}在此之前，只比较历史参考线。"
            ),
            format!(
                "The 24% cap on loans through platforms (金规〔2025〕9号) applies from {from}; the \
                 contract date {contract} is earlier, so only the historical line is compared."
            ),
        );
    }
    if lender.is_licensed() {
        notes.push(
            format!(
                "出借方为{}（持牌金融机构或经持牌机构放款），不适用民间借贷\"4倍LPR\"上限（法释〔2020〕27号批复）；\
                 适用的是该类机构的监管要求（见上表，均据公开报道）和历史上的36%，违反时可向12378或地方金融管理部门投诉。",
                lender.label_zh()
            ),
            format!(
                "The lender is a {} (licensed, or lending through a licensed funder), so the \
                 private-lending 4 × LPR cap does not apply (SPC reply, 法释〔2020〕27号); the \
                 regulatory line for its type applies (see the lines; all from press reports), and \
                 historically 36%. A breach can be reported to 12378 or the local financial regulator.",
                lender.label_en().to_lowercase()
            ),
        );
    } else {
        notes.push(
            "出借方为个人或非持牌机构（或不确定），按民间借贷规则，超过合同成立时一年期LPR 4倍的利息、罚息、费用合计部分不受法律保护\
             （民间借贷规定第25、28、29条）。"
                .to_string(),
            "The lender is a private person or unlicensed business (or not known): under the \
             private-lending rules, interest, penalties and fees together above 4 × the one-year \
             LPR at the contract date are not protected (arts. 25, 28, 29)."
                .to_string(),
        );
    }
}

#[derive(Default)]
struct Notes {
    zh: Vec<String>,
    en: Vec<String>,
}

impl Notes {
    fn push(&mut self, zh: String, en: String) {
        self.zh.push(zh);
        self.en.push(en);
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
