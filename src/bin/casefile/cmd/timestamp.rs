//! `timestamp`: stamp every pending item with an RFC 3161 service; `timestamp list`.

use casefile::api::timestamp::{self, PRIVACY_NOTE_EN, PRIVACY_NOTE_ZH, StampRequest};
use casefile::timestamp::http;
use casefile::{Error, Result};

use super::Ctx;
use crate::cli::{TimestampArgs, TimestampCommand};
use crate::print;

pub fn run(ctx: &Ctx, args: TimestampArgs) -> Result<i32> {
    match args.command {
        Some(TimestampCommand::List) => list(ctx),
        None => stamp(ctx, args),
    }
}

fn stamp(ctx: &Ctx, args: TimestampArgs) -> Result<i32> {
    let ca = match &args.ca {
        Some(p) => Some(std::fs::read(p).map_err(|e| Error::SourceUnreadable {
            path: p.clone(),
            source: e,
        })?),
        None => None,
    };
    let mut s = ctx.open()?;
    let pending = timestamp::pending(&s)?;
    if pending.evidence_items == 0 && !pending.chain_head {
        print::output(ctx.json, &serde_json::json!({"stamped": null}), || {
            println!("没有待盖章的条目 / Nothing is waiting for a timestamp.");
        });
        return Ok(casefile::exit::OK);
    }
    let url = args.tsa.clone().or(pending.tsa_url.clone());
    // Said before every request that goes out, on stderr so --json stays parseable.
    eprintln!("{PRIVACY_NOTE_ZH}\n{PRIVACY_NOTE_EN}");
    if let Some(u) = &url {
        eprintln!("→ {u}");
    }
    let batch = timestamp::stamp(
        &mut s,
        &StampRequest {
            tsa_url: args.tsa,
            ca,
        },
        &http::exchange,
    )?;
    print::output(ctx.json, &serde_json::json!({ "stamped": batch }), || {
        if let Some(b) = &batch {
            println!(
                "已盖时间戳 / Stamped: {} 件证据 / evidence item(s) and the chain head at position {}",
                b.items, b.head_seq
            );
            println!("  服务 / TSA      {}", b.tsa_url);
            println!("  时间 / genTime  {}", b.gen_time);
            println!("  序列号 / serial {}", b.serial);
            println!("  批次 / batch    {}", b.id);
        }
    });
    Ok(casefile::exit::OK)
}

fn list(ctx: &Ctx) -> Result<i32> {
    let s = ctx.open()?;
    let batches = timestamp::list(&s)?;
    print::output(ctx.json, &batches, || {
        if batches.is_empty() {
            println!(
                "还没有时间戳 / No timestamps yet. Stamp with `casefile timestamp --tsa URL`."
            );
        }
        for b in &batches {
            println!(
                "{}  {}  {} 件 / items  serial {}  policy {}  {}",
                b.id, b.gen_time, b.items, b.serial, b.policy, b.tsa_url
            );
        }
    });
    Ok(casefile::exit::OK)
}
