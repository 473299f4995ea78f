//! The case's timeline: `stage set|list`, `event add|list` and `deadlines`.

use casefile::api::timeline;
use casefile::{Result, exit};

use super::Ctx;
use crate::cli::{EventCommand, StageCommand};
use crate::parse;
use crate::print::{self, LANG};

pub fn stage(ctx: &Ctx, cmd: StageCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    match cmd {
        StageCommand::Set {
            case,
            stage,
            on,
            note,
            evidence,
        } => {
            let stage = parse::value(&stage)?;
            let on = parse::date(&on)?;
            let c = timeline::set_stage(&mut s, &case, stage, on, note, evidence)?;
            print::created(ctx.json, &c, &c.id);
        }
        StageCommand::List { case } => {
            let list = timeline::stages(&s, &case)?;
            print::output(ctx.json, &list, || {
                for c in &list {
                    println!(
                        "{}  {}  {}  {}",
                        c.on,
                        c.stage.label(LANG),
                        c.stage.as_str(),
                        c.note.as_deref().unwrap_or("")
                    );
                }
            });
        }
    }
    Ok(exit::OK)
}

pub fn event(ctx: &Ctx, cmd: EventCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    match cmd {
        EventCommand::Add {
            case,
            kind,
            on,
            note,
            period_days,
        } => {
            let kind = timeline::parse_event_kind(&kind)?;
            let e = timeline::add_event_with_period(
                &mut s,
                &case,
                kind,
                parse::date(&on)?,
                note,
                period_days,
            )?;
            print::created(ctx.json, &e, &e.id);
        }
        EventCommand::List { case } => {
            let list = timeline::events(&s, &case)?;
            print::output(ctx.json, &list, || {
                for e in &list {
                    println!("{}  {}  {}", e.on, e.kind.label(LANG), e.kind.as_str());
                }
            });
        }
    }
    Ok(exit::OK)
}

pub fn deadlines(ctx: &Ctx, case: Option<&str>) -> Result<i32> {
    let s = ctx.open()?;
    let list = timeline::deadlines(&s, case)?;
    print::output(ctx.json, &list, || {
        if list.is_empty() {
            eprintln!("没有期限 / No deadlines: record dated events with `casefile event add`.");
        }
        for d in &list {
            let when = if d.deadline.passed {
                format!("已过 {} 天 / passed", -d.deadline.days_left)
            } else {
                format!("还剩 {} 天 / days left", d.deadline.days_left)
            };
            println!(
                "{}  {:<24} {}  {}  [{}]",
                d.deadline.due,
                d.deadline.kind.as_str(),
                when,
                d.case_title,
                d.deadline.basis
            );
        }
    });
    Ok(exit::OK)
}
