use super::*;
use serde_json::json;
use std::io::Cursor;
use std::process::Command;

const PDF_PATH: &str = "证据材料_测试案件.pdf";
const MARKER: &[u8] = b"CASEFILE-TEST-MARKER-7d1c";
const LENDER: &str = "某某小额贷款有限公司";

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Incompressible bytes without a random-number crate (xorshift64).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A scanned contract (with a marker to find in the zip), an empty note, a 5 MB photo.
fn items() -> Vec<(&'static str, Vec<u8>)> {
    let mut contract = b"%PDF-1.4\n".to_vec();
    contract.extend_from_slice(MARKER);
    contract.extend_from_slice(&noise(3000, 1));
    vec![
        ("合同（扫描件）.pdf", contract),
        ("empty note.txt", Vec::new()),
        ("催收短信截图.jpg", noise(5 * 1024 * 1024 + 17, 2)),
    ]
}

fn body(seq: u64, kind: &str, case: &str, data: Value) -> String {
    // serde_json without `preserve_order` sorts object keys, as the canonical form does.
    format!(
        r#"{{"v":1,"seq":{seq},"at":"2026-11-29T03:40:00Z","offset":480,"kind":"{kind}","case":"{case}","data":{}}}"#,
        serde_json::to_string(&data).unwrap()
    )
}

/// A vault chain: vault created, this case opened, one evidence_added per item with another
/// case's event in between; the excerpt keeps this case's events only.
fn manifest_for(items: &[(&str, Vec<u8>)]) -> Manifest {
    let mut all: Vec<(ChainExcerptEvent, bool)> = Vec::new();
    let mut push = |kind: &str, case: &str, data: Value, ours: bool| {
        let seq = all.len() as u64 + 1;
        let prev = all
            .last()
            .map(|(e, _)| e.sha256.clone())
            .unwrap_or_else(|| "0".repeat(64));
        let body = body(seq, kind, case, data);
        let prev_bytes: [u8; 32] = hex::decode(&prev).unwrap().try_into().unwrap();
        let ev = ChainExcerptEvent {
            seq,
            prev_sha256: prev,
            sha256: hex::encode(crate::chain::event_hash(&prev_bytes, &body)),
            body,
        };
        all.push((ev, ours));
        seq
    };
    push("vault_created", "", json!({}), false);
    push(
        "case_created",
        "case-1",
        json!({"title": "某网贷平台借款", "lender": LENDER, "platform": null, "principal_fen": null, "overdue_since": null}),
        true,
    );
    let mut exhibits = Vec::new();
    for (i, (name, bytes)) in items.iter().enumerate() {
        let id = format!("ev-{}", i + 1);
        let seq = push(
            "evidence_added",
            "case-1",
            json!({"evidence_id": id, "name": name, "kind": "document", "sha256": sha(bytes), "size": bytes.len()}),
            true,
        );
        push(
            "contact_logged",
            "case-2",
            json!({"note": "另一案件"}),
            false,
        );
        exhibits.push(ManifestExhibit {
            number: i + 1,
            path: exhibit_path(i + 1, name),
            id,
            name: name.to_string(),
            kind: "document".into(),
            size: bytes.len() as u64,
            sha256: sha(bytes),
            added_at: "2026-11-29T11:40:00+08:00".into(),
            chain_seq: seq,
        });
    }
    Manifest {
        format: PACK_FORMAT.into(),
        version: PACK_VERSION,
        created_at: "2026-11-30T09:00:00+08:00".into(),
        case: json!({
            "id": "case-1",
            "title": "某网贷平台借款",
            "lender": LENDER,
            "platform": null,
            "principal_fen": null,
            "overdue_since": null,
            "created_at": "2026-11-29T11:40:00+08:00",
        }),
        exhibits,
        chain: all
            .into_iter()
            .filter(|(_, ours)| *ours)
            .map(|(e, _)| e)
            .collect(),
        pdf: Some(PDF_PATH.into()),
        timestamps: None,
    }
}

fn write_pack<W: Write>(w: W, items: &[(&str, Vec<u8>)]) -> W {
    write_pack_with(w, items, &PackOptions::default())
}

fn write_pack_with<W: Write>(w: W, items: &[(&str, Vec<u8>)], options: &PackOptions) -> W {
    let manifest = manifest_for(items);
    let mut pw = PackWriter::with_options(w, options).unwrap();
    for (ex, (_, bytes)) in manifest.exhibits.iter().zip(items) {
        pw.add_file(&ex.path, &mut &bytes[..], &ex.sha256, ex.size)
            .unwrap();
    }
    pw.add_bytes(
        MANIFEST_PATH,
        &serde_json::to_vec_pretty(&manifest).unwrap(),
    )
    .unwrap();
    pw.add_bytes(PDF_PATH, b"%PDF-1.7\n% the evidence PDF\n")
        .unwrap();
    pw.add_bytes(VERIFY_TXT_ZH_PATH, VERIFY_TXT_ZH.as_bytes())
        .unwrap();
    pw.add_bytes(VERIFY_TXT_EN_PATH, VERIFY_TXT_EN.as_bytes())
        .unwrap();
    pw.finish().unwrap()
}

fn sample_pack() -> Vec<u8> {
    write_pack(Vec::new(), &items())
}

fn entries(pack: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = ZipArchive::new(Cursor::new(pack)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

/// The pack rewritten through `edit` (None drops an entry). With `recompute_sums` the
/// SHA256SUMS matches the edited files (a forger's pack); otherwise the original is kept.
fn rebuild(
    pack: &[u8],
    recompute_sums: bool,
    edit: impl Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>,
) -> Vec<u8> {
    let mut kept = Vec::new();
    for (name, bytes) in entries(pack) {
        if name == SUMS_PATH {
            if !recompute_sums {
                kept.push((name, bytes));
            }
        } else if let Some(e) = edit(&name, bytes) {
            kept.push(e);
        }
    }
    if recompute_sums {
        let mut pw = PackWriter::new(Vec::new()).unwrap();
        for (name, bytes) in &kept {
            pw.add_bytes(name, bytes).unwrap();
        }
        pw.finish().unwrap()
    } else {
        let mut zw = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in &kept {
            zw.start_file(name.as_str(), SimpleFileOptions::DEFAULT)
                .unwrap();
            zw.write_all(bytes).unwrap();
        }
        zw.finish().unwrap().into_inner()
    }
}

fn edit_manifest(pack: &[u8], recompute_sums: bool, f: impl Fn(&mut Manifest)) -> Vec<u8> {
    rebuild(pack, recompute_sums, |name, bytes| {
        if name != MANIFEST_PATH {
            return Some((name.into(), bytes));
        }
        let mut m: Manifest = serde_json::from_slice(&bytes).unwrap();
        f(&mut m);
        Some((name.into(), serde_json::to_vec_pretty(&m).unwrap()))
    })
}

fn report(pack: &[u8]) -> PackReport {
    verify_pack(Cursor::new(pack)).unwrap()
}

fn has(r: &PackReport, code: &str, path: &str) -> bool {
    r.problems
        .iter()
        .any(|p| p.code == code && p.path.as_deref() == Some(path))
}

#[track_caller]
fn assert_has(r: &PackReport, code: &str, path: &str) {
    assert!(!r.ok, "{r:#?}");
    assert!(
        has(r, code, path),
        "no {code} for {path}: {:#?}",
        r.problems
    );
}

fn extract_to(pack: &[u8], dir: &Path) {
    for (name, bytes) in entries(pack) {
        let target = dir.join(&name);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}

fn tool_exists(name: &str) -> bool {
    Command::new(name).arg("--version").output().is_ok()
}

#[test]
fn a_written_pack_verifies() {
    let pack = sample_pack();
    let r = report(&pack);
    assert!(r.ok, "{:#?}", r.problems);
    assert_eq!(r.exhibits, 3);
    // 3 exhibits, manifest, PDF, two instructions.
    assert_eq!(r.files_checked, 7);
    let names: Vec<String> = entries(&pack).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.contains(&"exhibits/E001_合同（扫描件）.pdf".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"exhibits/E002_empty note.txt".to_string()),
        "{names:?}"
    );
    assert_eq!(
        names.last().map(String::as_str),
        Some(SUMS_PATH),
        "SHA256SUMS is last"
    );
    for ((name, bytes), (_, original)) in entries(&pack).iter().zip(items()) {
        assert!(name.starts_with("exhibits/E00"));
        assert_eq!(*bytes, original, "{name} round-trips byte for byte");
    }
}

#[test]
fn sums_lines_are_what_sha256sum_reads() {
    let pack = sample_pack();
    let all = entries(&pack);
    let sums =
        String::from_utf8(all.iter().find(|(n, _)| n == SUMS_PATH).unwrap().1.clone()).unwrap();
    assert!(sums.ends_with('\n'));
    let lines: Vec<&str> = sums.lines().collect();
    assert_eq!(lines.len(), all.len() - 1, "{sums}");
    let mut paths: Vec<&str> = Vec::new();
    for line in &lines {
        let (hash, path) = line.split_at(64);
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
        let path = path.strip_prefix("  ").expect("two spaces");
        let bytes = &all.iter().find(|(n, _)| n == path).expect(path).1;
        assert_eq!(hash, sha(bytes), "{path}");
        paths.push(path);
    }
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(!paths.contains(&SUMS_PATH));
}

#[test]
fn gnu_sha256sum_accepts_the_extracted_pack() {
    if !tool_exists("sha256sum") {
        eprintln!("SKIPPED: sha256sum is not installed");
        return;
    }
    let pack = sample_pack();
    let dir = tempfile::tempdir().unwrap();
    extract_to(&pack, dir.path());
    let out = Command::new("sha256sum")
        .args(["-c", "--strict", SUMS_PATH])
        .current_dir(dir.path())
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.matches(": OK").count(), 7, "{stdout}");

    // And it notices a changed file.
    let victim = dir.path().join("exhibits/E002_empty note.txt");
    std::fs::write(victim, b"x").unwrap();
    let out = Command::new("sha256sum")
        .args(["-c", SUMS_PATH])
        .current_dir(dir.path())
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("E002_empty note.txt: FAILED"));
}

#[test]
fn info_zip_unzip_extracts_the_names_and_sha256sum_agrees() {
    if !tool_exists("sha256sum") || Command::new("unzip").arg("-v").output().is_err() {
        eprintln!("SKIPPED: unzip or sha256sum is not installed");
        return;
    }
    let pack = sample_pack();
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("pack.zip");
    std::fs::write(&zip_path, &pack).unwrap();
    let out_dir = dir.path().join("out");
    let out = Command::new("unzip")
        .arg("-q")
        .arg(&zip_path)
        .arg("-d")
        .arg(&out_dir)
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out_dir.join("exhibits/E001_合同（扫描件）.pdf").is_file());
    let out = Command::new("sha256sum")
        .args(["-c", "--strict", SUMS_PATH])
        .current_dir(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_python_line_in_the_instructions_recomputes_the_chain() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("SKIPPED: python3 is not installed");
        return;
    }
    assert!(VERIFY_TXT_ZH.contains(CHAIN_CHECK_PY) && VERIFY_TXT_EN.contains(CHAIN_CHECK_PY));
    let run = |pack: &[u8]| {
        let dir = tempfile::tempdir().unwrap();
        extract_to(pack, dir.path());
        let out = Command::new("python3")
            .args(["-c", CHAIN_CHECK_PY])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let good = run(&sample_pack());
    assert_eq!(good.lines().count(), 4, "{good}");
    assert!(good.lines().all(|l| l.ends_with(" OK")), "{good}");
    let bad = run(&edit_manifest(&sample_pack(), true, |m| {
        m.chain[1].body = m.chain[1].body.replace("合同", "协议");
    }));
    assert!(bad.contains("MISMATCH"), "{bad}");
}

#[test]
fn a_flipped_byte_in_a_stored_exhibit_is_named() {
    let mut pack = sample_pack();
    let at = pack
        .windows(MARKER.len())
        .position(|w| w == MARKER)
        .expect("the stored exhibit's bytes are in the zip as they are");
    assert_eq!(
        pack.windows(MARKER.len()).filter(|w| *w == MARKER).count(),
        1
    );
    pack[at + 3] ^= 0x01;
    let r = report(&pack);
    let path = "exhibits/E001_合同（扫描件）.pdf";
    assert_has(&r, "hash_mismatch", path);
    // The zip's own CRC-32 catches it first; the read error is reported, not raised.
    assert!(
        r.problems
            .iter()
            .any(|p| p.message.contains("cannot be read back intact")),
        "{:#?}",
        r.problems
    );
    assert_eq!(r.files_checked, 7);
    assert_has(&r, "exhibit_mismatch", path);
    assert!(
        r.problems.iter().all(|p| p.path.as_deref() == Some(path)),
        "only that file: {:#?}",
        r.problems
    );
}

#[test]
fn a_missing_file_is_named() {
    let path = "exhibits/E003_催收短信截图.jpg";
    let pack = rebuild(&sample_pack(), false, |name, bytes| {
        (name != path).then(|| (name.into(), bytes))
    });
    let r = report(&pack);
    assert_has(&r, "missing_file", path);
    assert_has(&r, "exhibit_mismatch", path);
    assert_eq!(r.files_checked, 6);
}

#[test]
fn a_renamed_file_shows_as_unlisted_and_missing() {
    let old = "exhibits/E002_empty note.txt";
    let new = "exhibits/E002_renamed.txt";
    let pack = rebuild(&sample_pack(), false, |name, bytes| {
        Some((if name == old { new.into() } else { name.into() }, bytes))
    });
    let r = report(&pack);
    assert_has(&r, "unlisted_file", new);
    assert_has(&r, "missing_file", old);
    assert_has(&r, "exhibit_mismatch", old);
}

#[test]
fn a_changed_manifest_sha_is_named_even_with_matching_sums() {
    let path = "exhibits/E003_催收短信截图.jpg";
    let forged = edit_manifest(&sample_pack(), true, |m| {
        m.exhibits[2].sha256 = sha(b"something else");
    });
    let r = report(&forged);
    assert_has(&r, "exhibit_mismatch", path);
    assert_has(&r, "exhibit_unchained", path);
    assert!(
        !r.problems.iter().any(|p| p.code == "hash_mismatch"),
        "{:#?}",
        r.problems
    );

    // Without fixing SHA256SUMS the manifest itself no longer matches.
    let plain = edit_manifest(&sample_pack(), false, |m| {
        m.exhibits[2].sha256 = sha(b"something else");
    });
    let r = report(&plain);
    assert_has(&r, "hash_mismatch", MANIFEST_PATH);
    assert_has(&r, "exhibit_mismatch", path);
}

#[test]
fn an_altered_chain_body_is_named_by_position() {
    let pack = edit_manifest(&sample_pack(), true, |m| {
        m.chain[1].body = m.chain[1].body.replace("合同", "协议");
    });
    let r = report(&pack);
    assert_has(&r, "chain", MANIFEST_PATH);
    let seq = manifest_for(&items()).chain[1].seq;
    assert!(
        r.problems
            .iter()
            .any(|p| p.code == "chain" && p.message.contains(&format!("chain event {seq}:"))),
        "{:#?}",
        r.problems
    );
}

#[test]
fn an_exhibit_must_point_at_its_evidence_added_event() {
    let pack = edit_manifest(&sample_pack(), true, |m| {
        m.exhibits[0].chain_seq = m.chain[0].seq; // the case_created event
        m.exhibits[1].chain_seq = 999;
    });
    let r = report(&pack);
    assert_has(&r, "exhibit_unchained", "exhibits/E001_合同（扫描件）.pdf");
    assert_has(&r, "exhibit_unchained", "exhibits/E002_empty note.txt");
    assert!(!has(
        &r,
        "exhibit_unchained",
        "exhibits/E003_催收短信截图.jpg"
    ));
}

#[test]
fn a_broken_link_between_consecutive_events_is_named() {
    let pack = edit_manifest(&sample_pack(), true, |m| {
        // Event 2 is the case's first; make event 3 (ours, consecutive) point elsewhere and
        // keep its own hash consistent so only the link is wrong.
        let ev = &mut m.chain[1];
        ev.prev_sha256 = "1".repeat(64);
        let prev: [u8; 32] = hex::decode(&ev.prev_sha256).unwrap().try_into().unwrap();
        ev.sha256 = hex::encode(crate::chain::event_hash(&prev, &ev.body));
    });
    let r = report(&pack);
    assert!(
        r.problems
            .iter()
            .any(|p| p.code == "chain" && p.message.contains("link is broken")),
        "{:#?}",
        r.problems
    );
}

#[test]
fn the_first_event_of_the_chain_must_start_from_zeros() {
    let body = body(1, "vault_created", "", json!({}));
    let event = |prev: [u8; 32]| ChainExcerptEvent {
        seq: 1,
        prev_sha256: hex::encode(prev),
        sha256: hex::encode(crate::chain::event_hash(&prev, &body)),
        body: body.clone(),
    };
    let mut problems = Problems::default();
    check_chain(&[event([0; 32])], &mut problems);
    assert!(problems.0.is_empty(), "{:#?}", problems.0);
    check_chain(&[event([1; 32])], &mut problems);
    assert_eq!(problems.0.len(), 1, "{:#?}", problems.0);
    assert!(problems.0[0].message.contains("64 zeros"));
}

#[test]
fn sums_and_manifest_problems_are_reported_not_raised() {
    // No SHA256SUMS, no manifest.
    let mut zw = ZipWriter::new(Cursor::new(Vec::new()));
    zw.start_file("a.txt", SimpleFileOptions::DEFAULT).unwrap();
    zw.write_all(b"a").unwrap();
    let bare = zw.finish().unwrap().into_inner();
    let r = report(&bare);
    assert_has(&r, "sums", SUMS_PATH);
    assert_has(&r, "manifest", MANIFEST_PATH);

    // A malformed line, a wrong format.
    let pack = rebuild(&sample_pack(), false, |name, bytes| {
        if name == MANIFEST_PATH {
            let mut v: Value = serde_json::from_slice(&bytes).unwrap();
            v["format"] = json!("something-else");
            return Some((name.into(), serde_json::to_vec(&v).unwrap()));
        }
        Some((name.into(), bytes))
    });
    let mut all = entries(&pack);
    let sums = &mut all.iter_mut().find(|(n, _)| n == SUMS_PATH).unwrap().1;
    sums.extend_from_slice(b"not a line\n");
    let mut zw = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in &all {
        zw.start_file(name.as_str(), SimpleFileOptions::DEFAULT)
            .unwrap();
        zw.write_all(bytes).unwrap();
    }
    let r = report(&zw.finish().unwrap().into_inner());
    assert_has(&r, "sums", SUMS_PATH);
    assert_has(&r, "manifest_version", MANIFEST_PATH);
    assert!(
        r.problems.iter().any(|p| p.message.contains("line 8")),
        "{:#?}",
        r.problems
    );
}

#[test]
fn not_a_zip_is_an_error() {
    let e = verify_pack(Cursor::new(b"hello, not a zip".to_vec())).unwrap_err();
    assert!(matches!(e, PackError::NotZip(_)), "{e:?}");
}

#[test]
fn a_reader_with_other_bytes_stops_the_pack() {
    let good = b"the recorded content".to_vec();
    let (expected, size) = (sha(&good), good.len() as u64);
    let cases: Vec<(&str, Box<dyn Read>)> = vec![
        (
            "same size",
            Box::new(Cursor::new(b"THE recorded content".to_vec())),
        ),
        ("shorter", Box::new(Cursor::new(b"the recorded".to_vec()))),
        // Never ends: reading must stop one byte past the recorded size.
        ("endless", Box::new(io::repeat(b'x'))),
    ];
    for (what, mut reader) in cases {
        let mut out = Vec::new();
        let mut pw = PackWriter::new(&mut out).unwrap();
        pw.add_bytes("first.txt", b"fine").unwrap();
        let e = pw
            .add_file("exhibits/E001_x.txt", &mut reader, &expected, size)
            .unwrap_err();
        match &e {
            PackError::Mismatch { path, .. } => {
                assert_eq!(path, "exhibits/E001_x.txt", "{what}")
            }
            other => panic!("{what}: {other:?}"),
        }
        assert!(e.to_string().starts_with("exhibits/E001_x.txt: "), "{e}");
        assert!(matches!(
            pw.add_bytes("later.txt", b"x"),
            Err(PackError::Aborted)
        ));
        assert!(matches!(pw.finish(), Err(PackError::Aborted)), "{what}");
        assert!(
            matches!(verify_pack(Cursor::new(&out)), Err(PackError::NotZip(_))),
            "{what}: the spent output must not read as a zip"
        );
    }
}

#[test]
fn an_unfinished_writer_leaves_no_readable_zip() {
    let mut out = Vec::new();
    {
        let mut pw = PackWriter::new(&mut out).unwrap();
        pw.add_bytes("a.txt", b"a").unwrap();
    }
    assert!(!out.is_empty());
    assert!(matches!(
        verify_pack(Cursor::new(&out)),
        Err(PackError::NotZip(_))
    ));
}

#[test]
fn bad_and_repeated_paths_are_refused() {
    let mut pw = PackWriter::new(Vec::new()).unwrap();
    for bad in [
        "",
        "/etc/passwd",
        "../x",
        "a/../b",
        "a/./b",
        "a\\b",
        "a//b",
        "a/",
        "C:/x",
        "a\nb",
        "SHA256SUMS",
    ] {
        assert!(
            matches!(pw.add_bytes(bad, b"x"), Err(PackError::BadPath { .. })),
            "{bad:?}"
        );
    }
    // A refused path does not spend the writer.
    pw.add_bytes("exhibits/A.txt", b"x").unwrap();
    assert!(matches!(
        pw.add_bytes("exhibits/a.TXT", b"y"),
        Err(PackError::Duplicate { .. })
    ));
    assert!(matches!(
        pw.add_file("b.txt", &mut &b"x"[..], "abc", 1),
        Err(PackError::BadExpectedHash { .. })
    ));
    let out = pw.finish().unwrap();
    assert!(report(&out).problems.iter().all(|p| p.code == "manifest"));
}

#[test]
fn sanitising_names() {
    let long: String = "长".repeat(200) + ".pdf";
    let long_ascii: String = "a".repeat(200) + ".jpeg";
    let table: Vec<(&str, String)> = vec![
        ("../../etc/passwd", "_.._etc_passwd".into()),
        ("CON.txt", "_CON.txt".into()),
        ("con", "_con".into()),
        ("Com1.tar.gz", "_Com1.tar.gz".into()),
        ("LPT9", "_LPT9".into()),
        ("COM10.txt", "COM10.txt".into()),
        ("CONSOLE.txt", "CONSOLE.txt".into()),
        ("a:b?.jpg", "a_b_.jpg".into()),
        ("<>\"|*.txt", "_____.txt".into()),
        (" .hidden. ", "hidden".into()),
        ("tab\there\u{7}.txt", "tab_here_.txt".into()),
        ("合同（扫描件）.pdf", "合同（扫描件）.pdf".into()),
        ("évidence ümlaut.png", "évidence ümlaut.png".into()),
        ("invoice\u{202E}fdp.exe", "invoice_fdp.exe".into()),
        (".", "file".into()),
        ("..", "file".into()),
        ("", "file".into()),
        ("   ", "file".into()),
    ];
    for (input, want) in &table {
        assert_eq!(sanitize_component(input), *want, "{input:?}");
    }
    for input in [&long, &long_ascii] {
        let out = sanitize_component(input);
        assert!(out.chars().count() <= MAX_COMPONENT_CHARS, "{out}");
        assert!(out.len() <= MAX_COMPONENT_BYTES, "{out}");
        let ext = &input[input.rfind('.').unwrap()..];
        assert!(out.ends_with(ext), "{out}");
        assert!(out.len() > 100, "{out}");
    }
    assert_eq!(sanitize_component(&long_ascii).chars().count(), 120);
}

#[test]
fn exhibit_paths_and_unique_names() {
    assert_eq!(exhibit_path(1, "合同.pdf"), "exhibits/E001_合同.pdf");
    assert_eq!(exhibit_path(42, "a/b.jpg"), "exhibits/E042_a_b.jpg");
    assert_eq!(exhibit_path(1234, "x.png"), "exhibits/E1234_x.png");
    assert_eq!(exhibit_path(7, " "), "exhibits/E007_file");
    let long = exhibit_path(3, &("录".repeat(300) + ".m4a"));
    let component = long.strip_prefix("exhibits/").unwrap();
    assert!(
        component.starts_with("E003_") && component.ends_with(".m4a"),
        "{long}"
    );
    assert!(component.len() <= MAX_COMPONENT_BYTES);

    let got = unique_paths(&["a/x.pdf", "a/X.pdf", "a/x.pdf", "b/x.pdf", "noext", "noext"]);
    assert_eq!(
        got,
        [
            "a/x.pdf",
            "a/X (2).pdf",
            "a/x (3).pdf",
            "b/x.pdf",
            "noext",
            "noext (2)"
        ]
    );
    let long = format!("e/{}", "z".repeat(120));
    let got = unique_paths(&[long.clone(), long.clone()]);
    assert!(got[1].ends_with(" (2)") && got[1].len() - 2 <= MAX_COMPONENT_CHARS);
}

#[test]
fn non_ascii_names_carry_the_utf8_flag() {
    let pack = sample_pack();
    let mut zip = ZipArchive::new(Cursor::new(&pack)).unwrap();
    let mut checked = 0;
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let local = f.header_start() as usize;
        assert_eq!(&pack[local..local + 4], b"PK\x03\x04");
        let flags = u16::from_le_bytes([pack[local + 6], pack[local + 7]]);
        let name_len = u16::from_le_bytes([pack[local + 26], pack[local + 27]]) as usize;
        assert_eq!(&pack[local + 30..local + 30 + name_len], name.as_bytes());
        let central = f.central_header_start() as usize;
        assert_eq!(&pack[central..central + 4], b"PK\x01\x02");
        let central_flags = u16::from_le_bytes([pack[central + 8], pack[central + 9]]);
        if !name.is_ascii() {
            assert_ne!(flags & 0x0800, 0, "local header of {name}");
            assert_ne!(central_flags & 0x0800, 0, "central header of {name}");
            checked += 1;
        }
    }
    assert_eq!(checked, 4, "E001, E003, the PDF, 核验说明.txt");
}

#[test]
fn packs_are_deterministic_with_fixed_times_and_chosen_compression() {
    let a = sample_pack();
    assert_eq!(a, sample_pack());
    let mut zip = ZipArchive::new(Cursor::new(&a)).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        assert_eq!(f.last_modified(), Some(DateTime::DEFAULT), "{name}");
        let want = if name.ends_with(".pdf") || name.ends_with(".jpg") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        assert_eq!(f.compression(), want, "{name}");
    }
}

#[test]
fn an_age_encrypted_pack_opens_only_with_its_key() {
    use age::secrecy::ExposeSecret;
    let dir = tempfile::tempdir().unwrap();
    let key = age::x25519::Identity::generate();
    let recipient = key.to_public().to_string();
    let enc = encrypt_to(&recipient, Vec::new()).unwrap();
    let sealed = write_pack(enc, &items()).finish().unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
    let pack_path = dir.path().join("pack.zip.age");
    std::fs::write(&pack_path, &sealed).unwrap();

    let key_path = dir.path().join("lawyer.key");
    std::fs::write(
        &key_path,
        format!(
            "# created: 2026-11-30T09:00:00+08:00\n# public key: {recipient}\n\n{}\n",
            key.to_string().expose_secret()
        ),
    )
    .unwrap();
    let r = open_pack_file(&pack_path, Some(&key_path)).unwrap();
    assert!(r.ok, "{:#?}", r.problems);
    assert_eq!((r.exhibits, r.files_checked), (3, 7));

    let e = open_pack_file(&pack_path, None).unwrap_err();
    assert!(matches!(e, PackError::NeedIdentity));
    assert!(e.to_string().contains("--identity KEYFILE"), "{e}");

    let other_path = dir.path().join("other.key");
    let other = age::x25519::Identity::generate();
    std::fs::write(&other_path, other.to_string().expose_secret()).unwrap();
    let e = open_pack_file(&pack_path, Some(&other_path)).unwrap_err();
    assert!(matches!(e, PackError::WrongIdentity { .. }), "{e:?}");
    assert!(e.to_string().contains("different age public key"), "{e}");

    let junk_path = dir.path().join("junk.key");
    std::fs::write(&junk_path, "# mine\nAGE-SECRET-KEY-1SECRETLOOKINGJUNK\n").unwrap();
    let e = open_pack_file(&pack_path, Some(&junk_path)).unwrap_err();
    assert!(matches!(e, PackError::BadIdentity { .. }), "{e:?}");
    assert!(
        e.to_string().contains("line 2") && !e.to_string().contains("JUNK"),
        "{e}"
    );

    // A plain zip needs no key.
    let plain_path = dir.path().join("pack.zip");
    std::fs::write(&plain_path, sample_pack()).unwrap();
    assert!(open_pack_file(&plain_path, None).unwrap().ok);
}

#[test]
fn a_bad_recipient_is_a_clear_error() {
    for bad in ["age1notakey", "", "ssh-ed25519 AAAA"] {
        let e = encrypt_to(bad, Vec::new()).map(|_| ()).unwrap_err();
        assert!(
            matches!(e, PackError::BadRecipient { .. }),
            "{bad:?}: {e:?}"
        );
        assert!(e.to_string().contains("not an age public key"), "{e}");
    }
}

#[test]
fn names_one_file_system_folds_together_share_an_extraction_key() {
    let key = extraction_key("exhibits/E001_合同.pdf");
    for same in [
        "exhibits/E001_合同.PDF",
        "./exhibits/E001_合同.pdf",
        "exhibits\\E001_合同.pdf",
        "exhibits//E001_合同.pdf",
        "EXHIBITS/E001_合同.pdf. ",
    ] {
        assert_eq!(extraction_key(same), key, "{same}");
    }
    assert_ne!(extraction_key("exhibits/E002_合同.pdf"), key);
}

#[test]
fn a_manifest_over_the_exhibit_limit_is_counted_not_stored() {
    let one = r#"{"number":1,"path":"p","id":"i","name":"n","kind":"k","size":0,"sha256":"s","added_at":"a","chain_seq":1}"#;
    let list = vec![one; MAX_EXHIBITS + 1].join(",");
    let json = format!(
        r#"{{"format":"casefile-pack","version":1,"case":{{"details":[[1,2],{{"x":[3]}}]}},"exhibits":[{list}],"chain":[],"pdf":null}}"#
    );
    let m: super::received::ReceivedManifest = serde_json::from_str(&json).unwrap();
    assert!(m.exhibits.overflow);
    assert_eq!(m.exhibits.items.len(), MAX_EXHIBITS);
    assert!(!m.chain.overflow);
}

#[test]
fn the_format_and_version_are_read_from_a_prefix() {
    let head = br#"{ "format": "casefile-pack", "version": 7, "created_at": "2026-11-30T0"#;
    let (format, version) = super::received::manifest_head(head);
    assert_eq!(format.as_deref(), Some(PACK_FORMAT));
    assert_eq!(version, Some(7));
    assert_eq!(super::received::manifest_head(b"[1, 2"), (None, None));
}

#[test]
fn entries_that_do_not_shrink_are_stored_and_the_rest_deflated() {
    let text: Vec<u8> = "2026-11-29 10:02 催收电话 138****0000\n"
        .as_bytes()
        .repeat(4000);
    let mut pw = PackWriter::new(Vec::new()).unwrap();
    // Unknown types: decided by their first chunk.
    pw.add_bytes("exhibits/recording.bin", &noise(300_000, 9))
        .unwrap();
    pw.add_bytes("exhibits/call-log.dat", &text).unwrap();
    // Named types: media stored whatever the content, text deflated when it shrinks.
    pw.add_bytes("exhibits/note.m4a", &text).unwrap();
    pw.add_bytes("exhibits/random.txt", &noise(70_000, 3))
        .unwrap();
    pw.add_bytes("exhibits/empty.txt", b"").unwrap();
    let pack = pw.finish().unwrap();
    let mut zip = ZipArchive::new(Cursor::new(&pack)).unwrap();
    for (name, want) in [
        ("exhibits/recording.bin", CompressionMethod::Stored),
        ("exhibits/call-log.dat", CompressionMethod::Deflated),
        ("exhibits/note.m4a", CompressionMethod::Stored),
        ("exhibits/random.txt", CompressionMethod::Stored),
        ("exhibits/empty.txt", CompressionMethod::Deflated),
        (SUMS_PATH, CompressionMethod::Deflated),
    ] {
        assert_eq!(zip.by_name(name).unwrap().compression(), want, "{name}");
    }
    // Either way the bytes come back as they went in.
    let mut back = Vec::new();
    zip.by_name("exhibits/call-log.dat")
        .unwrap()
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, text);
    assert!(deflate_shrinks(&text[..1000]));
    assert!(!deflate_shrinks(&noise(65_536, 4)));
}

#[test]
fn entries_carry_the_export_time_not_the_zip_epoch() {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
        .unwrap()
        .and_hms_opt(9, 15, 41)
        .unwrap();
    let options = PackOptions {
        modified: Some(at),
        password: None,
    };
    let pack = write_pack_with(Vec::new(), &items(), &options);
    let mut zip = ZipArchive::new(Cursor::new(&pack)).unwrap();
    let want = DateTime::from_date_and_time(2026, 11, 30, 9, 15, 40).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        assert_eq!(f.last_modified(), Some(want), "{:?}", f.name());
    }
    assert_eq!(pack, write_pack_with(Vec::new(), &items(), &options));
    // A time a zip cannot hold falls back to the epoch rather than failing the export.
    let far = chrono::NaiveDate::from_ymd_opt(2200, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0);
    assert_eq!(writer::zip_time(far), DateTime::DEFAULT);
}

#[test]
fn a_password_protected_pack_opens_only_with_its_password() {
    let password = "7KQ4-M3XD-9ACE-FGHJ-KMNP-QRTU";
    let options = PackOptions {
        modified: None,
        password: Some(secrecy::SecretString::from(password.to_string())),
    };
    let pack = write_pack_with(Vec::new(), &items(), &options);
    // Contents are encrypted: the marker inside the contract is not readable in the file.
    assert!(!pack.windows(MARKER.len()).any(|w| w == MARKER));
    let mut zip = ZipArchive::new(Cursor::new(&pack)).unwrap();
    for i in 0..zip.len() {
        assert!(zip.by_index_raw(i).unwrap().encrypted());
    }
    assert!(matches!(
        verify_pack(Cursor::new(&pack)),
        Err(PackError::NeedPassword)
    ));
    assert!(matches!(
        verify_pack_with(Cursor::new(&pack), Some(b"wrong")),
        Err(PackError::WrongPassword)
    ));
    let report = verify_pack_with(Cursor::new(&pack), Some(password.as_bytes())).unwrap();
    assert!(report.ok, "{:?}", report.problems);
    assert_eq!(report.exhibits, 3);

    // 7-Zip, which lawyers have, opens and tests it with the password.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.zip");
    std::fs::write(&path, &pack).unwrap();
    let seven = Command::new("7z")
        .arg("t")
        .arg(format!("-p{password}"))
        .arg(&path)
        .output();
    match seven {
        Err(_) => {
            eprintln!("SKIPPED the 7-Zip check: 7z not installed (apt-get install p7zip-full)")
        }
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "7z t: {text}");
            assert!(text.contains("Everything is Ok"), "{text}");
            let wrong = Command::new("7z")
                .arg("t")
                .arg("-pwrong")
                .arg(&path)
                .output()
                .unwrap();
            assert!(!wrong.status.success(), "7-Zip refuses a wrong password");
        }
    }
}

#[test]
fn the_instructions_name_a_file_that_is_in_the_pack_and_check_all_at_once() {
    let zh = verify_txt(crate::domain::Lang::Zh, Some("exhibits/E001_借款合同.pdf"));
    assert!(zh.contains("certutil -hashfile exhibits\\E001_借款合同.pdf SHA256"));
    assert!(!zh.contains(EXAMPLE_PATH));
    assert!(zh.contains(SUMS_CHECK_PS));
    let en = verify_txt(crate::domain::Lang::En, None);
    assert!(en.contains("certutil -hashfile manifest.json SHA256"));
    assert!(en.contains(SUMS_CHECK_PS));
    // The PowerShell line reads SHA256SUMS as UTF-8 (Chinese paths) and splits each line at
    // its two spaces, as the file is written.
    assert!(SUMS_CHECK_PS.contains("-Encoding UTF8 SHA256SUMS"));
    assert!(SUMS_CHECK_PS.contains("-split '  ', 2"));
    assert!(SUMS_CHECK_PS.contains("-LiteralPath"));
}
