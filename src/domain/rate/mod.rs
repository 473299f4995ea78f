//! The real annual rate of a loan and the interest lines it is measured against.
//!
//! * [`xirr`] computes the annualised rate of the actual cash flows (money received by the
//!   borrower negative, payments positive), Actual/365, like spreadsheet `XIRR`.
//! * [`LprTable`] holds the one-year LPR (dated data file `data/lpr-1y.json`).
//! * [`assess`] puts the two together: the rate, the lines that apply to the lender type,
//!   whether each is exceeded, and notes (upfront deduction, transitional rules, data age).
//!
//! Money is integer 分 (fen) throughout, read and written by [`Money`](crate::domain::Money);
//! `f64` is used only for the rate itself. Rooms: `xirr` (cash flows and the rate), `lpr` (the
//! LPR table), `lines` (the lines and the report); the errors and the lender type live here.

mod lines;
mod lpr;
#[cfg(test)]
mod tests;
mod xirr;

pub use lines::{LineCode, LineStatus, RateLine, RateReport, assess, platform_rule_from};
pub use lpr::{LprEntry, LprTable, lpr_reform_date};
pub use xirr::{CashFlow, MAX_RATE, MIN_RATE, xirr};

use thiserror::Error;

use super::named::named_enum;

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
        /// A loan made through a platform (助贷) and funded by a bank or other licensed lender.
        LoanPlatform => "loan_platform", "助贷平台（平台撮合、持牌机构出资）", "Loan through a platform (funded by a licensed lender)";
        /// 个人或非持牌机构: private lending.
        PrivateLender => "private_lender", "个人或非持牌机构（民间借贷）", "Private lender (person or unlicensed business)";
        /// Not known or none of the above: treated like private lending for the legal line.
        Other => "other", "其他或不确定", "Other / not sure";
    }
}

impl LenderType {
    /// Banks, consumer-finance and microloan companies hold a licence, and a platform loan is
    /// funded by one; the private-lending
    /// rules (and so the 4 × LPR line) do not apply to them.
    pub fn is_licensed(self) -> bool {
        matches!(
            self,
            LenderType::Bank
                | LenderType::ConsumerFinance
                | LenderType::Microloan
                | LenderType::LoanPlatform
        )
    }
}
