//! `casefile`: the command-line face of the core. Each command gets its inputs, calls one `api`
//! function and prints the result (plain text for people, `--json` for programs). Secrets never
//! come from argv: the passphrase comes from CASEFILE_PASSPHRASE, --passphrase-file, or a
//! no-echo prompt.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use casefile::api::{self, Session, case, evidence, log, verify};
use casefile::domain::{EvidenceKind, Money, SystemClock};
use casefile::vault::{KdfChoice, RecoveryKey};
use casefile::{Error, Result, exit};
use clap::{Args, Parser, Subcommand};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

const EXIT_CODES: &str = "\
Exit codes:
  0  success (and `verify` found nothing wrong)
  1  an operation failed (I/O, database, disk full); the message says what to do
  2  bad usage or input (unknown flag, malformed value, no passphrase available)
  3  wrong passphrase or recovery key; nothing on disk was changed
  4  `verify` found problems, one per line
  5  another CaseFile process is changing the vault; try again when it finishes
  6  the vault, case, evidence item or source file does not exist
  7  the output or vault folder already exists (use --force, or another path)
  8  the vault was written by a newer CaseFile
  9  the vault header, database or an evidence file is damaged

Environment:
  CASEFILE_VAULT           vault folder (instead of --vault)
  CASEFILE_PASSPHRASE      the passphrase (instead of --passphrase-file or the prompt)
  CASEFILE_NEW_PASSPHRASE  the new passphrase for `init`, `passwd` and `recover`
  CASEFILE_RECOVERY_KEY    the recovery key for `recover`";

#[derive(Parser)]
#[command(
    name = "casefile",
    version,
    about = "CaseFile (债务案卷): an encrypted, tamper-evident evidence vault for a debt case",
    after_help = EXIT_CODES
)]
struct Cli {
    /// Vault folder [default: CASEFILE_VAULT, else the data folder, e.g. ~/.local/share/casefile]
    #[arg(long, global = true, value_name = "DIR")]
    vault: Option<PathBuf>,

    /// Read the passphrase from the first line of FILE
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,

    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    json: bool,

    /// Seconds to wait for another CaseFile process that is changing the vault
    #[arg(long, global = true, value_name = "SECS", default_value_t = 10)]
    lock_timeout: u64,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new vault and print its recovery key (once)
    Init {
        /// Argon2id memory in MiB (at least 64) [default: tuned to about 0.5 s here]
        #[arg(long, value_name = "MIB")]
        kdf_memory_mib: Option<u32>,
        /// Argon2id passes (at least 3)
        #[arg(long, value_name = "N", default_value_t = 3)]
        kdf_iterations: u32,
        /// Read the new passphrase from FILE (else CASEFILE_NEW_PASSPHRASE or CASEFILE_PASSPHRASE, else a prompt)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Set a new passphrase using the recovery key
    Recover {
        /// Read the recovery key from FILE (else CASEFILE_RECOVERY_KEY, else a prompt)
        #[arg(long, value_name = "FILE")]
        recovery_key_file: Option<PathBuf>,
        /// Read the new passphrase from FILE (else CASEFILE_NEW_PASSPHRASE, else a prompt)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Change the passphrase (nothing is re-encrypted)
    Passwd {
        /// Read the new passphrase from FILE (else CASEFILE_NEW_PASSPHRASE, else a prompt)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Case folders, one per debt
    #[command(subcommand)]
    Case(CaseCommand),
    /// Evidence files in a case
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Print the hash chain
    Log {
        /// Only this case's events
        #[arg(long, value_name = "ID")]
        case: Option<String>,
    },
    /// Decrypt and re-hash every evidence file, recompute the chain, check the database
    Verify,
}

#[derive(Subcommand)]
enum CaseCommand {
    /// Open a new case and print its id
    New(NewCaseArgs),
    /// List the cases
    List,
    /// Show one case
    Show { id: String },
}

#[derive(Args)]
struct NewCaseArgs {
    /// A name for the case, e.g. "某某借款 2024"
    #[arg(long)]
    title: String,
    /// The lender's legal name (出借人)
    #[arg(long)]
    lender: String,
    /// The platform or app name (平台)
    #[arg(long)]
    platform: Option<String>,
    /// Contract principal in 元, e.g. 5000.00
    #[arg(long, value_name = "YUAN")]
    principal: Option<String>,
    /// First day overdue, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    overdue_since: Option<String>,
}

#[derive(Subcommand)]
enum EvidenceCommand {
    /// Add files to a case: hashed, encrypted and chained as they come in
    Add {
        case: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// contract|screenshot|recording|sms|chat|id|income|repayment|notice|other [default: guessed from content]
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// List a case's evidence
    List { case: String },
    /// Decrypt a copy of one item to PATH
    Extract {
        id: String,
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Replace PATH if it exists
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            report_error(&e, json);
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn report_error(e: &Error, json: bool) {
    if json {
        let out = serde_json::json!({"error": {"code": e.code(), "message": e.to_string()}});
        println!("{out}");
    }
    eprintln!("casefile: {e}");
}

fn run(cli: Cli) -> Result<i32> {
    let root = vault_dir(cli.vault.as_deref())?;
    let json = cli.json;
    let lock_wait = Duration::from_secs(cli.lock_timeout);
    let open = || -> Result<Session> {
        let passphrase = passphrase(cli.passphrase_file.as_deref())?;
        let mut s = Session::open(&root, &passphrase, Box::new(SystemClock))?;
        s.set_lock_wait(lock_wait);
        Ok(s)
    };
    match cli.command {
        Command::Init {
            kdf_memory_mib,
            kdf_iterations,
            new_passphrase_file,
        } => {
            let kdf = match kdf_memory_mib {
                Some(mib) => KdfChoice::Fixed {
                    memory_kib: mib.saturating_mul(1024),
                    iterations: kdf_iterations,
                },
                None if kdf_iterations != 3 => KdfChoice::Fixed {
                    memory_kib: 64 * 1024,
                    iterations: kdf_iterations,
                },
                None => KdfChoice::Tuned,
            };
            let file = new_passphrase_file.or(cli.passphrase_file);
            let pass = new_passphrase(
                file.as_deref(),
                &["CASEFILE_NEW_PASSPHRASE", "CASEFILE_PASSPHRASE"],
            )?;
            let created = api::init(&root, &pass, kdf, &SystemClock)?;
            let key = created.recovery_key.expose_display();
            if json {
                print_json(&serde_json::json!({
                    "id": created.vault_id,
                    "path": root,
                    "age_recipient": created.recipient,
                    "kdf": {"memory_kib": created.kdf_memory_kib, "iterations": created.kdf_iterations},
                    "recovery_key": &*key,
                }));
            } else {
                println!("已创建加密案卷库 / Vault created: {}", root.display());
                println!();
                println!("恢复密钥 / RECOVERY KEY:");
                println!();
                println!("    {}", &*key);
                println!();
                println!(
                    "请把恢复密钥抄在纸上，放在安全的地方。忘记口令时，只有它能打开您的证据。"
                );
                println!("它只显示这一次，不会保存在电脑上。");
                println!("Write this key on paper and keep it somewhere safe. If you forget the");
                println!("passphrase, it is the only way back to your evidence. It is shown only");
                println!("this once and is not stored on this computer.");
            }
            Ok(exit::OK)
        }
        Command::Recover {
            recovery_key_file,
            new_passphrase_file,
        } => {
            let key = recovery_key(recovery_key_file.as_deref())?;
            let pass =
                new_passphrase(new_passphrase_file.as_deref(), &["CASEFILE_NEW_PASSPHRASE"])?;
            api::recover(&root, &key, &pass)?;
            done_message(
                json,
                "口令已重设 / The passphrase was reset; all evidence is unchanged.",
            );
            Ok(exit::OK)
        }
        Command::Passwd {
            new_passphrase_file,
        } => {
            let mut s = open()?;
            let pass =
                new_passphrase(new_passphrase_file.as_deref(), &["CASEFILE_NEW_PASSPHRASE"])?;
            s.change_passphrase(&pass)?;
            done_message(
                json,
                "口令已更改 / The passphrase was changed; nothing was re-encrypted.",
            );
            Ok(exit::OK)
        }
        Command::Case(cmd) => {
            let mut s = open()?;
            match cmd {
                CaseCommand::New(a) => {
                    let req = case::NewCase {
                        title: a.title,
                        lender: a.lender,
                        platform: a.platform,
                        principal: a
                            .principal
                            .map(|p| p.parse::<Money>())
                            .transpose()
                            .map_err(|e| Error::InvalidInput(e.to_string()))?,
                        overdue_since: a.overdue_since.map(|d| case::parse_date(&d)).transpose()?,
                    };
                    let c = case::create(&mut s, req)?;
                    if json {
                        print_json(&c);
                    } else {
                        println!("{}", c.id);
                    }
                }
                CaseCommand::List => {
                    let cases = case::list(&s)?;
                    if json {
                        print_json(&cases);
                    } else if cases.is_empty() {
                        eprintln!(
                            "还没有案件 / No cases yet. Create one with `casefile case new`."
                        );
                    } else {
                        for c in cases {
                            println!(
                                "{}  {}  {}  {}  {} 件证据/items",
                                c.id,
                                c.title,
                                c.lender,
                                c.principal
                                    .map(|m| format!("{m} 元"))
                                    .unwrap_or_else(|| "-".into()),
                                c.evidence_count
                            );
                        }
                    }
                }
                CaseCommand::Show { id } => {
                    let c = case::show(&s, &id)?;
                    if json {
                        print_json(&c);
                    } else {
                        println!("案件 Case:        {}", c.id);
                        println!("名称 Title:       {}", c.title);
                        println!("出借人 Lender:    {}", c.lender);
                        println!("平台 Platform:    {}", c.platform.as_deref().unwrap_or("-"));
                        println!(
                            "本金 Principal:   {}",
                            c.principal
                                .map(|m| format!("{m} 元"))
                                .unwrap_or_else(|| "-".into())
                        );
                        println!(
                            "逾期 Overdue:     {}",
                            c.overdue_since
                                .map(|d| d.format("%Y-%m-%d").to_string())
                                .unwrap_or_else(|| "-".into())
                        );
                        println!("创建 Created:     {}", c.created_at.to_rfc3339());
                        println!("证据 Evidence:    {}", c.evidence_count);
                    }
                }
            }
            Ok(exit::OK)
        }
        Command::Evidence(cmd) => {
            let mut s = open()?;
            match cmd {
                EvidenceCommand::Add {
                    case,
                    files,
                    kind,
                    note,
                } => add_files(&mut s, &case, &files, kind, note, json),
                EvidenceCommand::List { case } => {
                    let items = evidence::list(&s, &case)?;
                    if json {
                        print_json(&items);
                    } else if items.is_empty() {
                        eprintln!("这个案件还没有证据 / No evidence in this case yet.");
                    } else {
                        for e in items {
                            println!(
                                "{}  {:<10}  {:>12}  {}  {}  {}",
                                e.id,
                                e.kind.as_str(),
                                e.size,
                                e.added_at.to_rfc3339(),
                                e.sha256,
                                e.name
                            );
                        }
                    }
                    Ok(exit::OK)
                }
                EvidenceCommand::Extract { id, out, force } => {
                    let e = evidence::extract(&s, &id, &out, force)?;
                    if json {
                        print_json(
                            &serde_json::json!({"id": e.id, "path": out, "sha256": e.sha256, "size": e.size}),
                        );
                    } else {
                        println!("{}", out.display());
                    }
                    Ok(exit::OK)
                }
            }
        }
        Command::Log { case } => {
            let s = open()?;
            let entries = log::entries(&s, case.as_deref())?;
            if json {
                print_json(&entries);
            } else {
                for e in entries {
                    println!(
                        "#{:<5} {}  {:<16} {:<12} {}",
                        e.seq,
                        e.at,
                        e.kind,
                        e.case_id.as_deref().unwrap_or("-"),
                        e.sha256
                    );
                }
            }
            Ok(exit::OK)
        }
        Command::Verify => {
            let s = open()?;
            let bar = progress_bar(json, "verify");
            let report = verify::run(&s, &mut |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })?;
            bar.finish_and_clear();
            if json {
                print_json(&report);
            } else if report.ok {
                println!(
                    "完好 / OK: {} chain events, {} evidence items ({} bytes) all match.",
                    report.checked.chain_events,
                    report.checked.evidence_items,
                    report.checked.evidence_bytes
                );
            } else {
                for p in &report.problems {
                    println!("{}", p.message);
                }
                eprintln!(
                    "发现 {} 个问题 / {} problem(s) found. Restore the named items from a backup; do not edit the vault by hand.",
                    report.problems.len(),
                    report.problems.len()
                );
            }
            Ok(if report.ok {
                exit::OK
            } else {
                exit::VERIFY_FAILED
            })
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum AddLine {
    Outcome(evidence::AddOutcome),
    Failed {
        status: &'static str,
        file: String,
        code: &'static str,
        message: String,
    },
}

/// Adds each file in turn. One file's failure does not stop the others (each item is atomic);
/// the exit code is that of the first failure.
fn add_files(
    s: &mut Session,
    case_id: &str,
    files: &[PathBuf],
    kind: Option<String>,
    note: Option<String>,
    json: bool,
) -> Result<i32> {
    let kind = kind
        .map(|k| k.parse::<EvidenceKind>())
        .transpose()
        .map_err(Error::InvalidInput)?;
    let options = evidence::AddOptions { kind, note };
    let mut lines = Vec::new();
    let mut code = exit::OK;
    for file in files {
        let bar = progress_bar(json, &file.display().to_string());
        let result = evidence::add(s, case_id, file, &options, &mut |p| {
            bar.set_length(p.total);
            bar.set_position(p.done);
        });
        bar.finish_and_clear();
        match result {
            Ok(outcome) => {
                if !json {
                    let e = outcome.evidence();
                    match &outcome {
                        evidence::AddOutcome::Added { .. } => println!(
                            "已加入 added      {}  {}  {} bytes  sha256 {}",
                            e.id, e.name, e.size, e.sha256
                        ),
                        evidence::AddOutcome::Duplicate { .. } => println!(
                            "重复 duplicate   {}  {}  (already in this case as {}, not stored again)",
                            file.display(),
                            e.sha256,
                            e.id
                        ),
                    }
                }
                lines.push(AddLine::Outcome(outcome));
            }
            // A case that does not exist fails every file the same way: stop at once.
            Err(e @ (Error::CaseNotFound(_) | Error::VaultBusy)) => return Err(e),
            Err(e) => {
                eprintln!("casefile: {}: {e}", file.display());
                if code == exit::OK {
                    code = e.exit_code();
                }
                lines.push(AddLine::Failed {
                    status: "error",
                    file: file.display().to_string(),
                    code: e.code(),
                    message: e.to_string(),
                });
            }
        }
    }
    if json {
        print_json(&lines);
    }
    Ok(code)
}

fn progress_bar(json: bool, label: &str) -> indicatif::ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    indicatif::ProgressBar::new(0)
        .with_style(style)
        .with_message(label.to_string())
}

fn print_json<T: Serialize + ?Sized>(value: &T) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let _ = writeln!(out);
}

fn done_message(json: bool, text: &str) {
    if json {
        print_json(&serde_json::json!({"ok": true}));
    } else {
        println!("{text}");
    }
}

fn vault_dir(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("CASEFILE_VAULT").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    dirs::data_dir()
        .map(|d| d.join("casefile"))
        .ok_or_else(|| Error::InvalidInput("cannot find your data folder; pass --vault DIR".into()))
}

fn read_secret_file(path: &Path) -> Result<SecretString> {
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
        Error::SourceUnreadable {
            path: path.to_path_buf(),
            source: e,
        }
    })?);
    let line = text.lines().next().unwrap_or_default();
    Ok(SecretString::from(line.to_string()))
}

fn passphrase(file: Option<&Path>) -> Result<SecretString> {
    if let Some(v) = std::env::var("CASEFILE_PASSPHRASE")
        .ok()
        .filter(|v| !v.is_empty())
    {
        return Ok(SecretString::from(v));
    }
    if let Some(f) = file {
        return read_secret_file(f);
    }
    prompt("口令 / Passphrase: ")
}

fn new_passphrase(file: Option<&Path>, env: &[&str]) -> Result<SecretString> {
    if let Some(f) = file {
        return read_secret_file(f);
    }
    for name in env {
        if let Some(v) = std::env::var(name).ok().filter(|v| !v.is_empty()) {
            return Ok(SecretString::from(v));
        }
    }
    let first = prompt("新口令 / New passphrase: ")?;
    let again = prompt("再输一次 / Repeat it: ")?;
    if first.expose_secret() != again.expose_secret() {
        return Err(Error::InvalidInput(
            "the two passphrases differ; run the command again and type the same one twice".into(),
        ));
    }
    Ok(first)
}

fn recovery_key(file: Option<&Path>) -> Result<RecoveryKey> {
    let text = if let Some(f) = file {
        read_secret_file(f)?
    } else if let Some(v) = std::env::var("CASEFILE_RECOVERY_KEY")
        .ok()
        .filter(|v| !v.is_empty())
    {
        SecretString::from(v)
    } else {
        prompt("恢复密钥 / Recovery key: ")?
    };
    RecoveryKey::parse(text.expose_secret())
}

fn prompt(label: &str) -> Result<SecretString> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::NoPassphrase);
    }
    rpassword::prompt_password(label)
        .map(SecretString::from)
        .map_err(|e| Error::io("reading the passphrase from the terminal", e))
}
