//! The real interest rate of a case's loan, from its actual cash flows.

use serde::Serialize;

use super::Session;
use crate::domain::named::named_enum;
use crate::domain::rate::{self, CashFlow, LenderType, LprTable, RateReport};
use crate::{Error, Result};

named_enum! {
    /// A figure the real rate needs that the case does not have yet; the label says where it
    /// is entered.
    pub RateFigure, "rate figure", "rateFigure" {
        LoanDate => "loan_date", "借款日期（在“借款信息”里填写）", "the loan date (enter it under Loan details)";
        Received => "received", "实际到手金额（在“借款信息”里填写）", "the amount actually received (enter it under Loan details)";
        Payments => "payments", "至少一笔已还或应还的款项（在“借还款流水”里添加）", "at least one payment made or scheduled (add it under Loan cash flows)";
    }
}

/// The real rate, or the figures still missing for it (never both empty).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CaseRate {
    pub report: Option<RateReport>,
    pub missing: Vec<RateFigure>,
}

/// The figures [`for_case`] needs that the case lacks, in the order they are entered.
pub fn missing_figures(session: &Session, case_id: &str) -> Result<Vec<RateFigure>> {
    let case = super::case::show(session, case_id)?;
    let d = &case.details;
    let mut missing = Vec::new();
    if d.loan_date.is_none() {
        missing.push(RateFigure::LoanDate);
    }
    if d.received_fen.is_none() && case.principal.is_none() {
        missing.push(RateFigure::Received);
    }
    if super::debt::flows(session, case_id)?.is_empty() {
        missing.push(RateFigure::Payments);
    }
    Ok(missing)
}

/// [`for_case`] for a screen: the report when every figure is there, else what is missing.
pub fn for_case_or_missing(session: &Session, case_id: &str) -> Result<CaseRate> {
    let missing = missing_figures(session, case_id)?;
    if !missing.is_empty() {
        return Ok(CaseRate {
            report: None,
            missing,
        });
    }
    Ok(CaseRate {
        report: Some(for_case(session, case_id)?),
        missing,
    })
}

/// XIRR over: the amount received (negative, on the loan date) and every payment recorded on
/// the loan, made or scheduled (positive), compared with the lines for the lender's type.
pub fn for_case(session: &Session, case_id: &str) -> Result<RateReport> {
    let case = super::case::show(session, case_id)?;
    let d = &case.details;
    let loan_date = d.loan_date.ok_or_else(|| {
        Error::InvalidInput(
            "record the loan date first: casefile case edit CASE --loan-date YYYY-MM-DD".into(),
        )
    })?;
    let received = d
        .received_fen
        .or(case.principal.map(|p| p.fen()))
        .ok_or_else(|| {
            Error::InvalidInput(
                "record the amount actually received first: casefile case edit CASE --received 4500.00".into(),
            )
        })?;
    let mut flows = vec![CashFlow {
        on: loan_date,
        amount_fen: -received,
    }];
    flows.extend(
        super::debt::flows(session, case_id)?
            .into_iter()
            .map(|f| CashFlow {
                on: f.on,
                amount_fen: f.amount_fen,
            }),
    );
    if flows.len() < 2 {
        return Err(Error::InvalidInput(
            "record the payments made or scheduled on the loan first: casefile flow add CASE --on YYYY-MM-DD --amount 1000.00".into(),
        ));
    }
    rate::assess(
        &flows,
        d.lender_type.unwrap_or(LenderType::Other),
        Some(loan_date),
        case.principal.map(|p| p.fen()),
        d.received_fen,
        &LprTable::builtin(),
    )
    .map_err(|e| Error::InvalidInput(e.to_string()))
}

/// The standalone calculator: flows given directly (money to the borrower negative).
pub fn from_flows(flows: &[CashFlow], lender: LenderType) -> Result<RateReport> {
    let start = flows.iter().map(|f| f.on).min();
    rate::assess(flows, lender, start, None, None, &LprTable::builtin())
        .map_err(|e| Error::InvalidInput(e.to_string()))
}
