//! A real timestamp authority for tests: a throwaway CA and TSA certificate made with the
//! `openssl` command (scripts/tsa-test-ca.sh), served over HTTP on 127.0.0.1 by a thread that
//! answers each POST by running `openssl ts -reply`. The server stops when dropped.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

pub struct TestTsa {
    _tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub url: String,
    /// Requests answered so far.
    pub answered: Arc<AtomicUsize>,
    /// While set, every connection is closed unanswered (a service that is down).
    down: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    port: u16,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestTsa {
    /// A new authority with `kind` keys: `rsa`, `ec` (P-256) or `ec384`.
    pub fn start(kind: &str) -> TestTsa {
        let tmp = tempfile::Builder::new()
            .prefix("cf-tsa-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap();
        let dir = tmp.path().to_path_buf();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/tsa-test-ca.sh");
        let out = Command::new("bash")
            .arg(script)
            .arg(&dir)
            .arg(kind)
            .output()
            .expect("run scripts/tsa-test-ca.sh (needs bash and openssl)");
        assert!(
            out.status.success(),
            "making the test CA failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let answered = Arc::new(AtomicUsize::new(0));
        let down = Arc::new(AtomicBool::new(false));
        let thread = {
            let (stop, answered, dir) = (stop.clone(), answered.clone(), dir.clone());
            let down = down.clone();
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    if down.load(Ordering::SeqCst) {
                        let _ = conn.shutdown(std::net::Shutdown::Both);
                        continue;
                    }
                    if serve(conn, &dir).is_ok() {
                        answered.fetch_add(1, Ordering::SeqCst);
                    }
                }
            })
        };
        TestTsa {
            url: format!("http://127.0.0.1:{port}/tsr"),
            _tmp: tmp,
            dir,
            answered,
            down,
            stop,
            port,
            thread: Some(thread),
        }
    }

    pub fn ca(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    /// Makes the service go down (connections closed unanswered) or come back up.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }
}

impl Drop for TestTsa {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One request: read headers and a bounded body, reply with `openssl ts -reply`'s output.
fn serve(conn: TcpStream, dir: &Path) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut length = 0usize;
    let mut line = String::new();
    for _ in 0..64 {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    if length == 0 || length > 64 * 1024 {
        return Err(std::io::Error::other("no or oversized body"));
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    let n = rand_name();
    let (q, r) = (dir.join(format!("{n}.tsq")), dir.join(format!("{n}.tsr")));
    std::fs::write(&q, &body)?;
    let status = Command::new("openssl")
        .args(["ts", "-reply", "-queryfile"])
        .arg(&q)
        .arg("-config")
        .arg(dir.join("ts.cnf"))
        .arg("-out")
        .arg(&r)
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()?;
    let reply = if status.success() {
        std::fs::read(&r)?
    } else {
        Vec::new()
    };
    let mut conn = conn;
    write!(
        conn,
        "HTTP/1.1 {}\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        if reply.is_empty() {
            "500 Internal Server Error"
        } else {
            "200 OK"
        },
        reply.len()
    )?;
    conn.write_all(&reply)?;
    conn.flush()
}

fn rand_name() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{}-{}",
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// `openssl ts -verify -digest ROOT -in TSR -CAfile CA [-untrusted CERTS]`: true when OpenSSL
/// prints "Verification: OK".
pub fn openssl_verifies(root_hex: &str, tsr: &Path, ca: &Path, untrusted: Option<&Path>) -> bool {
    let mut c = Command::new("openssl");
    c.args(["ts", "-verify", "-digest", root_hex, "-in"])
        .arg(tsr)
        .arg("-CAfile")
        .arg(ca);
    if let Some(u) = untrusted {
        c.arg("-untrusted").arg(u);
    }
    let out = c.output().expect("run openssl");
    out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Verification: OK")
}
