//! Kill -9 at every fsync, rename, unlink, mkdir and file creation of the commands that write,
//! by strace fault injection (`-e inject=SYSCALL:signal=KILL:when=K`), and check what is left.
//!
//! For each command, a first run under strace counts its calls of each traced syscall (per
//! thread, as strace counts them for injection; `openat` only where it creates a file). Then,
//! for each such call K (at most [`MAX_PER_OP`], spread evenly over the run), the command runs
//! again on a fresh copy of a prepared vault and is killed on entering call K. Afterwards,
//! with the real binary: the vault opens (a killed `init` is recognised as unfinished and a
//! second `init` completes it), `verify` exits 0, everything committed before is listed and
//! extracts byte-exact, the command's own result is wholly there or wholly absent, no
//! temporary file is visible in the vault after the next open, and a partial output beside an
//! export is private (0600) and removed by the next export to the same place.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::time::Instant;

use crate::util::{Dir, PASSPHRASE, copy_dir, sha256_file, walk};

const TRACED: &str =
    "fsync,fdatasync,rename,renameat,renameat2,unlink,unlinkat,openat,link,linkat,mkdir,mkdirat";
/// Kill points per command at most, spread evenly over the command's run.
const MAX_PER_OP: usize = 40;
const NEW_PASSPHRASE: &str = "a brand new passphrase";
const WORKERS: usize = 2;

/// The prepared vault every kill run starts from (copied), and what it holds.
struct Base {
    d: Dir,
    recovery_key: String,
    case: String,
    /// (id, source file) of each committed evidence item.
    evidence: Vec<(String, PathBuf)>,
    contact_summary: &'static str,
    single: PathBuf,
    batch: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Init,
    Passwd,
    Recover,
    CaseNew,
    AddOne,
    AddBatch,
    ContactAdd,
    ExportPdf,
    ExportPack,
    Extract,
}

const ALL: [Kind; 10] = [
    Kind::Init,
    Kind::Passwd,
    Kind::Recover,
    Kind::CaseNew,
    Kind::AddOne,
    Kind::AddBatch,
    Kind::ContactAdd,
    Kind::ExportPdf,
    Kind::ExportPack,
    Kind::Extract,
];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Init => "init",
            Kind::Passwd => "passwd",
            Kind::Recover => "recover",
            Kind::CaseNew => "case new",
            Kind::AddOne => "evidence add (one)",
            Kind::AddBatch => "evidence add (batch)",
            Kind::ContactAdd => "contact add",
            Kind::ExportPdf => "export pdf",
            Kind::ExportPack => "export pack",
            Kind::Extract => "evidence extract",
        }
    }

    /// The output file's name in the run's `out/` folder, for commands that write one.
    fn output(self) -> Option<&'static str> {
        match self {
            Kind::ExportPdf => Some("case.pdf"),
            Kind::ExportPack => Some("case.zip"),
            Kind::Extract => Some("original.txt"),
            _ => None,
        }
    }

    fn args(self, b: &Base, out: &Path) -> Vec<String> {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let p = |p: &Path| p.to_str().unwrap().to_string();
        let mut args = match self {
            Kind::Init => s(&["--json", "init", "--kdf-memory-mib", "64"]),
            Kind::Passwd => s(&["passwd"]),
            Kind::Recover => s(&["recover"]),
            Kind::CaseNew => s(&["case", "new", "--title", "kill-point case", "--lender", "L"]),
            Kind::AddOne => vec![
                "evidence".into(),
                "add".into(),
                b.case.clone(),
                p(&b.single),
            ],
            Kind::AddBatch => {
                let mut a = vec!["evidence".into(), "add".into(), b.case.clone()];
                a.extend(b.batch.iter().map(|f| p(f)));
                a
            }
            Kind::ContactAdd => s(&[
                "contact",
                "add",
                &b.case,
                "--at",
                "2026-03-21T10:00:00+08:00",
                "--channel",
                "sms",
                "--direction",
                "in",
                "--summary",
                "kill-point contact",
            ]),
            Kind::ExportPdf => s(&["export", "pdf", &b.case, "--out"]),
            Kind::ExportPack => s(&["export", "pack", &b.case, "--out"]),
            Kind::Extract => s(&["evidence", "extract", &b.evidence[0].0, "--out"]),
        };
        if let Some(name) = self.output() {
            args.push(p(&out.join(name)));
        }
        args
    }

    fn env(self, b: &Base) -> Vec<(&'static str, String)> {
        match self {
            Kind::Passwd => vec![("CASEFILE_NEW_PASSPHRASE", NEW_PASSPHRASE.into())],
            Kind::Recover => vec![
                ("CASEFILE_NEW_PASSPHRASE", NEW_PASSPHRASE.into()),
                ("CASEFILE_RECOVERY_KEY", b.recovery_key.clone()),
            ],
            _ => Vec::new(),
        }
    }
}

/// One run's folder: a copy of the base vault (none for `init`) and an output folder.
struct Run<'a> {
    b: &'a Base,
    kind: Kind,
    vault: PathBuf,
    out: PathBuf,
}

impl<'a> Run<'a> {
    fn new(b: &'a Base, kind: Kind, label: &str) -> Run<'a> {
        let dir = b.d.root.join("runs").join(label);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("out")).unwrap();
        let vault = dir.join("vault");
        if kind != Kind::Init {
            copy_dir(&b.d.vault, &vault);
        }
        Run {
            b,
            kind,
            vault,
            out: dir.join("out"),
        }
    }

    /// The command under strace with `strace_args`.
    fn traced(&self, strace_args: &[String]) -> Output {
        let c = self.b.d.cmd_at(&self.vault);
        let program = c.get_program().to_owned();
        let mut s = Command::new("strace");
        s.args(strace_args).arg(program).args(c.get_args());
        for (k, v) in c.get_envs() {
            match v {
                Some(v) => s.env(k, v),
                None => s.env_remove(k),
            };
        }
        for (k, v) in self.kind.env(self.b) {
            s.env(k, v);
        }
        s.args(self.kind.args(self.b, &self.out));
        s.stdin(std::process::Stdio::null());
        s.output().expect("run strace")
    }

    /// The command without strace, with `passphrase`.
    fn plain(&self, args: &[&str], passphrase: &str) -> Output {
        self.b
            .d
            .cmd_at(&self.vault)
            .env("CASEFILE_PASSPHRASE", passphrase)
            .args(args)
            .output()
            .unwrap()
    }
}

fn show(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn json(out: &Output) -> Result<serde_json::Value, String> {
    if !out.status.success() {
        return Err(show(out));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("not JSON ({e}): {}", show(out)))
}

/// A kill point: the K-th call of one syscall (per thread, as strace counts).
#[derive(Clone, Debug)]
struct Point {
    syscall: String,
    k: usize,
}

/// Reads an `strace -f -o` trace into kill points, in the order they first happen.
fn kill_points(trace: &str) -> Vec<Point> {
    let mut per_thread: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut seen: BTreeMap<(String, usize), usize> = BTreeMap::new();
    for (line_no, line) in trace.lines().enumerate() {
        let Some((pid, rest)) = line.split_once(' ') else {
            continue;
        };
        let rest = rest.trim_start();
        if rest.starts_with('<') || rest.starts_with("+++") || rest.starts_with("---") {
            continue;
        }
        let Some((name, _)) = rest.split_once('(') else {
            continue;
        };
        let n = per_thread
            .entry((pid.to_string(), name.to_string()))
            .or_default();
        *n += 1;
        // Opening an existing file changes nothing on disk: only creating opens are points.
        if name == "openat" && !rest.contains("O_CREAT") {
            continue;
        }
        seen.entry((name.to_string(), *n)).or_insert(line_no);
    }
    let mut points: Vec<(usize, Point)> = seen
        .into_iter()
        .map(|((syscall, k), line)| (line, Point { syscall, k }))
        .collect();
    points.sort_by_key(|(line, _)| *line);
    points.into_iter().map(|(_, p)| p).collect()
}

/// At most `max` of `points`, spread evenly, first and last included.
fn spread(points: Vec<Point>, max: usize) -> Vec<Point> {
    if points.len() <= max {
        return points;
    }
    let n = points.len();
    (0..max)
        .map(|i| points[i * (n - 1) / (max - 1)].clone())
        .collect()
}

/// Temporary files that must not survive the next open (or the next export).
///
/// SQLite's own rollback journal is not among them: a hot one is rolled back by the next
/// open, and one that a kill left before its header was synced is cold (SQLite ignores it and
/// replaces it at the next write); verify's integrity check shows the database is whole.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    walk(dir)
        .into_iter()
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.ends_with(".casefile-partial")
                || n.ends_with(".partial")
                || n.ends_with(".pending")
                || n.contains("tmp-write")
        })
        .collect()
}

/// Temporary files of a killed write must be private to the owner wherever they are (the
/// SQLite journal of the encrypted database is as private as the database: the vault folder).
fn partials_are_private(dir: &Path) -> Result<(), String> {
    for p in leftovers(dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".casefile-partial"))
    {
        let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        if mode != 0o600 {
            return Err(format!("{} is mode {mode:o}, not 0600", p.display()));
        }
    }
    Ok(())
}

/// Checks a run after the kill (or after a run that was not killed); `Err` says what is wrong.
fn check(run: &Run, k_parity: bool) -> Result<(), String> {
    let b = run.b;
    partials_are_private(&run.out)?;
    if run.vault.exists() {
        partials_are_private(&run.vault)?;
    }

    // Open: a killed init is recognised and finished; after passwd/recover exactly one of the
    // two passphrases opens, and after that open the other is refused.
    let mut pass = PASSPHRASE;
    match run.kind {
        Kind::Init if !run.vault.join("vault.json").exists() => {
            if run.vault.exists() && fs::read_dir(&run.vault).unwrap().next().is_some() {
                let o = run.plain(&["--json", "case", "list"], pass);
                let err = String::from_utf8_lossy(&o.stderr).to_lowercase();
                if o.status.success() || !err.contains("unfinished") && !err.contains("interrupted")
                {
                    return Err(format!("a half-made vault is not recognised: {}", show(&o)));
                }
            }
            let o = run.plain(&["--json", "init", "--kdf-memory-mib", "64"], pass);
            json(&o).map_err(|e| format!("init after the kill: {e}"))?;
        }
        Kind::Init => {}
        Kind::Passwd | Kind::Recover => {
            let order = if k_parity {
                [PASSPHRASE, NEW_PASSPHRASE]
            } else {
                [NEW_PASSPHRASE, PASSPHRASE]
            };
            // The first open after the kill is verify itself, which must find nothing.
            let mut o = run.plain(&["--json", "verify"], order[0]);
            pass = order[0];
            if o.status.code() == Some(3) {
                o = run.plain(&["--json", "verify"], order[1]);
                pass = order[1];
            }
            if !o.status.success() {
                return Err(format!("verify after the kill: {}", show(&o)));
            }
            let other = if pass == PASSPHRASE {
                NEW_PASSPHRASE
            } else {
                PASSPHRASE
            };
            let o = run.plain(&["case", "list"], other);
            if o.status.code() != Some(3) {
                return Err(format!(
                    "both passphrases open the vault after an open settled it: {}",
                    show(&o)
                ));
            }
            // The recovery key still opens it.
            let o =
                b.d.cmd_at(&run.vault)
                    .env("CASEFILE_RECOVERY_KEY", &b.recovery_key)
                    .env("CASEFILE_NEW_PASSPHRASE", pass)
                    .arg("recover")
                    .output()
                    .unwrap();
            if !o.status.success() {
                return Err(format!("the recovery key no longer works: {}", show(&o)));
            }
        }
        _ => {}
    }

    // The first command after the kill (for most kinds): verify, which decrypts and re-hashes
    // every evidence file and recomputes the chain; it must find nothing.
    if !matches!(run.kind, Kind::Passwd | Kind::Recover) {
        let v = run.plain(&["--json", "verify"], pass);
        if !v.status.success() {
            return Err(format!("verify after the kill: {}", show(&v)));
        }
    }
    let left = leftovers(&run.vault);
    if !left.is_empty() {
        return Err(format!("left after the next open: {left:?}"));
    }

    if run.kind == Kind::Init {
        // A new vault: empty, and the passphrase opens it.
        let cases = json(&run.plain(&["--json", "case", "list"], pass))?;
        if cases.as_array().is_none_or(|a| !a.is_empty()) {
            return Err(format!("a new vault lists cases: {cases}"));
        }
        return Ok(());
    }

    // Everything committed before is there, and the command's own result wholly or not at
    // all. Each kind lists what it could have changed (verify above has already re-hashed
    // every evidence file against its recorded hash and recomputed the whole chain).
    match run.kind {
        Kind::CaseNew => check_cases(run, pass)?,
        Kind::AddOne | Kind::AddBatch => check_evidence(run, pass)?,
        Kind::ContactAdd => check_contacts(run, pass)?,
        _ => {}
    }

    // An output is whole or absent; the next export to the same place removes what the
    // killed one left beside it.
    if let Some(name) = run.kind.output() {
        let target = run.out.join(name);
        if target.exists() {
            check_output(run, &target, pass)?;
        }
        let mut args = run.kind.args(b, &run.out);
        args.push("--force".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run.plain(&args, pass);
        if !o.status.success() {
            return Err(format!("the next export: {}", show(&o)));
        }
        check_output(run, &target, pass)?;
        let left = leftovers(&run.out);
        if !left.is_empty() {
            return Err(format!(
                "left beside the output after the next export: {left:?}"
            ));
        }
    }
    Ok(())
}

fn check_cases(run: &Run, pass: &str) -> Result<(), String> {
    let b = run.b;
    let cases = json(&run.plain(&["--json", "case", "list"], pass))?;
    let cases = cases.as_array().unwrap();
    if !cases.iter().any(|c| c["id"] == b.case.as_str()) {
        return Err(format!("the committed case is gone: {cases:?}"));
    }
    let new: Vec<_> = cases
        .iter()
        .filter(|c| c["id"] != b.case.as_str())
        .collect();
    match new.as_slice() {
        [] => Ok(()),
        [c] if c["title"] == "kill-point case" => Ok(()),
        _ => Err(format!("unexpected cases: {cases:?}")),
    }
}

/// The committed items are listed with their hashes; each new item is listed with its
/// source's hash or not at all, and extracts byte-exact.
fn check_evidence(run: &Run, pass: &str) -> Result<(), String> {
    let b = run.b;
    let listed = json(&run.plain(&["--json", "evidence", "list", &b.case], pass))?;
    let listed = listed.as_array().unwrap();
    for (id, src) in &b.evidence {
        let Some(e) = listed.iter().find(|e| e["id"] == id.as_str()) else {
            return Err(format!("committed evidence {id} is gone"));
        };
        if e["sha256"] != sha256_file(src).as_str() {
            return Err(format!("committed evidence {id} changed: {e}"));
        }
    }
    let expected: &[PathBuf] = match run.kind {
        Kind::AddOne => std::slice::from_ref(&b.single),
        _ => &b.batch,
    };
    let added: Vec<_> = listed
        .iter()
        .filter(|e| !b.evidence.iter().any(|(id, _)| e["id"] == id.as_str()))
        .collect();
    if added.len() > expected.len() {
        return Err(format!("too many new items: {added:?}"));
    }
    for e in added {
        let Some(src) = expected
            .iter()
            .find(|p| e["name"] == p.file_name().unwrap().to_str().unwrap())
        else {
            return Err(format!("unexpected evidence: {e}"));
        };
        if e["sha256"] != sha256_file(src).as_str() {
            return Err(format!("the new item is not whole: {e}"));
        }
        let dest = run.out.join("check.bin");
        let id = e["id"].as_str().unwrap();
        let o = run.plain(
            &["evidence", "extract", id, "--out", dest.to_str().unwrap()],
            pass,
        );
        if !o.status.success() || sha256_file(&dest) != sha256_file(src) {
            return Err(format!("{id} does not extract byte-exact: {}", show(&o)));
        }
        fs::remove_file(&dest).unwrap();
    }
    Ok(())
}

fn check_contacts(run: &Run, pass: &str) -> Result<(), String> {
    let b = run.b;
    let contacts = json(&run.plain(&["--json", "contact", "list", &b.case], pass))?;
    let n = contacts.as_array().unwrap().len();
    let text = contacts.to_string();
    if !text.contains(b.contact_summary) {
        return Err(format!("the committed contact is gone: {text}"));
    }
    match n {
        1 => Ok(()),
        2 if text.contains("kill-point contact") => Ok(()),
        _ => Err(format!("unexpected contacts: {text}")),
    }
}

fn check_output(run: &Run, target: &Path, pass: &str) -> Result<(), String> {
    match run.kind {
        Kind::ExportPdf => {
            let bytes = fs::read(target).unwrap();
            let tail = &bytes[bytes.len().saturating_sub(64)..];
            if !bytes.starts_with(b"%PDF-") || !String::from_utf8_lossy(tail).contains("%%EOF") {
                return Err(format!("{} is not a whole PDF", target.display()));
            }
        }
        Kind::ExportPack => {
            let o = run.plain(&["verify-pack", target.to_str().unwrap()], pass);
            if !o.status.success() {
                return Err(format!("the pack does not verify: {}", show(&o)));
            }
        }
        Kind::Extract => {
            if sha256_file(target) != sha256_file(&run.b.evidence[0].1) {
                return Err("the extracted original is not byte-exact".into());
            }
        }
        _ => unreachable!(),
    }
    Ok(())
}

fn strace_available() -> bool {
    Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn prepare() -> Base {
    let (d, recovery_key) = Dir::with_vault();
    let case = d.new_case();
    let first = d.file("first.txt", b"committed before the kill");
    let second = d.file("second.png", &crate::cli::tiny_png());
    let mut evidence = Vec::new();
    for f in [&first, &second] {
        let v = d.add(&case, &[f]);
        evidence.push((v[0]["id"].as_str().unwrap().to_string(), f.clone()));
    }
    let contact_summary = "committed contact";
    d.ok(&[
        "contact",
        "add",
        &case,
        "--at",
        "2026-03-20T09:00:00+08:00",
        "--channel",
        "call",
        "--direction",
        "in",
        "--summary",
        contact_summary,
    ]);
    let single = d.file("single.txt", b"one new item");
    let batch = (0..3)
        .map(|i| {
            d.file(
                &format!("batch-{i}.txt"),
                format!("batch item {i}").as_bytes(),
            )
        })
        .collect();
    d.assert_verifies();
    Base {
        d,
        recovery_key,
        case,
        evidence,
        contact_summary,
        single,
        batch,
    }
}

#[derive(Default)]
struct Tally {
    covered: usize,
    recovered: usize,
    not_reached: usize,
}

#[test]
fn killed_at_every_fsync_rename_unlink_and_create_each_command_recovers() {
    if !strace_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have strace (scripts/setup.sh installs it) for the kill-point test"
        );
        eprintln!("skipped: strace is not installed");
        return;
    }
    let started = Instant::now();
    let b = prepare();

    // Count each command's kill points with one traced run that is not killed.
    let mut jobs: Vec<(Kind, Point, usize)> = Vec::new();
    let mut planned: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for kind in ALL {
        let run = Run::new(
            &b,
            kind,
            &format!("count-{}", kind.name().replace(' ', "-")),
        );
        let trace = run.out.join("..").join("trace.txt");
        let o = run.traced(&[
            "-f".into(),
            "-qq".into(),
            "-o".into(),
            trace.to_str().unwrap().into(),
            "-e".into(),
            format!("trace={TRACED}"),
        ]);
        assert!(
            o.status.success(),
            "{} under strace: {}",
            kind.name(),
            show(&o)
        );
        check(&run, true).unwrap_or_else(|e| panic!("{} without a kill: {e}", kind.name()));
        let all = kill_points(&fs::read_to_string(&trace).unwrap());
        let found = all.len();
        let chosen = spread(all, MAX_PER_OP);
        planned.insert(kind.name(), (found, chosen.len()));
        jobs.extend(chosen.into_iter().enumerate().map(|(i, p)| (kind, p, i)));
    }

    let queue = Mutex::new(jobs);
    let tallies: Mutex<BTreeMap<&str, Tally>> = Mutex::new(BTreeMap::new());
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| {
                loop {
                    let Some((kind, point, i)) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let label = format!(
                        "{}-{}-{}",
                        kind.name().replace([' ', '(', ')'], ""),
                        point.syscall,
                        point.k
                    );
                    let run = Run::new(&b, kind, &label);
                    let o = run.traced(&[
                        "-f".into(),
                        "-qq".into(),
                        "-o".into(),
                        "/dev/null".into(),
                        "-e".into(),
                        format!("trace={}", point.syscall),
                        "-e".into(),
                        format!("inject={}:signal=KILL:when={}", point.syscall, point.k),
                    ]);
                    let killed = o.status.signal() == Some(9) || o.status.code() == Some(137);
                    let result = check(&run, i % 2 == 0);
                    let mut t = tallies.lock().unwrap();
                    let t = t.entry(kind.name()).or_default();
                    if killed {
                        t.covered += 1;
                    } else {
                        t.not_reached += 1;
                    }
                    match result {
                        Ok(()) => {
                            if killed {
                                t.recovered += 1;
                            }
                            let _ = fs::remove_dir_all(run.vault.parent().unwrap());
                        }
                        Err(e) => failures.lock().unwrap().push(format!(
                            "{} killed at {} #{} (killed: {killed}): {e}",
                            kind.name(),
                            point.syscall,
                            point.k
                        )),
                    }
                }
            });
        }
    });

    let tallies = tallies.into_inner().unwrap();
    let (mut n, mut m) = (0, 0);
    for (name, t) in &tallies {
        let (found, chosen) = planned[name];
        eprintln!(
            "{name}: {} of {found} kill points covered ({chosen} chosen), {} recovered cleanly, {} not reached",
            t.covered, t.recovered, t.not_reached
        );
        n += t.covered;
        m += t.recovered;
    }
    let failures = failures.into_inner().unwrap();
    for f in &failures {
        eprintln!("FAILED: {f}\n");
    }
    eprintln!(
        "kill points: {n} covered, {m} recovered cleanly ({:.0?})",
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} kill points did not recover",
        failures.len()
    );
    let not_reached: usize = tallies.values().map(|t| t.not_reached).sum();
    assert_eq!(
        not_reached, 0,
        "every chosen point must kill the command (did strace's injection change?)"
    );
    assert_eq!(m, n);
    assert!(n > 0);
}
