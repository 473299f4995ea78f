//! The `casefile` program as a user drives it: cases, evidence, JSON fields, exit codes.

use std::fs;
use std::time::Duration;

use crate::util::{Dir, code, sha256_file, stderr};

fn is_rfc3339(s: &serde_json::Value) -> bool {
    s.as_str()
        .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok())
}

#[test]
fn case_new_list_show_with_json_fields() {
    let (d, _) = Dir::with_vault();
    let out = d.ok(&[
        "case",
        "new",
        "--title",
        "某某花借款",
        "--lender",
        "某某消费金融有限公司",
        "--platform",
        "某某花",
        "--principal",
        "5,000.5",
        "--overdue-since",
        "2026-03-15",
    ]);
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(id.starts_with("c-"), "prints the new id alone: {id}");

    let shown = d.json(&["case", "show", &id]);
    assert_eq!(shown["id"], id.as_str());
    assert_eq!(shown["title"], "某某花借款");
    assert_eq!(shown["platform"], "某某花");
    assert_eq!(shown["principal_fen"], 500_050);
    assert_eq!(shown["principal"], "5000.50");
    assert_eq!(shown["overdue_since"], "2026-03-15");
    assert!(is_rfc3339(&shown["created_at"]));

    let list = d.json(&["case", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id.as_str());

    let human = String::from_utf8(d.ok(&["case", "show", &id]).stdout).unwrap();
    assert!(human.contains("5000.50 元"), "{human}");
}

#[test]
fn case_new_rejects_bad_amounts_and_dates_with_a_hint() {
    let (d, _) = Dir::with_vault();
    let out = d.run(&[
        "case",
        "new",
        "--title",
        "t",
        "--lender",
        "l",
        "--principal",
        "5千",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("5000.00"), "{}", stderr(&out));
    let out = d.run(&[
        "case",
        "new",
        "--title",
        "t",
        "--lender",
        "l",
        "--overdue-since",
        "15/03/2026",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
    let out = d.run(&["case", "new", "--title", "  ", "--lender", "l"]);
    assert_eq!(code(&out), 2);
    assert!(d.json(&["case", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn evidence_add_records_what_the_issue_lists() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let pdf: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
    let src = d.file("合同 (扫描).pdf", pdf);
    let mtime = fs::metadata(&src).unwrap().modified().unwrap();
    let lines = d.add(&case, &[&src]);
    assert_eq!(lines.len(), 1);
    let e = &lines[0];
    assert_eq!(e["status"], "added");
    assert!(e["id"].as_str().unwrap().starts_with("e-"));
    assert_eq!(e["case_id"], case.as_str());
    assert_eq!(e["name"], "合同 (扫描).pdf");
    assert_eq!(e["size"], pdf.len() as u64);
    assert_eq!(e["sha256"], sha256_file(&src).as_str());
    assert_eq!(e["media_type"], "application/pdf");
    assert_eq!(e["kind"], "contract", "guessed from content");
    assert!(is_rfc3339(&e["added_at"]));
    assert!(is_rfc3339(&e["source_modified_at"]));
    let recorded =
        chrono::DateTime::parse_from_rfc3339(e["source_modified_at"].as_str().unwrap()).unwrap();
    let actual = chrono::DateTime::<chrono::Utc>::from(mtime);
    assert!((recorded.timestamp() - actual.timestamp()).abs() <= 1);

    let listed = d.json(&["evidence", "list", &case]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["sha256"], e["sha256"]);
}

#[test]
fn media_type_comes_from_content_not_the_extension() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let png = d.file("not-really.txt", &tiny_png());
    let text = d.file("image.jpg", "催收短信：请于今日还款".as_bytes());
    let lines = d.add(&case, &[&png, &text]);
    assert_eq!(lines[0]["media_type"], "image/png");
    assert_eq!(lines[0]["kind"], "screenshot");
    assert_eq!(lines[1]["media_type"], "text/plain");
    assert_eq!(lines[1]["kind"], "other");
}

#[test]
fn kind_and_note_given_by_the_user_are_kept() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let f = d.file("call.bin", &[1, 2, 3]);
    let out = d.json(&[
        "evidence",
        "add",
        &case,
        f.to_str().unwrap(),
        "--kind",
        "recording",
        "--note",
        "2026-03-20 晚上 23:10 来电",
    ]);
    assert_eq!(out[0]["kind"], "recording");
    assert_eq!(out[0]["note"], "2026-03-20 晚上 23:10 来电");
    let bad = d.run(&[
        "evidence",
        "add",
        &case,
        f.to_str().unwrap(),
        "--kind",
        "picture",
    ]);
    assert_eq!(code(&bad), 2);
    assert!(
        stderr(&bad).contains("screenshot"),
        "lists the kinds: {}",
        stderr(&bad)
    );
}

#[test]
fn exif_capture_time_is_recorded_for_photos() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let f = d.file("IMG_0001.JPG", &jpeg_with_exif("2026:03:21 23:14:05"));
    let lines = d.add(&case, &[&f]);
    assert_eq!(lines[0]["media_type"], "image/jpeg");
    assert_eq!(lines[0]["exif_taken_at"], "2026-03-21T23:14:05");
    let plain = d.file("plain.png", &tiny_png());
    let lines = d.add(&case, &[&plain]);
    assert!(lines[0]["exif_taken_at"].is_null());
}

#[test]
fn the_same_content_twice_is_a_duplicate_not_a_second_copy() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.file("a.txt", b"same bytes");
    let b = d.file("b-renamed.txt", b"same bytes");
    let lines = d.add(&case, &[&a, &b]);
    assert_eq!(lines[0]["status"], "added");
    assert_eq!(lines[1]["status"], "duplicate");
    assert_eq!(lines[1]["id"], lines[0]["id"]);
    assert_eq!(
        d.json(&["evidence", "list", &case])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // In another case the same file is new evidence.
    let other = d.new_case();
    assert_eq!(d.add(&other, &[&a])[0]["status"], "added");
    d.assert_verifies();
}

#[test]
fn source_file_is_never_modified() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let f = d.random_file("rec.m4a", 300_000, 7);
    let before = (
        sha256_file(&f),
        fs::metadata(&f).unwrap().modified().unwrap(),
    );
    std::thread::sleep(Duration::from_millis(20));
    d.add(&case, &[&f]);
    let after = (
        sha256_file(&f),
        fs::metadata(&f).unwrap().modified().unwrap(),
    );
    assert_eq!(before, after);
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_kept_losslessly() {
    use std::os::unix::ffi::OsStrExt;
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    // "合同" in GBK, as old Windows zip tools leave it, then ".jpg".
    let raw: &[u8] = b"\xba\xcf\xcd\xac.jpg";
    let p = d.root.join(std::ffi::OsStr::from_bytes(raw));
    fs::write(&p, b"gbk-named file").unwrap();
    let out = d
        .cmd()
        .args(["--json", "evidence", "add", &case])
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["name_raw_hex"], hex::encode(raw).as_str());
    assert!(v[0]["name"].as_str().unwrap().ends_with(".jpg"));
    let listed = d.json(&["evidence", "list", &case]);
    assert_eq!(listed[0]["name_raw_hex"], hex::encode(raw).as_str());
    // A valid UTF-8 name carries no raw form.
    let ok = d.file("截图.png", &tiny_png());
    assert!(d.add(&case, &[&ok])[0].get("name_raw_hex").is_none());
}

#[test]
fn extract_refuses_to_overwrite_without_force() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let f = d.file("a.txt", b"evidence content");
    let id = d.add(&case, &[&f])[0]["id"].as_str().unwrap().to_string();
    let out_path = d.root.join("exists.txt");
    fs::write(&out_path, b"keep me").unwrap();
    let out = d.run(&[
        "evidence",
        "extract",
        &id,
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 7);
    assert!(stderr(&out).contains("--force"));
    assert_eq!(fs::read(&out_path).unwrap(), b"keep me");
    d.ok(&[
        "evidence",
        "extract",
        &id,
        "--out",
        out_path.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(fs::read(&out_path).unwrap(), b"evidence content");
}

#[test]
fn unknown_ids_and_missing_files_say_what_to_do() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let out = d.run(&["case", "show", "c-zzzzzzzz"]);
    assert_eq!(code(&out), 6);
    assert!(stderr(&out).contains("case list"));
    let out = d.run(&["evidence", "list", "../etc"]);
    assert_eq!(code(&out), 6);
    let out = d.run(&["evidence", "extract", "e-0000000000000", "--out", "x"]);
    assert_eq!(code(&out), 6);
    let missing = d.root.join("nope.jpg");
    let good = d.file("good.txt", b"fine");
    let out = d.run(&[
        "--json",
        "evidence",
        "add",
        &case,
        missing.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 6, "the first failure decides the exit code");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["status"], "error");
    assert_eq!(v[0]["code"], "source_unreadable");
    assert_eq!(
        v[1]["status"], "added",
        "one bad file does not stop the others"
    );
    let out = d.run(&["evidence", "add", &case, d.root.to_str().unwrap()]);
    assert_eq!(code(&out), 6);
    assert!(stderr(&out).contains("not a regular file"));
}

#[test]
fn no_vault_and_existing_vault_are_clear_errors() {
    let d = Dir::new();
    let out = d.run(&["case", "list"]);
    assert_eq!(code(&out), 6);
    assert!(stderr(&out).contains("casefile init"), "{}", stderr(&out));
    d.ok(&["init", "--kdf-memory-mib", "64"]);
    let out = d.run(&["init", "--kdf-memory-mib", "64"]);
    assert_eq!(code(&out), 7);
}

#[test]
fn weak_inputs_to_init_are_refused() {
    let d = Dir::new();
    let out = d
        .cmd()
        .args(["init", "--kdf-memory-mib", "64"])
        .env("CASEFILE_PASSPHRASE", "short")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("at least 8"));
    let out = d.run(&["init", "--kdf-memory-mib", "16"]);
    assert_eq!(code(&out), 2);
    assert!(!d.vault.join("vault.json").exists());
}

#[test]
fn without_a_passphrase_source_it_says_where_to_put_one() {
    let (d, _) = Dir::with_vault();
    let out = d
        .cmd()
        .env_remove("CASEFILE_PASSPHRASE")
        .args(["case", "list"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("CASEFILE_PASSPHRASE"));
    let pf = d.file(
        "pass.txt",
        format!("{}\n", crate::util::PASSPHRASE).as_bytes(),
    );
    let out = d
        .cmd()
        .env_remove("CASEFILE_PASSPHRASE")
        .args(["case", "list", "--passphrase-file", pf.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn log_prints_the_chain_and_filters_by_case() {
    let (d, _) = Dir::with_vault();
    let a = d.new_case();
    let b = d.new_case();
    let f = d.file("x.txt", b"x");
    d.add(&a, &[&f]);
    let all = d.json(&["log"]);
    let kinds: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "vault_created",
            "case_created",
            "case_created",
            "evidence_added"
        ]
    );
    for (i, e) in all.as_array().unwrap().iter().enumerate() {
        assert_eq!(e["seq"], i as u64 + 1);
        assert_eq!(e["sha256"].as_str().unwrap().len(), 64);
        assert!(is_rfc3339(&e["at"]));
        if i > 0 {
            assert_eq!(e["prev_sha256"], all[i - 1]["sha256"]);
        }
    }
    let only_a = d.json(&["log", "--case", &a]);
    assert_eq!(only_a.as_array().unwrap().len(), 2);
    assert!(
        only_a
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["case_id"] == a.as_str())
    );
    let only_b = d.json(&["log", "--case", &b]);
    assert_eq!(only_b.as_array().unwrap().len(), 1);
}

#[test]
fn a_second_writer_waits_for_the_first_then_both_land() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let big = d.random_file("big.bin", 120 << 20, 1);
    let small = d.file("small.txt", b"small");
    let mut first = d
        .cmd()
        .args(["evidence", "add", &case, big.to_str().unwrap()])
        .spawn()
        .unwrap();
    // Let the first writer take the lock, then start the second.
    wait_for_partial(&d);
    let second = d
        .cmd()
        .args([
            "--lock-timeout",
            "120",
            "--json",
            "evidence",
            "add",
            &case,
            small.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(first.wait().unwrap().success());
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        d.json(&["evidence", "list", &case])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    d.assert_verifies();
}

#[test]
fn a_second_writer_gives_up_with_a_clear_message_when_the_vault_stays_busy() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let f = d.file("a.txt", b"a");
    // Another process holds the writer lock (this test process).
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(d.vault.join("vault.lock"))
        .unwrap();
    lock.lock().unwrap();
    let out = d.run(&[
        "--lock-timeout",
        "1",
        "evidence",
        "add",
        &case,
        f.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 5);
    assert!(
        stderr(&out).contains("another CaseFile program"),
        "{}",
        stderr(&out)
    );
    let out = d.run(&[
        "--lock-timeout",
        "1",
        "case",
        "new",
        "--title",
        "t",
        "--lender",
        "l",
    ]);
    assert_eq!(code(&out), 5);
    // Reading is not blocked by a writer.
    d.ok(&["evidence", "list", &case]);
    lock.unlock().unwrap();
    assert_eq!(d.add(&case, &[&f])[0]["status"], "added");
}

#[test]
fn concurrent_writers_never_corrupt_the_chain() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let files: Vec<_> = (0..6)
        .map(|i| d.random_file(&format!("f{i}.bin"), 200_000 + i, i))
        .collect();
    let children: Vec<_> = files
        .iter()
        .map(|f| {
            d.cmd()
                .args([
                    "--lock-timeout",
                    "60",
                    "evidence",
                    "add",
                    &case,
                    f.to_str().unwrap(),
                ])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    assert_eq!(
        d.json(&["evidence", "list", &case])
            .as_array()
            .unwrap()
            .len(),
        6
    );
    assert_eq!(d.json(&["log"]).as_array().unwrap().len(), 2 + 6);
    d.assert_verifies();
}

pub fn wait_for_partial(d: &Dir) {
    let tmp = d.vault.join("tmp");
    for _ in 0..2000 {
        let busy = fs::read_dir(&tmp)
            .map(|mut e| {
                e.any(|e| e.is_ok_and(|e| e.metadata().is_ok_and(|m| m.len() > (1 << 20))))
            })
            .unwrap_or(false);
        if busy {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the intake never started writing");
}

/// A 1x1 PNG.
pub fn tiny_png() -> Vec<u8> {
    hex::decode(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082",
    )
    .unwrap()
}

/// A JPEG header with an EXIF block carrying DateTimeOriginal (no image data is needed to read it).
pub fn jpeg_with_exif(datetime: &str) -> Vec<u8> {
    assert_eq!(datetime.len(), 19);
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\x00\x2a\x00\x00\x00\x08");
    // IFD0: one entry, ExifIFDPointer (0x8769) -> offset 26.
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0x87, 0x69, 0x00, 0x04, 0, 0, 0, 1]);
    tiff.extend_from_slice(&26u32.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    // Exif IFD at 26: DateTimeOriginal (0x9003), ASCII, 20 bytes at offset 44.
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0x90, 0x03, 0x00, 0x02, 0, 0, 0, 20]);
    tiff.extend_from_slice(&44u32.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(datetime.as_bytes());
    tiff.push(0);
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe1];
    jpeg.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(&app1);
    jpeg.extend_from_slice(&[0xff, 0xd9]);
    jpeg
}

#[test]
fn init_tunes_the_kdf_but_never_below_the_minimum() {
    let d = Dir::new();
    let v = d.json(&["init"]);
    assert_eq!(v["kdf"]["memory_kib"], 65_536);
    assert!(v["kdf"]["iterations"].as_u64().unwrap() >= 3);
    let header: serde_json::Value =
        serde_json::from_slice(&fs::read(d.vault.join("vault.json")).unwrap()).unwrap();
    assert_eq!(
        header["kdf"]["iterations"], v["kdf"]["iterations"],
        "stored in the header"
    );
    assert!(d.vault.join("casefile.db").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&d.vault).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "the vault folder is private");
    }
}

#[test]
fn a_negative_amount_reaches_the_core_instead_of_being_read_as_a_flag() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    // Clap used to read `-472.50` as an unknown flag and print its own usage error; the value
    // now reaches the core, which says what a loan payment must be.
    let out = d.run(&[
        "--json",
        "flow",
        "add",
        &case,
        "--on",
        "2026-03-01",
        "--amount",
        "-472.50",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("positive amount"),
        "the core's message, not clap's: {}",
        stderr(&out)
    );
    let err: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["error"]["code"], "invalid_input");
    let flow = d.json(&[
        "flow",
        "add",
        &case,
        "--on",
        "2026-03-01",
        "--amount",
        "472.50",
    ]);
    assert_eq!(flow["amount_fen"], 47_250);

    // The standalone calculator takes signed amounts, the loan itself negative.
    let r = d.json(&[
        "rate",
        "--flow",
        "2025-01-01:-1000",
        "--flow",
        "2026-01-01:1100.00",
    ]);
    let rate = r["annual_rate_percent"].as_f64().unwrap();
    assert!((rate - 10.0).abs() < 0.01, "{rate}");
}

#[test]
fn a_passphrase_file_saved_by_notepad_opens_the_vault() {
    let (d, _) = Dir::with_vault();
    let pf = d.file(
        "pass.txt",
        format!("\u{feff}{}\r\n", crate::util::PASSPHRASE).as_bytes(),
    );
    let out = d
        .cmd()
        .env_remove("CASEFILE_PASSPHRASE")
        .args(["case", "list", "--passphrase-file", pf.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn labels_in_human_output_come_from_the_named_enums() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    d.json(&["stage", "set", &case, "collection", "--on", "2026-01-10"]);
    let out = String::from_utf8(d.ok(&["stage", "list", &case]).stdout).unwrap();
    let stage: casefile::domain::debt::Stage = "collection".parse().unwrap();
    assert!(
        out.contains(stage.label(casefile::domain::Lang::Zh)),
        "{out}"
    );
}

/// The help's `a|b|c` lists are typed by hand; this keeps them equal to the enums' codes.
#[test]
fn help_lists_every_code_the_enums_accept() {
    use casefile::domain::contact::{Channel, ClaimedRole, Direction, ThirdParty};
    use casefile::domain::deadline::LegalEventKind;
    use casefile::domain::debt::{
        MediationCheckKind, MediationCheckResult, MediationRedFlag, PartyRole,
    };
    use casefile::domain::plan::Waiver;
    use casefile::domain::rate::LenderType;
    use casefile::domain::{EvidenceKind, Named};

    fn codes<T: Named>() -> String {
        T::all()
            .iter()
            .map(|v| v.code())
            .collect::<Vec<_>>()
            .join("|")
    }
    let d = Dir::new();
    let help = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("--help");
        String::from_utf8(d.ok(&all).stdout).unwrap()
    };
    for (args, list) in [
        (&["evidence", "add"][..], codes::<EvidenceKind>()),
        (&["party", "add"], codes::<PartyRole>()),
        (&["event", "add"], codes::<LegalEventKind>()),
        (&["contact", "add"], codes::<Channel>()),
        (&["contact", "add"], codes::<ClaimedRole>()),
        (&["contact", "add"], codes::<ThirdParty>()),
        (&["mediation", "check"], codes::<MediationCheckKind>()),
        (&["mediation", "check"], codes::<MediationCheckResult>()),
        (&["mediation", "check"], codes::<MediationRedFlag>()),
        (&["mediation", "choose"], codes::<Waiver>()),
        (&["case", "edit"], codes::<LenderType>()),
        (&["rate"], codes::<LenderType>()),
    ] {
        assert!(help(args).contains(&list), "{args:?} --help lacks {list}");
    }
    // `contact add --help` explains each direction in words rather than listing them;
    // `unknown` is what an import gives when no call-log entry says which way a call went.
    assert_eq!(codes::<Direction>(), "in|out|unknown");
}
