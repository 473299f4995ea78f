//! Preparing for mediation: `mediation check|link|checklist|plan|choose|show|documents`.

use std::path::Path;

use casefile::api::{Session, documents, mediation};
use casefile::domain::plan::Waiver;
use casefile::{Result, exit};

use super::Ctx;
use crate::cli::MediationCommand;
use crate::parse;
use crate::print::{self, LANG, tick};

pub fn run(ctx: &Ctx, cmd: MediationCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    match cmd {
        MediationCommand::Check {
            case,
            organisation,
            notice_number,
            check,
            on,
            result,
            red_flags,
            note,
        } => {
            let check = mediation::NewCheck {
                organisation,
                notice_number,
                check: parse::value(&check)?,
                on: parse::date(&on)?,
                result: parse::value(&result)?,
                red_flags: red_flags
                    .iter()
                    .map(|f| parse::value(f))
                    .collect::<Result<_>>()?,
                note,
            };
            let c = mediation::add_check(&mut s, &case, check)?;
            print::created(ctx.json, &c, &c.id);
        }
        MediationCommand::Link {
            case,
            item,
            evidence,
        } => {
            let l = mediation::link(&mut s, &case, &item, &evidence)?;
            print::created(ctx.json, &l, &l.id);
        }
        MediationCommand::Checklist { case } => {
            let c = mediation::checklist(&s, &case)?;
            print::output(ctx.json, &c, || {
                for i in &c.items {
                    let ids = i.evidence_ids.join(",");
                    println!("{} {}  {ids}", tick(i.done), i.item.code.label(LANG));
                }
            });
        }
        MediationCommand::Plan {
            case,
            income,
            expenses,
            months,
        } => plan(ctx, &s, &case, &income, &expenses, &months)?,
        MediationCommand::Choose {
            case,
            income,
            expenses,
            months,
            waiver,
        } => {
            let waiver: Waiver = parse::value(&waiver)?;
            let (income, expenses) = (parse::money(&income)?, parse::money(&expenses)?);
            let c = mediation::choose(&mut s, &case, income, expenses, months, waiver)?;
            print::created(ctx.json, &c, &c.id);
        }
        MediationCommand::Show { case } => show(ctx, &s, &case)?,
        MediationCommand::Documents {
            case,
            out,
            force,
            first_due,
            lang,
        } => {
            let options = documents::DocumentOptions {
                lang: parse::value(&lang)?,
                first_due: parse::opt_date(first_due.as_deref())?,
            };
            documents(ctx, &mut s, &case, &out, force, options)?
        }
    }
    Ok(exit::OK)
}

fn plan(
    ctx: &Ctx,
    s: &Session,
    case: &str,
    income: &str,
    expenses: &str,
    months: &[u32],
) -> Result<()> {
    let (income, expenses) = (parse::money(income)?, parse::money(expenses)?);
    let plans = mediation::propose(s, case, income, expenses, months)?;
    print::output(ctx.json, &plans, || {
        for p in &plans {
            println!(
                "{:>2} 期  {:<24} 每月 {}  合计 {}  {}",
                p.months,
                p.waiver.as_str(),
                print::fen(p.monthly_fen),
                print::fen(p.total_fen),
                if p.affordable {
                    "可负担 / affordable"
                } else {
                    "超出预算 / over budget"
                }
            );
        }
    });
    Ok(())
}

fn show(ctx: &Ctx, s: &Session, case: &str) -> Result<()> {
    let v = mediation::view(s, case)?;
    print::output(ctx.json, &v, || {
        if let Some(w) = v.warning {
            println!("⚠ {}", w.label(LANG));
        }
        for c in &v.checks {
            println!(
                "核实 {}  {}  {}：{}",
                c.on,
                c.organisation,
                c.check.label(LANG),
                c.result.label(LANG)
            );
        }
        for i in &v.checklist.items {
            println!("{} {}", tick(i.done), i.item.code.label(LANG));
        }
        if let Some(p) = &v.plan {
            println!(
                "还款方案：{} 期，每月 {}，合计 {}",
                p.option.months,
                print::fen(p.option.monthly_fen),
                print::fen(p.option.total_fen)
            );
        }
        super::agreement::print_views(&v.agreements);
    });
    Ok(())
}

/// Writes the two letters to sign and says where; warns of characters the font lacks.
fn documents(
    ctx: &Ctx,
    s: &mut Session,
    case: &str,
    out: &Path,
    force: bool,
    options: documents::DocumentOptions,
) -> Result<()> {
    let docs = documents::write_mediation_documents_with(s, case, out, force, options)?;
    print::output(ctx.json, &docs, || {
        for d in &docs {
            println!("{}  {} 页  sha256 {}", d.path.display(), d.pages, d.sha256);
            if !d.missing_chars.is_empty() {
                let chars: String = d.missing_chars.iter().collect();
                eprintln!("  注意：字体缺少这些字，已显示为占位符 / missing glyphs: {chars}");
            }
        }
    });
    Ok(())
}
