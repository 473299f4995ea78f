//! A scratch folder with a vault in it, and helpers to drive the real `casefile` binary.

#![allow(dead_code)]

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

pub const PASSPHRASE: &str = "correct horse battery staple";

pub struct Dir {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
    pub vault: PathBuf,
    /// TMPDIR given to the child processes, scanned by the leak test.
    pub sys_tmp: PathBuf,
}

impl Dir {
    pub fn new() -> Dir {
        let tmp = tempfile::Builder::new()
            .prefix("cf-test-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("scratch dir");
        let root = tmp.path().to_path_buf();
        let sys_tmp = root.join("sys-tmp");
        fs::create_dir_all(&sys_tmp).unwrap();
        Dir {
            vault: root.join("vault"),
            sys_tmp,
            root,
            _tmp: tmp,
        }
    }

    /// A new scratch folder with an initialised vault (minimum KDF cost, to keep tests quick).
    pub fn with_vault() -> (Dir, String) {
        let d = Dir::new();
        let out = d.ok(&["--json", "init", "--kdf-memory-mib", "64"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let key = v["recovery_key"].as_str().unwrap().to_string();
        (d, key)
    }

    pub fn cmd(&self) -> Command {
        self.cmd_at(&self.vault)
    }

    /// The program with this scratch folder's environment, on the vault at `vault`.
    pub fn cmd_at(&self, vault: &Path) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_casefile"));
        c.arg("--vault")
            .arg(vault)
            .env("CASEFILE_PASSPHRASE", PASSPHRASE)
            .env_remove("CASEFILE_VAULT")
            .env_remove("CASEFILE_NEW_PASSPHRASE")
            .env_remove("CASEFILE_RECOVERY_KEY")
            .env("TMPDIR", &self.sys_tmp)
            .stdin(std::process::Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run casefile")
    }

    /// Runs and asserts success.
    pub fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "casefile {args:?} failed with {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Runs with `--json` and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.ok(&all);
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
    }

    pub fn new_case(&self) -> String {
        let v = self.json(&[
            "case",
            "new",
            "--title",
            "测试借款",
            "--lender",
            "某某小额贷款有限公司",
        ]);
        v["id"].as_str().unwrap().to_string()
    }

    /// Adds files with the CLI and returns the JSON outcome lines.
    pub fn add(&self, case: &str, files: &[&Path]) -> Vec<serde_json::Value> {
        let mut args: Vec<String> = vec![
            "--json".into(),
            "evidence".into(),
            "add".into(),
            case.into(),
        ];
        args.extend(files.iter().map(|f| f.to_str().unwrap().to_string()));
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.ok(&argv);
        serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap()
    }

    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.root.join(name);
        fs::write(&p, bytes).unwrap();
        p
    }

    /// A file of `size` pseudo-random bytes, written in chunks.
    pub fn random_file(&self, name: &str, size: u64, seed: u64) -> PathBuf {
        let p = self.root.join(name);
        write_random(&p, size, seed);
        p
    }

    pub fn verify(&self) -> (i32, serde_json::Value) {
        let out = self.run(&["--json", "verify"]);
        let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "verify printed no JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap(), v)
    }

    pub fn assert_verifies(&self) {
        let (code, v) = self.verify();
        assert_eq!(code, 0, "verify found problems: {v:#}");
        assert_eq!(v["ok"], true);
    }
}

pub fn write_random(p: &Path, size: u64, seed: u64) {
    let mut f = std::io::BufWriter::new(fs::File::create(p).unwrap());
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut buf = vec![0u8; 1 << 16];
    let mut left = size;
    while left > 0 {
        for chunk in buf.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let b = state.to_le_bytes();
            chunk.copy_from_slice(&b[..chunk.len()]);
        }
        let n = left.min(buf.len() as u64) as usize;
        f.write_all(&buf[..n]).unwrap();
        left -= n as u64;
    }
    f.flush().unwrap();
}

pub fn sha256_file(p: &Path) -> String {
    let mut f = fs::File::open(p).unwrap();
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    hex::encode(h.finalize())
}

/// Every regular file under `dir` (following no symlinks).
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// (path, size, sha256, mtime) of every file under `dir`: a fingerprint to prove nothing changed.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, u64, String, std::time::SystemTime)> {
    walk(dir)
        .into_iter()
        .map(|p| {
            let m = fs::metadata(&p).unwrap();
            let h = sha256_file(&p);
            (p, m.len(), h, m.modified().unwrap())
        })
        .collect()
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Copies the folder `from` to `to` (files and folders, keeping each file's permissions).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    fs::set_permissions(to, fs::metadata(from).unwrap().permissions()).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type().unwrap().is_dir() {
            copy_dir(&src, &dst);
        } else {
            fs::copy(&src, &dst).unwrap();
        }
    }
}

/// The text of a PDF as `pdftotext` extracts it, with all whitespace removed (table cells and
/// wrapped lines break text anywhere).
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    String::from_utf8_lossy(&out.stdout).replace(char::is_whitespace, "")
}
