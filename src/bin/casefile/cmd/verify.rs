//! `verify`: decrypt and re-hash every evidence file, recompute the chain, check the database;
//! with `--quick`, everything but the contents (each file's length only).

use casefile::Result;
use casefile::api::verify;

use super::Ctx;
use crate::print;

pub fn run(ctx: &Ctx, quick: bool) -> Result<i32> {
    let s = ctx.open()?;
    let bar = print::progress_bar(ctx.json, "verify");
    let depth = if quick {
        verify::Depth::Quick
    } else {
        verify::Depth::Full
    };
    let report = verify::run_depth(&s, &Default::default(), depth, &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    print::output(ctx.json, &report, || {
        if report.ok && quick {
            println!(
                "完好（快速检查，未读取内容）/ OK (quick, contents not read): {} chain events, {} evidence items, every file the expected length.",
                report.checked.chain_events, report.checked.evidence_items
            );
        } else if report.ok {
            println!(
                "完好 / OK: {} chain events, {} evidence items ({} bytes) all match.",
                report.checked.chain_events,
                report.checked.evidence_items,
                report.checked.evidence_bytes
            );
            if report.checked.timestamp_batches > 0 {
                println!(
                    "可信时间戳 / Trusted timestamps: {} batch(es), tokens and proofs verified offline.",
                    report.checked.timestamp_batches
                );
            }
        } else {
            print::problems(
                report.problems.iter().map(|p| p.message.as_str()),
                " Restore the named items from a backup; do not edit the vault by hand.",
            );
        }
    });
    Ok(print::check_code(report.ok))
}
