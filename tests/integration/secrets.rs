//! Passphrases, the recovery key, and plaintext that must never reach the disk.

use std::fs;
use std::path::Path;

use crate::util::{Dir, PASSPHRASE, code, sha256_file, snapshot, stderr, walk};

#[test]
fn wrong_passphrase_fails_with_its_own_exit_code_and_changes_nothing() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let f = d.file("a.txt", b"content");
    d.add(&case, &[&f]);
    let before = snapshot(&d.vault);
    std::thread::sleep(std::time::Duration::from_millis(20));
    for args in [
        vec!["case", "list"],
        vec!["evidence", "add", &case, f.to_str().unwrap()],
        vec!["verify"],
        vec!["passwd"],
    ] {
        let out = d
            .cmd()
            .env("CASEFILE_PASSPHRASE", "not the passphrase")
            .env("CASEFILE_NEW_PASSPHRASE", "a new passphrase")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(code(&out), 3, "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("wrong passphrase"),
            "{}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("recover"),
            "points at recovery: {}",
            stderr(&out)
        );
    }
    assert_eq!(snapshot(&d.vault), before, "nothing on disk changed");
}

#[test]
fn recovery_key_sets_a_new_passphrase_and_all_evidence_stays_readable() {
    let (d, recovery) = Dir::with_vault();
    assert_eq!(recovery.len(), 44);
    let case = d.new_case();
    let f = d.random_file("rec.bin", 500_000, 3);
    let id = d.add(&case, &[&f])[0]["id"].as_str().unwrap().to_string();

    // A mistyped key is caught by its check characters; a wrong but well-formed key is refused.
    let typo = {
        let mut c: Vec<char> = recovery.chars().collect();
        c[0] = if c[0] == 'A' { 'B' } else { 'A' };
        c.into_iter().collect::<String>()
    };
    let out = d
        .cmd()
        .env("CASEFILE_RECOVERY_KEY", &typo)
        .env("CASEFILE_NEW_PASSPHRASE", "brand new passphrase")
        .arg("recover")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let (other, other_key) = Dir::with_vault();
    drop(other);
    let out = d
        .cmd()
        .env("CASEFILE_RECOVERY_KEY", &other_key)
        .env("CASEFILE_NEW_PASSPHRASE", "brand new passphrase")
        .arg("recover")
        .output()
        .unwrap();
    assert_eq!(code(&out), 3, "{}", stderr(&out));

    // Typed back from paper: lower case, spaces instead of hyphens.
    let typed = recovery.to_lowercase().replace('-', " ");
    let keyfile = d.file("key.txt", typed.as_bytes());
    let newpass = d.file("new.txt", b"brand new passphrase\n");
    d.ok(&[
        "recover",
        "--recovery-key-file",
        keyfile.to_str().unwrap(),
        "--new-passphrase-file",
        newpass.to_str().unwrap(),
    ]);

    let old = d.run(&["case", "list"]);
    assert_eq!(
        code(&old),
        3,
        "the old passphrase no longer opens the vault"
    );
    let out_path = d.root.join("back.bin");
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", "brand new passphrase")
        .args([
            "evidence",
            "extract",
            &id,
            "--out",
            out_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(sha256_file(&out_path), sha256_file(&f));
    // The recovery key keeps working after it was used.
    d.cmd()
        .env("CASEFILE_RECOVERY_KEY", &recovery)
        .env("CASEFILE_NEW_PASSPHRASE", PASSPHRASE)
        .arg("recover")
        .output()
        .unwrap();
    d.ok(&["case", "list"]);
}

#[test]
fn passwd_rewraps_without_touching_evidence_or_database() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let f = d.random_file("a.bin", 200_000, 9);
    let id = d.add(&case, &[&f])[0]["id"].as_str().unwrap().to_string();
    let header_before = fs::read(d.vault.join("vault.json")).unwrap();
    let others_before: Vec<_> = snapshot(&d.vault)
        .into_iter()
        .filter(|(p, ..)| !p.ends_with("vault.json") && !p.ends_with("vault.copy.json"))
        .collect();

    let out = d
        .cmd()
        .env("CASEFILE_NEW_PASSPHRASE", "another good passphrase")
        .arg("passwd")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let others_after: Vec<_> = snapshot(&d.vault)
        .into_iter()
        .filter(|(p, ..)| !p.ends_with("vault.json") && !p.ends_with("vault.copy.json"))
        .collect();
    assert_eq!(others_before, others_after, "nothing was re-encrypted");
    assert_ne!(fs::read(d.vault.join("vault.json")).unwrap(), header_before);
    // Both header copies carry the new wrap.
    assert_eq!(
        fs::read(d.vault.join("vault.json")).unwrap(),
        fs::read(d.vault.join("vault.copy.json")).unwrap()
    );
    assert_eq!(code(&d.run(&["case", "list"])), 3);
    let out_path = d.root.join("x.bin");
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", "another good passphrase")
        .args([
            "evidence",
            "extract",
            &id,
            "--out",
            out_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(sha256_file(&out_path), sha256_file(&f));
    let (code_, v) = {
        let out = d
            .cmd()
            .env("CASEFILE_PASSPHRASE", "another good passphrase")
            .args(["--json", "verify"])
            .output()
            .unwrap();
        (
            code(&out),
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        )
    };
    assert_eq!(code_, 0, "{v}");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Files under `dir` written since `since` that contain any needle.
fn files_containing(dir: &Path, needles: &[&[u8]], since: std::time::SystemTime) -> Vec<String> {
    // The repository itself (sources, build output, this test's scratch folders) may sit inside
    // the system temp folder, as it does in a CI clone; it is not the app's temp output.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut hits = Vec::new();
    for p in walk(dir)
        .into_iter()
        .filter(|p| !p.starts_with(repo) || dir.starts_with(repo))
    {
        let Ok(meta) = fs::metadata(&p) else { continue };
        // Only what was written while the test ran can hold its markers.
        if meta.modified().is_ok_and(|m| m < since) || meta.len() > 1 << 30 {
            continue;
        }
        let Ok(bytes) = fs::read(&p) else { continue };
        for n in needles {
            if contains(&bytes, n) {
                hits.push(format!(
                    "{} contains {}",
                    p.display(),
                    String::from_utf8_lossy(n)
                ));
            }
        }
    }
    hits
}

#[test]
fn plaintext_never_reaches_the_vault_folder_nor_the_temp_folder() {
    let since = std::time::SystemTime::now() - std::time::Duration::from_secs(2);
    let (d, _) = Dir::with_vault();
    let nonce: u64 = rand::random();
    let content_marker = format!("EVIDENCE-MARKER-{nonce:016x}");
    let title_marker = format!("TITLE-MARKER-{nonce:016x}");
    let note_marker = format!("NOTE-MARKER-{nonce:016x}");
    let name_marker = format!("NAME-MARKER-{nonce:016x}");
    let lender_marker = format!("出借人标记{nonce:016x}");
    let case = d.json(&[
        "case",
        "new",
        "--title",
        &title_marker,
        "--lender",
        &lender_marker,
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Large enough to stream through several buffers; the marker is at the start, a chunk
    // boundary and the end.
    let mut content = Vec::new();
    content.extend_from_slice(content_marker.as_bytes());
    content.resize(3 << 20, b'.');
    content.extend_from_slice(content_marker.as_bytes());
    content.resize(5 << 20, b'-');
    content.extend_from_slice(content_marker.as_bytes());
    let src = d.file(&format!("{name_marker}.txt"), &content);
    let out = d.run(&[
        "evidence",
        "add",
        &case,
        src.to_str().unwrap(),
        "--note",
        &note_marker,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Reading, listing, verifying and extracting to stdout-free JSON must not spill either.
    d.ok(&["evidence", "list", &case]);
    d.ok(&["log"]);
    d.assert_verifies();

    let needles: Vec<&[u8]> = vec![
        content_marker.as_bytes(),
        title_marker.as_bytes(),
        note_marker.as_bytes(),
        name_marker.as_bytes(),
        lender_marker.as_bytes(),
    ];
    let hits = files_containing(&d.vault, &needles, since);
    assert!(hits.is_empty(), "plaintext in the vault: {hits:?}");
    let hits = files_containing(&d.sys_tmp, &needles, since);
    assert!(hits.is_empty(), "plaintext in the child's TMPDIR: {hits:?}");
    let hits = files_containing(&std::env::temp_dir(), &needles, since);
    assert!(
        hits.is_empty(),
        "plaintext in the system temp folder: {hits:?}"
    );

    let db = fs::read(d.vault.join("casefile.db")).unwrap();
    assert!(
        !db.starts_with(b"SQLite format 3"),
        "the database is encrypted from byte 0"
    );
    assert!(
        !contains(&db, b"CREATE TABLE"),
        "not even the schema is readable"
    );
}

#[test]
fn no_secret_in_vault_json_or_error_messages() {
    let (d, recovery) = Dir::with_vault();
    let header = fs::read_to_string(d.vault.join("vault.json")).unwrap();
    assert!(!header.contains(PASSPHRASE));
    assert!(!header.contains(&recovery));
    assert!(!header.contains("AGE-SECRET-KEY"));
    let out = d
        .cmd()
        .env("CASEFILE_PASSPHRASE", "wrong wrong wrong")
        .args(["case", "list"])
        .output()
        .unwrap();
    assert!(!stderr(&out).contains("wrong wrong wrong"));
    assert!(!stderr(&out).contains("AGE-SECRET-KEY"));
}

/// Keys never reach swap: after unlocking (by passphrase and by recovery key), the master key
/// and the age identity sit on pages locked in RAM, wherever the system allows locked memory
/// (any `RLIMIT_MEMLOCK` of a few pages; Debian's default is 8 MiB).
#[test]
#[cfg(target_os = "linux")]
fn unlocked_keys_sit_on_pages_locked_in_ram() {
    use casefile::vault::{RecoveryKey, Vault};
    use secrecy::SecretString;
    let (d, recovery) = Dir::with_vault();
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the local struct only.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_MEMLOCK, &mut limit) } == 0;
    if !(ok && limit.rlim_cur >= 64 * 1024) {
        eprintln!("skipped: this system allows no locked memory");
        return;
    }
    let vault = Vault::unlock(&d.vault, &SecretString::from(PASSPHRASE)).unwrap();
    assert!(vault.keys_locked_in_ram());
    let by_recovery =
        Vault::unlock_with_recovery_key(&d.vault, &RecoveryKey::parse(&recovery).unwrap()).unwrap();
    assert!(by_recovery.keys_locked_in_ram());
}
