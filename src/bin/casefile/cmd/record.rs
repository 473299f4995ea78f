//! Corrections and withdrawals of a case's records: `record correct|withdraw|history`.

use casefile::api::corrections::{self, CorrectionAction};
use casefile::{Error, Result, exit};

use super::Ctx;
use crate::cli::RecordCommand;
use crate::print;

pub fn run(ctx: &Ctx, cmd: RecordCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    match cmd {
        RecordCommand::Correct {
            case,
            id,
            record,
            reason,
            yes,
        } => {
            let record: serde_json::Value = serde_json::from_str(&record).map_err(|e| {
                Error::InvalidInput(format!(
                    "--record is not JSON ({e}); copy the record from `--json` output and change what is wrong"
                ))
            })?;
            let c = corrections::correct(&mut s, &case, &id, record, reason, yes)?;
            print::created(ctx.json, &c, &c.id);
        }
        RecordCommand::Withdraw { case, id, reason } => {
            let c = corrections::withdraw(&mut s, &case, &id, reason)?;
            print::created(ctx.json, &c, &c.id);
        }
        RecordCommand::History { case } => {
            let list = corrections::list(&s, &case)?;
            print::output(ctx.json, &list, || {
                for c in &list {
                    let what = match c.action {
                        CorrectionAction::Corrected => "更正 corrected",
                        CorrectionAction::Withdrawn => "撤回 withdrawn",
                    };
                    println!(
                        "#{}  {}  {}  {} {}  {}",
                        c.seq,
                        c.at,
                        what,
                        c.target_kind,
                        c.target,
                        c.reason.as_deref().unwrap_or("")
                    );
                }
            });
        }
    }
    Ok(exit::OK)
}
