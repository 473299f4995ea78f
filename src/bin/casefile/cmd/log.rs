//! `log`: the hash chain, oldest first, one event a line.

use casefile::api::log;
use casefile::{Result, exit};

use super::Ctx;
use crate::print;

pub fn run(ctx: &Ctx, case: Option<&str>) -> Result<i32> {
    let s = ctx.open()?;
    let entries = log::entries(&s, case)?;
    print::output(ctx.json, &entries, || {
        for e in &entries {
            println!(
                "#{:<5} {}  {:<16} {:<12} {}",
                e.seq,
                e.at,
                e.kind,
                e.case_id.as_deref().unwrap_or("-"),
                e.sha256
            );
        }
    });
    Ok(exit::OK)
}
