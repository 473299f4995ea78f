//! Case folders: `case new|list|show|edit|history`.

use casefile::api::{case, debt};
use casefile::{Result, exit};

use super::Ctx;
use crate::cli::{CaseCommand, EditArgs, NewCaseArgs};
use crate::parse::{self, clearable, clearable_text};
use crate::print;

pub fn run(ctx: &Ctx, cmd: CaseCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    match cmd {
        CaseCommand::New(a) => {
            let c = case::create(&mut s, new_case(a)?)?;
            print::created(ctx.json, &c, &c.id);
        }
        CaseCommand::List => {
            let cases = case::list(&s)?;
            print::output(ctx.json, &cases, || {
                if cases.is_empty() {
                    eprintln!("还没有案件 / No cases yet. Create one with `casefile case new`.");
                }
                for c in &cases {
                    println!(
                        "{}  {}  {}  {}  {} 件证据/items",
                        c.id,
                        c.title,
                        c.lender,
                        print::or_dash(c.principal.map(print::yuan)),
                        c.evidence_count
                    );
                }
            });
        }
        CaseCommand::Show { id } => {
            let c = case::show(&s, &id)?;
            print::output(ctx.json, &c, || print_case(&c));
        }
        CaseCommand::Edit(a) => {
            let id = a.id.clone();
            let c = debt::edit(&mut s, &id, case_edit(*a)?)?;
            print::created(ctx.json, &c, &c.id);
        }
        CaseCommand::History { id } => {
            let h = debt::history(&s, &id)?;
            print::output(ctx.json, &h, || {
                for e in &h {
                    for c in &e.changes {
                        println!("#{}  {}  {}: {} → {}", e.seq, e.at, c.field, c.old, c.new);
                    }
                }
            });
        }
    }
    Ok(exit::OK)
}

fn new_case(a: NewCaseArgs) -> Result<case::NewCase> {
    Ok(case::NewCase {
        title: a.title,
        lender: a.lender,
        platform: a.platform,
        principal: a.principal.as_deref().map(parse::money).transpose()?,
        overdue_since: parse::opt_date(a.overdue_since.as_deref())?,
        confirm: a.yes,
    })
}

/// The edit the flags ask for: an absent flag leaves its field, an empty one clears it.
fn case_edit(a: EditArgs) -> Result<debt::CaseEdit> {
    let money = |flag: &Option<String>| clearable(flag.as_deref(), parse::money);
    let date = |flag: &Option<String>| clearable(flag.as_deref(), parse::date);
    Ok(debt::CaseEdit {
        principal: money(&a.principal)?,
        overdue_since: date(&a.overdue_since)?,
        lender_type: clearable(a.lender_type.as_deref(), parse::value)?,
        loan_date: date(&a.loan_date)?,
        received: money(&a.received)?,
        term_months: clearable(a.term_months.as_deref(), parse::months)?,
        claimed_principal: money(&a.claimed_principal)?,
        claimed_interest: money(&a.claimed_interest)?,
        claimed_penalties: money(&a.claimed_penalties)?,
        claimed_fees: money(&a.claimed_fees)?,
        claimed_on: date(&a.claimed_on)?,
        title: a.title,
        lender: a.lender,
        platform: clearable_text(a.platform),
        contract_number: clearable_text(a.contract_number),
        schedule: clearable_text(a.schedule),
        stated_annual_rate: clearable_text(a.stated_rate),
        stated_fees: clearable_text(a.stated_fees),
        claimed_by: clearable_text(a.claimed_by),
        small_claims: a.small_claims,
        confirm: a.yes,
    })
}

fn print_case(c: &casefile::domain::Case) {
    println!("案件 Case:        {}", c.id);
    println!("名称 Title:       {}", c.title);
    println!("出借人 Lender:    {}", c.lender);
    println!("平台 Platform:    {}", c.platform.as_deref().unwrap_or("-"));
    println!(
        "本金 Principal:   {}",
        print::or_dash(c.principal.map(print::yuan))
    );
    println!("逾期 Overdue:     {}", print::or_dash(c.overdue_since));
    println!("创建 Created:     {}", c.created_at.to_rfc3339());
    println!("证据 Evidence:    {}", c.evidence_count);
}
