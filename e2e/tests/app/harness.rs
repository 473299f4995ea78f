//! Drives the real, built CaseFile app: Xvfb (unless a usable X display is already there) →
//! tauri-driver → WebKitWebDriver → `casefile-app`, talked to over WebDriver with fantoccini.
//!
//! What must hold:
//! - every run gets its own vault, config and WebKit storage in a temp dir, so tests never see
//!   each other's data or the developer's real settings;
//! - nothing outlives an [`App`]: [`App::close`] ends the session so the app quits cleanly, and
//!   `Drop` (also on a panic) stops tauri-driver with SIGTERM, then ends every process still
//!   carrying this run's marker variable (the app and WebKit helpers that orphaning left behind);
//! - a helper that gives up panics with the selector and what the page showed, and leaves a
//!   screenshot, the page source and the driver log in `target/e2e-failure/`.

// Helpers serve tests still to come; not every one is used by every test binary yet.
#![allow(dead_code)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// Long enough for a debug build to open its first window on a busy 2-core machine.
pub const STARTUP: Duration = Duration::from_secs(60);
/// What the helpers without an explicit timeout wait for.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(100);
/// Environment variable set to the run's temp dir on tauri-driver, inherited by all under it.
const MARKER: &str = "CASEFILE_E2E_RUN";

/// One running app, with its own X display (when needed), driver and data folders.
pub struct App {
    client: Option<Client>,
    /// tauri-driver; WebKitWebDriver, the app and its WebKit helpers run under it.
    driver: Option<Child>,
    /// `MARKER=<temp dir>`: inherited by every process of this run, which is how teardown finds
    /// them once they have been orphaned (ancestry is lost then).
    marker: String,
    xvfb: Option<Child>,
    name: String,
    bin: PathBuf,
    driver_log: PathBuf,
    /// The folder the app is told to keep its vault in (`CASEFILE_VAULT`); not created here.
    pub vault: PathBuf,
    /// The folder the app is told to keep its settings in (`CASEFILE_CONFIG_DIR`).
    pub config_dir: PathBuf,
    // Removed when App's fields drop, i.e. after `Drop::drop` stopped every process using it.
    _tmp: tempfile::TempDir,
}

impl App {
    /// Starts the app under a fresh driver. `name` labels failure artefacts (use the test's name).
    pub async fn launch(name: &str) -> App {
        let bin = app_binary();
        let tmp = tempfile::Builder::new()
            .prefix("casefile-e2e-")
            .tempdir()
            .expect("temp dir");
        let root = tmp.path().to_path_buf();
        let vault = root.join("vault");
        let config_dir = root.join("config");
        for dir in [
            &config_dir,
            &root.join("xdg/data"),
            &root.join("xdg/config"),
            &root.join("xdg/cache"),
        ] {
            fs::create_dir_all(dir).expect("create temp folders");
        }

        let (display, xvfb) = match usable_display() {
            Some(display) => (display, None),
            None => {
                let (display, child) = start_xvfb();
                (display, Some(child))
            }
        };

        let (port, native_port) = free_ports();
        let driver_log = root.join("driver.log");
        let log = fs::File::create(&driver_log).expect("driver log");
        let marker = format!("{MARKER}={}", root.display());
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .args(["--native-driver", &native_driver().to_string_lossy()])
        // tauri-driver → WebKitWebDriver → app all inherit this environment: it is the only
        // way to hand the app its folders (the capabilities carry no env).
        .env(MARKER, &root)
        .env("DISPLAY", &display)
        .env("CASEFILE_VAULT", &vault)
        .env("CASEFILE_CONFIG_DIR", &config_dir)
        // WebKit keeps localStorage, IndexedDB and caches under XDG folders: isolate them.
        .env("XDG_DATA_HOME", root.join("xdg/data"))
        .env("XDG_CONFIG_HOME", root.join("xdg/config"))
        .env("XDG_CACHE_HOME", root.join("xdg/cache"))
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("driver log"))
        // Same process group as the test on purpose: Ctrl-C in a terminal reaches the app too.
        .stderr(log);
        if xvfb.is_some() {
            // On a Wayland desktop GTK would otherwise skip our Xvfb and open a real window.
            cmd.env_remove("WAYLAND_DISPLAY").env("GDK_BACKEND", "x11");
        }
        let driver = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start tauri-driver ({e}); run install-e2e-deps.sh"));

        let mut app = App {
            client: None,
            driver: Some(driver),
            marker,
            xvfb,
            name: name.to_string(),
            bin,
            driver_log,
            vault,
            config_dir,
            _tmp: tmp,
        };
        // Both ends must listen: tauri-driver forwards the new-session request straight on.
        app.wait_for_port(port);
        app.wait_for_port(native_port);

        let caps = json!({
            // What Tauri's WebDriver guide uses; tauri-driver rewrites tauri:options into
            // webkitgtk:browserOptions {binary, args} for WebKitWebDriver.
            "browserName": "wry",
            "tauri:options": { "application": app.bin },
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        // 127.0.0.1, not localhost: tauri-driver forwards to the Host header's host at the native
        // port, and WebKitWebDriver listens on 127.0.0.1 only.
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match client {
            Ok(client) => app.client = Some(client),
            Err(e) => panic!(
                "WebDriver session for {} failed: {e}\n--- driver log ---\n{}",
                app.bin.display(),
                app.driver_log_text()
            ),
        }
        app
    }

    /// Ends the WebDriver session (WebKitWebDriver then closes the app) and stops everything.
    pub async fn close(mut self) {
        if let Some(client) = self.client.take()
            && let Err(e) = client.close().await
        {
            eprintln!("e2e: closing the WebDriver session failed: {e}");
        }
        self.teardown();
    }

    /// This run's temp folder (files to drop on the window, export targets).
    pub fn scratch(&self) -> &Path {
        self._tmp.path()
    }

    /// Replaces what a field holds with `text` (Ctrl+A, then typing), as a user would.
    pub async fn replace_text(&self, css: &str, text: &str) {
        let element = self.wait_for(css, DEFAULT_WAIT).await;
        // WebDriver key codes: U+E009 Control, U+E003 Backspace.
        let keys = format!("\u{E009}a\u{E009}\u{E003}{text}");
        if let Err(e) = element.send_keys(&keys).await {
            self.fail(&format!("typing into `{css}` failed: {e}")).await;
        }
    }

    /// How many elements match `css` right now.
    pub async fn count(&self, css: &str) -> usize {
        self.client()
            .find_all(Locator::Css(css))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    }

    /// Waits until at least `n` elements match `css`.
    pub async fn wait_count(&self, css: &str, n: usize, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let seen = self.count(css).await;
            if seen >= n {
                return;
            }
            if Instant::now() >= deadline {
                self.fail(&format!(
                    "expected {n} elements matching `{css}` within {timeout:?}, saw {seen}"
                ))
                .await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Fails the test like the helpers do: screenshot, page source and driver log kept.
    pub async fn fail_with(&self, what: &str) -> ! {
        self.fail(what).await
    }

    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("session is open")
    }

    /// The first element matching `css`, waiting up to `timeout` for it to appear.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(element) = self.client().find(Locator::Css(css)).await {
                return element;
            }
            if Instant::now() >= deadline {
                self.fail(&format!("no element matches `{css}` after {timeout:?}"))
                    .await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Whether `css` matches anything right now (no waiting): for asserting absence.
    pub async fn exists(&self, css: &str) -> bool {
        self.client().find(Locator::Css(css)).await.is_ok()
    }

    pub async fn click(&self, css: &str) {
        // Retried for a while: a closing drawer or a dialog sliding in covers the target
        // for a moment, as it would for a person, who would click again.
        let deadline = Instant::now() + DEFAULT_WAIT;
        loop {
            let element = self.wait_for(css, DEFAULT_WAIT).await;
            // Bring it into the window first, as a person would scroll to it.
            let _ = self
                .client()
                .execute(
                    "const r = arguments[0].getBoundingClientRect();
                     if (r.top < 0 || r.bottom > innerHeight) arguments[0].scrollIntoView({block: 'center'})",
                    vec![serde_json::to_value(&element).expect("element reference")],
                )
                .await;
            match element.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() >= deadline => {
                    self.fail(&format!("clicking `{css}` failed: {e}")).await
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        }
    }

    /// Types `text` at the end of what the field already holds (real key events, so React's
    /// onChange fires).
    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_for(css, DEFAULT_WAIT).await;
        if let Err(e) = element.send_keys(text).await {
            self.fail(&format!("typing into `{css}` failed: {e}")).await;
        }
    }

    /// The rendered text of the first element matching `css` (waits for it to exist).
    pub async fn text_of(&self, css: &str) -> String {
        let element = self.wait_for(css, DEFAULT_WAIT).await;
        match element.text().await {
            Ok(text) => text,
            Err(e) => {
                self.fail(&format!("reading the text of `{css}` failed: {e}"))
                    .await
            }
        }
    }

    /// Waits until the first element matching `css` shows text containing `needle`.
    pub async fn wait_text_contains(&self, css: &str, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut seen = None;
        loop {
            // Re-find every time: React may replace the element while we wait.
            if let Ok(element) = self.client().find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
            {
                if text.contains(needle) {
                    return text;
                }
                seen = Some(text);
            }
            if Instant::now() >= deadline {
                let seen = match seen {
                    Some(text) => format!("its text was {text:?}"),
                    None => "no element matched".to_string(),
                };
                self.fail(&format!(
                    "`{css}` never contained {needle:?} in {timeout:?}; {seen}"
                ))
                .await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    pub async fn title(&self) -> String {
        self.client().title().await.expect("document title")
    }

    /// Runs `script` as a function body in the page (`return …` to get a value back).
    pub async fn exec_js(&self, script: &str, args: Vec<Value>) -> Value {
        match self.client().execute(script, args).await {
            Ok(value) => value,
            Err(e) => self.fail(&format!("script failed: {e}\n{script}")).await,
        }
    }

    /// Saves a PNG of the webview's page to `path` (parents created).
    pub async fn screenshot(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        self.settle().await;
        let png = self
            .client()
            .screenshot()
            .await
            .expect("WebDriver screenshot");
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("screenshot folder");
        }
        fs::write(path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    /// Waits until the page has loaded, its fonts are in and two frames were painted. Right
    /// after launch the DOM can be complete while WebKit has not painted yet: a screenshot then
    /// came out plain white (about 1 run in 15 here).
    async fn settle(&self) {
        let script = r#"
            const done = arguments[arguments.length - 1];
            const loaded = document.readyState === 'complete'
                ? Promise.resolve()
                : new Promise(r => addEventListener('load', r, { once: true }));
            loaded
                .then(() => document.fonts.ready)
                .then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));
        "#;
        if let Err(e) = self.client().execute_async(script, vec![]).await {
            self.fail(&format!("page never settled for a screenshot: {e}"))
                .await;
        }
    }

    /// The environment the running app process actually got (`KEY=value` entries): proof that
    /// what we set on tauri-driver made it through WebKitWebDriver.
    pub fn app_environment(&self) -> Vec<String> {
        let app = marked_processes(&self.marker)
            .into_iter()
            .find(|&pid| {
                // A rebuilt binary reads as "<path> (deleted)", hence starts_with.
                fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| {
                    exe.to_string_lossy()
                        .starts_with(&*self.bin.to_string_lossy())
                })
            })
            .unwrap_or_else(|| panic!("no running {} in this run", self.bin.display()));
        let environ = fs::read(format!("/proc/{app}/environ")).expect("read app environ");
        environ
            .split(|&b| b == 0)
            .filter(|entry| !entry.is_empty())
            .map(|entry| String::from_utf8_lossy(entry).into_owned())
            .collect()
    }

    /// Saves what the app shows (screenshot, page source, driver log) and panics with `what`
    /// plus the page's title and visible text.
    async fn fail(&self, what: &str) -> ! {
        let dir = failure_dir();
        let _ = fs::create_dir_all(&dir);
        let stem = dir.join(&self.name);
        let client = self.client();
        if let Ok(png) = client.screenshot().await {
            let _ = fs::write(stem.with_extension("png"), png);
        }
        if let Ok(html) = client.source().await {
            let _ = fs::write(stem.with_extension("html"), html);
        }
        self.keep_driver_log(&stem);
        let title = client.title().await.unwrap_or_default();
        let body = client
            .execute(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let body: String = body.chars().take(600).collect();
        panic!(
            "{what}\n  page title: {title:?}\n  page text: {body:?}\n  artefacts: {}.{{png,html}} (+ .driver.log if it has output)",
            stem.display()
        );
    }

    fn wait_for_port(&mut self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            let driver = self.driver.as_mut().expect("driver");
            if let Ok(Some(status)) = driver.try_wait() {
                panic!(
                    "tauri-driver exited ({status}):\n{}",
                    self.driver_log_text()
                );
            }
            if Instant::now() >= deadline {
                panic!(
                    "nothing listens on 127.0.0.1:{port} after 20s:\n{}",
                    self.driver_log_text()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Copies the driver log (tauri-driver, WebKitWebDriver and the app's own output) next to
    /// the other failure artefacts, when anything was written to it.
    fn keep_driver_log(&self, stem: &Path) {
        if fs::metadata(&self.driver_log).is_ok_and(|m| m.len() > 0) {
            let _ = fs::copy(&self.driver_log, stem.with_extension("driver.log"));
        }
    }

    fn driver_log_text(&self) -> String {
        fs::read_to_string(&self.driver_log).unwrap_or_default()
    }

    /// Stops tauri-driver with SIGTERM (it then kills WebKitWebDriver itself; SIGKILL would
    /// leave WebKitWebDriver holding its port), then ends what is left of the run: the app when
    /// the session was not closed, and WebKitNetworkProcess, which outlives even a clean close.
    /// Then Xvfb. Idempotent; blocking (at most seconds), which is fine in a test.
    fn teardown(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            signal(driver.id(), libc::SIGTERM);
            wait_timeout(&mut driver, Duration::from_secs(5));
            for sig in [libc::SIGTERM, libc::SIGKILL] {
                let left = marked_processes(&self.marker);
                if left.is_empty() {
                    break;
                }
                left.into_iter().for_each(|pid| signal(pid, sig));
                let deadline = Instant::now() + Duration::from_secs(5);
                while !marked_processes(&self.marker).is_empty() && Instant::now() < deadline {
                    std::thread::sleep(POLL);
                }
            }
            let left = marked_processes(&self.marker);
            if !left.is_empty() {
                eprintln!("e2e: processes survived SIGKILL: {left:?}");
            }
        }
        if let Some(mut xvfb) = self.xvfb.take() {
            signal(xvfb.id(), libc::SIGTERM);
            wait_timeout(&mut xvfb, Duration::from_secs(5));
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if std::thread::panicking() && self.driver.is_some() {
            // A plain assert failed in the test: keep the driver log (no screenshot: that needs
            // the async client, which cannot be driven from here).
            let dir = failure_dir();
            let _ = fs::create_dir_all(&dir);
            self.keep_driver_log(&dir.join(&self.name));
        }
        self.teardown();
    }
}

/// `CASEFILE_APP_BIN`, else `casefile-app` in this build's target dir (follows
/// CARGO_TARGET_DIR), else in `<workspace>/target/debug`.
fn app_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("CASEFILE_APP_BIN") {
        let bin = PathBuf::from(bin);
        assert!(
            bin.is_file(),
            "CASEFILE_APP_BIN={} is not a file",
            bin.display()
        );
        return fs::canonicalize(bin).expect("canonical app path");
    }
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    let candidates = [
        target.join("debug/casefile-app"),
        workspace.join("target/debug/casefile-app"),
    ];
    match candidates.iter().find(|p| p.is_file()) {
        Some(bin) => fs::canonicalize(bin).expect("canonical app path"),
        None => panic!(
            "app binary not found at {} or {}: build it with `cargo build -p casefile-app` \
             (or point CASEFILE_APP_BIN at it)",
            candidates[0].display(),
            candidates[1].display()
        ),
    }
}

/// WebKitWebDriver from PATH (Debian's webkit2gtk-driver puts it in /usr/bin), passed to
/// tauri-driver explicitly so a missing one fails here with a clear message.
fn native_driver() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("WebKitWebDriver"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("WebKitWebDriver not on PATH; run install-e2e-deps.sh (webkit2gtk-driver)")
        })
}

/// `$DISPLAY` when it is a local display whose socket accepts a connection.
fn usable_display() -> Option<String> {
    let display = std::env::var("DISPLAY").ok()?;
    let number = display.strip_prefix(':')?.split('.').next()?;
    UnixStream::connect(format!("/tmp/.X11-unix/X{number}")).ok()?;
    Some(display)
}

/// Starts Xvfb on a display number it picks itself: with `-displayfd` it reports the number
/// only once it accepts connections, so there is neither a guess that races another server nor
/// a socket to poll.
fn start_xvfb() -> (String, Child) {
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-nolisten",
            "tcp",
            "-screen",
            "0",
            "1400x900x24",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null()) // it warns about xkb and fonts on every start
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start Xvfb ({e}); run install-e2e-deps.sh"));
    let stdout = child.stdout.take().expect("Xvfb stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(Duration::from_secs(15)) {
        Ok(line) if line.trim().parse::<u32>().is_ok() => (format!(":{}", line.trim()), child),
        other => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Xvfb did not report a display number within 15s: {other:?}");
        }
    }
}

/// Two distinct free loopback ports (both held open until both are known).
fn free_ports() -> (u16, u16) {
    let a = TcpListener::bind("127.0.0.1:0").expect("bind");
    let b = TcpListener::bind("127.0.0.1:0").expect("bind");
    (
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    )
}

/// Live processes whose environment holds the entry `marker`, from /proc.
fn marked_processes(marker: &str) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    let me = std::process::id();
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| pid != me)
        .filter(|pid| {
            fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|&b| b == 0).any(|e| e == marker.as_bytes()))
        })
        .filter(|pid| {
            // "pid (comm) state …": comm may hold spaces and parens, so look after the last ')'.
            // Zombies are dead already; here they wait for an init that reaps slowly.
            fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
                stat.rsplit_once(')')
                    .is_some_and(|(_, rest)| rest.split_whitespace().next() != Some("Z"))
            })
        })
        .collect()
}

fn signal(pid: u32, sig: i32) {
    // SAFETY: kill(2) has no memory-safety preconditions; an error (ESRCH: already gone) is fine.
    unsafe {
        libc::kill(pid as i32, sig);
    }
}

fn wait_timeout(child: &mut Child, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(POLL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn failure_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("e2e-failure")
}
