//! A signed agreement and payments against it: `agreement add|pay|show`.

use casefile::api::mediation::{self, AgreementView};
use casefile::domain::Money;
use casefile::domain::debt::Installment;
use casefile::{Error, Result, exit};

use super::Ctx;
use crate::cli::AgreementCommand;
use crate::{parse, print};

pub fn run(ctx: &Ctx, cmd: AgreementCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    match cmd {
        AgreementCommand::Add {
            case,
            signed_on,
            effective_on,
            total,
            installments,
            first_due,
            schedule,
            terms,
            yes,
        } => {
            let signed_on = parse::date(&signed_on)?;
            let total = parse::money(&total)?;
            let agreement = mediation::NewAgreement {
                signed_on,
                effective_on: parse::opt_date(effective_on.as_deref())?.unwrap_or(signed_on),
                total,
                installments: installments_of(total, installments, first_due, &schedule)?,
                terms,
                confirm: yes,
            };
            let a = mediation::add_agreement(&mut s, &case, agreement)?;
            print::created(ctx.json, &a, &a.id);
        }
        AgreementCommand::Pay {
            case,
            on,
            amount,
            note,
            evidence,
            yes,
        } => {
            let (on, amount) = (parse::date(&on)?, parse::money(&amount)?);
            let p = mediation::add_payment(&mut s, &case, on, amount, note, evidence, yes)?;
            print::created(ctx.json, &p, &p.id);
        }
        AgreementCommand::Show { case } => {
            let v = mediation::agreement_views(&s, &case)?;
            print::output(ctx.json, &v, || print_views(&v));
        }
    }
    Ok(exit::OK)
}

/// The instalments: `--installments N --first-due DATE` (equal, monthly) or `--schedule`
/// values, one or the other.
fn installments_of(
    total: Money,
    count: Option<u32>,
    first_due: Option<String>,
    schedule: &[String],
) -> Result<Vec<Installment>> {
    match (count, first_due, schedule.is_empty()) {
        (Some(n), Some(first), true) => {
            mediation::equal_installments(total, n, parse::date(&first)?)
        }
        (None, None, false) => schedule
            .iter()
            .map(|item| {
                let (due, amount) = parse::dated_amount(item)?;
                Ok(Installment {
                    due,
                    amount_fen: amount.fen(),
                })
            })
            .collect(),
        _ => Err(Error::InvalidInput(
            "give either --installments N with --first-due DATE, or --schedule DATE:AMOUNT values"
                .into(),
        )),
    }
}

/// Each agreement with what is paid, what remains, the next instalment and the deadline to
/// ask a court to confirm it.
pub fn print_views(list: &[AgreementView]) {
    for a in list {
        println!(
            "协议 {}  {} 签订  合计 {}  已还 {}  剩余 {}",
            a.agreement.id,
            a.agreement.signed_on,
            print::fen(a.agreement.total_fen),
            print::fen(a.status.paid_fen),
            print::fen(a.status.remaining_fen)
        );
        if let (Some(d), Some(f)) = (a.status.next_due, a.status.next_due_fen) {
            println!("  下一期 / next due: {d}  {}", print::fen(f));
        }
        if let Some(d) = a.judicial_confirmation_due {
            println!("  申请司法确认截止 / judicial confirmation by: {d}（民事诉讼法 第205条）");
        }
    }
}
