//! The manifest held against the chain excerpt it carries: every field the chain also records
//! must agree with it, the exhibit list must be a list of distinct files, and every file in the
//! pack must be accounted for by the manifest.
//!
//! The excerpt's event bodies are canonical JSON whose hashes are recomputed (`check_chain`), so
//! they are what a vault recorded; the rest of the manifest is plain JSON anyone can edit. Where
//! the chain records a value that a later `record_corrected` event changed (an exhibit's kind,
//! the case's lender), the manifest must show the corrected value.

use super::received::*;
use super::*;

/// What the excerpt says now, after its corrections: each exhibit's kind by evidence id, and
/// the case's own fields.
#[derive(Default)]
pub(super) struct ChainFacts {
    kinds: HashMap<String, Scalar>,
    case_created: Option<u64>,
    case: Vec<(&'static str, Scalar)>,
    case_created_at: Option<String>,
}

/// The case fields the chain records: (field in the manifest and in `case_created`, name of the
/// field in a correction).
const CASE_FIELDS: [(&str, &str); 5] = [
    ("title", "title"),
    ("lender", "lender"),
    ("platform", "platform"),
    ("principal_fen", "principal"),
    ("overdue_since", "overdue_since"),
];

impl ChainFacts {
    pub(super) fn gather(bodies: &BTreeMap<u64, EventBody>) -> ChainFacts {
        let mut facts = ChainFacts::default();
        for (seq, body) in bodies {
            let d = &body.data;
            match body.kind.as_str() {
                "case_created" if facts.case_created.is_none() => {
                    facts.case_created = Some(*seq);
                    facts.case_created_at = body.local_time();
                    facts.case = vec![
                        ("title", d.title.clone()),
                        ("lender", d.lender.clone()),
                        ("platform", d.platform.clone()),
                        ("principal_fen", d.principal_fen.clone()),
                        ("overdue_since", d.overdue_since.clone()),
                    ];
                }
                "evidence_added" => {
                    if let Some(id) = d.evidence_id.text() {
                        facts.kinds.insert(id.to_string(), d.kind.clone());
                    }
                }
                "record_corrected" => facts.correct(d),
                _ => {}
            }
        }
        facts
    }

    fn correct(&mut self, d: &EventData) {
        let Some(id) = d.id.text() else { return };
        for change in &d.changes.items {
            let Some(field) = change.field.text() else {
                continue;
            };
            match d.record.text() {
                Some("evidence") if field == "kind" => {
                    self.kinds.insert(id.to_string(), change.new.clone());
                }
                Some("case") => {
                    let manifest_field = CASE_FIELDS
                        .iter()
                        .find(|(_, in_change)| *in_change == field)
                        .map(|(m, _)| *m);
                    if let Some(slot) = self
                        .case
                        .iter_mut()
                        .find(|(m, _)| Some(*m) == manifest_field)
                    {
                        slot.1 = change.new.clone();
                    }
                }
                _ => {}
            }
        }
    }
}

/// Exhibits are numbered 1, 2, 3… in order, and no two name the same file, evidence item or
/// chain event; each path is the one its number and name give.
pub(super) fn check_exhibit_list(exhibits: &[ManifestExhibit], problems: &mut Problems) {
    let mut paths = HashSet::new();
    let mut ids = HashSet::new();
    let mut seqs = HashSet::new();
    for (i, ex) in exhibits.iter().enumerate() {
        let path = Some(ex.path.as_str());
        let mut wrong = Vec::new();
        if ex.number != i + 1 {
            wrong.push(format!(
                "it is number {} at position {} (exhibits are numbered 1, 2, 3… in order)",
                ex.number,
                i + 1
            ));
        }
        if !paths.insert(extraction_key(&ex.path)) {
            wrong.push("its file is already an earlier exhibit's".into());
        }
        if !ids.insert(ex.id.as_str()) {
            wrong.push(format!(
                "evidence item {} is already an earlier exhibit",
                ex.id
            ));
        }
        if !seqs.insert(ex.chain_seq) {
            wrong.push(format!(
                "chain event {} already records an earlier exhibit",
                ex.chain_seq
            ));
        }
        if ex.path != exhibit_path(ex.number, &ex.name) {
            wrong.push(format!(
                "its path is not {:?}, the one its number and name give",
                exhibit_path(ex.number, &ex.name)
            ));
        }
        if !wrong.is_empty() {
            problems.add(
                "manifest",
                path,
                format!("exhibit E{:03}: {}", ex.number, wrong.join("; ")),
            );
        }
    }
}

/// The exhibit's `evidence_added` event must record this case, id, name, size, SHA-256, time
/// and (as corrected) kind.
pub(super) fn check_exhibit_chained(
    ex: &ManifestExhibit,
    case: &ReceivedCase,
    bodies: &BTreeMap<u64, EventBody>,
    facts: &ChainFacts,
    problems: &mut Problems,
) {
    let path = Some(ex.path.as_str());
    let label = format!("exhibit E{:03}", ex.number);
    let seq = ex.chain_seq;
    let body = match bodies.get(&seq) {
        Some(body) if body.kind == "evidence_added" => body,
        Some(body) => {
            let kind = &body.kind;
            let message = format!(
                "{label} points at chain event {seq}, a {kind} event, not the evidence_added event of this file"
            );
            return problems.add("exhibit_unchained", path, message);
        }
        None => {
            let message = format!(
                "{label} points at chain event {seq}, which the chain excerpt does not hold"
            );
            return problems.add("exhibit_unchained", path, message);
        }
    };
    let d = &body.data;
    let text = |s: &str| Scalar::Text(s.to_string());
    let kind = facts.kinds.get(&ex.id).unwrap_or(&d.kind);
    let sha_matches = d
        .sha256
        .text()
        .is_some_and(|s| s.eq_ignore_ascii_case(&ex.sha256));
    let compared = [
        (
            "case",
            body.case.as_deref().map_or(Scalar::Null, text),
            case.id.clone(),
        ),
        ("id", d.evidence_id.clone(), text(&ex.id)),
        ("name", d.name.clone(), text(&ex.name)),
        ("kind", kind.clone(), text(&ex.kind)),
        ("size", d.size.clone(), Scalar::Int(ex.size.into())),
        (
            "sha256",
            d.sha256.clone(),
            if sha_matches {
                d.sha256.clone()
            } else {
                text(&ex.sha256)
            },
        ),
        (
            "added_at",
            body.local_time().map_or(Scalar::Missing, |t| text(&t)),
            text(&ex.added_at),
        ),
    ];
    let differ: Vec<String> = compared
        .iter()
        .filter(|(_, on_chain, listed)| on_chain != listed)
        .map(|(field, on_chain, listed)| format!("{field} {listed} (the chain says {on_chain})"))
        .collect();
    if !differ.is_empty() {
        problems.add(
            "exhibit_unchained",
            path,
            format!(
                "{label}: manifest.json does not match its evidence_added event {seq}: {}",
                differ.join(", ")
            ),
        );
    }
}

/// The manifest's case must be the excerpt's: every event belongs to it, and its id, created
/// time and the fields `case_created` records (as corrected since) agree.
pub(super) fn check_case(
    case: &ReceivedCase,
    bodies: &BTreeMap<u64, EventBody>,
    facts: &ChainFacts,
    problems: &mut Problems,
) {
    let here = Some(MANIFEST_PATH);
    let case_id = case.id.text().unwrap_or("");
    if let Some((seq, body)) = bodies
        .iter()
        .find(|(_, b)| b.case.as_deref() != Some(case_id))
    {
        let other = body.case.as_deref().unwrap_or("no case");
        problems.add(
            "case_unchained",
            here,
            format!("chain event {seq} belongs to {other}, not to this pack's case {case_id:?}"),
        );
    }
    let Some(seq) = facts.case_created else {
        problems.add(
            "case_unchained",
            here,
            format!("the chain excerpt holds no case_created event for case {case_id:?}"),
        );
        return;
    };
    let listed = |field: &str| match field {
        "title" => &case.title,
        "lender" => &case.lender,
        "platform" => &case.platform,
        "principal_fen" => &case.principal_fen,
        _ => &case.overdue_since,
    };
    let mut differ: Vec<String> = facts
        .case
        .iter()
        .filter(|(field, on_chain)| on_chain.or_null() != listed(field).or_null())
        .map(|(field, on_chain)| format!("{field} {} (the chain says {on_chain})", listed(field)))
        .collect();
    if facts.case_created_at.as_deref() != case.created_at.text() {
        let on_chain = facts.case_created_at.as_deref().unwrap_or("nothing");
        differ.push(format!(
            "created_at {} (the chain says {on_chain:?})",
            case.created_at
        ));
    }
    if !differ.is_empty() {
        problems.add(
            "case_unchained",
            here,
            format!(
                "the case in manifest.json does not match its case_created event {seq} and the corrections after it: {}",
                differ.join(", ")
            ),
        );
    }
}

/// Every evidence item the excerpt records as added to the case is an exhibit: none was left out.
pub(super) fn check_every_evidence_listed(
    exhibits: &[ManifestExhibit],
    case: &ReceivedCase,
    bodies: &BTreeMap<u64, EventBody>,
    problems: &mut Problems,
) {
    let listed: HashSet<u64> = exhibits.iter().map(|x| x.chain_seq).collect();
    let case_id = case.id.text();
    for (seq, body) in bodies {
        if body.kind != "evidence_added" || body.case.as_deref() != case_id || listed.contains(seq)
        {
            continue;
        }
        let name = body.data.name.clone();
        problems.add(
            "exhibit_unlisted",
            Some(MANIFEST_PATH),
            format!("chain event {seq} records evidence {name} added to this case, but manifest.json lists no exhibit for it: an exhibit was left out"),
        );
    }
}

/// Every file in the zip and every line of SHA256SUMS is an exhibit, the evidence PDF or one of
/// the pack's own files.
pub(super) fn check_accounted(
    manifest: &ReceivedManifest,
    entries: &BTreeMap<String, Entry>,
    listed: Option<&BTreeMap<String, String>>,
    problems: &mut Problems,
) {
    let mut known: HashSet<&str> = [
        MANIFEST_PATH,
        SUMS_PATH,
        VERIFY_TXT_ZH_PATH,
        VERIFY_TXT_EN_PATH,
    ]
    .into();
    known.extend(manifest.pdf.as_deref());
    known.extend(manifest.exhibits.items.iter().map(|x| x.path.as_str()));
    if let Some(t) = &manifest.timestamps {
        known.extend(super::timestamps::received_paths(t));
    }
    let in_sums = listed.into_iter().flat_map(|l| l.keys());
    let mut reported = HashSet::new();
    for path in entries.keys().chain(in_sums) {
        if known.contains(path.as_str()) || !reported.insert(path) {
            continue;
        }
        problems.add(
            "unaccounted_file",
            Some(path),
            "manifest.json does not account for this file: it is not an exhibit, the evidence PDF or one of the pack's own files",
        );
    }
}
