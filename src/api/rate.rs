//! The real interest rate of a case's loan, from its actual cash flows.

use super::Session;
use crate::domain::rate::{self, CashFlow, LenderType, LprTable, RateReport};
use crate::{Error, Result};

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
