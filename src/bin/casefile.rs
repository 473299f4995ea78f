//! `casefile`: the command-line face of the core. Each command gets its inputs, calls one `api`
//! function and prints the result (plain text for people, `--json` for programs). Secrets never
//! come from argv: the passphrase comes from CASEFILE_PASSPHRASE, --passphrase-file, or a
//! no-echo prompt.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use casefile::api::{self, Session, case, evidence, log, verify};
use casefile::domain::rate::{CashFlow, LenderType};
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
    /// People and organisations involved: collection agencies, the mediation organisation, the court
    #[command(subcommand)]
    Party(PartyCommand),
    /// Stages: overdue, collection, mediation, litigation, judgment, enforcement, settled, agreement
    #[command(subcommand)]
    Stage(StageCommand),
    /// Dated legal events that start deadlines (a summons served, a judgment served …)
    #[command(subcommand)]
    Event(EventCommand),
    /// Every deadline the recorded events start, soonest first
    Deadlines {
        #[arg(long, value_name = "ID")]
        case: Option<String>,
    },
    /// The contact log: calls, messages and visits, checked against the collection rules
    #[command(subcommand)]
    Contact(ContactCommand),
    /// The complaint-ready summary of a case's collection violations
    Violations { case: String },
    /// Preparing for mediation: organisation checks, materials checklist, repayment plan
    #[command(subcommand)]
    Mediation(MediationCommand),
    /// A signed agreement, its instalments and the payments made against it
    #[command(subcommand)]
    Agreement(AgreementCommand),
    /// Payments on the loan itself (made or scheduled), for the real interest rate
    #[command(subcommand)]
    Flow(FlowCommand),
    /// The real annual interest rate (XIRR) against the legal and regulatory lines
    Rate {
        /// The case whose recorded flows to use
        case: Option<String>,
        /// Standalone calculator: YYYY-MM-DD:AMOUNT in 元; money to the borrower negative, payments positive
        #[arg(long = "flow", value_name = "DATE:AMOUNT")]
        flows: Vec<String>,
        /// With --flow: bank|consumer_finance|microloan|private_lender|other
        #[arg(long, default_value = "other")]
        lender_type: String,
    },
    /// Every case with its stage, outstanding amount, next deadline and violations
    Dashboard,
    /// The evidence PDF and the evidence pack for a lawyer
    #[command(subcommand)]
    Export(ExportCommand),
    /// Check a received evidence pack (no vault needed)
    VerifyPack {
        /// FILE.zip, or FILE.zip.age
        file: PathBuf,
        /// age identity file (AGE-SECRET-KEY-1…) for an encrypted pack
        #[arg(long, value_name = "KEYFILE")]
        identity: Option<PathBuf>,
    },
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
    /// Change a case's figures (each change is a chain event; an empty value clears a field)
    Edit(Box<EditArgs>),
    /// Every edit of a case's figures, with old and new values
    History { id: String },
}

#[derive(Args)]
struct EditArgs {
    id: String,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    lender: Option<String>,
    #[arg(long)]
    platform: Option<String>,
    /// Contract principal in 元
    #[arg(long, value_name = "YUAN")]
    principal: Option<String>,
    #[arg(long, value_name = "DATE")]
    overdue_since: Option<String>,
    /// bank|consumer_finance|microloan|private_lender|other
    #[arg(long)]
    lender_type: Option<String>,
    #[arg(long)]
    contract_number: Option<String>,
    #[arg(long, value_name = "DATE")]
    loan_date: Option<String>,
    /// Amount actually received (到手金额) in 元
    #[arg(long, value_name = "YUAN")]
    received: Option<String>,
    #[arg(long, value_name = "N")]
    term_months: Option<String>,
    /// The repayment schedule as agreed, in words
    #[arg(long)]
    schedule: Option<String>,
    /// The annual rate the contract states, in percent (e.g. 23.99)
    #[arg(long, value_name = "PERCENT")]
    stated_rate: Option<String>,
    /// Fees the contract states, in words
    #[arg(long)]
    stated_fees: Option<String>,
    #[arg(long, value_name = "YUAN")]
    claimed_principal: Option<String>,
    #[arg(long, value_name = "YUAN")]
    claimed_interest: Option<String>,
    #[arg(long, value_name = "YUAN")]
    claimed_penalties: Option<String>,
    #[arg(long, value_name = "YUAN")]
    claimed_fees: Option<String>,
    /// Who made the claim (the lender, an agency …)
    #[arg(long)]
    claimed_by: Option<String>,
    #[arg(long, value_name = "DATE")]
    claimed_on: Option<String>,
    /// Whether the court case is a small-claims case (no appeal): true|false
    #[arg(long)]
    small_claims: Option<bool>,
}

#[derive(Subcommand)]
enum PartyCommand {
    Add {
        case: String,
        /// collection_agency|mediation_organisation|court|judge|mediator|lender|lawyer|other
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: String,
        #[arg(long = "phone")]
        phones: Vec<String>,
        /// Court case number (案号) or notice number
        #[arg(long)]
        case_number: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    List {
        case: String,
    },
}

#[derive(Subcommand)]
enum StageCommand {
    /// Record a stage change on a date
    Set {
        case: String,
        stage: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long = "evidence", value_name = "ID")]
        evidence: Vec<String>,
    },
    List {
        case: String,
    },
}

#[derive(Subcommand)]
enum EventCommand {
    /// Record a dated legal event (the date it happened is what the law counts from)
    Add {
        case: String,
        /// mediation_started|agreement_effective|complaint_served|hearing_scheduled|judgment_served|ruling_served|payment_order_served|performance_due|last_installment_due|creditor_demand|debtor_acknowledged
        kind: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        #[arg(long)]
        note: Option<String>,
    },
    List {
        case: String,
    },
}

#[derive(Subcommand)]
enum ContactCommand {
    /// Log a contact: only --at, --channel and --direction are required
    Add(Box<ContactArgs>),
    /// The log with each entry's flags
    List { case: String },
}

#[derive(Args)]
struct ContactArgs {
    case: String,
    /// RFC 3339 time (2026-03-20T23:05:00+08:00), or now
    #[arg(long)]
    at: String,
    /// call|sms|wechat|qq|app|letter|visit|email|other
    #[arg(long)]
    channel: String,
    /// in (they contacted you) | out (you contacted them)
    #[arg(long)]
    direction: String,
    /// Their number or account
    #[arg(long)]
    number: Option<String>,
    /// The person's name
    #[arg(long)]
    person: Option<String>,
    /// The organisation they claimed
    #[arg(long)]
    organisation: Option<String>,
    /// collector|lender|mediator|court|police|lawyer|government|other
    #[arg(long)]
    role: Option<String>,
    /// For calls: yes|no
    #[arg(long)]
    answered: Option<String>,
    /// How many attempts this entry stands for (a run of missed calls)
    #[arg(long)]
    attempts: Option<u32>,
    /// Someone else they contacted: family|employer|contacts|friend|other
    #[arg(long)]
    third_party: Option<String>,
    #[arg(long)]
    summary: Option<String>,
    /// Their words, verbatim (repeatable)
    #[arg(long = "quote")]
    quotes: Vec<String>,
    /// Linked evidence (a recording, a screenshot; repeatable)
    #[arg(long = "evidence", value_name = "ID")]
    evidence: Vec<String>,
}

#[derive(Subcommand)]
enum MediationCommand {
    /// Record a check of the mediation organisation
    Check {
        case: String,
        #[arg(long)]
        organisation: String,
        #[arg(long)]
        notice_number: Option<String>,
        /// hotline_12368|court_platform_listing|lender_callback|other
        #[arg(long)]
        check: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        /// confirmed|not_found|suspicious|pending
        #[arg(long)]
        result: String,
        /// deposit|qr_payment|personal_transfer (repeatable)
        #[arg(long = "red-flag")]
        red_flags: Vec<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Tick a checklist item with a piece of evidence
    Link {
        case: String,
        item: String,
        evidence: String,
    },
    /// The materials checklist with what is still missing
    Checklist { case: String },
    /// Propose repayment plans from the claimed amounts and your budget
    Plan {
        case: String,
        /// Monthly income in 元
        #[arg(long, value_name = "YUAN")]
        income: String,
        /// Essential monthly expenses in 元
        #[arg(long, value_name = "YUAN")]
        expenses: String,
        /// Comma-separated month counts [default: 12,24,36]
        #[arg(long, value_delimiter = ',')]
        months: Vec<u32>,
    },
    /// Pick the plan you will propose
    Choose {
        case: String,
        #[arg(long, value_name = "YUAN")]
        income: String,
        #[arg(long, value_name = "YUAN")]
        expenses: String,
        #[arg(long)]
        months: u32,
        /// none|penalties_and_fees|interest_penalties_fees
        #[arg(long)]
        waiver: String,
    },
    /// Checks, red flags, checklist, chosen plan and agreements in one view
    Show { case: String },
    /// Write 协商还款申请书 and 困难情况说明 as PDFs, filled in from the case, to sign
    Documents {
        case: String,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace existing files
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum AgreementCommand {
    /// Record a signed agreement (also records its agreement_effective event)
    Add {
        case: String,
        #[arg(long, value_name = "DATE")]
        signed_on: String,
        /// When it takes effect [default: the signing date]
        #[arg(long, value_name = "DATE")]
        effective_on: Option<String>,
        #[arg(long, value_name = "YUAN")]
        total: String,
        /// Equal monthly instalments (with --first-due)
        #[arg(long, value_name = "N")]
        installments: Option<u32>,
        #[arg(long, value_name = "DATE")]
        first_due: Option<String>,
        /// Or each instalment: DATE:AMOUNT (repeatable)
        #[arg(long = "schedule", value_name = "DATE:AMOUNT")]
        schedule: Vec<String>,
        #[arg(long)]
        terms: Option<String>,
    },
    /// Record a payment against the latest agreement
    Pay {
        case: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        #[arg(long, value_name = "YUAN")]
        amount: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long, value_name = "ID")]
        evidence: Option<String>,
    },
    /// Agreements with payments, next due amount and the judicial-confirmation deadline
    Show { case: String },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// The evidence PDF: cover, contents, timeline and deadlines, contact log, evidence index,
    /// the exhibits, and how to verify them; the originals ride inside as attachments
    Pdf {
        case: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
        /// Do not embed the original files
        #[arg(long)]
        no_attachments: bool,
        /// Language of the labels: zh (default) or en
        #[arg(long, default_value = "zh")]
        lang: String,
    },
    /// The evidence pack: originals, SHA256SUMS, manifest.json, the PDF and 核验说明
    Pack {
        case: String,
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
        /// Encrypt the whole pack to this age public key (age1…): writes FILE.zip.age
        #[arg(long, value_name = "AGE_RECIPIENT")]
        to: Option<String>,
        #[arg(long)]
        force: bool,
        /// Language of the PDF's labels: zh (default) or en
        #[arg(long, default_value = "zh")]
        lang: String,
    },
}

#[derive(Subcommand)]
enum FlowCommand {
    /// Record a payment on the loan (made, or --scheduled by the contract)
    Add {
        case: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        #[arg(long, value_name = "YUAN")]
        amount: String,
        #[arg(long)]
        scheduled: bool,
        #[arg(long)]
        note: Option<String>,
    },
    List {
        case: String,
    },
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
                CaseCommand::Edit(a) => {
                    let edit = api::debt::CaseEdit {
                        title: a.title,
                        lender: a.lender,
                        platform: a.platform.map(clearable_text),
                        principal: a.principal.as_deref().map(clearable(money)).transpose()?,
                        overdue_since: a
                            .overdue_since
                            .as_deref()
                            .map(clearable(case::parse_date))
                            .transpose()?,
                        lender_type: a.lender_type.as_deref().map(clearable(parse)).transpose()?,
                        contract_number: a.contract_number.map(clearable_text),
                        loan_date: a
                            .loan_date
                            .as_deref()
                            .map(clearable(case::parse_date))
                            .transpose()?,
                        received: a.received.as_deref().map(clearable(money)).transpose()?,
                        term_months: a
                            .term_months
                            .as_deref()
                            .map(clearable(|t: &str| {
                                t.trim().parse::<u32>().map_err(|_| {
                                    Error::InvalidInput(format!("“{t}” is not a number of months"))
                                })
                            }))
                            .transpose()?,
                        schedule: a.schedule.map(clearable_text),
                        stated_annual_rate: a.stated_rate.map(clearable_text),
                        stated_fees: a.stated_fees.map(clearable_text),
                        claimed_principal: a
                            .claimed_principal
                            .as_deref()
                            .map(clearable(money))
                            .transpose()?,
                        claimed_interest: a
                            .claimed_interest
                            .as_deref()
                            .map(clearable(money))
                            .transpose()?,
                        claimed_penalties: a
                            .claimed_penalties
                            .as_deref()
                            .map(clearable(money))
                            .transpose()?,
                        claimed_fees: a
                            .claimed_fees
                            .as_deref()
                            .map(clearable(money))
                            .transpose()?,
                        claimed_by: a.claimed_by.map(clearable_text),
                        claimed_on: a
                            .claimed_on
                            .as_deref()
                            .map(clearable(case::parse_date))
                            .transpose()?,
                        small_claims: a.small_claims,
                    };
                    let c = api::debt::edit(&mut s, &a.id, edit)?;
                    output(json, &c, || println!("{}", c.id));
                }
                CaseCommand::History { id } => {
                    let h = api::debt::history(&s, &id)?;
                    output(json, &h, || {
                        for e in &h {
                            for c in &e.changes {
                                println!(
                                    "#{}  {}  {}: {} → {}",
                                    e.seq, e.at, c.field, c.old, c.new
                                );
                            }
                        }
                    });
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
        Command::Rate {
            case,
            flows,
            lender_type,
        } => {
            let report = if !flows.is_empty() {
                if case.is_some() {
                    return Err(Error::InvalidInput(
                        "give either a case or --flow values, not both".into(),
                    ));
                }
                let flows = flows
                    .iter()
                    .map(|f| CashFlow::parse(f).map_err(|e| Error::InvalidInput(e.to_string())))
                    .collect::<Result<Vec<_>>>()?;
                let lender: LenderType = parse(&lender_type)?;
                api::rate::from_flows(&flows, lender)?
            } else {
                let Some(case) = case else {
                    return Err(Error::InvalidInput(
                        "give a case id, or --flow DATE:AMOUNT values for the calculator".into(),
                    ));
                };
                api::rate::for_case(&open()?, &case)?
            };
            output(json, &report, || {
                println!(
                    "实际年化利率 / real annual rate: {:.2}%",
                    report.annual_rate_percent
                );
            });
            Ok(exit::OK)
        }
        Command::Party(cmd) => {
            let mut s = open()?;
            match cmd {
                PartyCommand::Add {
                    case,
                    role,
                    name,
                    phones,
                    case_number,
                    note,
                } => {
                    let p = api::debt::add_party(
                        &mut s,
                        &case,
                        api::debt::NewParty {
                            role: parse(&role)?,
                            name,
                            phones,
                            case_number,
                            note,
                        },
                    )?;
                    output(json, &p, || println!("{}", p.id));
                }
                PartyCommand::List { case } => {
                    let list = api::debt::parties(&s, &case)?;
                    output(json, &list, || {
                        for p in &list {
                            println!(
                                "{}  {}  {}  {}  {}",
                                p.id,
                                p.role.label_zh(),
                                p.name,
                                p.phones.join(","),
                                p.case_number.as_deref().unwrap_or("")
                            );
                        }
                    });
                }
            }
            Ok(exit::OK)
        }
        Command::Stage(cmd) => {
            let mut s = open()?;
            match cmd {
                StageCommand::Set {
                    case,
                    stage,
                    on,
                    note,
                    evidence,
                } => {
                    let c = api::timeline::set_stage(
                        &mut s,
                        &case,
                        parse(&stage)?,
                        case::parse_date(&on)?,
                        note,
                        evidence,
                    )?;
                    output(json, &c, || println!("{}", c.id));
                }
                StageCommand::List { case } => {
                    let list = api::timeline::stages(&s, &case)?;
                    output(json, &list, || {
                        for c in &list {
                            println!(
                                "{}  {}  {}  {}",
                                c.on,
                                c.stage.label_zh(),
                                c.stage,
                                c.note.as_deref().unwrap_or("")
                            );
                        }
                    });
                }
            }
            Ok(exit::OK)
        }
        Command::Event(cmd) => {
            let mut s = open()?;
            match cmd {
                EventCommand::Add {
                    case,
                    kind,
                    on,
                    note,
                } => {
                    let e = api::timeline::add_event(
                        &mut s,
                        &case,
                        api::timeline::parse_event_kind(&kind)?,
                        case::parse_date(&on)?,
                        note,
                    )?;
                    output(json, &e, || println!("{}", e.id));
                }
                EventCommand::List { case } => {
                    let list = api::timeline::events(&s, &case)?;
                    output(json, &list, || {
                        for e in &list {
                            println!("{}  {}  {}", e.on, e.kind.label_zh(), e.kind.as_str());
                        }
                    });
                }
            }
            Ok(exit::OK)
        }
        Command::Deadlines { case } => {
            let s = open()?;
            let list = api::timeline::deadlines(&s, case.as_deref())?;
            output(json, &list, || {
                if list.is_empty() {
                    eprintln!(
                        "没有期限 / No deadlines: record dated events with `casefile event add`."
                    );
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
        Command::Contact(cmd) => {
            let mut s = open()?;
            match cmd {
                ContactCommand::Add(a) => {
                    let now = s.vault_now();
                    let mut c = api::contacts::NewContact::new(
                        api::contacts::parse_at(now, &a.at)?,
                        parse(&a.channel)?,
                        parse(&a.direction)?,
                    );
                    c.number = a.number;
                    c.person = a.person;
                    c.organisation = a.organisation;
                    c.claimed_role = a.role.as_deref().map(parse).transpose()?;
                    c.answered = a.answered.as_deref().map(parse_yes_no).transpose()?;
                    c.attempts = a.attempts;
                    c.third_party = a.third_party.as_deref().map(parse).transpose()?;
                    c.summary = a.summary;
                    c.quotes = a.quotes;
                    c.evidence_ids = a.evidence;
                    let checked = api::contacts::add(&mut s, &a.case, c)?;
                    output(json, &checked, || {
                        println!("{}", checked.contact.id);
                        for f in &checked.flags {
                            println!("  ⚠ {}: {}（{}）", f.code.as_str(), f.reason_zh, f.basis);
                        }
                    });
                }
                ContactCommand::List { case } => {
                    let list = api::contacts::list(&s, &case)?;
                    output(json, &list, || {
                        for c in &list {
                            let flags: Vec<_> = c.flags.iter().map(|f| f.code.as_str()).collect();
                            println!(
                                "{}  {}  {} {}  {}  {}  {}",
                                c.contact.at.format("%Y-%m-%d %H:%M"),
                                c.contact.id,
                                c.contact.channel.label_zh(),
                                c.contact.direction.label_zh(),
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
        Command::Violations { case } => {
            let s = open()?;
            let v = api::contacts::violations(&s, &case)?;
            output(json, &v, || {
                if v.total == 0 {
                    println!("未发现违规 / No violations found in the contact log.");
                    return;
                }
                println!("违规催收汇总 / Collection violations: {}", v.total);
                for c in &v.counts {
                    println!("  {}  {} 次", c.code.label_zh(), c.count);
                }
                println!();
                for i in &v.items {
                    let kind = serde_json::to_value(i.basis_kind).unwrap_or_default();
                    println!(
                        "{}  {}  {}（依据：{}，{}）",
                        i.at,
                        i.code.as_str(),
                        i.reason_zh,
                        i.basis,
                        kind.as_str().unwrap_or("")
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
                        ch.line.label_zh(),
                        ch.line.scope().label_zh()
                    );
                }
            });
            Ok(exit::OK)
        }
        Command::Mediation(cmd) => {
            let mut s = open()?;
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
                    let c = api::mediation::add_check(
                        &mut s,
                        &case,
                        api::mediation::NewCheck {
                            organisation,
                            notice_number,
                            check: parse(&check)?,
                            on: case::parse_date(&on)?,
                            result: parse(&result)?,
                            red_flags: red_flags.iter().map(|f| parse(f)).collect::<Result<_>>()?,
                            note,
                        },
                    )?;
                    output(json, &c, || println!("{}", c.id));
                }
                MediationCommand::Link {
                    case,
                    item,
                    evidence,
                } => {
                    let l = api::mediation::link(&mut s, &case, &item, &evidence)?;
                    output(json, &l, || println!("{}", l.id));
                }
                MediationCommand::Checklist { case } => {
                    let c = api::mediation::checklist(&s, &case)?;
                    output(json, &c, || {
                        for i in &c.items {
                            println!(
                                "{} {}  {}",
                                if i.done { "☑" } else { "☐" },
                                i.item.code.label_zh(),
                                i.evidence_ids.join(",")
                            );
                        }
                    });
                }
                MediationCommand::Plan {
                    case,
                    income,
                    expenses,
                    months,
                } => {
                    let plans = api::mediation::propose(
                        &s,
                        &case,
                        money(&income)?,
                        money(&expenses)?,
                        &months,
                    )?;
                    output(json, &plans, || {
                        for p in &plans {
                            println!(
                                "{:>2} 期  {:<24} 每月 {} 元  合计 {} 元  {}",
                                p.months,
                                serde_json::to_value(p.waiver)
                                    .unwrap_or_default()
                                    .as_str()
                                    .unwrap_or(""),
                                Money::from_fen(p.monthly_fen),
                                Money::from_fen(p.total_fen),
                                if p.affordable {
                                    "可负担 / affordable"
                                } else {
                                    "超出预算 / over budget"
                                }
                            );
                        }
                    });
                }
                MediationCommand::Choose {
                    case,
                    income,
                    expenses,
                    months,
                    waiver,
                } => {
                    let waiver = serde_json::from_value(serde_json::Value::String(waiver.clone())).map_err(|_| {
                        Error::InvalidInput(format!("unknown waiver “{waiver}”; use none, penalties_and_fees or interest_penalties_fees"))
                    })?;
                    let c = api::mediation::choose(
                        &mut s,
                        &case,
                        money(&income)?,
                        money(&expenses)?,
                        months,
                        waiver,
                    )?;
                    output(json, &c, || println!("{}", c.id));
                }
                MediationCommand::Show { case } => {
                    let v = api::mediation::view(&s, &case)?;
                    output(json, &v, || {
                        if let Some(w) = v.warning.map(|w| w.label_zh()) {
                            println!("⚠ {w}");
                        }
                        for c in &v.checks {
                            println!(
                                "核实 {}  {}  {}：{}",
                                c.on,
                                c.organisation,
                                c.check.label_zh(),
                                c.result.label_zh()
                            );
                        }
                        for i in &v.checklist.items {
                            println!(
                                "{} {}",
                                if i.done { "☑" } else { "☐" },
                                i.item.code.label_zh()
                            );
                        }
                        if let Some(p) = &v.plan {
                            println!(
                                "还款方案：{} 期，每月 {} 元，合计 {} 元",
                                p.option.months,
                                Money::from_fen(p.option.monthly_fen),
                                Money::from_fen(p.option.total_fen)
                            );
                        }
                        print_agreements(&v.agreements);
                    });
                }
                MediationCommand::Documents { case, out, force } => {
                    let docs =
                        api::documents::write_mediation_documents(&mut s, &case, &out, force)?;
                    output(json, &docs, || {
                        for d in &docs {
                            println!("{}  {} 页  sha256 {}", d.path.display(), d.pages, d.sha256);
                            if !d.missing_chars.is_empty() {
                                let chars: String = d.missing_chars.iter().collect();
                                eprintln!(
                                    "  注意：字体缺少这些字，已显示为占位符 / missing glyphs: {chars}"
                                );
                            }
                        }
                    });
                }
            }
            Ok(exit::OK)
        }
        Command::Agreement(cmd) => {
            let mut s = open()?;
            match cmd {
                AgreementCommand::Add {
                    case,
                    signed_on,
                    effective_on,
                    total,
                    installments,
                    first_due,
                    schedule,
                    terms,
                } => {
                    let signed_on = case::parse_date(&signed_on)?;
                    let total = money(&total)?;
                    let installments = match (installments, first_due, schedule.is_empty()) {
                        (Some(n), Some(first), true) => {
                            api::mediation::equal_installments(total, n, case::parse_date(&first)?)?
                        }
                        (None, None, false) => schedule
                            .iter()
                            .map(|item| {
                                let (d, a) = item.split_once(':').ok_or_else(|| {
                                    Error::InvalidInput(format!(
                                        "“{item}” is not DATE:AMOUNT, like 2026-05-15:1000.00"
                                    ))
                                })?;
                                Ok(casefile::domain::debt::Installment {
                                    due: case::parse_date(d)?,
                                    amount_fen: money(a)?.fen(),
                                })
                            })
                            .collect::<Result<Vec<_>>>()?,
                        _ => {
                            return Err(Error::InvalidInput(
                                "give either --installments N with --first-due DATE, or --schedule DATE:AMOUNT values".into(),
                            ));
                        }
                    };
                    let a = api::mediation::add_agreement(
                        &mut s,
                        &case,
                        api::mediation::NewAgreement {
                            signed_on,
                            effective_on: effective_on
                                .map(|d| case::parse_date(&d))
                                .transpose()?
                                .unwrap_or(signed_on),
                            total,
                            installments,
                            terms,
                        },
                    )?;
                    output(json, &a, || println!("{}", a.id));
                }
                AgreementCommand::Pay {
                    case,
                    on,
                    amount,
                    note,
                    evidence,
                } => {
                    let p = api::mediation::add_payment(
                        &mut s,
                        &case,
                        case::parse_date(&on)?,
                        money(&amount)?,
                        note,
                        evidence,
                    )?;
                    output(json, &p, || println!("{}", p.id));
                }
                AgreementCommand::Show { case } => {
                    let v = api::mediation::agreement_views(&s, &case)?;
                    output(json, &v, || print_agreements(&v));
                }
            }
            Ok(exit::OK)
        }
        Command::Flow(cmd) => {
            let mut s = open()?;
            match cmd {
                FlowCommand::Add {
                    case,
                    on,
                    amount,
                    scheduled,
                    note,
                } => {
                    let f = api::debt::add_flow(
                        &mut s,
                        &case,
                        case::parse_date(&on)?,
                        money(&amount)?,
                        scheduled,
                        note,
                    )?;
                    output(json, &f, || println!("{}", f.id));
                }
                FlowCommand::List { case } => {
                    let list = api::debt::flows(&s, &case)?;
                    output(json, &list, || {
                        for f in &list {
                            println!(
                                "{}  {} 元{}",
                                f.on,
                                Money::from_fen(f.amount_fen),
                                if f.scheduled { "（计划）" } else { "" }
                            );
                        }
                    });
                }
            }
            Ok(exit::OK)
        }
        Command::VerifyPack { file, identity } => {
            let report = api::export::verify_pack(&file, identity.as_deref())?;
            output(json, &report, || {
                if report.ok {
                    println!(
                        "完好 / OK: {} files, {} exhibits, every hash and the chain excerpt match.",
                        report.files_checked, report.exhibits
                    );
                } else {
                    for p in &report.problems {
                        println!("{}", p.message);
                    }
                    eprintln!(
                        "发现 {} 个问题 / {} problem(s) found.",
                        report.problems.len(),
                        report.problems.len()
                    );
                }
            });
            Ok(if report.ok {
                exit::OK
            } else {
                exit::VERIFY_FAILED
            })
        }
        Command::Export(cmd) => {
            let mut s = open()?;
            let done = match cmd {
                ExportCommand::Pdf {
                    case,
                    out,
                    force,
                    no_attachments,
                    lang,
                } => api::export::evidence_pdf(
                    &mut s,
                    &case,
                    &out,
                    force,
                    api::export::PdfOptions {
                        attachments: !no_attachments,
                        lang: parse_lang(&lang)?,
                        job: api::Job::default(),
                    },
                )?,
                ExportCommand::Pack {
                    case,
                    out,
                    to,
                    force,
                    lang,
                } => api::export::evidence_pack(
                    &mut s,
                    &case,
                    &out,
                    force,
                    to.as_deref(),
                    parse_lang(&lang)?,
                    &api::Job::default(),
                )?,
            };
            output(json, &done, || {
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
        Command::Dashboard => {
            let s = open()?;
            let d = api::dashboard::build(&s)?;
            output(json, &d, || {
                for c in &d.cases {
                    println!(
                        "{}  {}  {}  {}  {}  违规 {}",
                        c.id,
                        c.title,
                        c.stage.map(|s| s.label_zh()).unwrap_or("-"),
                        c.outstanding_fen
                            .map(|f| format!("{} 元", Money::from_fen(f)))
                            .unwrap_or_else(|| "-".into()),
                        c.next_deadline
                            .as_ref()
                            .map(|n| format!("{} {}", n.due, n.kind))
                            .unwrap_or_else(|| "-".into()),
                        c.violation_count
                    );
                }
            });
            Ok(exit::OK)
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
    let options = evidence::AddOptions {
        kind,
        note,
        job: api::Job::default(),
    };
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
                    code: e.code().as_str(),
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

/// Prints JSON, or runs the human printer.
fn output<T: Serialize + ?Sized>(json: bool, value: &T, human: impl FnOnce()) {
    if json {
        print_json(value);
    } else {
        human();
    }
}

fn print_agreements(list: &[api::mediation::AgreementView]) {
    for a in list {
        println!(
            "协议 {}  {} 签订  合计 {} 元  已还 {} 元  剩余 {} 元",
            a.agreement.id,
            a.agreement.signed_on,
            Money::from_fen(a.agreement.total_fen),
            Money::from_fen(a.status.paid_fen),
            Money::from_fen(a.status.remaining_fen)
        );
        if let (Some(d), Some(f)) = (a.status.next_due, a.status.next_due_fen) {
            println!("  下一期 / next due: {d}  {} 元", Money::from_fen(f));
        }
        if let Some(d) = a.judicial_confirmation_due {
            println!("  申请司法确认截止 / judicial confirmation by: {d}（民事诉讼法 第205条）");
        }
    }
}

fn parse<T: std::str::FromStr>(s: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    s.trim()
        .parse()
        .map_err(|e: T::Err| Error::InvalidInput(e.to_string()))
}

fn parse_lang(s: &str) -> Result<casefile::export::document::Lang> {
    match s.trim() {
        "zh" | "zh-CN" => Ok(casefile::export::document::Lang::Zh),
        "en" => Ok(casefile::export::document::Lang::En),
        other => Err(Error::InvalidInput(format!(
            "unknown language “{other}”; use zh or en"
        ))),
    }
}

fn parse_yes_no(s: &str) -> Result<bool> {
    match s.trim() {
        "yes" | "y" | "true" | "是" => Ok(true),
        "no" | "n" | "false" | "否" => Ok(false),
        other => Err(Error::InvalidInput(format!("“{other}” is not yes or no"))),
    }
}

fn money(s: &str) -> Result<Money> {
    s.parse::<Money>()
        .map_err(|e| Error::InvalidInput(e.to_string()))
}

/// An edit flag: an empty value clears the field.
fn clearable<T>(f: impl Fn(&str) -> Result<T>) -> impl Fn(&str) -> Result<Option<T>> {
    move |s| {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            f(s).map(Some)
        }
    }
}

fn clearable_text(s: String) -> Option<String> {
    if s.trim().is_empty() { None } else { Some(s) }
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
    api::default_vault_dir()
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
