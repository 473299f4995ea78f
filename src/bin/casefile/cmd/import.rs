//! `import`: recordings, call logs, SMS and chat exports from the phone.

use casefile::api::import::{self, ImportRequest};
use casefile::{Error, Result, exit};

use super::Ctx;
use crate::cli::ImportArgs;
use crate::print::{self, LANG};

pub fn run(ctx: &Ctx, a: ImportArgs) -> Result<i32> {
    let req = ImportRequest {
        paths: a.paths,
        case: a.case,
        assign: a
            .assign
            .iter()
            .map(|s| {
                s.rsplit_once('=')
                    .map(|(n, c)| (n.trim().to_string(), c.trim().to_string()))
                    .filter(|(n, c)| !n.is_empty() && !c.is_empty())
                    .ok_or_else(|| {
                        Error::InvalidInput(format!(
                            "--assign “{s}”: write NUMBER=CASE, e.g. --assign 13800138000=c_ab12cd"
                        ))
                    })
            })
            .collect::<Result<_>>()?,
        skip: a.skip,
        pattern: a.pattern,
        utc_offset: a.utc_offset.as_deref().map(parse_offset).transpose()?,
        dry_run: a.dry_run,
        job: Default::default(),
    };
    let mut s = ctx.open()?;
    let report = import::import(&mut s, &req)?;
    print::output(ctx.json, &report, || {
        let verb = if report.dry_run {
            "将导入 / would import"
        } else {
            "已导入 / imported"
        };
        for src in &report.sources {
            println!(
                "  {}  {}  {} 条 / records{}",
                src.path,
                src.format.label(LANG),
                src.records,
                if src.skipped > 0 {
                    format!("（{} 条跳过 / skipped）", src.skipped)
                } else {
                    String::new()
                }
            );
        }
        println!(
            "{verb}: {} 条联系记录 / contacts, {} 件证据 / evidence items; {} 条已存在 / already there",
            report.contacts_added, report.evidence_added, report.duplicates
        );
        if report.contacts_added == 0 && report.evidence_added == 0 && report.duplicates > 0 {
            println!(
                "没有新内容：这些文件已导入过 / Nothing new: these files were imported before."
            );
        }
        if report.flagged > 0 {
            println!(
                "  ⚠ {} 条触发催收规则提示 / flagged by the collection rules",
                report.flagged
            );
        }
        for c in &report.cases {
            println!(
                "  {}: +{} 联系 / contacts, +{} 证据 / evidence",
                c.case_id, c.contacts_added, c.evidence_added
            );
        }
        if !report.unassigned.is_empty() {
            println!("未归属的号码（未导入）/ Numbers no case knows (not imported):");
            for u in &report.unassigned {
                println!(
                    "  {}  {}  {} 条  {} — {}{}{}",
                    u.number,
                    u.name.as_deref().unwrap_or("-"),
                    u.count,
                    u.first,
                    u.last,
                    u.sample
                        .as_deref()
                        .map(|t| format!("  “{t}”"))
                        .unwrap_or_default(),
                    if u.known_in.is_empty() {
                        String::new()
                    } else {
                        format!("  (多个案件 / several cases: {})", u.known_in.join(", "))
                    }
                );
            }
            println!("用 --assign 号码=案件 归入案件 / Route them with --assign NUMBER=CASE");
        }
        for p in &report.problems {
            eprintln!("  ✗ {}: {}", p.path, p.message);
        }
    });
    // Problems are listed; the import fails only when no file at all could be read.
    Ok(
        if report.sources.is_empty() && !report.problems.is_empty() {
            exit::FAILURE
        } else {
            exit::OK
        },
    )
}

fn parse_offset(s: &str) -> Result<chrono::FixedOffset> {
    let bad = || {
        Error::InvalidInput(format!(
            "--utc-offset “{s}” is not an offset; write it like +08:00 or -05:00"
        ))
    };
    let s = s.trim();
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let h: i32 = h.parse().map_err(|_| bad())?;
    let m: i32 = m.parse().map_err(|_| bad())?;
    if h > 14 || m > 59 {
        return Err(bad());
    }
    chrono::FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad)
}
