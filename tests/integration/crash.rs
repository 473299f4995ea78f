//! Crashes, kills and full disks leave either nothing or the whole item.

use std::fs;
use std::process::Command;

use crate::cli::wait_for_partial;
use crate::util::{Dir, code, stderr};

#[test]
fn sigkill_in_the_middle_of_a_large_intake_leaves_no_partial_item() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let before = d.file("before.txt", b"already here");
    d.add(&case, &[&before]);
    let big = d.random_file("big.wav", 400 << 20, 5);
    let mut child = d
        .cmd()
        .args(["evidence", "add", &case, big.to_str().unwrap()])
        .spawn()
        .unwrap();
    wait_for_partial(&d);
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "the intake was killed before finishing");
    let leftovers: Vec<_> = fs::read_dir(d.vault.join("tmp"))
        .unwrap()
        .flatten()
        .collect();
    assert!(!leftovers.is_empty(), "the kill happened mid-write");

    // The vault opens, shows only the earlier item, and the leftovers are gone.
    let listed = d.json(&["evidence", "list", &case]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["name"], "before.txt");
    let left: Vec<_> = fs::read_dir(d.vault.join("tmp"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "cleaned at open: {left:?}");
    d.assert_verifies();
    // And the same file goes in cleanly afterwards.
    assert_eq!(d.add(&case, &[&big])[0]["status"], "added");
    d.assert_verifies();
}

#[test]
fn a_blob_moved_into_place_without_its_database_row_is_removed_at_open() {
    // The window between the rename and the commit: the marker in tmp/ names the blob.
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let orphan_id = "e-0123456789abc";
    let rel = format!("cases/{case}/evidence/{orphan_id}.age");
    fs::create_dir_all(d.vault.join(format!("cases/{case}/evidence"))).unwrap();
    fs::write(d.vault.join(&rel), b"ciphertext that never got its row").unwrap();
    fs::write(
        d.vault.join("tmp").join(format!("{orphan_id}.pending")),
        &rel,
    )
    .unwrap();
    // A committed item whose marker was left (crash after commit) keeps its blob.
    let kept = d.file("kept.txt", b"kept");
    let kept_id = d.add(&case, &[&kept])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let kept_rel = format!("cases/{case}/evidence/{kept_id}.age");
    fs::write(
        d.vault.join("tmp").join(format!("{kept_id}.pending")),
        &kept_rel,
    )
    .unwrap();
    // A marker that points outside the evidence folders is not followed.
    let outside = d.vault.join("vault.json");
    fs::write(
        d.vault.join("tmp").join("e-aaaaaaaaaaaaa.pending"),
        "../vault.json",
    )
    .unwrap();

    d.ok(&["case", "list"]);
    assert!(!d.vault.join(&rel).exists(), "the orphan blob is gone");
    assert!(d.vault.join(&kept_rel).exists(), "the committed blob stays");
    assert!(outside.exists());
    assert_eq!(fs::read_dir(d.vault.join("tmp")).unwrap().count(), 0);
    d.assert_verifies();
}

/// Mounts a small tmpfs for the vault so the disk really fills up. Needs root (CI and the
/// development machines run as root); elsewhere the test says why it did not run.
struct SmallDisk {
    path: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(path: std::path::PathBuf, size: &str) -> Option<SmallDisk> {
        fs::create_dir_all(&path).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { path })
    }

    /// [`SmallDisk::mount`], or `None` with a message when this is not root (never in CI,
    /// which runs as root and must run the test).
    fn mount_or_skip(path: std::path::PathBuf, size: &str) -> Option<SmallDisk> {
        let disk = SmallDisk::mount(path, size);
        if disk.is_none() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI runs as root and must be able to mount a tmpfs for this test"
            );
            eprintln!("skipped: cannot mount a tmpfs here (not root)");
        }
        disk
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn a_full_disk_stops_the_intake_cleanly_with_a_clear_message() {
    let d = Dir::new();
    let Some(disk) = SmallDisk::mount_or_skip(d.root.join("small-disk"), "6m") else {
        return;
    };
    let vault = disk.path.join("vault");
    let run = |args: &[&str]| d.cmd_at(&vault).args(args).output().unwrap();
    assert!(run(&["init", "--kdf-memory-mib", "64"]).status.success());
    let case_out = run(&["case", "new", "--title", "t", "--lender", "l"]);
    let case = String::from_utf8(case_out.stdout)
        .unwrap()
        .trim()
        .to_string();
    let small = d.file("small.txt", b"fits");
    assert!(
        run(&["evidence", "add", &case, small.to_str().unwrap()])
            .status
            .success()
    );

    let big = d.random_file("big.bin", 20 << 20, 11);
    let out = run(&["--json", "evidence", "add", &case, big.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("disk is full"), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["code"], "disk_full");

    assert_eq!(
        fs::read_dir(vault.join("tmp")).unwrap().count(),
        0,
        "no partial file left"
    );
    let listed = run(&["--json", "evidence", "list", &case]);
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let verify = run(&["verify"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn a_deleted_database_is_refused_not_silently_recreated() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    fs::remove_file(d.vault.join("casefile.db")).unwrap();
    for args in [&["case", "list"][..], &["verify"], &["case", "show", &case]] {
        let out = d.cmd().args(args).output().unwrap();
        assert_eq!(code(&out), 9, "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("casefile.db") && err.contains("backup"),
            "{err}"
        );
    }
    assert!(
        !d.vault.join("casefile.db").exists(),
        "no empty database was created"
    );
}

#[test]
fn a_case_folder_left_without_its_row_is_cleaned_at_open() {
    // What `case new` of an older version left when killed between mkdir and commit.
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let orphan = d.vault.join("cases").join("c-00000").join("evidence");
    fs::create_dir_all(&orphan).unwrap();
    d.assert_verifies();
    assert!(!d.vault.join("cases").join("c-00000").exists());
    // A new case has no folder until its first evidence item.
    assert!(!d.vault.join("cases").join(&case).exists());
    let f = d.file("x.txt", b"x");
    d.add(&case, &[&f]);
    d.assert_verifies();
}

#[test]
fn a_vault_on_read_only_media_can_be_listed_and_verified_but_not_changed() {
    let d = Dir::new();
    let Some(disk) = SmallDisk::mount_or_skip(d.root.join("backup-dvd"), "64m") else {
        return;
    };
    let vault = disk.path.join("vault");
    let run = |args: &[&str]| d.cmd_at(&vault).args(args).output().unwrap();
    assert!(run(&["init", "--kdf-memory-mib", "64"]).status.success());
    let case_out = run(&["case", "new", "--title", "t", "--lender", "l"]);
    let case = String::from_utf8(case_out.stdout)
        .unwrap()
        .trim()
        .to_string();
    let f = d.file("a.txt", b"evidence");
    assert!(
        run(&["evidence", "add", &case, f.to_str().unwrap()])
            .status
            .success()
    );
    let remount = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&disk.path)
        .status()
        .unwrap();
    assert!(remount.success());

    for args in [
        &["case", "list"][..],
        &["evidence", "list", &case],
        &["verify"],
        &["log"],
    ] {
        let out = run(args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    }
    let out = run(&["case", "new", "--title", "x", "--lender", "y"]);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
}

#[test]
fn a_vault_whose_creation_was_killed_is_recognised_and_init_finishes_it() {
    // What `init` leaves when killed after the database exists but before the header.
    let d = Dir::new();
    fs::create_dir_all(d.vault.join("cases")).unwrap();
    fs::create_dir_all(d.vault.join("tmp")).unwrap();
    fs::write(d.vault.join("casefile.db"), vec![7u8; 8192]).unwrap();
    fs::write(d.vault.join("vault.lock"), b"").unwrap();
    fs::write(
        d.vault.join(".vault.json.AbC123.casefile-partial"),
        b"{\"form",
    )
    .unwrap();
    let out = d.run(&["case", "list"]);
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("interrupted") && stderr(&out).contains("init"),
        "{}",
        stderr(&out)
    );
    let out = d.run(&["--json", "init", "--kdf-memory-mib", "64"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    d.new_case();
    d.assert_verifies();

    // A folder with anything else in it is never cleared.
    let other = Dir::new();
    fs::create_dir_all(other.vault.join("tmp")).unwrap();
    fs::write(other.vault.join("my-notes.txt"), b"mine").unwrap();
    let out = other.run(&["init", "--kdf-memory-mib", "64"]);
    assert_eq!(code(&out), 7, "{}", stderr(&out));
    assert!(other.vault.join("my-notes.txt").exists());
}
