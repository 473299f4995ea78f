//! Formats pinned by tests: a vault written by version 1 must open forever, the chain encoding
//! must not drift, the schema only grows by migrations, and known-bad inputs are refused with
//! the right error.

use std::fs;
use std::path::Path;

use casefile::api::{Session, case, evidence, verify};
use casefile::chain::{self, Draft, EventKind};
use casefile::domain::{FixedClock, Instant};
use casefile::vault::{RecoveryKey, Vault, VaultHeader};
use secrecy::SecretString;
use serde_json::json;

use crate::util::{Dir, code, sha256_file, stderr};

/// `tests/data/vault-v1`: made by the first release with passphrase "fixture passphrase v1";
/// it holds one case and one contract. Never regenerate it: it is what old vaults look like.
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vault-v1");
const FIXTURE_PASSPHRASE: &str = "fixture passphrase v1";
const FIXTURE_RECOVERY: &str = "B2XN-NY86-AJDJ-JQ5G-HK0P-Y8XP-XMZ5-0JZ6-SYHH";
const FIXTURE_RECIPIENT: &str = "age1mln7vzpth26mufa8pcn8hqvv98v5st7mthcpmdspu2nn4063pvwqntcs2q";
const FIXTURE_CASE: &str = "c-78qvs45p";
const FIXTURE_EVIDENCE: &str = "e-qgrhg3g0pvzy2";
const FIXTURE_SHA256: &str = "b0bcd54f6c6a1cb9a54f8e494a919a9c1b09163a4373b429cd2e747f1499bdb9";

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn fixture_copy() -> Dir {
    let d = Dir::new();
    copy_dir(Path::new(FIXTURE), &d.vault);
    d
}

fn clock() -> Box<FixedClock> {
    Box::new(FixedClock(
        Instant::from_stored("2026-11-29T00:00:00Z", 480).unwrap(),
    ))
}

#[test]
fn a_version_1_vault_opens_and_reads_back_exactly() {
    let d = fixture_copy();
    let s = Session::open(&d.vault, &SecretString::from(FIXTURE_PASSPHRASE), clock()).unwrap();
    assert_eq!(s.vault().recipient().to_string(), FIXTURE_RECIPIENT);
    let c = case::show(&s, FIXTURE_CASE).unwrap();
    assert_eq!(c.title, "固定样本案件");
    assert_eq!(c.principal.unwrap().fen(), 300_000);
    let items = evidence::list(&s, FIXTURE_CASE).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].id, FIXTURE_EVIDENCE);
    assert_eq!(items[0].sha256, FIXTURE_SHA256);
    let out = d.root.join("合同样本.txt");
    evidence::extract(&s, FIXTURE_EVIDENCE, &out, false).unwrap();
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        "借款合同样本 fixture v1\n"
    );
    assert_eq!(sha256_file(&out), FIXTURE_SHA256);
    let report = verify::run(&s, &mut |_, _| {}).unwrap();
    assert!(report.ok, "{:#?}", report.problems);
    assert_eq!(report.checked.chain_events, 3);
}

#[test]
fn the_version_1_recovery_key_still_opens_it() {
    let d = fixture_copy();
    let key = RecoveryKey::parse(FIXTURE_RECOVERY).unwrap();
    let s = Session::open_with_recovery_key(&d.vault, &key, clock()).unwrap();
    assert_eq!(case::list(&s).unwrap().len(), 1);
}

#[test]
fn the_header_serialises_back_to_the_same_bytes() {
    let path = Path::new(FIXTURE).join("vault.json");
    let bytes = fs::read(&path).unwrap();
    let header = VaultHeader::from_json(&bytes, &path).unwrap();
    assert_eq!(header.version, 1);
    assert_eq!(header.kdf.algorithm, "argon2id");
    assert_eq!(header.kdf.memory_kib, 65_536);
    assert_eq!(header.kdf.iterations, 3);
    assert_eq!(
        String::from_utf8(header.to_json()).unwrap(),
        String::from_utf8(bytes).unwrap()
    );
}

fn with_header_edit(edit: impl FnOnce(&mut serde_json::Value)) -> (Dir, std::process::Output) {
    let d = fixture_copy();
    let p = d.vault.join("vault.json");
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&p).unwrap()).unwrap();
    edit(&mut v);
    fs::write(&p, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", FIXTURE_PASSPHRASE)
        .args(["case", "list"])
        .output()
        .unwrap();
    (d, out)
}

#[test]
fn known_bad_headers_are_refused_with_the_right_error() {
    // (edit, exit code, words in the message)
    type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
    let cases: Vec<(Edit, i32, &str)> = vec![
        (Box::new(|v| v["version"] = json!(3)), 8, "newer CaseFile"),
        (
            Box::new(|v| v["version"] = json!(2)),
            9,
            "integrity check is missing",
        ),
        (
            Box::new(|v| v["format"] = json!("something-else")),
            9,
            "not a CaseFile vault",
        ),
        (
            Box::new(|v| v["kdf"]["memory_kib"] = json!(1024)),
            9,
            "below the minimum",
        ),
        (
            Box::new(|v| v["kdf"]["iterations"] = json!(1)),
            9,
            "below the minimum",
        ),
        (
            Box::new(|v| v["kdf"]["algorithm"] = json!("pbkdf2")),
            9,
            "unknown key derivation",
        ),
        (
            Box::new(|v| v["kdf"]["memory_kib"] = json!(u32::MAX)),
            9,
            "out of range",
        ),
        (
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("age_recipient");
            }),
            9,
            "missing",
        ),
        (
            Box::new(|v| v["surprise"] = json!(true)),
            9,
            "unknown field",
        ),
        (
            Box::new(|v| v["master_key_by_passphrase"]["nonce"] = json!("%%%")),
            9,
            "base64",
        ),
        (
            Box::new(|v| {
                v["age_recipient"] =
                    json!("age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")
            }),
            9,
            "does not match",
        ),
    ];
    for (i, (edit, exit, words)) in cases.into_iter().enumerate() {
        let (_d, out) = with_header_edit(edit);
        assert_eq!(code(&out), exit, "case {i}: {}", stderr(&out));
        assert!(stderr(&out).contains(words), "case {i}: {}", stderr(&out));
    }
    // A sealed master key that was altered reads as a wrong passphrase: nothing is revealed.
    let (_d, out) = with_header_edit(|v| {
        alter_wrap(v, "master_key_by_passphrase");
    });
    assert_eq!(code(&out), 3);
    // Not JSON at all, and absurdly large.
    let d = fixture_copy();
    fs::write(d.vault.join("vault.json"), b"\x00\x01garbage").unwrap();
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", FIXTURE_PASSPHRASE)
        .args(["case", "list"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 9);
    assert!(
        stderr(&out).contains("backup"),
        "says what to do: {}",
        stderr(&out)
    );
    fs::write(d.vault.join("vault.json"), vec![b' '; 1 << 20]).unwrap();
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", FIXTURE_PASSPHRASE)
        .args(["case", "list"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 9);
}

#[test]
fn a_database_newer_than_the_program_is_refused_untouched() {
    let d = fixture_copy();
    {
        let vault = Vault::unlock(&d.vault, &SecretString::from(FIXTURE_PASSPHRASE)).unwrap();
        let conn = casefile::db::open(&vault).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let db_before = fs::read(d.vault.join("casefile.db")).unwrap();
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", FIXTURE_PASSPHRASE)
        .args(["case", "list"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 8, "{}", stderr(&out));
    assert!(stderr(&out).contains("Update CaseFile"), "{}", stderr(&out));
    assert_eq!(fs::read(d.vault.join("casefile.db")).unwrap(), db_before);
}

#[test]
fn a_replaced_database_is_reported_as_unreadable() {
    let d = fixture_copy();
    let (other, _) = Dir::with_vault();
    fs::copy(other.vault.join("casefile.db"), d.vault.join("casefile.db")).unwrap();
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", FIXTURE_PASSPHRASE)
        .args(["case", "list"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 9, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot be read with this vault's key"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn chain_encoding_v1_is_pinned() {
    let draft = Draft {
        kind: EventKind::ContactLogged,
        case_id: Some("c-abcdefgh".into()),
        at: Instant::from_stored("2026-03-21T15:14:05Z", 480).unwrap(),
        data: json!({"z": 1, "a": "催收", "n": null, "list": [1, 2]}),
    };
    let body = chain::encode(7, &draft);
    assert_eq!(
        body,
        r#"{"v":1,"seq":7,"at":"2026-03-21T15:14:05Z","offset":480,"kind":"contact_logged","case":"c-abcdefgh","data":{"a":"催收","list":[1,2],"n":null,"z":1}}"#
    );
    // SHA-256(prev ‖ body), computed independently with Python's hashlib.
    assert_eq!(
        hex::encode(chain::event_hash(&[0x11; 32], &body)),
        "5265b11c4a5eca61f7b3f256e811a79cdde4b2e3de8c237c68e8c36947dba641"
    );
    let first = chain::append(1, None, &draft);
    assert_eq!(first.prev_hash, "0".repeat(64));
    assert_eq!(
        first.hash,
        "dcf9020cd87404c7f051a825d759939924cce78fcfe1886cf57cb1c67f0279e9"
    );
    // Every kind's name is part of the format: names may be added, never changed.
    let names: Vec<_> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "vault_created",
            "case_created",
            "evidence_added",
            "contact_logged",
            "stage_changed",
            "record_corrected",
            "export_made",
            "legal_event_recorded",
            "party_added",
            "mediation_checked",
            "checklist_linked",
            "plan_chosen",
            "agreement_recorded",
            "payment_recorded",
            "cash_flow_recorded",
            "record_withdrawn",
            "checklist_unticked",
            "timestamp_obtained",
        ]
    );
}

#[test]
fn migrations_produce_the_snapshot_schema() {
    let (d, _) = Dir::with_vault();
    let vault = Vault::unlock(&d.vault, &SecretString::from(crate::util::PASSPHRASE)).unwrap();
    let conn = casefile::db::open(&vault).unwrap();
    let schema = casefile::db::schema_sql(&conn).unwrap();
    let snapshot_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/schema.sql");
    if std::env::var_os("CASEFILE_UPDATE_SNAPSHOTS").is_some() {
        fs::write(&snapshot_path, &schema).unwrap();
    }
    let expected = fs::read_to_string(&snapshot_path).unwrap_or_default();
    assert_eq!(
        schema, expected,
        "the schema changed: if a new migration was added on purpose, update tests/data/schema.sql"
    );
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, casefile::db::SCHEMA_VERSION);
}

// ---- header format 2: checksum, MAC and two copies ----

/// Changes one character of a wrapped key's ciphertext, as a bad sector or an edit would.
fn alter_wrap(v: &mut serde_json::Value, wrap: &str) {
    let c = v[wrap]["ciphertext"].as_str().unwrap().to_string();
    let first = if c.starts_with('A') { 'B' } else { 'A' };
    v[wrap]["ciphertext"] = json!(format!("{first}{}", &c[1..]));
}

fn header_json(d: &Dir, name: &str) -> serde_json::Value {
    serde_json::from_slice(&fs::read(d.vault.join(name)).unwrap()).unwrap()
}

fn write_json(d: &Dir, name: &str, v: &serde_json::Value) {
    let mut bytes = serde_json::to_vec_pretty(v).unwrap();
    bytes.push(b'\n');
    fs::write(d.vault.join(name), bytes).unwrap();
}

/// Rewrites the checksum of an edited header, as someone who knows the format (but not the
/// keys) would.
fn recompute_checksum(v: &mut serde_json::Value) {
    let header: VaultHeader = serde_json::from_value(v.clone()).unwrap();
    let sum = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(header.body()));
    v["integrity"]["sha256"] = json!(sum);
}

#[test]
fn a_version_1_vault_gets_checks_and_a_second_copy_at_its_first_open() {
    let d = fixture_copy();
    assert!(!d.vault.join("vault.copy.json").exists());
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", FIXTURE_PASSPHRASE)
        .args(["case", "list"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let h = header_json(&d, "vault.json");
    assert_eq!(h["version"], 2);
    assert!(h["integrity"]["mac"].as_str().unwrap().len() == 64);
    assert_eq!(
        fs::read(d.vault.join("vault.json")).unwrap(),
        fs::read(d.vault.join("vault.copy.json")).unwrap()
    );
    // The passphrase, the recovery key and the evidence are as they were.
    let key = RecoveryKey::parse(FIXTURE_RECOVERY).unwrap();
    Vault::unlock_with_recovery_key(&d.vault, &key).unwrap();
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", FIXTURE_PASSPHRASE)
        .args(["verify"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn one_damaged_header_copy_is_survived_reported_once_and_rewritten() {
    for (damaged, how) in [
        ("vault.json", "flip"),
        ("vault.copy.json", "flip"),
        ("vault.json", "delete"),
        ("vault.json", "truncate"),
    ] {
        let (d, _) = Dir::with_vault();
        let path = d.vault.join(damaged);
        match how {
            "flip" => {
                let mut b = fs::read(&path).unwrap();
                let at = b.len() / 2;
                b[at] ^= 0x04;
                fs::write(&path, b).unwrap();
            }
            "delete" => fs::remove_file(&path).unwrap(),
            _ => fs::write(&path, &fs::read(&path).unwrap()[..100]).unwrap(),
        }
        let out = d.run(&["--json", "verify"]);
        assert_eq!(code(&out), 4, "{damaged} {how}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let problems = v["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 1, "{v}");
        assert_eq!(problems[0]["code"], "header");
        assert!(
            problems[0]["message"].as_str().unwrap().contains(damaged),
            "{v}"
        );
        // Rewritten: both copies are equal again and the next verify is clean.
        assert_eq!(
            fs::read(d.vault.join("vault.json")).unwrap(),
            fs::read(d.vault.join("vault.copy.json")).unwrap()
        );
        d.assert_verifies();
    }
}

#[test]
fn a_damaged_header_says_damaged_not_wrong_passphrase() {
    let (d, _) = Dir::with_vault();
    for name in ["vault.json", "vault.copy.json"] {
        let mut v = header_json(&d, name);
        alter_wrap(&mut v, "master_key_by_recovery_key");
        write_json(&d, name, &v);
    }
    let out = d.run(&["case", "list"]);
    assert_eq!(code(&out), 9, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("damaged") && stderr(&out).contains("checksum"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("Caps Lock"), "{}", stderr(&out));
}

#[test]
fn an_edit_with_a_recomputed_checksum_is_caught_by_the_mac() {
    // Someone who knows the format changes the recovery-key wrap in one copy and fixes its
    // checksum: the MAC (under the vault's keys) refuses that copy and the other one is used.
    let (d, _) = Dir::with_vault();
    let mut v = header_json(&d, "vault.json");
    alter_wrap(&mut v, "master_key_by_recovery_key");
    recompute_checksum(&mut v);
    write_json(&d, "vault.json", &v);
    let out = d.run(&["--json", "verify"]);
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("vault.json") && text.contains("\"header\""),
        "{text}"
    );
    d.assert_verifies();

    // Both copies edited the same way: the vault refuses to open with a true message.
    for name in ["vault.json", "vault.copy.json"] {
        write_json(&d, name, &v);
    }
    let out = d.run(&["case", "list"]);
    assert_eq!(code(&out), 9, "{}", stderr(&out));
    assert!(stderr(&out).contains("MAC"), "{}", stderr(&out));
}

#[test]
fn a_downgrade_to_version_1_beside_a_version_2_copy_is_ignored() {
    let (d, _) = Dir::with_vault();
    let mut v = header_json(&d, "vault.json");
    v["version"] = json!(1);
    v.as_object_mut().unwrap().remove("integrity");
    alter_wrap(&mut v, "master_key_by_recovery_key");
    write_json(&d, "vault.json", &v);
    let out = d.run(&["--json", "verify"]);
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    assert_eq!(
        header_json(&d, "vault.json")["version"],
        2,
        "rewritten from the good copy"
    );
    d.assert_verifies();
}

#[test]
fn a_wrong_passphrase_is_still_a_wrong_passphrase() {
    let (d, _) = Dir::with_vault();
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", "not the passphrase at all")
        .args(["case", "list"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 3, "{}", stderr(&out));
}

#[test]
fn a_repaired_header_copy_is_reported_by_the_first_verify_of_a_session_only() {
    let (d, _) = Dir::with_vault();
    fs::remove_file(d.vault.join("vault.copy.json")).unwrap();
    let s = Session::open(
        &d.vault,
        &SecretString::from(crate::util::PASSPHRASE),
        clock(),
    )
    .unwrap();
    let first = verify::run(&s, &mut |_, _| {}).unwrap();
    assert_eq!(first.problems.len(), 1, "{:?}", first.problems);
    assert_eq!(first.problems[0].code, "header");
    let second = verify::run(&s, &mut |_, _| {}).unwrap();
    assert!(second.ok, "{:?}", second.problems);
}
