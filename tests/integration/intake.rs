//! Evidence goes in and comes out byte for byte, whatever its size.

use std::path::Path;

use casefile::api::{Session, case, evidence};
use casefile::domain::SystemClock;
use secrecy::SecretString;

use crate::util::{Dir, PASSPHRASE, sha256_file};

fn open(d: &Dir) -> Session {
    Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(SystemClock),
    )
    .unwrap()
}

fn new_case(s: &mut Session) -> String {
    case::create(
        s,
        case::NewCase {
            title: "往返测试".into(),
            lender: "某某网络小额贷款有限公司".into(),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

#[test]
fn round_trip_of_sizes_around_the_64k_chunk_and_1m_read_boundaries() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let case_id = new_case(&mut s);
    const K: u64 = 64 * 1024;
    const M: u64 = 1 << 20;
    let sizes = [
        0,
        1,
        2,
        17,
        K - 1,
        K,
        K + 1,
        2 * K - 1,
        2 * K,
        2 * K + 1,
        M - 1,
        M,
        M + 1,
        3 * M + 12_345,
    ];
    for (i, size) in sizes.into_iter().enumerate() {
        let src = d.random_file(&format!("f{size}.bin"), size, i as u64 + 100);
        let mut seen = Vec::new();
        let outcome = evidence::add(&mut s, &case_id, &src, &Default::default(), &mut |p| {
            seen.push(p)
        })
        .unwrap();
        let evidence::AddOutcome::Added { evidence: e } = outcome else {
            panic!("size {size} was taken for a duplicate");
        };
        assert_eq!(e.size, size);
        assert_eq!(e.sha256, sha256_file(&src), "size {size}");
        if size > 0 {
            let last = seen.last().expect("progress was reported");
            assert_eq!((last.done, last.total), (size, size));
            assert!(
                seen.windows(2).all(|w| w[0].done < w[1].done),
                "progress only grows"
            );
        }
        let out = d.root.join(format!("out{size}.bin"));
        evidence::extract(&s, &e.id, &out, false).unwrap();
        assert_eq!(sha256_file(&out), e.sha256, "size {size}");
        assert_eq!(std::fs::metadata(&out).unwrap().len(), size);
    }
    drop(s);
    d.assert_verifies();
}

#[test]
fn a_few_hundred_mib_round_trip_through_the_cli() {
    let (d, _) = Dir::with_vault();
    let case_id = d.new_case();
    let size = 300 * (1 << 20) + 4_321;
    let src = d.random_file("recording.mp3", size, 42);
    let expected = sha256_file(&src);
    let lines = d.add(&case_id, &[&src]);
    assert_eq!(lines[0]["sha256"], expected.as_str());
    assert_eq!(lines[0]["size"], size);
    let id = lines[0]["id"].as_str().unwrap();
    let blob = d
        .vault
        .join("cases")
        .join(&case_id)
        .join("evidence")
        .join(format!("{id}.age"));
    let blob_len = std::fs::metadata(&blob).unwrap().len();
    assert!(
        blob_len > size,
        "ciphertext is plaintext plus tags and header"
    );
    assert!(
        blob_len < size + size / 1000 + 1024,
        "and only a little more: {blob_len}"
    );
    let out = d.root.join("back.mp3");
    std::fs::remove_file(&src).unwrap();
    d.ok(&["evidence", "extract", id, "--out", out.to_str().unwrap()]);
    assert_eq!(sha256_file(&out), expected);
    d.assert_verifies();
}

#[test]
fn evidence_is_age_encrypted_to_the_vault_recipient() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let case_id = new_case(&mut s);
    let src = d.file("a.txt", b"plain words");
    let e = evidence::add(&mut s, &case_id, &src, &Default::default(), &mut |_| {}).unwrap();
    let blob = s.vault().evidence_path(&case_id, &e.evidence().id);
    let bytes = std::fs::read(&blob).unwrap();
    assert!(
        bytes.starts_with(b"age-encryption.org/v1\n-> X25519 "),
        "a standard age file"
    );
    // Any age implementation with the identity can read it.
    let mut r = age::Decryptor::new(&bytes[..])
        .unwrap()
        .decrypt(std::iter::once(s.vault().identity() as &dyn age::Identity))
        .unwrap();
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut r, &mut plain).unwrap();
    assert_eq!(plain, b"plain words");
    assert!(Path::new(&blob).starts_with(d.vault.join("cases").join(&case_id)));
}

#[test]
fn a_source_that_grows_while_it_is_read_is_refused_and_nothing_is_kept() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let case_id = new_case(&mut s);
    let src = d.random_file("growing.wav", 48 << 20, 7);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let appender = {
        let (src, stop) = (src.clone(), stop.clone());
        std::thread::spawn(move || {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new().append(true).open(&src).unwrap();
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                f.write_all(&[0u8; 4096]).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        })
    };
    let err = evidence::add(&mut s, &case_id, &src, &Default::default(), &mut |_| {})
        .expect_err("a file that changed while being read must not be added");
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    appender.join().unwrap();
    assert_eq!(err.code().as_str(), "source_changed", "{err}");
    assert!(err.to_string().contains("add it again"), "{err}");
    assert!(evidence::list(&s, &case_id).unwrap().is_empty());
    // No ciphertext was left behind, in tmp/ or in the case folder.
    let leftovers: Vec<_> = walk(&d.vault)
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "age") || p.to_string_lossy().contains("partial")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    drop(s);
    d.assert_verifies();
}

#[test]
fn extract_leaves_no_partial_file_when_the_output_exists() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    let case_id = new_case(&mut s);
    let src = d.random_file("a.bin", 1000, 3);
    let evidence::AddOutcome::Added { evidence: e } =
        evidence::add(&mut s, &case_id, &src, &Default::default(), &mut |_| {}).unwrap()
    else {
        panic!("not added")
    };
    let out = d.root.join("out").join("a.bin");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, b"already here").unwrap();
    let err = evidence::extract(&s, &e.id, &out, false).unwrap_err();
    assert_eq!(err.code().as_str(), "output_exists", "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"already here");
    let names: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(names.len(), 1, "only the existing file stays");
    evidence::extract(&s, &e.id, &out, true).unwrap();
    assert_eq!(sha256_file(&out), e.sha256);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
