//! Trusted timestamps end to end against a real RFC 3161 authority (`openssl ts -reply` on
//! 127.0.0.1, see `tsa.rs`): stamp, list, verify, what is saved, and what happens offline.

use secrecy::SecretString;

use crate::tsa::TestTsa;
use crate::util::{Dir, code};

fn stamp(d: &Dir, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--json", "timestamp"];
    args.extend_from_slice(extra);
    d.run(&args)
}

fn problems(v: &serde_json::Value) -> Vec<String> {
    v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn stamp_list_verify_and_the_saved_service_is_reused() {
    let tsa = TestTsa::start("ec");
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.file("a.txt", b"first screenshot");
    let b = d.file("b.txt", b"second screenshot");
    d.add(&case, &[&a, &b]);

    let out = stamp(&d, &["--tsa", &tsa.url, "--ca", tsa.ca().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("32 字节") && err.contains("32-byte"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stamped"]["items"], 2, "{v:#}");
    assert_eq!(v["stamped"]["policy"], "1.3.6.1.4.1.99999.1");
    assert_eq!(tsa.answered.load(std::sync::atomic::Ordering::SeqCst), 1);

    let list = d.json(&["timestamp", "list"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["tsa_url"], tsa.url.as_str());
    assert!(!list[0]["serial"].as_str().unwrap().is_empty());
    assert!(list[0]["gen_time"].as_str().unwrap().ends_with('Z'));

    let (c, report) = d.verify();
    assert_eq!(c, 0, "{report:#}");
    assert_eq!(report["checked"]["timestamp_batches"], 1);

    // Nothing pending now: no request goes out.
    let again = stamp(&d, &[]);
    assert_eq!(code(&again), 0);
    assert_eq!(tsa.answered.load(std::sync::atomic::Ordering::SeqCst), 1);

    // A new item: the saved address and root are used without flags.
    let c3 = d.file("c.txt", b"third");
    d.add(&case, &[&c3]);
    let out = stamp(&d, &[]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stamped"]["items"], 1);
    assert_eq!(d.json(&["timestamp", "list"]).as_array().unwrap().len(), 2);
    d.assert_verifies();
}

#[test]
fn an_rsa_authority_works_too() {
    let tsa = TestTsa::start("rsa");
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.file("a.txt", b"rsa");
    d.add(&case, &[&a]);
    let out = stamp(&d, &["--tsa", &tsa.url, "--ca", tsa.ca().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    d.assert_verifies();
}

#[test]
fn offline_leaves_items_pending_and_intake_goes_on() {
    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.file("a.txt", b"offline");
    d.add(&case, &[&a]);
    let out = stamp(&d, &["--tsa", &format!("http://127.0.0.1:{port}/")]);
    assert_eq!(code(&out), 1);
    let err: serde_json::Value = serde_json::from_slice(&out.stderr)
        .or_else(|_| serde_json::from_slice(&out.stdout))
        .unwrap_or_default();
    let text = format!("{err} {}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("tsa_unreachable"), "{text}");
    assert!(text.contains("pending"), "{text}");
    assert!(
        d.json(&["timestamp", "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let b = d.file("b.txt", b"still works");
    d.add(&case, &[&b]);
    d.assert_verifies();
}

#[test]
fn an_untrusted_root_saves_nothing() {
    let tsa = TestTsa::start("ec");
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.file("a.txt", b"untrusted");
    d.add(&case, &[&a]);
    let out = stamp(&d, &["--tsa", &tsa.url]);
    assert_eq!(code(&out), 1);
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("timestamp_rejected") && text.contains("--ca"),
        "{text}"
    );
    assert!(
        d.json(&["timestamp", "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The address was not saved either: a later run without --tsa says so.
    let out = stamp(&d, &[]);
    assert_eq!(code(&out), 2, "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_rewritten_chain_head_is_reported_as_a_rollback() {
    let tsa = TestTsa::start("ec");
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.file("a.txt", b"rollback");
    d.add(&case, &[&a]);
    let out = stamp(&d, &["--tsa", &tsa.url, "--ca", tsa.ca().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let head_seq = d.json(&["timestamp", "list"])[0]["head_seq"]
        .as_u64()
        .unwrap();
    {
        let vault =
            casefile::vault::Vault::unlock(&d.vault, &SecretString::from(crate::util::PASSPHRASE))
                .unwrap();
        let conn = casefile::db::open(&vault).unwrap();
        conn.execute_batch(&format!(
            "DROP TRIGGER chain_is_append_only_update;
             UPDATE chain SET hash = '{}' WHERE seq = {head_seq};",
            "0".repeat(64)
        ))
        .unwrap();
    }
    let (c, v) = d.verify();
    assert_eq!(c, 4);
    assert!(
        problems(&v).contains(&"timestamp_rollback".to_string()),
        "{v:#}"
    );
}

#[test]
fn a_changed_token_in_the_vault_is_named() {
    let tsa = TestTsa::start("ec");
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.file("a.txt", b"tamper");
    d.add(&case, &[&a]);
    let out = stamp(&d, &["--tsa", &tsa.url, "--ca", tsa.ca().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    {
        let vault =
            casefile::vault::Vault::unlock(&d.vault, &SecretString::from(crate::util::PASSPHRASE))
                .unwrap();
        let conn = casefile::db::open(&vault).unwrap();
        // Flip the last byte (the signature) of the stored response.
        let mut response: Vec<u8> = conn
            .query_row("SELECT response FROM timestamp_batches", [], |r| r.get(0))
            .unwrap();
        *response.last_mut().unwrap() ^= 1;
        conn.execute_batch("DROP TRIGGER timestamp_batches_are_append_only_update;")
            .unwrap();
        conn.execute(
            "UPDATE timestamp_batches SET response = ?1",
            rusqlite::params![response],
        )
        .unwrap();
    }
    let (c, v) = d.verify();
    assert_eq!(c, 4);
    let codes = problems(&v);
    assert!(codes.contains(&"timestamp_invalid".to_string()), "{v:#}");
    assert!(codes.contains(&"timestamp_unchained".to_string()), "{v:#}");
}

fn unzip(zip: &std::path::Path, into: &std::path::Path) {
    let st = std::process::Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(zip)
        .arg(into)
        .status()
        .unwrap();
    assert!(st.success());
}

fn rewrite_zip(src: &std::path::Path, dst: &std::path::Path, script: &str) {
    let code = format!(
        "import zipfile,sys\nsrc=zipfile.ZipFile(sys.argv[1])\ndst=zipfile.ZipFile(sys.argv[2],'w')\nfor i in src.infolist():\n    name=i.filename\n    data=src.read(name)\n{script}\n    if name is not None: dst.writestr(name,data)\ndst.close()\n"
    );
    let st = std::process::Command::new("python3")
        .arg("-c")
        .arg(code)
        .arg(src)
        .arg(dst)
        .status()
        .unwrap();
    assert!(st.success());
}

#[test]
fn the_pack_carries_tokens_openssl_accepts_and_proofs_python_folds() {
    let tsa = TestTsa::start("rsa");
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.file("a.txt", b"stamped one");
    let b = d.file("b.txt", b"stamped two");
    d.add(&case, &[&a, &b]);
    let out = stamp(&d, &["--tsa", &tsa.url, "--ca", tsa.ca().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let late = d.file("c.txt", b"not stamped");
    d.add(&case, &[&late]);

    let zip = d.root.join("pack.zip");
    d.json(&["export", "pack", &case, "--out", zip.to_str().unwrap()]);
    let ok = d.run(&["--json", "verify-pack", zip.to_str().unwrap()]);
    assert_eq!(code(&ok), 0, "{}", String::from_utf8_lossy(&ok.stdout));

    let dir = d.root.join("unpacked");
    unzip(&zip, &dir);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let batch = &manifest["timestamps"]["batches"][0];
    let root = batch["root"].as_str().unwrap();
    assert_eq!(
        manifest["timestamps"]["proofs"].as_array().unwrap().len(),
        2
    );
    // OpenSSL, independently, with the files and the command the README gives.
    let ts = dir.join("timestamps");
    assert!(crate::tsa::openssl_verifies(
        root,
        &dir.join(batch["tsr"].as_str().unwrap()),
        &dir.join(batch["ca"].as_str().unwrap()),
        Some(&dir.join(batch["tsa_certs"].as_str().unwrap())),
    ));
    // The wrong digest is refused by OpenSSL too (the check can fail).
    assert!(!crate::tsa::openssl_verifies(
        &"00".repeat(32),
        &dir.join(batch["tsr"].as_str().unwrap()),
        &dir.join(batch["ca"].as_str().unwrap()),
        None,
    ));
    let readme = std::fs::read_to_string(ts.join("README.txt")).unwrap();
    assert!(
        readme.contains(&format!("openssl ts -verify -digest {root}")),
        "{readme}"
    );
    // The README's Python fold, run as printed, for each proof.
    let py = casefile::export::pack::PYTHON;
    let script = py
        .trim()
        .strip_prefix("python3 -c \"")
        .and_then(|s| s.rsplit_once("\" proofs/"))
        .map(|(body, _)| body.replace("\\\\", "\\"))
        .unwrap();
    for n in ["E001", "E002"] {
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg(&script)
            .arg(ts.join("proofs").join(format!("{n}.json")))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.starts_with(&format!("True {root}")), "{n}: {text}");
        let proof: serde_json::Value = serde_json::from_slice(
            &std::fs::read(ts.join("proofs").join(format!("{n}.json"))).unwrap(),
        )
        .unwrap();
        let ex = manifest["exhibits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == proof["evidence_id"])
            .unwrap();
        assert_eq!(proof["sha256"], ex["sha256"]);
    }
    assert!(!ts.join("proofs").join("E003.json").exists());

    // A proof with one sibling changed (sums rewritten to match) is named by verify-pack.
    let bad = d.root.join("bad.zip");
    rewrite_zip(
        &zip,
        &bad,
        "    import json,hashlib\n    if name=='timestamps/proofs/E001.json':\n        p=json.loads(data); s=p['path'][0]; k=list(s)[0]; s[k]=('1' if s[k][0]!='1' else '2')+s[k][1:]; data=json.dumps(p).encode(); globals()['fixed']=hashlib.sha256(data).hexdigest()\n    if name=='SHA256SUMS':\n        data=b''.join((l if b'E001.json' not in l else (globals().get('fixed','x').encode()+b'  timestamps/proofs/E001.json\\n')) for l in data.splitlines(True))",
    );
    let out = d.run(&["--json", "verify-pack", bad.to_str().unwrap()]);
    assert_eq!(code(&out), 4, "{}", String::from_utf8_lossy(&out.stdout));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let probs = report["problems"].as_array().unwrap();
    assert!(
        probs.iter().any(|p| p["code"] == "timestamp"
            && p["path"] == "timestamps/proofs/E001.json"
            && p["message"].as_str().unwrap().contains("folds to")),
        "{report:#}"
    );
    assert!(
        probs.iter().all(|p| p["code"] == "timestamp"),
        "only the proof is wrong: {report:#}"
    );

    // The evidence PDF names the service and the time on each stamped exhibit.
    let pdf = d.root.join("e.pdf");
    d.json(&["export", "pdf", &case, "--out", pdf.to_str().unwrap()]);
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let flat: String = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect();
    assert!(flat.contains("可信时间戳"), "{flat}");
    assert!(flat.contains("127.0.0.1"), "the service is named");
    assert!(flat.contains("入库后"), "minutes after intake");
    assert!(
        flat.contains("未加盖"),
        "the late exhibit is marked not stamped"
    );
    assert!(flat.contains("六、可信时间戳"), "the explanation page");
}
