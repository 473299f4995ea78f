//! `verify` finds every kind of damage and names the item or position.

use std::fs;
use std::path::PathBuf;

use casefile::vault::Vault;
use secrecy::SecretString;

use crate::util::{Dir, PASSPHRASE, code, stderr};

struct Fixture {
    d: Dir,
    case: String,
    ids: Vec<String>,
}

impl Fixture {
    fn new() -> Fixture {
        let (d, _) = Dir::with_vault();
        let case = d.new_case();
        let a = d.random_file("a.bin", 300_000, 1);
        let b = d.random_file("b.bin", 70_000, 2);
        let c = d.file("c.txt", b"third");
        let ids = d
            .add(&case, &[&a, &b, &c])
            .iter()
            .map(|l| l["id"].as_str().unwrap().to_string())
            .collect();
        Fixture { d, case, ids }
    }

    fn blob(&self, i: usize) -> PathBuf {
        self.d
            .vault
            .join("cases")
            .join(&self.case)
            .join("evidence")
            .join(format!("{}.age", self.ids[i]))
    }

    /// Runs verify, expects failure, and returns the problems.
    fn problems(&self) -> Vec<serde_json::Value> {
        let (code, v) = self.d.verify();
        assert_eq!(code, 4, "verify must fail: {v:#}");
        assert_eq!(v["ok"], false);
        v["problems"].as_array().unwrap().clone()
    }
}

#[test]
fn a_clean_vault_verifies_with_exit_0_and_counts() {
    let f = Fixture::new();
    let (code, v) = f.d.verify();
    assert_eq!(code, 0);
    assert_eq!(v["ok"], true);
    assert_eq!(v["problems"].as_array().unwrap().len(), 0);
    assert_eq!(v["checked"]["evidence_items"], 3);
    assert_eq!(v["checked"]["evidence_bytes"], 300_000 + 70_000 + 5);
    let out = f.d.ok(&["verify"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("OK"));
}

#[test]
fn a_flipped_byte_anywhere_in_an_evidence_file_is_reported_with_its_id() {
    let f = Fixture::new();
    let len = fs::metadata(f.blob(0)).unwrap().len();
    // In the header, in the middle of the payload, and in the last chunk's tag.
    for offset in [40, len / 2, len - 3] {
        let original = fs::read(f.blob(0)).unwrap();
        let mut bytes = original.clone();
        bytes[offset as usize] ^= 0x01;
        fs::write(f.blob(0), &bytes).unwrap();
        let problems = f.problems();
        assert_eq!(problems.len(), 1, "offset {offset}: {problems:#?}");
        assert_eq!(problems[0]["evidence_id"], f.ids[0].as_str());
        assert_eq!(problems[0]["code"], "evidence_damaged");
        let out = f.d.run(&["verify"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(&f.ids[0]),
            "the human line names the id: {text}"
        );
        assert_eq!(text.lines().count(), 1, "one line per problem: {text}");
        fs::write(f.blob(0), &original).unwrap();
    }
    f.d.assert_verifies();
}

#[test]
fn a_truncated_evidence_file_is_reported_with_its_id() {
    let f = Fixture::new();
    let bytes = fs::read(f.blob(1)).unwrap();
    // Cut at a chunk boundary (64 KiB + 16-byte tag after the header) and mid-chunk.
    for keep in [bytes.len() - 5, bytes.len() - 5_000] {
        fs::write(f.blob(1), &bytes[..keep]).unwrap();
        let problems = f.problems();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0]["evidence_id"], f.ids[1].as_str());
    }
    // Extraction of the damaged item refuses and leaves nothing behind.
    let out_path = f.d.root.join("out.bin");
    let out = f.d.run(&[
        "evidence",
        "extract",
        &f.ids[1],
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 9);
    assert!(!out_path.exists());
    assert!(
        fs::read_dir(&f.d.root)
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().contains("partial"))
    );
}

#[test]
fn a_missing_evidence_file_and_a_stray_file_are_both_named() {
    let f = Fixture::new();
    fs::remove_file(f.blob(2)).unwrap();
    let stray = f.blob(0).with_file_name("e-0000000000000.age");
    fs::write(&stray, b"who put this here").unwrap();
    fs::write(f.d.vault.join("cases").join("notes.txt"), b"x").unwrap();
    let problems = f.problems();
    let codes: Vec<_> = problems
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"evidence_missing"), "{problems:#?}");
    let missing = problems
        .iter()
        .find(|p| p["code"] == "evidence_missing")
        .unwrap();
    assert_eq!(missing["evidence_id"], f.ids[2].as_str());
    let strays: Vec<_> = problems
        .iter()
        .filter(|p| p["code"] == "stray_file")
        .map(|p| p["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(strays.len(), 2, "{problems:#?}");
    assert!(strays.iter().any(|p| p.ends_with("e-0000000000000.age")));
    assert!(strays.iter().any(|p| p.ends_with("notes.txt")));
}

fn open_db(d: &Dir) -> rusqlite::Connection {
    let vault = Vault::unlock(&d.vault, &SecretString::from(PASSPHRASE)).unwrap();
    casefile::db::open(&vault).unwrap()
}

#[test]
fn the_database_refuses_to_rewrite_the_chain() {
    let f = Fixture::new();
    let conn = open_db(&f.d);
    let err = conn
        .execute("UPDATE chain SET body = 'x' WHERE seq = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn
        .execute("DELETE FROM chain WHERE seq = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn.execute("DELETE FROM evidence", []).unwrap_err();
    assert!(err.to_string().contains("never deleted"), "{err}");
}

#[test]
fn a_broken_link_in_the_chain_is_reported_at_its_position() {
    let f = Fixture::new();
    {
        // Someone with the key removes event 3 (bypassing the append-only triggers).
        let conn = open_db(&f.d);
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             DROP TRIGGER chain_is_append_only_delete;
             DELETE FROM chain WHERE seq = 3;",
        )
        .unwrap();
    }
    let problems = f.problems();
    let chain: Vec<_> = problems.iter().filter(|p| p["code"] == "chain").collect();
    assert!(!chain.is_empty(), "{problems:#?}");
    assert!(chain.iter().all(|p| p["position"] == 4), "{problems:#?}");
    // The item whose event vanished is named too.
    assert!(
        problems
            .iter()
            .any(|p| p["code"] == "evidence_unchained" && p["evidence_id"] == f.ids[0].as_str()),
        "{problems:#?}"
    );
}

#[test]
fn an_altered_event_or_evidence_row_is_reported() {
    let f = Fixture::new();
    {
        let conn = open_db(&f.d);
        conn.execute_batch(
            "DROP TRIGGER chain_is_append_only_update;
             UPDATE chain SET body = replace(body, '测试借款', '篡改') WHERE seq = 2;",
        )
        .unwrap();
        conn.execute("UPDATE evidence SET size = 1 WHERE id = ?1", [&f.ids[2]])
            .unwrap();
    }
    let problems = f.problems();
    assert!(
        problems
            .iter()
            .any(|p| p["code"] == "chain" && p["position"] == 2),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p["code"] == "evidence_unchained" && p["evidence_id"] == f.ids[2].as_str()),
        "{problems:#?}"
    );
}

#[test]
fn a_flipped_byte_in_a_database_page_is_a_named_problem_with_exit_4_and_no_library_noise() {
    for page in [2usize, 3] {
        let f = Fixture::new();
        let path = f.d.vault.join("casefile.db");
        let mut bytes = fs::read(&path).unwrap();
        // SQLCipher pages are 4096 bytes; page 1 holds the salt, so damage a later one.
        bytes[4096 * (page - 1) + 100] ^= 0x01;
        fs::write(&path, &bytes).unwrap();
        let out = f.d.run(&["--json", "verify"]);
        assert_eq!(code(&out), 4, "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let problems = v["problems"].as_array().unwrap();
        assert!(
            problems.iter().all(|p| p["code"] == "database_integrity"),
            "{v}"
        );
        assert!(
            problems[0]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("page {page}")),
            "{v}"
        );
        let err = stderr(&out);
        assert!(
            !err.contains("ERROR CORE") && !err.contains("sqlcipher"),
            "library noise on stderr: {err}"
        );
    }
}

#[test]
fn a_truncated_database_page_is_a_named_problem_with_exit_4() {
    let f = Fixture::new();
    let path = f.d.vault.join("casefile.db");
    let len = fs::metadata(&path).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(len - 1000)
        .unwrap();
    let out = f.d.run(&["verify"]);
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("page") && text.contains("backup"), "{text}");
    assert!(!stderr(&out).contains("ERROR CORE"), "{}", stderr(&out));
}

/// `verify --quick` with `--json`: (exit code, report).
fn quick(d: &Dir) -> (i32, serde_json::Value) {
    let out = d.run(&["--json", "verify", "--quick"]);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("verify --quick printed no JSON: {}", stderr(&out)));
    (code(&out), v)
}

#[test]
fn quick_verify_catches_a_truncated_blob_but_does_not_read_contents() {
    let f = Fixture::new();
    let (c, v) = quick(&f.d);
    assert_eq!(c, 0, "{v:#}");
    assert_eq!(v["checked"]["evidence_items"], 3);
    assert_eq!(v["checked"]["evidence_bytes"], 0, "quick reads no content");

    // A flipped byte inside the payload keeps the length: quick does not see it (it reads no
    // content), the full check does.
    let original = fs::read(f.blob(0)).unwrap();
    let mut flipped = original.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    fs::write(f.blob(0), &flipped).unwrap();
    assert_eq!(quick(&f.d).0, 0);
    let problems = f.problems();
    assert_eq!(problems[0]["code"], "evidence_damaged");
    fs::write(f.blob(0), &original).unwrap();

    // Truncated by one byte: quick names the item.
    let b = fs::read(f.blob(1)).unwrap();
    fs::write(f.blob(1), &b[..b.len() - 1]).unwrap();
    let (c, v) = quick(&f.d);
    assert_eq!(c, 4, "{v:#}");
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{v:#}");
    assert_eq!(problems[0]["code"], "evidence_damaged");
    assert_eq!(problems[0]["evidence_id"], f.ids[1].as_str());
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("truncated"),
        "{v:#}"
    );
    // A missing blob is missing for quick too.
    fs::remove_file(f.blob(2)).unwrap();
    let (_, v) = quick(&f.d);
    let codes: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"evidence_missing"), "{v:#}");
}

#[test]
fn quick_and_full_verify_agree_at_chunk_edges_and_for_large_files() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    // Empty, one byte, both sides of age's 64 KiB chunk, and one large enough that the full
    // check decrypts and hashes on two threads.
    let sizes: [u64; 7] = [0, 1, 65_535, 65_536, 65_537, 131_072, (5 << 20) + 3];
    let files: Vec<PathBuf> = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| d.random_file(&format!("f{i}.bin"), n, 10 + i as u64))
        .collect();
    let refs: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let added = d.add(&case, &refs);
    let (c, v) = quick(&d);
    assert_eq!(c, 0, "{v:#}");
    let (c, v) = d.verify();
    assert_eq!(c, 0, "{v:#}");
    assert_eq!(v["checked"]["evidence_bytes"], sizes.iter().sum::<u64>());

    // Damage deep inside the large one is found by the two-thread check.
    let id = added.last().unwrap()["id"].as_str().unwrap().to_string();
    let blob = d
        .vault
        .join("cases")
        .join(&case)
        .join("evidence")
        .join(format!("{id}.age"));
    let mut bytes = fs::read(&blob).unwrap();
    let at = bytes.len() * 3 / 4;
    bytes[at] ^= 0x80;
    fs::write(&blob, &bytes).unwrap();
    let (c, v) = d.verify();
    assert_eq!(c, 4, "{v:#}");
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{v:#}");
    assert_eq!(problems[0]["evidence_id"], id.as_str());
    assert_eq!(problems[0]["code"], "evidence_damaged");
}
