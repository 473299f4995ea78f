//! The contact log and what it shows: `contact add|list` and `violations`.

use casefile::api::contacts;
use casefile::{Result, exit};

use super::Ctx;
use crate::cli::{ContactArgs, ContactCommand};
use crate::parse;
use crate::print::{self, LANG};

pub fn run(ctx: &Ctx, cmd: ContactCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    match cmd {
        ContactCommand::Add(a) => {
            let case = a.case.clone();
            let c = new_contact(s.vault_now(), *a)?;
            let checked = contacts::add(&mut s, &case, c)?;
            print::output(ctx.json, &checked, || {
                println!("{}", checked.contact.id);
                for f in &checked.flags {
                    println!("  ⚠ {}: {}（{}）", f.code.as_str(), f.reason_zh, f.basis);
                }
            });
        }
        ContactCommand::List { case } => {
            let list = contacts::list(&s, &case)?;
            print::output(ctx.json, &list, || {
                for c in &list {
                    let flags: Vec<_> = c.flags.iter().map(|f| f.code.as_str()).collect();
                    println!(
                        "{}  {}  {} {}  {}  {}  {}",
                        c.contact.at.format("%Y-%m-%d %H:%M"),
                        c.contact.id,
                        c.contact.channel.label(LANG),
                        c.contact.direction.label(LANG),
                        c.contact.number.as_deref().unwrap_or("-"),
                        c.contact.summary.as_deref().unwrap_or(""),
                        flags.join(",")
                    );
                }
            });
        }
    }
    Ok(exit::OK)
}

fn new_contact(
    now: chrono::DateTime<chrono::FixedOffset>,
    a: ContactArgs,
) -> Result<contacts::NewContact> {
    let mut c = contacts::NewContact::new(
        contacts::parse_at(now, &a.at)?,
        parse::value(&a.channel)?,
        parse::value(&a.direction)?,
    );
    c.number = a.number;
    c.person = a.person;
    c.organisation = a.organisation;
    c.claimed_role = a.role.as_deref().map(parse::value).transpose()?;
    c.answered = a.answered.as_deref().map(parse::yes_no).transpose()?;
    c.attempts = a.attempts;
    c.third_party = a.third_party.as_deref().map(parse::value).transpose()?;
    c.summary = a.summary;
    c.quotes = a.quotes;
    c.evidence_ids = a.evidence;
    Ok(c)
}

pub fn violations(ctx: &Ctx, case: &str) -> Result<i32> {
    let s = ctx.open()?;
    let v = contacts::violations(&s, case)?;
    print::output(ctx.json, &v, || {
        if v.total == 0 {
            println!("未发现违规 / No violations found in the contact log.");
            return;
        }
        println!("违规催收汇总 / Collection violations: {}", v.total);
        for c in &v.counts {
            println!("  {}  {} 次", c.code.label(LANG), c.count);
        }
        println!();
        for i in &v.items {
            println!(
                "{}  {}  {}（依据：{}，{}）",
                i.at,
                i.code.as_str(),
                i.reason_zh,
                i.basis,
                i.basis_kind.as_str()
            );
            if !i.evidence_ids.is_empty() {
                println!("    证据 / evidence: {}", i.evidence_ids.join(", "));
            }
        }
        println!();
        println!("投诉渠道 / Where to complain:");
        for ch in &v.channels {
            println!(
                "  {}  {}：{}",
                ch.number,
                ch.line.label(LANG),
                ch.line.scope().label(LANG)
            );
        }
    });
    Ok(exit::OK)
}
