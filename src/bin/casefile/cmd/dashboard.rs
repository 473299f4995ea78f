//! `dashboard`: every case in one line each.

use casefile::api::dashboard;
use casefile::{Result, exit};

use super::Ctx;
use crate::print::{self, LANG};

pub fn run(ctx: &Ctx) -> Result<i32> {
    let s = ctx.open()?;
    let d = dashboard::build(&s)?;
    print::output(ctx.json, &d, || {
        for c in &d.cases {
            println!(
                "{}  {}  {}  {}  {}  违规 {}",
                c.id,
                c.title,
                c.stage.map_or("-", |s| s.label(LANG)),
                print::or_dash(c.outstanding_fen.map(print::fen)),
                print::or_dash(
                    c.next_deadline
                        .as_ref()
                        .map(|n| format!("{} {}", n.due, n.kind))
                ),
                c.violation_count
            );
        }
    });
    Ok(exit::OK)
}
