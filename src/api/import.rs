//! `import`: what is on the phone — call recordings, call logs, SMS and chat exports — turned
//! into what a user would log by hand, in the case each number belongs to.
//!
//! - A recording becomes an evidence item and a call contact (time from its name in the phone's
//!   local time, duration measured from the audio). A call-log entry of the same number within
//!   [`MATCH_WINDOW_SECONDS`] gives it its direction, answer and logged time; without one the
//!   direction stays unknown.
//! - A call-log entry becomes a call contact (missed calls as unanswered attempts); an SMS or
//!   chat message a contact with its full text as the quote. The export file itself is kept as
//!   evidence in each case that gains contacts from it, and linked.
//! - Routing: a record goes to the case whose parties or earlier contacts have its number
//!   ([`crate::capture::number::key`]). Numbers known to no case are never imported on their
//!   own (family calls are in the same call log): they are listed, and `assign` routes them.
//!   `case` routes the unknown numbers of a path that holds one conversation only; `skip` leaves
//!   numbers out even when a case knows them (the app's 不导入). The report lists every number
//!   seen ([`NumberGroup`]) with the case it went to, which is what the app's preview shows.
//! - Every contact is made by the same check as a typed one ([`super::contacts::record`]) and is
//!   flagged by the same rules when the log is read.
//! - Idempotent: a contact already in the case (same channel, instant, number and text) and
//!   evidence with the same SHA-256 are not added again; a recording added by hand before only
//!   gains its contact.
//! - One batch, one transaction: recordings and export files are sealed into the case folders
//!   with pending markers first, then every row and chain event is committed at once. A crash
//!   or a cancel before the commit leaves nothing (the next open removes marked blobs).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use serde_json::json;

use super::contacts::{self, NewContact};
use super::evidence::{self, AddOptions, Staging};
use super::{Job, JobPhase, RecordKind, Session};
use crate::capture::{
    self, CallEntry, CallKind, Format, Message, Parsed, Problem, RecordingName, iphone, number,
    recording::{self, Pattern},
};
use crate::domain::contact::{Channel, ContactRecord, Direction, PhraseBook};
use crate::domain::{EvidenceKind, Instant};
use crate::{Error, Result, db};

/// A recording and a call-log entry of the same number this close in time are one call.
pub const MATCH_WINDOW_SECONDS: i64 = 120;
/// Folders are walked this deep at most.
const MAX_DEPTH: usize = 16;
/// At most this many files are looked at per import.
const MAX_FILES: usize = 100_000;

/// What to import and where it goes.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    /// Files and folders (walked; an iPhone backup folder is recognised as a whole).
    pub paths: Vec<PathBuf>,
    /// The case for the unknown numbers of a path that holds one conversation.
    pub case: Option<String>,
    /// Number (or chat id, or name) → case, for numbers no case knows yet (or to route a known
    /// number elsewhere).
    pub assign: Vec<(String, String)>,
    /// Numbers (or chat ids, or names) not to import at all, even when a case knows them.
    pub skip: Vec<String>,
    /// A pattern for recording names of other phones (see [`Pattern`]).
    pub pattern: Option<String>,
    /// The phone's UTC offset for times written without a zone; the computer's when `None`.
    pub utc_offset: Option<FixedOffset>,
    /// Read, route and count, but write nothing.
    pub dry_run: bool,
    /// Cancels between files and before the commit; nothing is left behind.
    pub job: Job,
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    pub dry_run: bool,
    pub contacts_added: u32,
    pub evidence_added: u32,
    /// Contacts and evidence already in their case (nothing added for them).
    pub duplicates: u32,
    /// Added contacts that the collection rules flag.
    pub flagged: u32,
    /// Per case: what was added there.
    pub cases: Vec<CaseImport>,
    /// Numbers no case knows: not imported.
    pub unassigned: Vec<Unassigned>,
    /// Every number (or chat id, or name) seen, most records first, with where it went.
    pub numbers: Vec<NumberGroup>,
    /// Records left out because their number was in `skip`.
    pub excluded: u32,
    pub sources: Vec<SourceReport>,
    pub problems: Vec<FileProblem>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CaseImport {
    pub case_id: String,
    pub contacts_added: u32,
    pub evidence_added: u32,
}

/// A number (or chat id, or name) that no case knows, with what it would bring.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Unassigned {
    /// As first written in the source.
    pub number: String,
    pub name: Option<String>,
    pub count: u32,
    /// Local times, RFC 3339.
    pub first: String,
    pub last: String,
    /// The first message's text (shortened), when the number sent or got messages.
    pub sample: Option<String>,
    /// When several cases know the number: which (assign it to one).
    pub known_in: Vec<String>,
}

/// One number (or chat id, or name) of the batch and its records.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NumberGroup {
    /// The routing key ([`number::key`]): what `assign` and `skip` take. Empty when the records
    /// name no number at all (then they cannot be assigned).
    pub key: String,
    /// As first written in the source.
    pub number: String,
    pub name: Option<String>,
    /// Calls and messages of this number in the batch (a recording counts as one).
    pub count: u32,
    /// Of `count`, the ones with a recording.
    pub recordings: u32,
    /// Local times, RFC 3339.
    pub first: String,
    pub last: String,
    /// The first message's text (shortened), when the number sent or got messages.
    pub sample: Option<String>,
    /// The case its records go to (a known number's case, an assignment, or the path's case);
    /// `None`: not imported (unknown, or in `skip`).
    pub case: Option<String>,
    /// The cases whose parties or contact logs already have this number.
    pub known_in: Vec<String>,
    /// In `skip`: left out on purpose.
    pub skipped: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceReport {
    pub path: String,
    pub format: Format,
    /// Calls and messages read (a recording counts as one).
    pub records: u32,
    /// Entries that are not contacts (drafts, failed sends, system notices).
    pub skipped: u32,
}

/// A file that could not be read, or a record that could not be taken.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileProblem {
    pub path: String,
    /// A stable code (`unreadable`, `not_recognised`, `malformed`, `bad_time`, `empty`,
    /// `too_large`, `too_many_records`, `record_refused`).
    pub code: String,
    pub message: String,
}

impl FileProblem {
    fn new(path: &Path, p: &Problem) -> FileProblem {
        let code = serde_json::to_value(p)
            .ok()
            .and_then(|v| v["code"].as_str().map(str::to_string))
            .unwrap_or_else(|| "malformed".into());
        FileProblem {
            path: path.display().to_string(),
            code,
            message: p.to_string(),
        }
    }
}

/// One file recognised and read.
struct SourceFile {
    /// Index of the request path it came from.
    origin: usize,
    path: PathBuf,
    format: Format,
    content: Content,
}

enum Content {
    Recording(RecordingName),
    Records(Parsed),
}

/// One contact to make, before routing.
struct Planned {
    file: usize,
    /// The recording linked to this contact (a file index), if any.
    recording: Option<usize>,
    key: Option<String>,
    number: Option<String>,
    name: Option<String>,
    at: DateTime<FixedOffset>,
    contact: NewContact,
    duration_seconds: Option<u32>,
    sample: Option<String>,
}

/// Imports `req.paths` into the vault (see the module notes).
pub fn import(session: &mut Session, req: &ImportRequest) -> Result<ImportReport> {
    let offset = req
        .utc_offset
        .unwrap_or_else(|| *session.vault_now().offset());
    let pattern = req
        .pattern
        .as_deref()
        .map(Pattern::parse)
        .transpose()
        .map_err(Error::InvalidPattern)?;
    if let Some(c) = &req.case {
        super::case::show(session, c)?;
    }
    let mut assign = HashMap::new();
    for (n, c) in &req.assign {
        super::case::show(session, c)?;
        let key = number::key(n)
            .ok_or_else(|| Error::InvalidInput("--assign needs NUMBER=CASE".to_string()))?;
        assign.insert(key, c.clone());
    }
    let skip: HashSet<String> = req.skip.iter().filter_map(|n| number::key(n)).collect();

    let mut report = ImportReport {
        dry_run: req.dry_run,
        ..ImportReport::default()
    };
    let files = read_sources(req, pattern.as_ref(), &mut report)?;
    let mut planned = plan(&files, offset);

    // Routing.
    let index = RoutingIndex::build(session)?;
    let mut origin_keys: HashMap<usize, BTreeSet<&str>> = HashMap::new();
    for p in &planned {
        if let Some(k) = &p.key {
            origin_keys
                .entry(files[p.file].origin)
                .or_default()
                .insert(k.as_str());
        }
    }
    let single_peer: HashSet<usize> = origin_keys
        .iter()
        .filter(|(_, keys)| keys.len() == 1)
        .map(|(o, _)| *o)
        .collect();
    let mut routed: Vec<(String, Planned)> = Vec::new();
    // Per key: the group and its first and last instants (compared as instants, not text).
    type Span = (NumberGroup, DateTime<FixedOffset>, DateTime<FixedOffset>);
    let mut groups: BTreeMap<String, Span> = BTreeMap::new();
    for p in planned.drain(..) {
        let key = p.key.clone().unwrap_or_default();
        let known = index.cases(&key);
        let skipped = skip.contains(&key);
        let target = if skipped {
            None
        } else {
            assign.get(&key).cloned().or_else(|| match known.len() {
                1 => known.iter().next().cloned(),
                0 if single_peer.contains(&files[p.file].origin) => req.case.clone(),
                _ => None,
            })
        };
        let (g, first, last) = groups.entry(key.clone()).or_insert_with(|| {
            (
                NumberGroup {
                    key: key.clone(),
                    number: p.number.clone().or(p.name.clone()).unwrap_or_default(),
                    name: None,
                    count: 0,
                    recordings: 0,
                    first: String::new(),
                    last: String::new(),
                    sample: None,
                    case: target.clone(),
                    known_in: known.iter().cloned().collect(),
                    skipped,
                },
                p.at,
                p.at,
            )
        });
        g.count = g.count.saturating_add(1);
        g.recordings = g
            .recordings
            .saturating_add(u32::from(p.recording.is_some()));
        if g.name.is_none() {
            g.name = p.name.clone();
        }
        if g.sample.is_none() {
            g.sample = p.sample.clone();
        }
        *first = (*first).min(p.at);
        *last = (*last).max(p.at);
        match target {
            Some(case) => routed.push((case, p)),
            None if skipped => report.excluded = report.excluded.saturating_add(1),
            None => {}
        }
    }
    report.numbers = groups
        .into_values()
        .map(|(mut g, first, last)| {
            g.first = first.to_rfc3339();
            g.last = last.to_rfc3339();
            g
        })
        .collect();
    report
        .numbers
        .sort_by(|a, b| b.count.cmp(&a.count).then(a.number.cmp(&b.number)));
    report.unassigned = report
        .numbers
        .iter()
        .filter(|g| g.case.is_none() && !g.skipped)
        .map(|g| Unassigned {
            number: g.number.clone(),
            name: g.name.clone(),
            count: g.count,
            first: g.first.clone(),
            last: g.last.clone(),
            sample: g.sample.clone(),
            known_in: g.known_in.clone(),
        })
        .collect();

    write(session, req, &files, routed, &mut report)?;
    Ok(report)
}

/// Which cases know each number or name: their parties' phones and names, and the numbers and
/// people of their contact logs.
struct RoutingIndex {
    by_key: HashMap<String, BTreeSet<String>>,
}

impl RoutingIndex {
    fn build(session: &Session) -> Result<RoutingIndex> {
        let mut by_key: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut add = |raw: &str, case: &str| {
            if let Some(k) = number::key(raw) {
                by_key.entry(k).or_default().insert(case.to_string());
            }
        };
        for case in db::list_cases(session.conn())? {
            for party in super::debt::parties(session, &case.id)? {
                for phone in &party.phones {
                    add(phone, &case.id);
                }
                add(&party.name, &case.id);
            }
            let contacts: Vec<ContactRecord> = session.records(&case.id, RecordKind::Contact)?;
            for c in &contacts {
                if let Some(n) = &c.number {
                    add(n, &case.id);
                }
                if let Some(p) = &c.person {
                    add(p, &case.id);
                }
            }
        }
        Ok(RoutingIndex { by_key })
    }

    fn cases(&self, key: &str) -> BTreeSet<String> {
        self.by_key.get(key).cloned().unwrap_or_default()
    }
}

/// Walks the request's paths and reads every file; what cannot be read becomes a problem.
fn read_sources(
    req: &ImportRequest,
    pattern: Option<&Pattern>,
    report: &mut ImportReport,
) -> Result<Vec<SourceFile>> {
    let mut found: Vec<(usize, PathBuf)> = Vec::new();
    for (origin, path) in req.paths.iter().enumerate() {
        let meta = std::fs::metadata(path).map_err(|e| Error::SourceUnreadable {
            path: path.clone(),
            source: e,
        })?;
        if meta.is_dir() {
            walk(path, origin, 0, &mut found, report)?;
        } else {
            found.push((origin, path.clone()));
        }
    }
    let total = found.len() as u64;
    let mut files = Vec::new();
    for (i, (origin, path)) in found.into_iter().enumerate() {
        req.job.step(JobPhase::Reading, i as u64, total)?;
        match read_one(&path, pattern) {
            Ok((format, content)) => {
                let (records, skipped) = match &content {
                    Content::Recording(_) => (1, 0),
                    Content::Records(p) => (p.records(), p.skipped),
                };
                report.sources.push(SourceReport {
                    path: path.display().to_string(),
                    format,
                    records: u32::try_from(records).unwrap_or(u32::MAX),
                    skipped: u32::try_from(skipped).unwrap_or(u32::MAX),
                });
                files.push(SourceFile {
                    origin,
                    path,
                    format,
                    content,
                });
            }
            Err(p) => report.problems.push(FileProblem::new(&path, &p)),
        }
    }
    Ok(files)
}

fn walk(
    dir: &Path,
    origin: usize,
    depth: usize,
    found: &mut Vec<(usize, PathBuf)>,
    report: &mut ImportReport,
) -> Result<()> {
    if iphone::is_backup_folder(dir) {
        // The thousands of other hashed files of a backup are not exports: only these two.
        found.extend(iphone::backup_files(dir).into_iter().map(|p| (origin, p)));
        return Ok(());
    }
    if depth > MAX_DEPTH {
        report.problems.push(FileProblem::new(
            dir,
            &Problem::Unreadable {
                reason: format!("folders nested deeper than {MAX_DEPTH} levels are not walked"),
            },
        ));
        return Ok(());
    }
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(e) => e.flatten().collect(),
        Err(e) => {
            report.problems.push(FileProblem::new(
                dir,
                &Problem::Unreadable {
                    reason: e.to_string(),
                },
            ));
            return Ok(());
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        // Hidden files (.DS_Store, .nomedia, thumbnails) are the system's, not exports.
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&entry.path(), origin, depth + 1, found, report)?;
        } else if kind.is_file() {
            if found.len() >= MAX_FILES {
                return Err(Error::InvalidInput(format!(
                    "more than {MAX_FILES} files to import; import the folders one by one"
                )));
            }
            found.push((origin, entry.path()));
        }
    }
    Ok(())
}

fn read_one(path: &Path, pattern: Option<&Pattern>) -> Result<(Format, Content), Problem> {
    let unreadable = |e: std::io::Error| Problem::Unreadable {
        reason: e.to_string(),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let by_pattern = match pattern {
        Some(p) => p.recognise(&name)?,
        None => None,
    };
    if let Some(r) = by_pattern.map_or_else(|| recording::recognise(&name), |r| Ok(Some(r)))? {
        return Ok((r.format, Content::Recording(r)));
    }
    let mut file = File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    let mut head = Vec::new();
    (&mut file)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(unreadable)?;
    if head.starts_with(b"SQLite format 3\0") {
        drop(file);
        return match iphone::identify(path)? {
            Some(iphone::Database::Messages) => {
                Ok((Format::IphoneSms, Content::Records(iphone::messages(path)?)))
            }
            Some(iphone::Database::CallHistory) => {
                Ok((Format::IphoneCalls, Content::Records(iphone::calls(path)?)))
            }
            None => Err(Problem::NotRecognised),
        };
    }
    let (head_text, _) = capture::text::decode(&head);
    if head_text.contains("<smses") || head_text.contains("<calls") {
        let file = File::open(path).map_err(unreadable)?;
        let parsed = capture::sms_backup::parse(BufReader::new(file))?;
        let format = if parsed.calls.len() > parsed.messages.len() {
            Format::CallsBackup
        } else {
            Format::SmsBackup
        };
        if parsed.records() == 0 && parsed.skipped == 0 {
            return Err(Problem::Empty);
        }
        return Ok((format, Content::Records(parsed)));
    }
    let looks_textual = !head.is_empty()
        && (capture::chat::is_memotrace_csv(&head_text)
            || capture::chat::sniff_text(&head_text).is_some()
            || head_text.contains("聊天")
            || head_text.contains("消息"));
    if !looks_textual {
        return Err(Problem::NotRecognised);
    }
    if size > capture::MAX_TEXT_BYTES {
        return Err(Problem::TooLarge {
            size,
            limit: capture::MAX_TEXT_BYTES,
        });
    }
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|f| f.take(capture::MAX_TEXT_BYTES).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    let (text, _) = capture::text::decode(&bytes);
    if capture::chat::is_memotrace_csv(&text) {
        return Ok((
            Format::MemotraceCsv,
            Content::Records(capture::chat::parse_memotrace_csv(&text)?),
        ));
    }
    match capture::chat::sniff_text(&text) {
        Some(Format::QqText) => Ok((
            Format::QqText,
            Content::Records(capture::chat::parse_text(&text, true)?),
        )),
        Some(f) => Ok((
            f,
            Content::Records(capture::chat::parse_text(&text, false)?),
        )),
        None => Err(Problem::NotRecognised),
    }
}

/// Turns every record into a contact to make, matching recordings with call-log entries.
fn plan(files: &[SourceFile], offset: FixedOffset) -> Vec<Planned> {
    let mut planned = Vec::new();
    // Call-log entries by number, to find each recording's call.
    let mut calls_by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (fi, f) in files.iter().enumerate() {
        let Content::Records(parsed) = &f.content else {
            continue;
        };
        for call in &parsed.calls {
            let p = call_contact(fi, call, offset);
            if let Some(k) = &p.key {
                calls_by_key
                    .entry(k.clone())
                    .or_default()
                    .push(planned.len());
            }
            planned.push(p);
        }
        for m in &parsed.messages {
            planned.push(message_contact(fi, m, offset));
        }
    }
    for (fi, f) in files.iter().enumerate() {
        let Content::Recording(r) = &f.content else {
            continue;
        };
        let at = capture::When::Local(r.at).resolve(offset);
        let key = r
            .number
            .as_deref()
            .and_then(number::key)
            .or_else(|| r.name.as_deref().and_then(number::key));
        let duration = recording_duration(&f.path);
        let matched = key.as_ref().and_then(|k| {
            calls_by_key.get(k).and_then(|idx| {
                idx.iter()
                    .copied()
                    .filter(|&i| planned[i].recording.is_none())
                    .map(|i| (i, (planned[i].at - at).num_seconds().abs()))
                    .filter(|(_, d)| *d <= MATCH_WINDOW_SECONDS)
                    .min_by_key(|(_, d)| *d)
                    .map(|(i, _)| i)
            })
        });
        if let Some(i) = matched {
            let p = &mut planned[i];
            p.recording = Some(fi);
            if p.duration_seconds.is_none() {
                p.duration_seconds = duration;
            }
            if p.name.is_none() {
                p.name = r.name.clone();
                p.contact.person = r.name.clone();
            }
            continue;
        }
        let mut c = NewContact::new(at, Channel::Call, Direction::Unknown);
        c.number = r.number.clone();
        c.person = r.name.clone();
        // The recorder only writes a file for a call that was connected.
        c.answered = Some(true);
        planned.push(Planned {
            file: fi,
            recording: Some(fi),
            key,
            number: r.number.clone(),
            name: r.name.clone(),
            at,
            contact: c,
            duration_seconds: duration,
            sample: None,
        });
    }
    planned
}

fn call_contact(fi: usize, call: &CallEntry, offset: FixedOffset) -> Planned {
    let at = call.at.resolve(offset);
    let (direction, answered) = match call.kind {
        CallKind::Incoming => (Direction::In, Some(true)),
        CallKind::Outgoing => (
            Direction::Out,
            call.duration_seconds.filter(|d| *d > 0).map(|_| true),
        ),
        CallKind::Missed | CallKind::Voicemail | CallKind::Rejected | CallKind::Blocked => {
            (Direction::In, Some(false))
        }
        CallKind::AnsweredElsewhere => (Direction::In, None),
    };
    let mut c = NewContact::new(at, Channel::Call, direction);
    c.number = Some(call.number.clone());
    c.person = call.name.clone();
    c.answered = answered;
    if answered == Some(false) {
        // A missed call is one unanswered attempt.
        c.attempts = Some(1);
        if call.kind != CallKind::Missed {
            c.summary = Some(
                match call.kind {
                    CallKind::Voicemail => "未接，对方留言 / voicemail",
                    CallKind::Rejected => "已拒接 / rejected",
                    _ => "已拦截 / blocked",
                }
                .to_string(),
            );
        }
    }
    Planned {
        file: fi,
        recording: None,
        key: number::key(&call.number),
        number: Some(call.number.clone()),
        name: call.name.clone(),
        at,
        contact: c,
        duration_seconds: call.duration_seconds.filter(|d| *d > 0),
        sample: None,
    }
}

fn message_contact(fi: usize, m: &Message, offset: FixedOffset) -> Planned {
    let at = m.at.resolve(offset);
    let direction = match m.outgoing {
        Some(true) => Direction::Out,
        Some(false) => Direction::In,
        None => Direction::Unknown,
    };
    let mut c = NewContact::new(at, m.channel, direction);
    c.number = Some(m.peer.clone());
    c.person = m.peer_name.clone();
    c.quotes = vec![m.text.clone()];
    Planned {
        file: fi,
        recording: None,
        key: number::key(&m.peer),
        number: Some(m.peer.clone()),
        name: m.peer_name.clone(),
        at,
        contact: c,
        duration_seconds: None,
        sample: Some(m.text.chars().take(80).collect()),
    }
}

/// The recording's measured playing time in whole seconds, if the format says it (see
/// [`crate::domain::media::duration`]; read by seeking, so any size). An estimate (a WAV whose
/// header was never finished) is left out: a contact's duration states what was measured.
fn recording_duration(path: &Path) -> Option<u32> {
    let mut file = File::open(path).ok()?;
    let mut head = Vec::with_capacity(8192);
    (&mut file).take(8192).read_to_end(&mut head).ok()?;
    let media_type = evidence::sniff_media_type(&head);
    let playback = crate::domain::media::duration(&media_type, file)?;
    if playback.estimated {
        return None;
    }
    u32::try_from(playback.rounded_seconds()).ok()
}

/// What makes two contacts the same: channel, instant, number and first quote.
type Fingerprint = (Channel, i64, String, String);

fn fingerprint(c: &ContactRecord) -> Fingerprint {
    (
        c.channel,
        c.at.timestamp(),
        c.number
            .as_deref()
            .and_then(number::key)
            .unwrap_or_default(),
        c.quotes
            .first()
            .map(|q| q.trim().to_string())
            .unwrap_or_default(),
    )
}

/// One case's side of the batch.
#[derive(Default)]
struct CaseBatch {
    existing: Vec<ContactRecord>,
    seen: HashSet<Fingerprint>,
    /// Evidence ids already linked by some contact.
    linked: HashSet<String>,
    new: Vec<ContactRecord>,
    /// (file index) → evidence id in this case.
    evidence: HashMap<usize, String>,
    evidence_added: u32,
}

fn write(
    session: &mut Session,
    req: &ImportRequest,
    files: &[SourceFile],
    routed: Vec<(String, Planned)>,
    report: &mut ImportReport,
) -> Result<()> {
    let _lock = if req.dry_run {
        None
    } else {
        Some(session.write_lock()?)
    };
    let now = session.now();
    let local_now = now.local();
    let mut batches: BTreeMap<String, CaseBatch> = BTreeMap::new();
    for case in routed.iter().map(|(c, _)| c).collect::<BTreeSet<_>>() {
        let existing: Vec<ContactRecord> = session.records(case, RecordKind::Contact)?;
        let batch = CaseBatch {
            seen: existing.iter().map(fingerprint).collect(),
            linked: existing
                .iter()
                .flat_map(|c| c.evidence_ids.iter().cloned())
                .collect(),
            existing,
            ..CaseBatch::default()
        };
        batches.insert(case.clone(), batch);
    }

    let mut staged: Vec<evidence::Staged> = Vec::new();
    let result = (|| -> Result<()> {
        // Contacts, deduplicated; recordings are sealed as their contacts need them.
        let total = routed.len() as u64;
        let mut pending_exports: Vec<(String, usize, usize)> = Vec::new(); // (case, file, contact)
        for (i, (case, p)) in routed.into_iter().enumerate() {
            // Each recording is a file to seal (seconds for a long one); messages are cheap.
            if i % 256 == 0 || p.recording.is_some() {
                req.job.step(JobPhase::Saving, i as u64, total)?;
            }
            let batch = batches.get_mut(&case).expect("a batch per routed case");
            let mut record = match contacts::record(local_now, p.contact) {
                Ok(r) => r,
                Err(e) => {
                    report.problems.push(FileProblem {
                        path: files[p.file].path.display().to_string(),
                        code: "record_refused".into(),
                        message: format!(
                            "{} ({}): {e}",
                            p.at.to_rfc3339(),
                            p.number.unwrap_or_default()
                        ),
                    });
                    continue;
                }
            };
            record.duration_seconds = p.duration_seconds;
            let fp = fingerprint(&record);
            if let Some(rec_file) = p.recording {
                let (id, known) = evidence_for(
                    session,
                    req,
                    now,
                    &case,
                    &files[rec_file],
                    rec_file,
                    batch,
                    &mut staged,
                )?;
                // A recording and its contact already there count as one duplicate; a
                // recording added by hand before counts as one and gains its contact.
                if known {
                    report.duplicates += 1;
                }
                if batch.linked.contains(&id) || batch.seen.contains(&fp) {
                    report.duplicates += u32::from(!known);
                    continue;
                }
                batch.linked.insert(id.clone());
                record.evidence_ids.push(id);
            } else if batch.seen.contains(&fp) {
                report.duplicates += 1;
                continue;
            }
            batch.seen.insert(fp);
            if !matches!(files[p.file].content, Content::Recording(_)) {
                pending_exports.push((case.clone(), p.file, batch.new.len()));
            }
            batch.new.push(record);
        }
        // The export files, kept as evidence where they brought contacts, and linked.
        for (case, file, idx) in pending_exports {
            let batch = batches.get_mut(&case).expect("a batch per routed case");
            let (id, known) = evidence_for(
                session,
                req,
                now,
                &case,
                &files[file],
                file,
                batch,
                &mut staged,
            )?;
            // Known only the first time per case and file (later lookups hit the batch's map).
            if known {
                report.duplicates += 1;
            }
            let record = &mut batch.new[idx];
            if !record.evidence_ids.contains(&id) {
                record.evidence_ids.push(id);
            }
        }
        req.job.step(JobPhase::Saving, total, total)?;
        if req.dry_run {
            return Ok(());
        }
        Session::change_locked(&mut session.conn, now, "saving the import", |c| {
            for s in staged.iter_mut() {
                s.record(c)?;
            }
            for (case, batch) in &batches {
                for record in &batch.new {
                    let value = serde_json::to_value(record).expect("records serialise");
                    let text = serde_json::to_string(&value).expect("records serialise");
                    let ev = c.event(
                        RecordKind::Contact.event(),
                        Some(case),
                        json!({"id": record.id, "record": value}),
                    )?;
                    db::insert_record(
                        c.tx(),
                        &record.id,
                        case,
                        RecordKind::Contact.as_str(),
                        &text,
                        ev.seq,
                    )?;
                }
            }
            Ok(())
        })
    })();
    if let Err(e) = result {
        for s in &staged {
            s.discard();
        }
        return Err(e);
    }
    for s in &staged {
        s.finish();
    }

    // The same rules as the contact log: flags over the whole log of each case.
    for (case, batch) in batches {
        let added = batch.new.len();
        if added > 0 || batch.evidence_added > 0 {
            let mut all = batch.existing;
            all.extend(batch.new);
            let ctx = super::contacts::context(session, &case)?;
            let flags = crate::domain::contact::check(&all, PhraseBook::builtin(), &ctx);
            report.flagged += flags[all.len() - added..]
                .iter()
                .filter(|f| !f.is_empty())
                .count() as u32;
            report.contacts_added += added as u32;
            report.evidence_added += batch.evidence_added;
            report.cases.push(CaseImport {
                case_id: case,
                contacts_added: added as u32,
                evidence_added: batch.evidence_added,
            });
        }
    }
    Ok(())
}

/// The evidence id of `file` in `case`: one already there with the same SHA-256 (then `true`),
/// one sealed earlier in this batch, or a newly sealed one (in a dry run, a placeholder).
#[allow(clippy::too_many_arguments)]
fn evidence_for(
    session: &Session,
    req: &ImportRequest,
    now: Instant,
    case: &str,
    file: &SourceFile,
    index: usize,
    batch: &mut CaseBatch,
    staged: &mut Vec<evidence::Staged>,
) -> Result<(String, bool)> {
    if let Some(id) = batch.evidence.get(&index) {
        return Ok((id.clone(), false));
    }
    let kind = match file.format {
        Format::SmsBackup | Format::IphoneSms => EvidenceKind::Sms,
        Format::MemotraceCsv | Format::ChatText | Format::QqText => EvidenceKind::Chat,
        Format::CallsBackup | Format::IphoneCalls => EvidenceKind::Other,
        _ => EvidenceKind::Recording,
    };
    let id = if req.dry_run {
        let sha = sha256_file(&file.path)?;
        match db::find_evidence_by_hash(session.conn(), case, &sha)? {
            Some(e) => (e.id, true),
            None => {
                batch.evidence_added += 1;
                (format!("(new:{index})"), false)
            }
        }
    } else {
        let options = AddOptions {
            kind: Some(kind),
            note: Some(format!(
                "导入 / imported: {}",
                file.format.label(crate::domain::Lang::Zh)
            )),
            job: req.job.clone(),
        };
        match evidence::stage(session, case, &file.path, &options, now, &mut |_| {})? {
            Staging::Duplicate(existing) => (existing.id, true),
            // The same content given twice in one batch is kept once.
            Staging::Staged(s) => match staged
                .iter()
                .find(|o| o.evidence.case_id == case && o.evidence.sha256 == s.evidence.sha256)
            {
                Some(earlier) => {
                    s.discard();
                    (earlier.evidence.id.clone(), true)
                }
                None => {
                    batch.evidence_added += 1;
                    let id = s.evidence.id.clone();
                    staged.push(s);
                    (id, false)
                }
            },
        }
    };
    batch.evidence.insert(index, id.0.clone());
    Ok(id)
}

fn sha256_file(path: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    let unreadable = |e| Error::SourceUnreadable {
        path: path.to_path_buf(),
        source: e,
    };
    let mut file = File::open(path).map_err(unreadable)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(unreadable)?;
    Ok(hex::encode(hasher.finalize()))
}
