//! What the desktop app relies on beyond the CLI: long work that reports progress and can be
//! cancelled without leaving anything behind, evidence notes corrected on the chain, case
//! edits from JSON, and the next steps a case's overview proposes.

use std::sync::{Arc, Mutex};

use casefile::api::{self, Job, JobPhase, Session, evidence, export, overview};
use casefile::domain::deadline::LegalEventKind;
use casefile::domain::{EvidenceKind, SystemClock};
use secrecy::SecretString;

use crate::util::{Dir, PASSPHRASE, walk};

fn open(d: &Dir) -> Session {
    Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(SystemClock),
    )
    .unwrap()
}

fn vault_files(d: &Dir) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walk(&d.vault)
        .into_iter()
        .filter(|p| !p.ends_with("casefile.db-wal") && !p.ends_with("casefile.db-shm"))
        .collect();
    files.sort();
    files
}

#[test]
fn a_cancelled_intake_leaves_no_trace() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let big = d.random_file("recording.m4a", 8 << 20, 7);
    let before = vault_files(&d);
    let mut s = open(&d);

    let job = Job::new();
    let canceller = job.clone();
    let options = evidence::AddOptions {
        job,
        ..Default::default()
    };
    let mut reports = 0;
    let err = evidence::add(&mut s, &case, &big, &options, &mut |p| {
        reports += 1;
        // Cancel part-way through, as the UI's cancel button would.
        if p.done >= 1 << 20 {
            canceller.cancel();
        }
    })
    .unwrap_err();
    assert_eq!(err.code().as_str(), "cancelled", "{err}");
    assert!(reports >= 1, "progress was reported before the cancel");
    assert!(evidence::list(&s, &case).unwrap().is_empty());
    drop(s);
    assert_eq!(vault_files(&d), before, "no blob or temporary file is left");
    d.assert_verifies();

    // The same file goes in normally afterwards.
    let mut s = open(&d);
    let added = evidence::add(&mut s, &case, &big, &Default::default(), &mut |_| {}).unwrap();
    assert_eq!(added.evidence().size, 8 << 20);
}

#[test]
fn a_cancelled_export_writes_no_file_and_reports_progress_until_then() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let files: Vec<_> = (0..3)
        .map(|i| d.random_file(&format!("f{i}.bin"), 4096, i))
        .collect();
    d.add(
        &case,
        &files.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
    );
    let mut s = open(&d);

    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let job = Job::with_progress(move |p| log.lock().unwrap().push(p));
    let canceller = job.clone();
    let seen_in_cancel = seen.clone();
    // Cancel once the second item is being read.
    std::thread::spawn(move || {
        loop {
            if seen_in_cancel.lock().unwrap().len() >= 2 {
                canceller.cancel();
                return;
            }
            std::thread::yield_now();
        }
    });
    let out = d.root.join("out.pdf");
    let options = export::PdfOptions {
        job,
        ..Default::default()
    };
    let result = export::evidence_pdf(&mut s, &case, &out, false, options);
    // Either the cancel landed (the usual case) or the export finished first; never half a file.
    match result {
        Err(e) => {
            assert_eq!(e.code().as_str(), "cancelled", "{e}");
            assert!(!out.exists(), "a cancelled export leaves no file");
        }
        Ok(done) => assert!(done.path.exists()),
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].phase, JobPhase::Reading);
    assert_eq!((seen[0].done, seen[0].total), (0, 3));
    let leftovers: Vec<_> = std::fs::read_dir(&d.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "no partial file: {leftovers:?}");

    // A job cancelled before it starts stops at once.
    let job = Job::new();
    job.cancel();
    let err = export::evidence_pack(
        &mut s,
        &case,
        &d.root.join("p.zip"),
        false,
        None,
        Default::default(),
        &job,
    )
    .unwrap_err();
    assert_eq!(err.code().as_str(), "cancelled");
    assert!(!d.root.join("p.zip").exists());
}

#[test]
fn evidence_kind_and_note_are_corrected_on_the_chain() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let f = d.file("shot.png", b"not really a png, but bytes");
    d.add(&case, &[&f]);
    let mut s = open(&d);
    let e = evidence::list(&s, &case).unwrap().remove(0);

    let changed = evidence::annotate(
        &mut s,
        &e.id,
        EvidenceKind::Contract,
        Some("  借款合同第 1 页 "),
        None,
        None,
    )
    .unwrap();
    assert_eq!(changed.kind, EvidenceKind::Contract);
    assert_eq!(changed.note.as_deref(), Some("借款合同第 1 页"));
    assert_eq!(
        (changed.sha256.as_str(), changed.size),
        (e.sha256.as_str(), e.size)
    );

    let log = api::log::entries(&s, Some(&case)).unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.kind, "record_corrected");
    assert_eq!(last.data["record"], "evidence");
    assert_eq!(last.data["changes"][0]["old"], e.kind.as_str());
    assert_eq!(last.data["changes"][0]["new"], "contract");

    // The same values again change nothing and add no event.
    let n = log.len();
    evidence::annotate(
        &mut s,
        &e.id,
        EvidenceKind::Contract,
        Some("借款合同第 1 页"),
        None,
        None,
    )
    .unwrap();
    assert_eq!(api::log::entries(&s, Some(&case)).unwrap().len(), n);
    drop(s);
    d.assert_verifies();
}

#[test]
fn case_edits_from_json_tell_missing_from_null() {
    let edit: api::debt::CaseEdit =
        serde_json::from_str(r#"{"title": "新标题", "platform": null}"#).unwrap();
    assert_eq!(edit.title.as_deref(), Some("新标题"));
    assert_eq!(edit.platform, Some(None), "null clears the field");
    assert_eq!(edit.lender, None, "a missing field is left alone");
    assert_eq!(edit.contract_number, None);
    let set: api::debt::CaseEdit = serde_json::from_str(r#"{"principal": 500000}"#).unwrap();
    assert_eq!(
        set.principal,
        Some(Some(casefile::domain::Money::from_fen(500000)))
    );
}

#[test]
fn a_served_complaint_makes_answering_it_the_first_next_step() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let mut s = open(&d);
    let today = s.today();
    let steps = overview::overview(&s, &case).unwrap().next_steps;
    assert_eq!(steps[0].code, overview::NextStepCode::LogEveryContact);

    api::timeline::add_event(&mut s, &case, LegalEventKind::ComplaintServed, today, None).unwrap();
    let o = overview::overview(&s, &case).unwrap();
    let defence = o
        .deadlines
        .iter()
        .find(|d| d.deadline.kind == casefile::domain::deadline::DeadlineKind::Defence)
        .expect("a defence deadline");
    assert_eq!(
        o.next_steps[0].code,
        overview::NextStepCode::AnswerComplaint
    );
    assert_eq!(o.next_steps[0].due, Some(defence.deadline.due));
    assert_eq!(o.events.len(), 1);
}

#[test]
fn the_sample_vault_is_a_real_filled_vault_that_verifies() {
    let d = Dir::new();
    let s = api::sample::create(&d.vault, Box::new(SystemClock)).unwrap();
    let cases = api::case::list(&s).unwrap();
    assert_eq!(cases.len(), 1);
    let case = &cases[0].id;
    assert_eq!(evidence::list(&s, case).unwrap().len(), 1);
    let contacts = api::contacts::list(&s, case).unwrap();
    assert_eq!(contacts.len(), 3);
    let codes: Vec<String> = contacts
        .iter()
        .flat_map(|c| {
            c.flags.iter().map(|f| {
                serde_json::to_value(f.code)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
        })
        .collect();
    assert!(codes.iter().any(|c| c == "quiet_hours"), "{codes:?}");
    assert!(codes.iter().any(|c| c == "threat"), "{codes:?}");
    let o = overview::overview(&s, case).unwrap();
    assert_eq!(
        o.next_steps[0].code,
        overview::NextStepCode::AnswerComplaint
    );
    let report = api::verify::run(&s, &mut |_, _| {}).unwrap();
    assert!(report.ok, "{:?}", report.problems);
    assert!(
        !d.vault.join("tmp").join("sample-sms.png").exists(),
        "the drawn screenshot does not stay on disk"
    );
}

#[test]
fn a_batch_goes_on_past_a_bad_file_and_stops_at_a_cancel() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.random_file("a.bin", 4096, 1);
    let missing = d.root.join("not-there.png");
    let b = d.random_file("b.bin", 3 << 20, 2);
    let c = d.random_file("c.bin", 4096, 3);
    let mut s = open(&d);

    let results = evidence::add_all(
        &mut s,
        &case,
        &[&a, &missing, &a],
        &Default::default(),
        &mut |_, _| {},
    );
    assert!(matches!(results[0], Ok(evidence::AddOutcome::Added { .. })));
    assert_eq!(
        results[1].as_ref().unwrap_err().code().as_str(),
        "source_unreadable"
    );
    assert!(matches!(
        results[2],
        Ok(evidence::AddOutcome::Duplicate { .. })
    ));

    // Cancelled while the second file is being read: it and the third leave nothing.
    let options = evidence::AddOptions::default();
    let canceller = options.job.clone();
    let mut seen = Vec::new();
    let results = evidence::add_all(&mut s, &case, &[&c, &b, &a], &options, &mut |i, p| {
        seen.push(i);
        if i == 1 && p.done >= 1 << 20 {
            canceller.cancel();
        }
    });
    assert!(results[0].is_ok());
    assert_eq!(
        results[1].as_ref().unwrap_err().code().as_str(),
        "cancelled"
    );
    assert_eq!(
        results[2].as_ref().unwrap_err().code().as_str(),
        "cancelled"
    );
    assert!(!seen.contains(&2), "the file after the cancel is not read");
    let names: Vec<String> = evidence::list(&s, &case)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["a.bin", "c.bin"]);
    drop(s);
    d.assert_verifies();
}

#[test]
fn changing_the_passphrase_in_an_open_app_asks_for_the_current_one() {
    let (d, _) = Dir::with_vault();
    let s = open(&d);
    let err = s
        .confirm_passphrase(&SecretString::from("not the passphrase"))
        .unwrap_err();
    assert_eq!(err.code().as_str(), "wrong_passphrase");
    s.confirm_passphrase(&SecretString::from(PASSPHRASE))
        .unwrap();
}
