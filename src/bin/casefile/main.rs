//! `casefile`: the command-line face of the core. Each command gets its inputs, calls one `api`
//! function and prints the result (plain text for people, `--json` for programs). Secrets never
//! come from argv: the passphrase comes from CASEFILE_PASSPHRASE, --passphrase-file, or a
//! no-echo prompt.
//!
//! This file only dispatches: `cli` is what clap reads, `cmd::<area>` runs one area's
//! subcommands, `parse` turns typed text into core values, `print` writes results and
//! `secrets` finds passphrases and the recovery key.

mod cli;
mod cmd;
mod parse;
mod print;
mod secrets;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::cmd::Ctx;

fn main() -> ExitCode {
    // Before any secret is read: a crash must not write keys or plaintext into a core file.
    casefile::api::process::harden();
    let cli = Cli::parse();
    let json = cli.json;
    match try_main(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            print::error(&e, json);
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// Runs one subcommand; `Ok` carries the exit code of a command that reports problems without
/// failing (`verify`, `verify-pack`, `evidence add` with some files refused).
fn try_main(cli: Cli) -> casefile::Result<i32> {
    let ctx = Ctx::new(&cli)?;
    match cli.command {
        Command::Init(args) => cmd::vault::init(&ctx, args),
        Command::Recover(args) => cmd::vault::recover(&ctx, args),
        Command::Passwd(args) => cmd::vault::passwd(&ctx, args),
        Command::Case(c) => cmd::case::run(&ctx, c),
        Command::Evidence(c) => cmd::evidence::run(&ctx, c),
        Command::Party(c) => cmd::party::run(&ctx, c),
        Command::Stage(c) => cmd::timeline::stage(&ctx, c),
        Command::Event(c) => cmd::timeline::event(&ctx, c),
        Command::Deadlines { case } => cmd::timeline::deadlines(&ctx, case.as_deref()),
        Command::Contact(c) => cmd::contact::run(&ctx, c),
        Command::Violations { case } => cmd::contact::violations(&ctx, &case),
        Command::Import(args) => cmd::import::run(&ctx, args),
        Command::Mediation(c) => cmd::mediation::run(&ctx, c),
        Command::Agreement(c) => cmd::agreement::run(&ctx, c),
        Command::Flow(c) => cmd::rate::flow(&ctx, c),
        Command::Rate(args) => cmd::rate::rate(&ctx, args),
        Command::Dashboard => cmd::dashboard::run(&ctx),
        Command::Record(c) => cmd::record::run(&ctx, c),
        Command::Export(c) => cmd::export::run(&ctx, c),
        Command::VerifyPack(args) => cmd::export::verify_pack(&ctx, args),
        Command::Log { case } => cmd::log::run(&ctx, case.as_deref()),
        Command::Verify { quick } => cmd::verify::run(&ctx, quick),
        Command::Timestamp(args) => cmd::timestamp::run(&ctx, args),
    }
}
