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
        (Box::new(|v| v["version"] = json!(2)), 8, "newer CaseFile"),
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
        let c = v["master_key_by_passphrase"]["ciphertext"]
            .as_str()
            .unwrap()
            .to_string();
        let first = if c.starts_with('A') { 'B' } else { 'A' };
        let flipped = format!("{first}{}", &c[1..]);
        v["master_key_by_passphrase"]["ciphertext"] = json!(flipped);
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
