//! The real annual rate of a loan and the interest lines it is measured against.
//!
//! * [`xirr`] computes the annualised rate of the actual cash flows (money received by the
//!   borrower negative, payments positive), Actual/365, like spreadsheet `XIRR`.
//! * [`LprTable`] holds the one-year LPR (dated data file `data/lpr-1y.json`).
//! * [`assess`] puts the two together: the rate, the lines that apply to the lender type,
//!   whether each is exceeded, and notes (upfront deduction, transitional rules, data age).
//!
//! Money is integer 分 (fen) throughout; `f64` is used only for the rate itself.

use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::named::named_enum;

/// Days in the year for the Actual/365 day count.
const DAYS_PER_YEAR: f64 = 365.0;
/// Lowest rate searched (−99.99 %).
pub const MIN_RATE: f64 = -0.9999;
/// Highest rate searched (100 000 000 000 %): very short loans with large fees annualise to
/// astronomically high rates, and the number should still come out rather than an error.
pub const MAX_RATE: f64 = 1e9;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Everything that can go wrong in this module. Each message says what to fix.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RateError {
    #[error(
        "cash flow `{input}`: {reason}. Expected DATE:AMOUNT with the date as YYYY-MM-DD and the \
         amount in yuan with at most 2 decimals, negative for money you received and positive for \
         money you paid, e.g. `2024-01-15:-10000.00` or `2024-02-15:1000`"
    )]
    BadCashFlow { input: String, reason: String },
    #[error(
        "need at least 2 cash flows to compute a rate (got {0}): enter the amount you received \
         (negative) and at least one payment (positive)"
    )]
    TooFewFlows(usize),
    #[error("{}", no_sign_change_message(*all_positive))]
    NoSignChange { all_positive: bool },
    #[error(
        "all cash flows are on the same date, so no annual rate can be computed: check the dates \
         of the payments"
    )]
    AllSameDate,
    #[error(
        "no annual rate between -99.99% and {max}% makes these cash flows balance: check the \
         signs, dates and amounts (received money negative, payments positive); if the loan is \
         not fully repaid yet, also add the remaining scheduled payments on their due dates",
        max = MAX_RATE * 100.0
    )]
    NoConvergence,
    #[error("{field} must not be negative or zero (got {value} fen)")]
    BadAmount { field: &'static str, value: i64 },
    #[error("LPR data file: {0}")]
    LprData(String),
}

fn no_sign_change_message(all_positive: bool) -> &'static str {
    if all_positive {
        "all cash flows are positive (payments only): add the amount you actually received as a \
         negative flow, e.g. `2024-01-15:-10000.00`"
    } else {
        "all cash flows are negative (money received only): add your payments as positive flows, \
         e.g. `2024-02-15:1000`"
    }
}

// ---------------------------------------------------------------------------------------------
// Cash flows
// ---------------------------------------------------------------------------------------------

/// One dated movement of money. Money paid out to the borrower is negative, payments made by
/// the borrower are positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CashFlow {
    pub on: NaiveDate,
    pub amount_fen: i64,
}

impl CashFlow {
    pub fn new(on: NaiveDate, amount_fen: i64) -> Self {
        Self { on, amount_fen }
    }

    /// Parses `YYYY-MM-DD:AMOUNT`, the amount in 元 with up to 2 decimals and an optional sign,
    /// e.g. `2024-01-15:-10000.00` or `2024-02-15:1000`.
    pub fn parse(input: &str) -> Result<Self, RateError> {
        let bad = |reason: &str| RateError::BadCashFlow {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        let (date_part, amount_part) = input
            .trim()
            .split_once(':')
            .ok_or_else(|| bad("missing `:` between the date and the amount"))?;
        let date_part = date_part.trim();
        let on = NaiveDate::parse_from_str(date_part, "%Y-%m-%d")
            .map_err(|_| bad(&format!("`{date_part}` is not a valid date YYYY-MM-DD")))?;
        let amount_fen = parse_yuan(amount_part.trim()).map_err(|reason| bad(&reason))?;
        Ok(Self { on, amount_fen })
    }
}

impl FromStr for CashFlow {
    type Err = RateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Parses an amount in 元 (`-10000.00`, `1000`, `+12.5`) into fen, without floating point.
pub fn parse_yuan(s: &str) -> Result<i64, String> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        Some(_) => (false, s),
        None => return Err("the amount is empty".to_string()),
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) {
        return Err(format!(
            "`{s}` is not an amount in yuan (digits, optional sign, optional `.` and 1-2 decimals)"
        ));
    }
    let frac_fen: i64 = match frac {
        None => 0,
        Some(f) if !all_digits(f) => {
            return Err(format!("`{s}` has no digits after the decimal point"));
        }
        Some(f) if f.len() > 2 => {
            return Err(format!(
                "`{s}` has more than 2 decimals; amounts are in yuan to the fen (0.01)"
            ));
        }
        Some(f) if f.len() == 1 => i64::from(f.as_bytes()[0] - b'0') * 10,
        Some(f) => f.parse::<i64>().map_err(|e| e.to_string())?,
    };
    let too_large = || format!("`{s}` is too large");
    let whole_yuan: i64 = whole.parse().map_err(|_| too_large())?;
    let fen = whole_yuan
        .checked_mul(100)
        .and_then(|v| v.checked_add(frac_fen))
        .ok_or_else(too_large)?;
    Ok(if negative { -fen } else { fen })
}

// ---------------------------------------------------------------------------------------------
// XIRR
// ---------------------------------------------------------------------------------------------

/// Annualised rate (a fraction: 0.35 = 35 %) at which the cash flows balance, Actual/365 like
/// spreadsheet `XIRR`: Σ amount_i / (1+r)^((d_i − d_0)/365) = 0 with d_0 the earliest date.
///
/// Newton's method from 10 % first; when it does not converge inside the bracket, a scan for a
/// sign change followed by bisection on ln(1+r) over [−99.99 %, [`MAX_RATE`]]. The flows need not
/// be sorted. When the flows change sign more than once several rates can balance them; the one
/// found is the one Newton reaches from 10 %, else the root nearest to 10 %.
///
/// This is the *effective* (compounded) annual rate. A lender's "年化" figure computed as the
/// monthly IRR × 12 is lower for the same loan (e.g. 35.07 % versus 41.28 %).
pub fn xirr(flows: &[CashFlow]) -> Result<f64, RateError> {
    if flows.len() < 2 {
        return Err(RateError::TooFewFlows(flows.len()));
    }
    let has_pos = flows.iter().any(|f| f.amount_fen > 0);
    let has_neg = flows.iter().any(|f| f.amount_fen < 0);
    if !(has_pos && has_neg) {
        return Err(RateError::NoSignChange {
            all_positive: has_pos,
        });
    }
    let d0 = flows.iter().map(|f| f.on).min().unwrap_or_default();
    let terms: Vec<(f64, f64)> = flows
        .iter()
        .map(|f| {
            let years = (f.on - d0).num_days() as f64 / DAYS_PER_YEAR;
            (f.amount_fen as f64, years)
        })
        .collect();
    if terms.iter().all(|&(_, t)| t == 0.0) {
        return Err(RateError::AllSameDate);
    }
    let scale: f64 = terms.iter().map(|&(a, _)| a.abs()).sum();

    if let Some(r) = newton(&terms, scale, 0.1) {
        return Ok(r);
    }
    bracket_and_bisect(&terms).ok_or(RateError::NoConvergence)
}

/// Net present value and its derivative at rate `r`.
fn npv_and_derivative(terms: &[(f64, f64)], r: f64) -> (f64, f64) {
    let ln1p = r.ln_1p();
    terms.iter().fold((0.0, 0.0), |(v, d), &(a, t)| {
        let disc = (-t * ln1p).exp();
        (v + a * disc, d - t * a * disc / (1.0 + r))
    })
}

fn newton(terms: &[(f64, f64)], scale: f64, guess: f64) -> Option<f64> {
    let mut r = guess;
    for _ in 0..100 {
        let (v, d) = npv_and_derivative(terms, r);
        if !v.is_finite() || !d.is_finite() || d == 0.0 {
            return None;
        }
        let next = r - v / d;
        if !next.is_finite() || next <= MIN_RATE || next >= MAX_RATE {
            return None;
        }
        if (next - r).abs() <= 1e-12 * (1.0 + r.abs()) {
            let (v_next, _) = npv_and_derivative(terms, next);
            return (v_next.abs() <= 1e-9 * scale).then_some(next);
        }
        r = next;
    }
    None
}

/// Sign of the NPV at x = ln(1+r), computed with the largest exponent factored out so that it
/// stays finite over the whole bracket (−1, 0 or 1).
fn npv_sign(terms: &[(f64, f64)], x: f64) -> f64 {
    let max_exp = terms
        .iter()
        .map(|&(_, t)| -t * x)
        .fold(f64::NEG_INFINITY, f64::max);
    let v: f64 = terms
        .iter()
        .map(|&(a, t)| a * (-t * x - max_exp).exp())
        .sum();
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        0.0
    }
}

fn bracket_and_bisect(terms: &[(f64, f64)]) -> Option<f64> {
    const STEPS: usize = 2000;
    let lo = MIN_RATE.ln_1p();
    let hi = MAX_RATE.ln_1p();
    let target = 0.1_f64.ln_1p();
    let xs: Vec<f64> = (0..=STEPS)
        .map(|i| lo + (hi - lo) * i as f64 / STEPS as f64)
        .collect();
    let signs: Vec<f64> = xs.iter().map(|&x| npv_sign(terms, x)).collect();
    // Every bracket [a, b] holding a root; keep the one nearest to 10 %.
    let mut best: Option<(f64, f64)> = None;
    for i in 0..STEPS {
        let (a, b) = (xs[i], xs[i + 1]);
        if signs[i] == 0.0 {
            return Some(a.exp_m1());
        }
        if signs[i] * signs[i + 1] < 0.0 {
            let dist = |(p, q): (f64, f64)| (((p + q) / 2.0) - target).abs();
            if best.is_none_or(|cur| dist((a, b)) < dist(cur)) {
                best = Some((a, b));
            }
        }
    }
    if signs[STEPS] == 0.0 {
        return Some(hi.exp_m1());
    }
    let (mut a, mut b) = best?;
    let sa = npv_sign(terms, a);
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if m <= a || m >= b {
            break;
        }
        let sm = npv_sign(terms, m);
        if sm == 0.0 {
            return Some(m.exp_m1());
        }
        if sm == sa {
            a = m;
        } else {
            b = m;
        }
    }
    Some((0.5 * (a + b)).exp_m1())
}

/// Number of times the sign changes when the flows are summed per date in date order.
fn sign_changes(flows: &[CashFlow]) -> usize {
    let mut sorted: Vec<CashFlow> = flows.to_vec();
    sorted.sort_by_key(|f| f.on);
    let mut per_day: Vec<i64> = Vec::new();
    let mut last: Option<NaiveDate> = None;
    for f in sorted {
        match (last, per_day.last_mut()) {
            (Some(d), Some(sum)) if d == f.on => *sum = sum.saturating_add(f.amount_fen),
            _ => per_day.push(f.amount_fen),
        }
        last = Some(f.on);
    }
    let signs: Vec<i64> = per_day
        .into_iter()
        .filter(|&a| a != 0)
        .map(i64::signum)
        .collect();
    signs.windows(2).filter(|w| w[0] != w[1]).count()
}

// ---------------------------------------------------------------------------------------------
// Lender type
// ---------------------------------------------------------------------------------------------

named_enum! {
    /// Who lent the money. Decides which interest lines apply.
    pub LenderType, "lender type", "lenderType" {
        /// 银行 (licensed).
        Bank => "bank", "银行", "Bank";
        /// 消费金融公司 (licensed).
        ConsumerFinance => "consumer_finance", "消费金融公司", "Consumer-finance company";
        /// 小额贷款公司, including online microloan companies (licensed, local financial
        /// organisation).
        Microloan => "microloan", "小额贷款公司", "Microloan company";
        /// 个人或非持牌机构: private lending.
        PrivateLender => "private_lender", "个人或非持牌机构（民间借贷）", "Private lender (person or unlicensed business)";
        /// Not known or none of the above: treated like private lending for the legal line.
        Other => "other", "其他或不确定", "Other / not sure";
    }
}

impl LenderType {
    /// Banks, consumer-finance and microloan companies hold a licence; the private-lending
    /// rules (and so the 4 × LPR line) do not apply to them.
    pub fn is_licensed(self) -> bool {
        matches!(
            self,
            LenderType::Bank | LenderType::ConsumerFinance | LenderType::Microloan
        )
    }
}

// ---------------------------------------------------------------------------------------------
// LPR data
// ---------------------------------------------------------------------------------------------

/// The date the reformed one-year LPR was first published.
pub fn lpr_reform_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 8, 20).unwrap_or_default()
}

/// The date the 2020 private-lending rules took effect (new/old split for interest).
fn private_lending_2020_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 8, 20).unwrap_or_default()
}

const BUILTIN_LPR_JSON: &str = include_str!("../../data/lpr-1y.json");

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct LprFile {
    version: u32,
    source: String,
    /// Last fixing that was checked to still carry the latest value (optional).
    #[serde(default)]
    checked_through: Option<NaiveDate>,
    values: Vec<LprFileValue>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct LprFileValue {
    from: NaiveDate,
    percent: String,
}

/// One change of the one-year LPR: the value published on `from`, in force until the next change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LprEntry {
    pub from: NaiveDate,
    pub basis_points: i32,
}

/// The one-year LPR history, one entry per change, in ascending date order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LprTable {
    source: String,
    checked_through: Option<NaiveDate>,
    entries: Vec<LprEntry>,
}

impl LprTable {
    /// The table shipped with the app (`data/lpr-1y.json`).
    pub fn builtin() -> Self {
        match Self::from_json(BUILTIN_LPR_JSON) {
            Ok(t) => t,
            // The shipped file is validated by a unit test; reaching this is a build defect.
            Err(e) => panic!("built-in LPR data is invalid: {e}"),
        }
    }

    /// Parses and validates a table: version 1, at least one value, dates strictly ascending,
    /// every percent a positive decimal with at most 2 decimals.
    pub fn from_json(json: &str) -> Result<Self, RateError> {
        let file: LprFile =
            serde_json::from_str(json).map_err(|e| RateError::LprData(e.to_string()))?;
        if file.version != 1 {
            return Err(RateError::LprData(format!(
                "unsupported version {} (this app reads version 1)",
                file.version
            )));
        }
        if file.values.is_empty() {
            return Err(RateError::LprData("no values".to_string()));
        }
        let mut entries: Vec<LprEntry> = Vec::with_capacity(file.values.len());
        for v in &file.values {
            let basis_points = percent_to_basis_points(&v.percent)
                .map_err(|reason| RateError::LprData(format!("value from {}: {reason}", v.from)))?;
            if let Some(prev) = entries.last()
                && v.from <= prev.from
            {
                return Err(RateError::LprData(format!(
                    "dates must be strictly ascending: {} comes after {}",
                    v.from, prev.from
                )));
            }
            entries.push(LprEntry {
                from: v.from,
                basis_points,
            });
        }
        if let Some(c) = file.checked_through
            && entries.last().is_some_and(|l| c < l.from)
        {
            return Err(RateError::LprData(format!(
                "checked_through {c} is before the last value's date"
            )));
        }
        Ok(Self {
            source: file.source,
            checked_through: file.checked_through,
            entries,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The last fixing the data was checked against, if the file says.
    pub fn checked_through(&self) -> Option<NaiveDate> {
        self.checked_through
    }

    pub fn entries(&self) -> &[LprEntry] {
        &self.entries
    }

    /// The one-year LPR in force on `date`: the latest value published on or before it, as
    /// (publication date, basis points). `None` before the first value (2019-08-20 in the
    /// built-in table).
    pub fn one_year_on(&self, date: NaiveDate) -> Option<(NaiveDate, i32)> {
        let n = self.entries.partition_point(|e| e.from <= date);
        n.checked_sub(1)
            .map(|i| (self.entries[i].from, self.entries[i].basis_points))
    }
}

/// "4.25" → 425, "3" → 300, "3.1" → 310. Positive, at most 2 decimals.
fn percent_to_basis_points(s: &str) -> Result<i32, String> {
    let fen_like = parse_yuan(s.trim()).map_err(|_| format!("`{s}` is not a percent like 4.25"))?;
    if fen_like <= 0 || s.trim().starts_with(['+', '-']) {
        return Err(format!("`{s}` must be a positive percent like 4.25"));
    }
    i32::try_from(fen_like).map_err(|_| format!("`{s}` is too large"))
}

/// 1540 → "15.40".
fn format_basis_points(bp: i32) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let abs = bp.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

// ---------------------------------------------------------------------------------------------
// Lines and the report
// ---------------------------------------------------------------------------------------------

named_enum! {
    /// What kind of rule a line is, so the UI can say law versus regulation.
    pub LineStatus, "line status", "lineStatus" {
        /// Judicial interpretation binding on courts.
        Law => "law", "法律（司法解释）", "law (judicial interpretation)";
        /// Regulatory requirement on licensed lenders (known from press reports).
        Regulatory => "regulatory", "监管要求（据公开报道）", "regulatory requirement (from press reports)";
        /// A line that used to be the reference and is still quoted.
        Historical => "historical", "历史参考线", "historical reference line";
    }
}

/// One interest line the rate is compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RateLine {
    /// `lpr_4x`, `regulatory_24` or `historical_36`.
    pub code: &'static str,
    pub limit_percent: f64,
    pub label_zh: String,
    pub label_en: String,
    /// Where the line comes from, with its source kind ([law] / [news]).
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
    if let Some(p) = principal_fen
        && p <= 0
    {
        return Err(RateError::BadAmount {
            field: "principal",
            value: p,
        });
    }
    if let Some(r) = received_fen
        && r <= 0
    {
        return Err(RateError::BadAmount {
            field: "received amount",
            value: r,
        });
    }
    let rate = xirr(flows)?;
    let annual_rate_percent = round2(rate * 100.0);
    let mut notes = Notes::default();

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

    // Upfront deduction (砍头息).
    let mut upfront_deduction_fen = None;
    if let (Some(p), Some(r)) = (principal_fen, received_fen) {
        if r < p {
            let d = p - r;
            upfront_deduction_fen = Some(d);
            notes.push(
                format!(
                    "合同本金{}元，实际到手{}元，相差{}元，疑似预先扣除利息（砍头息）。\
                     依《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第26条，\
                     预先在本金中扣除利息的，应当将实际出借的金额认定为本金。[law]",
                    fen_to_yuan(p),
                    fen_to_yuan(r),
                    fen_to_yuan(d)
                ),
                format!(
                    "The contract principal is {} yuan but {} yuan was received: {} yuan looks \
                     like interest deducted up front (砍头息). Under the SPC private-lending \
                     rules, art. 26, when interest is deducted from the principal in advance, \
                     the amount actually lent is the principal. [law]",
                    fen_to_yuan(p),
                    fen_to_yuan(r),
                    fen_to_yuan(d)
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
    }

    // Contract date and the LPR on it.
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

    let mut lines = Vec::with_capacity(3);
    let private = !lender.is_licensed();
    match lpr.one_year_on(contract) {
        Some((published, bp)) => {
            let limit_bp = bp * 4;
            let lpr_s = format_basis_points(bp);
            let limit_s = format_basis_points(limit_bp);
            let limit_percent = f64::from(limit_bp) / 100.0;
            lines.push(RateLine {
                code: "lpr_4x",
                limit_percent,
                label_zh: format!(
                    "一年期LPR的4倍：{limit_s}%（合同成立时适用{published}公布的{lpr_s}%）"
                ),
                label_en: format!(
                    "4 × one-year LPR: {limit_s}% (LPR {lpr_s}% published {published}, in force \
                     on the contract date)"
                ),
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

    lines.push(RateLine {
        code: "regulatory_24",
        limit_percent: 24.0,
        label_zh: "年化综合融资成本24%（持牌机构监管红线）".to_string(),
        label_en: "24% annualised comprehensive cost (regulatory line for licensed lenders)"
            .to_string(),
        basis: "监管要求持牌放贷机构年化综合融资成本（利息、担保费、服务费等全部息费）不超过24%；\
                小额贷款公司综合融资成本管理工作指引（2025年12月）另要求2027年底前逐步降至一年期LPR的4倍以内 [news]"
            .to_string(),
        status: LineStatus::Regulatory,
        applies: lender.is_licensed(),
        exceeded: annual_rate_percent > 24.0,
    });
    lines.push(RateLine {
        code: "historical_36",
        limit_percent: 36.0,
        label_zh: "年化综合资金成本36%（2017年起的历史红线）".to_string(),
        label_en: "36% annualised comprehensive cost (historical line, 2017)".to_string(),
        basis: "关于规范整顿\"现金贷\"业务的通知（整治办函〔2017〕141号）：综合资金成本应符合民间借贷利率规定，\
                即当时的36% [news]"
            .to_string(),
        status: LineStatus::Historical,
        applies: lender.is_licensed(),
        exceeded: annual_rate_percent > 36.0,
    });

    if lender.is_licensed() {
        notes.push(
            format!(
                "出借方为{}（持牌金融机构），不适用民间借贷\"4倍LPR\"上限（法释〔2020〕27号批复）；\
                 适用的是监管红线（24%，历史上36%），违反时可向12378或地方金融管理部门投诉。",
                lender.label_zh()
            ),
            format!(
                "The lender is a {} (licensed), so the private-lending 4 × LPR cap does not apply \
                 (SPC reply, 法释〔2020〕27号); the regulatory lines apply (24%, historically 36%). \
                 A breach can be reported to 12378 or the local financial regulator.",
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

    Ok(RateReport {
        annual_rate_percent,
        flows: flows.len(),
        lines,
        upfront_deduction_fen,
        notes_zh: notes.zh,
        notes_en: notes.en,
    })
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

/// 1000001 → "10000.01", -50 → "-0.50".
pub fn fen_to_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
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
        for bad in [
            "2024-01-15",
            "2024-01-15:",
            "2024-13-01:100",
            "2023-02-29:100",
            "15/01/2024:100",
            "2024-01-15:1.234",
            "2024-01-15:1,000",
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
        r.lines.iter().find(|l| l.code == code)
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
            let lpr = line(&r, "lpr_4x").unwrap();
            let reg = line(&r, "regulatory_24").unwrap();
            let hist = line(&r, "historical_36").unwrap();
            let private = matches!(lender, LenderType::PrivateLender | LenderType::Other);
            assert_eq!(lpr.applies, private, "{lender}");
            assert_eq!(reg.applies, !private, "{lender}");
            assert_eq!(hist.applies, !private, "{lender}");
            assert_eq!(lpr.status, LineStatus::Law);
            assert_eq!(reg.status, LineStatus::Regulatory);
            assert_eq!(hist.status, LineStatus::Historical);
            // LPR on 2024-01-10 is 3.45 % (published 2023-08-21): line 13.80 %.
            assert_eq!(lpr.limit_percent, 13.8);
            assert!(lpr.label_zh.contains("13.80%") && lpr.label_zh.contains("2023-08-21"));
            assert!(lpr.exceeded && reg.exceeded && hist.exceeded);
        }
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
        assert!(!line(&r, "regulatory_24").unwrap().exceeded);
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
        assert_eq!(v["annual_rate_percent"], 41.28);
    }

    #[test]
    fn yuan_formatting() {
        assert_eq!(fen_to_yuan(1_000_001), "10000.01");
        assert_eq!(fen_to_yuan(-50), "-0.50");
        assert_eq!(format_basis_points(1540), "15.40");
        assert_eq!(parse_yuan("-0.5"), Ok(-50));
    }
}
