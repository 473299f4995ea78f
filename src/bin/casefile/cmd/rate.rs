//! Money on the loan itself and what it costs: `flow add|list` and `rate`.

use casefile::api::{debt, rate as api_rate};
use casefile::domain::rate::{CashFlow, LenderType};
use casefile::{Error, Result, exit};

use super::Ctx;
use crate::cli::{FlowCommand, RateArgs};
use crate::{parse, print};

pub fn flow(ctx: &Ctx, cmd: FlowCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    match cmd {
        FlowCommand::Add {
            case,
            on,
            amount,
            scheduled,
            note,
            yes,
        } => {
            let (on, amount) = (parse::date(&on)?, parse::money(&amount)?);
            let f = debt::add_flow(&mut s, &case, on, amount, scheduled, note, yes)?;
            print::created(ctx.json, &f, &f.id);
        }
        FlowCommand::List { case } => {
            let list = debt::flows(&s, &case)?;
            print::output(ctx.json, &list, || {
                for f in &list {
                    let planned = if f.scheduled { "（计划）" } else { "" };
                    println!("{}  {}{planned}", f.on, print::fen(f.amount_fen));
                }
            });
        }
    }
    Ok(exit::OK)
}

/// The real annual rate of a case's recorded flows, or of `--flow` values given here (the
/// calculator needs no vault).
pub fn rate(ctx: &Ctx, args: RateArgs) -> Result<i32> {
    let report = match (args.case, args.flows.is_empty()) {
        (Some(_), false) => {
            return Err(Error::InvalidInput(
                "give either a case or --flow values, not both".into(),
            ));
        }
        (None, false) => {
            let flows = args
                .flows
                .iter()
                .map(|f| parse::dated_amount(f).map(|(on, m)| CashFlow::new(on, m.fen())))
                .collect::<Result<Vec<_>>>()?;
            let lender: LenderType = parse::value(&args.lender_type)?;
            api_rate::from_flows(&flows, lender)?
        }
        (Some(case), true) => api_rate::for_case(&ctx.open()?, &case)?,
        (None, true) => {
            return Err(Error::InvalidInput(
                "give a case id, or --flow DATE:AMOUNT values for the calculator".into(),
            ));
        }
    };
    print::output(ctx.json, &report, || {
        println!(
            "实际年化利率 / real annual rate: {:.2}%",
            report.annual_rate_percent
        );
    });
    Ok(exit::OK)
}
