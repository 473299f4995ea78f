//! The command line as clap reads it: every subcommand, flag and help text, and nothing else.
//!
//! Values stay strings here; `parse` turns them into core types, so a malformed value fails
//! through the core's error (exit 2, and a JSON error under `--json`) like every other input.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Argon2id passes when `init --kdf-iterations` is not given (the floor the vault accepts).
pub const DEFAULT_KDF_ITERATIONS: u32 = 3;

pub const EXIT_CODES: &str = "\
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
pub struct Cli {
    /// Vault folder [default: CASEFILE_VAULT, else the data folder, e.g. ~/.local/share/casefile]
    #[arg(long, global = true, value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// Read the passphrase from the first line of FILE
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,

    /// Seconds to wait for another CaseFile process that is changing the vault
    #[arg(long, global = true, value_name = "SECS", default_value_t = 10)]
    pub lock_timeout: u64,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a new vault and print its recovery key (once)
    Init(InitArgs),
    /// Set a new passphrase using the recovery key
    Recover(RecoverArgs),
    /// Change the passphrase (nothing is re-encrypted)
    Passwd(PasswdArgs),
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
    /// Import from the phone: call recordings, call logs, SMS and chat exports, as evidence and
    /// logged contacts in the case each number belongs to
    Import(ImportArgs),
    /// Preparing for mediation: organisation checks, materials checklist, repayment plan
    #[command(subcommand)]
    Mediation(MediationCommand),
    /// A signed agreement, its instalments and the payments made against it
    #[command(subcommand)]
    Agreement(AgreementCommand),
    /// Payments on the loan itself (made or scheduled), for the real interest rate
    #[command(subcommand)]
    Flow(FlowCommand),
    /// Correct or withdraw a record (contact, payment, event, stage change …); the chain keeps both
    #[command(subcommand)]
    Record(RecordCommand),
    /// The real annual interest rate (XIRR) against the legal and regulatory lines
    Rate(RateArgs),
    /// Every case with its stage, outstanding amount, next deadline and violations
    Dashboard,
    /// The evidence PDF and the evidence pack for a lawyer
    #[command(subcommand)]
    Export(ExportCommand),
    /// Check a received evidence pack (no vault needed)
    VerifyPack(VerifyPackArgs),
    /// Print the hash chain
    Log {
        /// Only this case's events
        #[arg(long, value_name = "ID")]
        case: Option<String>,
    },
    /// Decrypt and re-hash every evidence file, recompute the chain, check the database
    Verify {
        /// Daily check: the database, the chain, the records and each evidence file's length,
        /// without reading the contents (a changed byte needs the full check)
        #[arg(long)]
        quick: bool,
    },
    /// Trusted timestamps (RFC 3161): stamp every pending item in one request, or list batches
    Timestamp(TimestampArgs),
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TimestampArgs {
    #[command(subcommand)]
    pub command: Option<TimestampCommand>,

    /// The RFC 3161 service's address [default: the one saved after the first success]
    #[arg(long, value_name = "URL")]
    pub tsa: Option<String>,

    /// A root certificate (PEM or DER) to trust for this service; saved after the first success
    #[arg(long, value_name = "FILE")]
    pub ca: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum TimestampCommand {
    /// List the stamped batches: service, genTime, serial, policy, number of items
    List,
}

#[derive(Subcommand)]
pub enum CaseCommand {
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
pub struct EditArgs {
    pub id: String,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub lender: Option<String>,
    #[arg(long)]
    pub platform: Option<String>,
    /// Contract principal in 元
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub principal: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub overdue_since: Option<String>,
    /// bank|consumer_finance|microloan|loan_platform|private_lender|other
    #[arg(long)]
    pub lender_type: Option<String>,
    #[arg(long)]
    pub contract_number: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub loan_date: Option<String>,
    /// Amount actually received (到手金额) in 元
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub received: Option<String>,
    #[arg(long, value_name = "N")]
    pub term_months: Option<String>,
    /// The repayment schedule as agreed, in words
    #[arg(long)]
    pub schedule: Option<String>,
    /// The annual rate the contract states, in percent (e.g. 23.99)
    #[arg(long, value_name = "PERCENT")]
    pub stated_rate: Option<String>,
    /// Fees the contract states, in words
    #[arg(long)]
    pub stated_fees: Option<String>,
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub claimed_principal: Option<String>,
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub claimed_interest: Option<String>,
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub claimed_penalties: Option<String>,
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub claimed_fees: Option<String>,
    /// Who made the claim (the lender, an agency …)
    #[arg(long)]
    pub claimed_by: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub claimed_on: Option<String>,
    /// Whether the court case is a small-claims case (no appeal): true|false
    #[arg(long)]
    pub small_claims: Option<bool>,
    /// Save an amount CaseFile doubts (far above the usual, or above what remains) without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Subcommand)]
pub enum PartyCommand {
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
pub enum StageCommand {
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
pub enum EventCommand {
    /// Record a dated legal event (the date it happened is what the law counts from)
    Add {
        case: String,
        /// mediation_started|agreement_effective|complaint_served|hearing_scheduled|judgment_served|ruling_served|payment_order_served|performance_due|last_installment_due|creditor_demand|debtor_acknowledged
        kind: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        #[arg(long)]
        note: Option<String>,
        /// For complaint_served: the answer period in days the court's notice gives (simplified
        /// or small-claims procedure may set fewer than 15); the deadline is counted from it
        #[arg(long, value_name = "DAYS")]
        period_days: Option<u32>,
    },
    List {
        case: String,
    },
}

#[derive(Subcommand)]
pub enum ContactCommand {
    /// Log a contact: only --at, --channel and --direction are required
    Add(Box<ContactArgs>),
    /// The log with each entry's flags
    List { case: String },
}

#[derive(Args)]
pub struct ContactArgs {
    pub case: String,
    /// RFC 3339 time (2026-03-20T23:05:00+08:00), or now
    #[arg(long)]
    pub at: String,
    /// call|sms|wechat|qq|app|letter|visit|email|other
    #[arg(long)]
    pub channel: String,
    /// in (they contacted you) | out (you contacted them)
    #[arg(long)]
    pub direction: String,
    /// Their number or account
    #[arg(long)]
    pub number: Option<String>,
    /// The person's name
    #[arg(long)]
    pub person: Option<String>,
    /// The organisation they claimed
    #[arg(long)]
    pub organisation: Option<String>,
    /// collector|lender|mediator|court|police|lawyer|government|other
    #[arg(long)]
    pub role: Option<String>,
    /// For calls: yes|no
    #[arg(long)]
    pub answered: Option<String>,
    /// How many attempts this entry stands for (a run of missed calls)
    #[arg(long)]
    pub attempts: Option<u32>,
    /// Someone else they contacted: family|employer|contacts|friend|other
    #[arg(long)]
    pub third_party: Option<String>,
    #[arg(long)]
    pub summary: Option<String>,
    /// Their words, verbatim (repeatable)
    #[arg(long = "quote")]
    pub quotes: Vec<String>,
    /// Linked evidence (a recording, a screenshot; repeatable)
    #[arg(long = "evidence", value_name = "ID")]
    pub evidence: Vec<String>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// Files and folders: a recorder's folder, sms-*.xml / calls-*.xml, an iPhone backup
    /// folder, MemoTrace/QQ/plain chat text or CSV
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Send the numbers no case knows to this case, for a path that holds one conversation
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    /// Send a number no case knows to a case (repeatable)
    #[arg(long = "assign", value_name = "NUMBER=CASE")]
    pub assign: Vec<String>,
    /// Leave a number out even when a case knows it (repeatable)
    #[arg(long = "skip", value_name = "NUMBER")]
    pub skip: Vec<String>,
    /// Recording names of other phones, e.g. "{name}_{number}_{time:%Y%m%d%H%M%S}" ({number},
    /// {name}, {time:FORMAT}, * for anything; matched without the extension)
    #[arg(long, value_name = "PATTERN")]
    pub pattern: Option<String>,
    /// The phone's UTC offset for times written without a zone [default: this computer's]
    #[arg(long, value_name = "+08:00", allow_hyphen_values = true)]
    pub utc_offset: Option<String>,
    /// Show what would be imported; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Subcommand)]
pub enum MediationCommand {
    /// Record a check of the mediation organisation
    Check {
        case: String,
        #[arg(long)]
        organisation: String,
        #[arg(long)]
        notice_number: Option<String>,
        /// hotline_12368|court_platform_listing|lender_callback|enterprise_registry|social_organisation_registry|other
        #[arg(long)]
        check: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        /// confirmed|not_found|suspicious|pending
        #[arg(long)]
        result: String,
        /// deposit|qr_payment|personal_transfer|registered_as_company|no_inviting_court|no_case_number|personal_mobile|payment_to_company|hours_deadline|case_fees|full_admission_pressure (repeatable)
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
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        income: String,
        /// Essential monthly expenses in 元
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        expenses: String,
        /// Comma-separated month counts [default: 12,24,36]
        #[arg(long, value_delimiter = ',')]
        months: Vec<u32>,
    },
    /// Pick the plan you will propose
    Choose {
        case: String,
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        income: String,
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
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
        /// The first instalment's date you propose (YYYY-MM-DD): the schedule is dated
        #[arg(long, value_name = "DATE")]
        first_due: Option<String>,
        /// Language: zh (default) or en
        #[arg(long, default_value = "zh")]
        lang: String,
    },
}

#[derive(Subcommand)]
pub enum AgreementCommand {
    /// Record a signed agreement (also records its agreement_effective event)
    Add {
        case: String,
        #[arg(long, value_name = "DATE")]
        signed_on: String,
        /// When it takes effect [default: the signing date]
        #[arg(long, value_name = "DATE")]
        effective_on: Option<String>,
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
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
        /// Save an amount CaseFile doubts (far above the usual, or above what remains) without asking.
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Record a payment against the latest agreement
    Pay {
        case: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        amount: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long, value_name = "ID")]
        evidence: Option<String>,
        /// Save an amount CaseFile doubts (far above the usual, or above what remains) without asking.
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Agreements with payments, next due amount and the judicial-confirmation deadline
    Show { case: String },
}

#[derive(Subcommand)]
pub enum ExportCommand {
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
    /// 投诉材料: a complaint built from the contact log's violations (who, when, what was said,
    /// which rule, which exhibits), as a PDF with the exhibits it cites
    Complaint {
        case: String,
        /// regulator (12378) | central_bank (12363) | nifa (互联网金融协会)
        #[arg(long, default_value = "regulator")]
        to: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long)]
        force: bool,
        /// Language: zh (default) or en
        #[arg(long, default_value = "zh")]
        lang: String,
    },
    /// 报警材料: a report to the police under 治安管理处罚法 第50条 asking for an order not to
    /// contact (禁止接触), with the dated threats and their exhibits
    Police {
        case: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long)]
        force: bool,
        /// Language: zh (default) or en
        #[arg(long, default_value = "zh")]
        lang: String,
    },
    /// The evidence pack: originals, SHA256SUMS, manifest.json, the PDF and 核验说明
    Pack {
        case: String,
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
        /// Encrypt the whole pack to this age public key (age1…): writes FILE.zip.age
        #[arg(long, value_name = "AGE_RECIPIENT", conflicts_with_all = ["zip_password", "zip_password_file"])]
        to: Option<String>,
        /// Protect the zip with a new random password (AES-256; opens in 7-Zip, WinRAR,
        /// Bandizip). The password is printed once: tell it to the lawyer by phone or
        /// message, never together with the file
        #[arg(long, conflicts_with = "zip_password_file")]
        zip_password: bool,
        /// Protect the zip with the password in FILE (first line) instead of a new one
        #[arg(long, value_name = "FILE")]
        zip_password_file: Option<PathBuf>,
        #[arg(long)]
        force: bool,
        /// Language of the PDF's labels: zh (default) or en
        #[arg(long, default_value = "zh")]
        lang: String,
    },
}

#[derive(Subcommand)]
pub enum RecordCommand {
    /// Replace what a record says: give its whole new content as JSON, in the shape
    /// `--json` lists it (same id)
    Correct {
        case: String,
        id: String,
        /// The record's new content, e.g. '{"id":"y-…","agreement_id":"a-…","paid_on":"2026-05-15","amount_fen":56667,…}'
        #[arg(long, value_name = "JSON")]
        record: String,
        /// Why it is corrected (kept in the history)
        #[arg(long)]
        reason: Option<String>,
        /// Save an amount CaseFile doubts without asking
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Take a record out of the case: it stops counting and stays in the history
    Withdraw {
        case: String,
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Every correction and withdrawal of a case
    History { case: String },
}

#[derive(Subcommand)]
pub enum FlowCommand {
    /// Record a payment on the loan (made, or --scheduled by the contract)
    Add {
        case: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        /// Amount in 元: money paid to you is negative (e.g. -472.50), your payments positive
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        amount: String,
        #[arg(long)]
        scheduled: bool,
        #[arg(long)]
        note: Option<String>,
        /// Save an amount far above the usual without asking
        #[arg(long, short = 'y')]
        yes: bool,
    },
    List {
        case: String,
    },
}

#[derive(Args)]
pub struct NewCaseArgs {
    /// A name for the case, e.g. "某某借款 2024"
    #[arg(long)]
    pub title: String,
    /// The lender's legal name (出借人)
    #[arg(long)]
    pub lender: String,
    /// The platform or app name (平台)
    #[arg(long)]
    pub platform: Option<String>,
    /// Contract principal in 元, e.g. 5000.00
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub principal: Option<String>,
    /// First day overdue, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub overdue_since: Option<String>,
    /// Save an amount CaseFile doubts (far above the usual, or above what remains) without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Subcommand)]
pub enum EvidenceCommand {
    /// Add files to a case: hashed, encrypted and chained as they come in
    Add {
        case: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// contract|screenshot|photo|recording|sms|chat|id|income|repayment|notice|other [default: guessed from content]
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// List a case's evidence
    List { case: String },
    /// Change an item's kind, note or 证明目的 (what it is offered to prove); an option left
    /// out keeps its value, an empty one ("") clears it. Each change is chained as a correction
    Annotate {
        id: String,
        /// contract|screenshot|photo|recording|sms|chat|id|income|repayment|notice|other
        #[arg(long)]
        kind: Option<String>,
        /// A short title on its first line, then anything else (a transcript)
        #[arg(long)]
        note: Option<String>,
        /// 证明目的: what the item proves, as the evidence index (证据目录) prints it
        #[arg(long, value_name = "TEXT")]
        purpose: Option<String>,
        /// 录音文字整理稿: what the recording says, as you typed it (printed under the
        /// recording in the evidence PDF; at most 60,000 characters)
        #[arg(long, value_name = "TEXT", conflicts_with = "transcript_file")]
        transcript: Option<String>,
        /// The transcript from a text file (UTF-8, UTF-16 or GBK)
        #[arg(long, value_name = "FILE")]
        transcript_file: Option<PathBuf>,
    },
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

#[derive(Args)]
pub struct InitArgs {
    /// Argon2id memory in MiB (at least 64) [default: tuned to about 0.5 s here]
    #[arg(long, value_name = "MIB")]
    pub kdf_memory_mib: Option<u32>,
    /// Argon2id passes (at least 3)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_KDF_ITERATIONS)]
    pub kdf_iterations: u32,
    /// Read the new passphrase from FILE (else CASEFILE_NEW_PASSPHRASE or CASEFILE_PASSPHRASE, else a prompt)
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Args)]
pub struct RecoverArgs {
    /// Read the recovery key from FILE (else CASEFILE_RECOVERY_KEY, else a prompt)
    #[arg(long, value_name = "FILE")]
    pub recovery_key_file: Option<PathBuf>,
    /// Read the new passphrase from FILE (else CASEFILE_NEW_PASSPHRASE, else a prompt)
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Args)]
pub struct PasswdArgs {
    /// Read the new passphrase from FILE (else CASEFILE_NEW_PASSPHRASE, else a prompt)
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Args)]
pub struct RateArgs {
    /// The case whose recorded flows to use
    pub case: Option<String>,
    /// Standalone calculator: YYYY-MM-DD:AMOUNT in 元; money to the borrower negative, payments positive
    #[arg(long = "flow", value_name = "DATE:AMOUNT", allow_hyphen_values = true)]
    pub flows: Vec<String>,
    /// With --flow: bank|consumer_finance|microloan|loan_platform|private_lender|other
    #[arg(long, default_value = "other")]
    pub lender_type: String,
}

#[derive(Args)]
pub struct VerifyPackArgs {
    /// FILE.zip, or FILE.zip.age
    pub file: PathBuf,
    /// age identity file (AGE-SECRET-KEY-1…) for an encrypted pack
    #[arg(long, value_name = "KEYFILE")]
    pub identity: Option<PathBuf>,
    /// The password of a password-protected pack, in FILE (first line); or set
    /// CASEFILE_ZIP_PASSWORD
    #[arg(long, value_name = "FILE")]
    pub zip_password_file: Option<PathBuf>,
}
