//! What leaves the vault for a lawyer: `export pdf|pack`, and `verify-pack` for whoever
//! receives one.

use casefile::api::{self, Lang, export};
use casefile::{Result, exit};

use super::Ctx;
use crate::cli::{ExportCommand, VerifyPackArgs};
use crate::{parse, print};

pub fn run(ctx: &Ctx, cmd: ExportCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    let done = match cmd {
        ExportCommand::Pdf {
            case,
            out,
            force,
            no_attachments,
            lang,
        } => {
            let options = export::PdfOptions {
                attachments: !no_attachments,
                lang: parse::value::<Lang>(&lang)?,
                job: api::Job::default(),
            };
            export::evidence_pdf(&mut s, &case, &out, force, options)?
        }
        ExportCommand::Complaint {
            case,
            to,
            out,
            force,
            lang,
        } => {
            let to = parse::value::<export::ComplaintRecipient>(&to)?;
            let lang = parse::value::<Lang>(&lang)?;
            let action = export::Action::Complaint(to);
            export::action_pdf(
                &mut s,
                &case,
                action,
                &out,
                force,
                lang,
                &api::Job::default(),
            )?
        }
        ExportCommand::Police {
            case,
            out,
            force,
            lang,
        } => {
            let lang = parse::value::<Lang>(&lang)?;
            let action = export::Action::Police;
            export::action_pdf(
                &mut s,
                &case,
                action,
                &out,
                force,
                lang,
                &api::Job::default(),
            )?
        }
        ExportCommand::Pack {
            case,
            out,
            to,
            force,
            lang,
        } => {
            let lang = parse::value::<Lang>(&lang)?;
            let job = api::Job::default();
            export::evidence_pack(&mut s, &case, &out, force, to.as_deref(), lang, &job)?
        }
    };
    print::output(ctx.json, &done, || {
        println!("{}", done.path.display());
        eprintln!(
            "sha256 {}  {} bytes  {} exhibits",
            done.sha256, done.size, done.exhibits
        );
        for w in &done.warnings {
            eprintln!("注意 / note: {w}");
        }
    });
    Ok(exit::OK)
}

/// Checks a received pack; exits VERIFY_FAILED when anything does not match.
pub fn verify_pack(ctx: &Ctx, args: VerifyPackArgs) -> Result<i32> {
    let report = export::verify_pack(&args.file, args.identity.as_deref())?;
    print::output(ctx.json, &report, || {
        if report.ok {
            println!(
                "完好 / OK: {} files, {} exhibits, every hash and the chain excerpt match.",
                report.files_checked, report.exhibits
            );
        } else {
            print::problems(report.problems.iter().map(|p| p.message.as_str()), "");
        }
    });
    Ok(print::check_code(report.ok))
}
