//! Evidence files: `evidence add|list|annotate|extract`.

use std::path::{Path, PathBuf};

use casefile::api::{self, Session, evidence};
use casefile::domain::{EvidenceKind, MAX_TRANSCRIPT_CHARS};
use casefile::{Error, Result, exit};
use serde::Serialize;

use super::Ctx;
use crate::cli::EvidenceCommand;
use crate::{parse, print};

pub fn run(ctx: &Ctx, cmd: EvidenceCommand) -> Result<i32> {
    let mut s = ctx.open()?;
    match cmd {
        EvidenceCommand::Add {
            case,
            files,
            kind,
            note,
        } => {
            let options = evidence::AddOptions {
                kind: kind
                    .as_deref()
                    .map(parse::value::<EvidenceKind>)
                    .transpose()?,
                note,
                job: api::Job::default(),
            };
            add_files(&mut s, &case, &files, &options, ctx.json)
        }
        EvidenceCommand::List { case } => {
            let items = evidence::list(&s, &case)?;
            print::output(ctx.json, &items, || {
                if items.is_empty() {
                    eprintln!("这个案件还没有证据 / No evidence in this case yet.");
                }
                for e in &items {
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
            });
            Ok(exit::OK)
        }
        EvidenceCommand::Annotate {
            id,
            kind,
            note,
            purpose,
            transcript,
            transcript_file,
        } => {
            let transcript = match transcript_file {
                Some(path) => Some(read_transcript(&path)?),
                None => transcript,
            };
            let before = evidence::show(&s, &id)?;
            let kind = match kind.as_deref() {
                Some(k) => parse::value::<EvidenceKind>(k)?,
                None => before.kind,
            };
            let note = note.or(before.note);
            let purpose = purpose.or(before.purpose);
            let transcript = transcript.or(before.transcript);
            let e = evidence::annotate(
                &mut s,
                &id,
                kind,
                note.as_deref(),
                purpose.as_deref(),
                transcript.as_deref(),
            )?;
            print::output(ctx.json, &e, || {
                println!(
                    "已更新 updated  {}  {}  证明目的 purpose: {}  录音文字整理稿 transcript: {}",
                    e.id,
                    e.kind.as_str(),
                    e.purpose.as_deref().unwrap_or("—"),
                    e.transcript.as_deref().map_or_else(
                        || "—".to_string(),
                        |t| format!("{} 字 chars", t.chars().count())
                    )
                );
            });
            Ok(exit::OK)
        }
        EvidenceCommand::Extract { id, out, force } => {
            let e = evidence::extract(&s, &id, &out, force)?;
            let value =
                serde_json::json!({"id": e.id, "path": out, "sha256": e.sha256, "size": e.size});
            print::output(ctx.json, &value, || println!("{}", out.display()));
            Ok(exit::OK)
        }
    }
}

/// Bytes of a transcript file read at most: far more than [`MAX_TRANSCRIPT_CHARS`] characters
/// in any encoding, so a longer file is refused before it is read whole.
const TRANSCRIPT_FILE_LIMIT: u64 = 1 << 20;

/// A transcript file's text, in the encoding it was saved in (UTF-8, UTF-16 with a BOM, or
/// GBK/GB18030 as Windows Notepad saves Chinese), with Windows line ends made `\n`.
fn read_transcript(path: &Path) -> Result<String> {
    use std::io::Read;
    let unreadable = |source| Error::SourceUnreadable {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(TRANSCRIPT_FILE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > TRANSCRIPT_FILE_LIMIT {
        return Err(Error::InvalidInput(format!(
            "{} is larger than {} KiB: a transcript holds at most {MAX_TRANSCRIPT_CHARS} characters; give the text of one recording",
            path.display(),
            TRANSCRIPT_FILE_LIMIT >> 10
        )));
    }
    let (text, _) = casefile::capture::text::decode(&bytes);
    Ok(text.replace("\r\n", "\n"))
}

/// One line of `evidence add --json`: what happened to one file.
#[derive(Serialize)]
#[serde(untagged)]
enum AddLine {
    Outcome(Box<evidence::AddOutcome>),
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
    options: &evidence::AddOptions,
    json: bool,
) -> Result<i32> {
    let mut lines = Vec::new();
    let mut code = exit::OK;
    for file in files {
        let bar = print::progress_bar(json, &file.display().to_string());
        let result = evidence::add(s, case_id, file, options, &mut |p| {
            bar.set_length(p.total);
            bar.set_position(p.done);
        });
        bar.finish_and_clear();
        match result {
            Ok(outcome) => {
                if !json {
                    print_outcome(file, &outcome);
                }
                lines.push(AddLine::Outcome(Box::new(outcome)));
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
        print::json(&lines);
    }
    Ok(code)
}

fn print_outcome(file: &Path, outcome: &evidence::AddOutcome) {
    let e = outcome.evidence();
    match outcome {
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
