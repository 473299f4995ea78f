//! People and organisations in a case: `party add|list`.

use casefile::api::debt;
use casefile::{Result, exit};

use super::Ctx;
use crate::cli::PartyCommand;
use crate::parse;
use crate::print::{self, LANG};

pub fn run(ctx: &Ctx, cmd: PartyCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    match cmd {
        PartyCommand::Add {
            case,
            role,
            name,
            phones,
            case_number,
            note,
        } => {
            let party = debt::NewParty {
                role: parse::value(&role)?,
                name,
                phones,
                case_number,
                note,
            };
            let p = debt::add_party(&mut s, &case, party)?;
            print::created(ctx.json, &p, &p.id);
        }
        PartyCommand::List { case } => {
            let list = debt::parties(&s, &case)?;
            print::output(ctx.json, &list, || {
                for p in &list {
                    println!(
                        "{}  {}  {}  {}  {}",
                        p.id,
                        p.role.label(LANG),
                        p.name,
                        p.phones.join(","),
                        p.case_number.as_deref().unwrap_or("")
                    );
                }
            });
        }
    }
    Ok(exit::OK)
}
