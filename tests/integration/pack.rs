//! The evidence pack's format pinned by tests: `tests/data/pack-v1/pack.zip`, made once by the
//! first release's writer, must verify forever, and forgeries made from it must each fail with
//! their own problem code. The forgeries are built here from the pinned pack (a forger's tools:
//! rewrite the zip, recompute SHA256SUMS), so no hostile binary is committed.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use casefile::api::{KdfChoice, Lang, Session, case, debt, evidence, export};
use casefile::domain::{EvidenceKind, FixedClock, Instant};
use casefile::export::pack::{self, PackReport};
use secrecy::SecretString;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use crate::util::{Dir, code};

/// Made by [`generate_pack_v1`] from a vault with one case (its lender corrected once) and three
/// tiny exhibits (one re-classified). Never regenerate it: it is what old packs look like.
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pack-v1/pack.zip");

fn fixture() -> Vec<u8> {
    fs::read(FIXTURE).unwrap()
}

fn verify(bytes: &[u8]) -> PackReport {
    pack::verify_pack(Cursor::new(bytes)).unwrap()
}

/// The pack's entries in order, as (name, bytes).
fn entries(pack: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(pack)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

/// A zip of `files` in order, duplicates and all.
fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zw = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zw.start_file(name.as_str(), SimpleFileOptions::default())
            .unwrap();
        zw.write_all(bytes).unwrap();
    }
    zw.finish().unwrap().into_inner()
}

/// SHA256SUMS recomputed over `files` (the last copy of a name wins, as the zip crate reads).
fn with_sums(mut files: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    files.retain(|(n, _)| n != "SHA256SUMS");
    let by_name: BTreeMap<&str, &[u8]> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let sums: String = by_name
        .iter()
        .map(|(n, b)| format!("{}  {n}\n", hex::encode(Sha256::digest(b))))
        .collect();
    files.push(("SHA256SUMS".into(), sums.into_bytes()));
    files
}

/// The pinned pack with its manifest edited and its sums recomputed: a forger's pack.
fn forge_manifest(edit: impl Fn(&mut Value)) -> Vec<u8> {
    let files = entries(&fixture())
        .into_iter()
        .map(|(n, b)| {
            if n != "manifest.json" {
                return (n, b);
            }
            let mut v: Value = serde_json::from_slice(&b).unwrap();
            edit(&mut v);
            (n, serde_json::to_vec_pretty(&v).unwrap())
        })
        .collect();
    zip_of(&with_sums(files))
}

/// The pinned pack with its files edited (None drops one) and its sums recomputed.
fn forge_files(edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) -> Vec<u8> {
    let files = entries(&fixture())
        .into_iter()
        .filter_map(|(n, b)| edit(&n, b).map(|b| (n, b)))
        .collect();
    zip_of(&with_sums(files))
}

fn first_exhibit(pack: &[u8]) -> String {
    entries(pack)
        .into_iter()
        .map(|(n, _)| n)
        .find(|n| n.starts_with("exhibits/E001_"))
        .unwrap()
}

#[test]
fn the_version_1_pack_verifies_forever() {
    let r = verify(&fixture());
    assert!(r.ok, "{:#?}", r.problems);
    assert_eq!(r.exhibits, 3);
    assert_eq!(r.files_checked, 7);
    let names: Vec<String> = entries(&fixture()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 8, "{names:?}");
    assert!(
        fs::metadata(FIXTURE).unwrap().len() < 50_000,
        "the fixture stays small"
    );
}

#[test]
fn the_version_1_pack_verifies_through_the_cli() {
    let d = Dir::new();
    let out = d.run(&["--json", "verify-pack", FIXTURE]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
}

/// One entry of a zip written byte by byte: its name, its deflate stream (raw, or `None` to
/// store `plain`), and the CRC-32 and size of what it holds.
struct RawEntry {
    name: String,
    data: Vec<u8>,
    deflated: bool,
    crc: u32,
    size: u64,
}

impl RawEntry {
    fn stored(name: &str, bytes: &[u8]) -> RawEntry {
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        RawEntry {
            name: name.into(),
            data: bytes.to_vec(),
            deflated: false,
            crc: crc.sum(),
            size: bytes.len() as u64,
        }
    }

    /// `pieces` repeated `times` each, deflated piece by piece (each compressed once, with a
    /// full flush, so repeating its bytes repeats its content): a bomb costs little to make.
    fn deflated(name: &str, pieces: &[(&[u8], usize)]) -> RawEntry {
        let (mut data, mut crc, mut size) = (Vec::new(), flate2::Crc::new(), 0u64);
        for (piece, times) in pieces {
            let mut c = flate2::Compress::new(flate2::Compression::best(), false);
            let mut out = Vec::with_capacity(piece.len() + 1024);
            c.compress_vec(piece, &mut out, flate2::FlushCompress::Full)
                .unwrap();
            for _ in 0..*times {
                data.extend_from_slice(&out);
                crc.update(piece);
                size += piece.len() as u64;
            }
        }
        let mut end = Vec::with_capacity(64);
        flate2::Compress::new(flate2::Compression::fast(), false)
            .compress_vec(&[], &mut end, flate2::FlushCompress::Finish)
            .unwrap();
        data.extend_from_slice(&end);
        RawEntry {
            name: name.into(),
            data,
            deflated: true,
            crc: crc.sum(),
            size,
        }
    }
}

/// A zip of `entries` exactly as given (duplicate names included), without zip64.
fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    let u16le = |v: usize| u16::try_from(v).unwrap().to_le_bytes();
    let u32le = |v: u64| u32::try_from(v).unwrap().to_le_bytes();
    for e in entries {
        let offset = out.len() as u64;
        let method: u16 = if e.deflated { 8 } else { 0 };
        let mut common = Vec::new();
        common.extend_from_slice(&20u16.to_le_bytes()); // version needed
        common.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
        common.extend_from_slice(&method.to_le_bytes());
        common.extend_from_slice(&[0, 0, 0x21, 0]); // 1980-01-01 00:00
        common.extend_from_slice(&e.crc.to_le_bytes());
        common.extend_from_slice(&u32le(e.data.len() as u64));
        common.extend_from_slice(&u32le(e.size));
        common.extend_from_slice(&u16le(e.name.len()));
        common.extend_from_slice(&[0, 0]); // no extra field
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by
        central.extend_from_slice(&common);
        central.extend_from_slice(&[0; 10]); // comment length, disk, attributes
        central.extend_from_slice(&u32le(offset));
        central.extend_from_slice(e.name.as_bytes());
    }
    let (cd_start, cd_len) = (out.len() as u64, central.len() as u64);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&u16le(entries.len()));
    out.extend_from_slice(&u16le(entries.len()));
    out.extend_from_slice(&u32le(cd_len));
    out.extend_from_slice(&u32le(cd_start));
    out.extend_from_slice(&[0, 0]);
    out
}

/// The pinned pack with its manifest replaced by `manifest` (sums left as they were).
fn with_manifest(manifest: RawEntry) -> Vec<u8> {
    let mut files: Vec<RawEntry> = entries(&fixture())
        .iter()
        .filter(|(n, _)| n != "manifest.json")
        .map(|(n, b)| RawEntry::stored(n, b))
        .collect();
    files.insert(3, manifest);
    raw_zip(&files)
}

/// The genuine manifest followed by 200 MiB of spaces (still valid JSON): about 200 KiB zipped.
fn manifest_bomb() -> Vec<u8> {
    let genuine = entries(&fixture())
        .into_iter()
        .find(|(n, _)| n == "manifest.json")
        .unwrap()
        .1;
    let spaces = vec![b' '; 1 << 20];
    let bomb = RawEntry::deflated("manifest.json", &[(&genuine, 1), (&spaces, 200)]);
    let zip = with_manifest(bomb);
    assert!(zip.len() < 1 << 20, "{}", zip.len());
    zip
}

fn field(name: &'static str, value: Value) -> impl Fn(&mut Value) {
    move |v| v["exhibits"][0][name] = value.clone()
}

#[test]
fn hostile_packs_each_fail_with_their_own_problem() {
    let exhibit = first_exhibit(&fixture());
    let duplicate = {
        let mut files: Vec<RawEntry> = entries(&fixture())
            .iter()
            .map(|(n, b)| RawEntry::stored(n, b))
            .collect();
        files.insert(0, RawEntry::stored(&exhibit, b"a forged first copy"));
        raw_zip(&files)
    };
    let case_duplicate = {
        let mut files = entries(&fixture());
        files.push((exhibit.to_uppercase(), b"a forged copy".to_vec()));
        zip_of(&with_sums(files))
    };
    let extra = {
        let mut files = entries(&fixture());
        files.push((
            "exhibits/E004_伪造.txt".into(),
            b"not from the vault".to_vec(),
        ));
        zip_of(&with_sums(files))
    };
    // (forgery, problem code, words in a message)
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "duplicate name",
            duplicate,
            "duplicate_name",
            "two entries of this name",
        ),
        (
            "name differing in case",
            case_duplicate,
            "duplicate_name",
            "same file",
        ),
        (
            "unlisted extra file",
            extra,
            "unaccounted_file",
            "does not account for",
        ),
        (
            "renamed exhibit",
            forge_manifest(field("name", json!("还款凭证.pdf"))),
            "exhibit_unchained",
            "name",
        ),
        (
            "changed kind",
            forge_manifest(field("kind", json!("contract"))),
            "exhibit_unchained",
            "kind",
        ),
        (
            "changed added_at",
            forge_manifest(field("added_at", json!("2025-01-01T08:00:00+08:00"))),
            "exhibit_unchained",
            "added_at",
        ),
        (
            "changed lender",
            forge_manifest(|v| v["case"]["lender"] = json!("另一家公司")),
            "case_unchained",
            "lender",
        ),
        (
            "duplicated exhibit list",
            forge_manifest(|v| {
                let list = v["exhibits"].as_array().unwrap().clone();
                v["exhibits"].as_array_mut().unwrap().extend(list);
            }),
            "manifest",
            "already an earlier exhibit",
        ),
        (
            "dropped exhibit",
            forge_manifest(|v| {
                v["exhibits"].as_array_mut().unwrap().pop();
            }),
            "exhibit_unlisted",
            "left out",
        ),
        (
            "oversized manifest",
            manifest_bomb(),
            "too_large",
            "larger than",
        ),
        (
            "wrong format version",
            forge_manifest(|v| v["version"] = json!(2)),
            "manifest_version",
            "newer CaseFile",
        ),
        (
            "tampered exhibit bytes",
            forge_files(|n, b| {
                Some(if n.starts_with("exhibits/E002_") {
                    b"changed".to_vec()
                } else {
                    b
                })
            }),
            "exhibit_mismatch",
            "manifest.json records",
        ),
        (
            "missing exhibit",
            forge_files(|n, b| (!n.starts_with("exhibits/E003_")).then_some(b)),
            "exhibit_mismatch",
            "not in the pack",
        ),
    ];
    for (what, bytes, expected, words) in cases {
        let started = std::time::Instant::now();
        let r = verify(&bytes);
        assert!(!r.ok, "{what} must fail");
        assert!(
            r.problems
                .iter()
                .any(|p| p.code == expected && p.message.contains(words)),
            "{what}: no {expected} problem saying {words:?}: {:#?}",
            r.problems
        );
        // A guard against a hang (a zip bomb read to its end), not a speed target: generous,
        // so a loaded machine never fails it.
        assert!(
            started.elapsed().as_secs() < 300,
            "{what} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn an_exhibit_listed_a_million_times_is_refused_at_the_limit() {
    let genuine = entries(&fixture())
        .into_iter()
        .find(|(n, _)| n == "manifest.json")
        .unwrap()
        .1;
    let mut v: Value = serde_json::from_slice(&genuine).unwrap();
    let one = serde_json::to_string(&v["exhibits"][0]).unwrap();
    v["exhibits"] = json!(["EXHIBITS"]);
    let text = serde_json::to_string(&v).unwrap();
    let (head, tail) = text.split_once("\"EXHIBITS\"").unwrap();
    let head = format!("{head}{one}");
    let thousand = format!(",{one}").repeat(1000);
    let manifest = RawEntry::deflated(
        "manifest.json",
        &[
            (head.as_bytes(), 1),
            (thousand.as_bytes(), 999),
            (format!(",{one}").repeat(999).as_bytes(), 1),
            (tail.as_bytes(), 1),
        ],
    );
    let forged = with_manifest(manifest);
    assert!(forged.len() < 8 << 20, "{}", forged.len());
    // Refused by the manifest's size limit, before a million exhibits are parsed (speed is for
    // benchmarks, never a timed test: the limit tripping is what this checks).
    let r = verify(&forged);
    assert!(
        r.problems
            .iter()
            .any(|p| p.code == "too_large" && p.path.as_deref() == Some("manifest.json")),
        "{:#?}",
        r.problems
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_folder_is_refused_not_waited_on() {
    let d = Dir::new();
    let fifo = d.root.join("pack.zip");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for path in [fifo.as_path(), d.root.as_path()] {
        let out = d.run(&["verify-pack", path.to_str().unwrap()]);
        assert_ne!(code(&out), 0);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a regular file"), "{err}");
    }
    let e = pack::open_pack_file(&fifo, None).unwrap_err();
    assert!(matches!(e, pack::PackError::NotAFile { .. }), "{e:?}");
}

/// Writes `tests/data/pack-v1/pack.zip`. Run once, by hand, when the format is first pinned:
/// `cargo test -p casefile --test integration generate_pack_v1 -- --ignored`.
#[test]
#[ignore = "writes the pinned fixture; never rerun once it is committed"]
fn generate_pack_v1() {
    let target = PathBuf::from(FIXTURE);
    assert!(
        !target.exists(),
        "the fixture is pinned: never regenerate it"
    );
    let d = Dir::new();
    let at = Instant::from_stored("2026-11-29T03:40:00Z", 480).unwrap();
    let pass = SecretString::from("fixture passphrase pack v1");
    let kdf = KdfChoice::Fixed {
        memory_kib: 65_536,
        iterations: 3,
    };
    casefile::api::init(&d.vault, &pass, kdf, &FixedClock(at)).unwrap();
    let mut s = Session::open(&d.vault, &pass, Box::new(FixedClock(at))).unwrap();
    let c = case::create(
        &mut s,
        case::NewCase {
            title: "固定样本证据包".into(),
            lender: "某某小额贷款有限公司".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let files: [(&str, &[u8]); 3] = [
        ("借款合同.txt", "借款合同 pack fixture v1\n".as_bytes()),
        ("催收短信.txt", "请于今日还款 pack fixture v1\n".as_bytes()),
        ("还款记录.csv", b"date,amount\n2026-10-01,500.00\n"),
    ];
    let mut ids = Vec::new();
    for (name, bytes) in files {
        let src = d.file(name, bytes);
        let added = evidence::add(&mut s, &c.id, &src, &Default::default(), &mut |_| {}).unwrap();
        ids.push(added.evidence().id.clone());
    }
    evidence::annotate(&mut s, &ids[1], EvidenceKind::Sms, None, None, None).unwrap();
    let edit = debt::CaseEdit {
        lender: Some("某某网络小额贷款有限公司".into()),
        ..Default::default()
    };
    debt::edit(&mut s, &c.id, edit).unwrap();
    let out = d.root.join("pack.zip");
    let job = casefile::api::Job::default();
    export::evidence_pack(&mut s, &c.id, &out, false, None, Lang::En, &job).unwrap();
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::copy(&out, &target).unwrap();
    let _: &Path = &target;
}

/// The lawyer's password-protected zip through the CLI: a new password printed once, the
/// entries dated today, the instructions naming a file the pack holds, `verify-pack` asking
/// for the password and checking everything once it has it.
#[test]
fn a_password_protected_pack_through_the_cli() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let contract = d.file("借款合同.pdf", b"%PDF-1.4\n% a contract\n");
    d.add(&case, &[&contract]);
    let out = d.root.join("给律师.zip");
    let v = d.json(&[
        "export",
        "pack",
        &case,
        "--out",
        out.to_str().unwrap(),
        "--zip-password",
    ]);
    let password = v["zip_password"]
        .as_str()
        .expect("the new password")
        .to_string();
    assert_eq!(password.len(), 29, "six groups of four: {password}");
    assert_eq!(v["encrypted"], true);

    let bytes = fs::read(&out).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let today = chrono::Local::now().date_naive();
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).unwrap();
        assert!(f.encrypted(), "{:?}", f.name());
        let t = f.last_modified().unwrap();
        let day =
            chrono::NaiveDate::from_ymd_opt(t.year().into(), t.month().into(), t.day().into());
        // The export's local date (a run across midnight may see yesterday).
        assert!(
            day.is_some_and(|d| (today - d).num_days().abs() <= 1),
            "{:?} dated {t:?}",
            f.name()
        );
        names.push(f.name().unwrap().into_owned());
    }
    let mut readme = String::new();
    zip.by_name_decrypt("核验说明.txt", password.as_bytes())
        .unwrap()
        .read_to_string(&mut readme)
        .unwrap();
    let example = readme
        .lines()
        .find_map(|l| l.trim().strip_prefix("例如：certutil -hashfile "))
        .and_then(|l| l.strip_suffix(" SHA256"))
        .expect("a certutil example");
    assert!(
        names.contains(&example.replace('\\', "/")),
        "{example} is not in the pack: {names:?}"
    );

    // verify-pack asks for the password, refuses a wrong one, checks with the right one.
    let asked = d.run(&["verify-pack", out.to_str().unwrap()]);
    assert_ne!(code(&asked), 0);
    assert!(
        crate::util::stderr(&asked).contains("--zip-password-file"),
        "{}",
        crate::util::stderr(&asked)
    );
    let wrong = d
        .cmd()
        .env("CASEFILE_ZIP_PASSWORD", "AAAA-BBBB")
        .args(["verify-pack", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_ne!(code(&wrong), 0);
    assert!(crate::util::stderr(&wrong).contains("password does not open"));
    let file = d.file("password.txt", format!("{password}\r\n").as_bytes());
    let ok = d.json(&[
        "verify-pack",
        out.to_str().unwrap(),
        "--zip-password-file",
        file.to_str().unwrap(),
    ]);
    assert_eq!(ok["ok"], true, "{ok}");
    assert_eq!(ok["exhibits"], 1);

    // Both kinds of encryption at once is refused before anything is written.
    let both = d.run(&[
        "export",
        "pack",
        &case,
        "--out",
        d.root.join("both.zip").to_str().unwrap(),
        "--zip-password",
        "--to",
        "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq",
    ]);
    assert_ne!(code(&both), 0);
    assert!(!d.root.join("both.zip").exists());
}
