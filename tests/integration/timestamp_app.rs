//! The app's side of trusted timestamps against a real RFC 3161 authority (`tsa.rs`): the test
//! request, the settings, stamping outside the session lock, and automatic stamping that
//! retries after the service was down.

use std::io::{Read, Write};
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use casefile::api::Session;
use casefile::api::stamping::{self, AutoStamp, SettingsChange};
use casefile::timestamp::{TsaProblem, http};
use secrecy::SecretString;

use crate::tsa::TestTsa;
use crate::util::{Dir, PASSPHRASE};

fn open(d: &Dir) -> Mutex<Option<Session>> {
    let s = Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(casefile::domain::SystemClock),
    )
    .unwrap();
    Mutex::new(Some(s))
}

fn status(m: &Mutex<Option<Session>>) -> stamping::TimestampStatus {
    stamping::status(m.lock().unwrap().as_ref().unwrap()).unwrap()
}

fn configure(m: &Mutex<Option<Session>>, change: SettingsChange) -> stamping::TimestampStatus {
    stamping::configure(m.lock().unwrap().as_mut().unwrap(), &change).unwrap()
}

fn dead_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// An HTTP server that answers every request with a web page (a wrong address).
fn web_page_server() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in l.incoming().take(4) {
            let Ok(mut conn) = conn else { continue };
            let _ = conn.set_read_timeout(Some(Duration::from_secs(2)));
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf);
            let body = "<html>hello</html>";
            let _ = write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://127.0.0.1:{port}/")
}

#[test]
fn a_test_request_names_the_service_and_stores_nothing() {
    let tsa = TestTsa::start("ec");
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.file("a.txt", b"pending during the test");
    d.add(&case, &[&a]);
    let m = open(&d);
    let ca = std::fs::read(tsa.ca()).unwrap();

    let ok = stamping::test_service(&m, &tsa.url, Some(&ca), &http::exchange).unwrap();
    assert_eq!(ok.failure, None, "{ok:?}");
    assert!(
        ok.tsa_name
            .as_deref()
            .is_some_and(|n| !n.is_empty() && !n.contains("CN=")),
        "{ok:?}"
    );
    let gen_time = chrono::DateTime::parse_from_rfc3339(ok.gen_time.as_deref().unwrap()).unwrap();
    assert!((chrono::Utc::now() - gen_time.to_utc()).num_minutes().abs() < 5);
    assert_eq!(tsa.answered.load(Ordering::SeqCst), 1);

    // Nothing stored: no stamp, no address, no root, no attempt; the item is still pending.
    let st = status(&m);
    assert_eq!(st.batches, 0);
    assert_eq!(st.tsa_url, None);
    assert!(st.roots.is_empty());
    assert_eq!(st.pending_items, 1);
    assert_eq!(st.last_attempt, None);
    assert!(!st.enabled && !st.auto, "stamping is off until turned on");

    // Each way it can go wrong gets its own problem.
    let untrusted = stamping::test_service(&m, &tsa.url, None, &http::exchange).unwrap();
    assert_eq!(
        untrusted.failure.unwrap().problem,
        TsaProblem::UntrustedRoot
    );
    let offline = format!("http://127.0.0.1:{}/", dead_port());
    let off = stamping::test_service(&m, &offline, Some(&ca), &http::exchange).unwrap();
    assert_eq!(off.failure.unwrap().problem, TsaProblem::Offline);
    let page = stamping::test_service(&m, &web_page_server(), Some(&ca), &http::exchange).unwrap();
    assert_eq!(page.failure.unwrap().problem, TsaProblem::NotATsa);
    let bad_root =
        stamping::test_service(&m, &tsa.url, Some(b"not a cert"), &http::exchange).unwrap();
    assert_eq!(bad_root.failure.unwrap().problem, TsaProblem::BadRootFile);
    let bad_url = stamping::test_service(&m, "freetsa.org/tsr", None, &http::exchange).unwrap();
    assert_eq!(bad_url.failure.unwrap().problem, TsaProblem::BadUrl);
    assert_eq!(status(&m).batches, 0);

    // Locked: nothing to test with.
    let locked: Mutex<Option<Session>> = Mutex::new(None);
    assert!(stamping::test_service(&locked, &tsa.url, Some(&ca), &http::exchange).is_none());
}

#[test]
fn automatic_stamping_retries_after_the_service_was_down_and_never_holds_the_session() {
    let tsa = TestTsa::start("ec");
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let m = open(&d);
    let st = configure(
        &m,
        SettingsChange {
            enabled: Some(true),
            auto: Some(true),
            tsa_url: Some(format!(" {} ", tsa.url)),
            add_root: Some(std::fs::read(tsa.ca()).unwrap()),
        },
    );
    assert!(st.enabled && st.auto);
    assert_eq!(st.tsa_url.as_deref(), Some(tsa.url.as_str()));
    assert_eq!(st.roots.len(), 1);
    assert_eq!(st.roots[0].sha256.len(), 64);

    let a = d.file("a.txt", b"added while offline");
    d.add(&case, &[&a]);
    // The exchange runs with the session free: another command could use it meanwhile.
    let exchange = |url: &str, req: &[u8]| {
        assert!(
            m.try_lock().is_ok(),
            "the session is held during the exchange"
        );
        http::exchange(url, req)
    };

    tsa.set_down(true);
    let t0 = Instant::now();
    let mut auto = AutoStamp::default();
    let first = auto.tick(&m, t0, &exchange).expect("an attempt at unlock");
    assert_eq!(first.stamped, None);
    let failure = first.failure.unwrap();
    assert_eq!(failure.problem, TsaProblem::Offline, "{failure:?}");
    let st = status(&m);
    assert_eq!(st.pending_items, 1, "the item stays pending");
    assert_eq!(
        st.last_error.as_ref().map(|f| f.problem),
        Some(TsaProblem::Offline)
    );
    assert!(st.last_attempt.is_some());
    assert_eq!(st.last_success, None);

    // Not again right away, nor at a nudge within the minimum gap.
    assert!(
        auto.tick(&m, t0 + Duration::from_secs(20), &exchange)
            .is_none()
    );
    auto.nudge();
    assert!(
        auto.tick(&m, t0 + Duration::from_secs(30), &exchange)
            .is_none()
    );

    // The service comes back; the next periodic try stamps.
    tsa.set_down(false);
    let later = t0 + Duration::from_secs(11 * 60);
    let second = auto
        .tick(&m, later, &exchange)
        .expect("a retry after the interval");
    assert_eq!(second.failure, None, "{second:?}");
    assert_eq!(second.stamped.unwrap().items, 1);
    let st = status(&m);
    assert_eq!(st.pending_items, 0);
    assert!(!st.chain_head_pending);
    assert_eq!(st.batches, 1);
    assert_eq!(st.last_error, None);
    assert!(st.last_success.is_some());

    // The badge: the service by host, genTime in the item's offset, minutes since intake.
    let stamps = {
        let g = m.lock().unwrap();
        stamping::evidence_stamps(g.as_ref().unwrap(), &case).unwrap()
    };
    assert_eq!(stamps.len(), 1);
    assert!(tsa.url.contains(&stamps[0].service), "{stamps:?}");
    assert!((0..=5).contains(&stamps[0].minutes_after), "{stamps:?}");
    assert!(chrono::DateTime::parse_from_rfc3339(&stamps[0].gen_time).is_ok());

    // Nothing pending: the next tick asks nobody.
    let answered = tsa.answered.load(Ordering::SeqCst);
    assert!(
        auto.tick(&m, later + Duration::from_secs(11 * 60), &exchange)
            .is_none()
    );
    assert_eq!(tsa.answered.load(Ordering::SeqCst), answered);
    drop(m);
    d.assert_verifies();
}

#[test]
fn stamping_is_off_until_turned_on_and_automatic_only_when_asked() {
    let tsa = TestTsa::start("ec");
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let a = d.file("a.txt", b"waiting");
    d.add(&case, &[&a]);
    let m = open(&d);
    configure(
        &m,
        SettingsChange {
            tsa_url: Some(tsa.url.clone()),
            add_root: Some(std::fs::read(tsa.ca()).unwrap()),
            ..SettingsChange::default()
        },
    );
    let t0 = Instant::now();
    let mut auto = AutoStamp::default();
    assert!(auto.tick(&m, t0, &http::exchange).is_none());
    let manual = stamping::stamp_pending(&m, &http::exchange).unwrap();
    assert_eq!(manual.failure.unwrap().problem, TsaProblem::Disabled);
    assert_eq!(tsa.answered.load(Ordering::SeqCst), 0, "nothing was asked");
    assert_eq!(status(&m).last_attempt, None, "a refusal is not an attempt");

    // On, but not automatic: only the button stamps.
    configure(
        &m,
        SettingsChange {
            enabled: Some(true),
            ..SettingsChange::default()
        },
    );
    auto.nudge();
    assert!(
        auto.tick(&m, t0 + Duration::from_secs(11 * 60), &http::exchange)
            .is_none()
    );
    assert_eq!(tsa.answered.load(Ordering::SeqCst), 0);
    let manual = stamping::stamp_pending(&m, &http::exchange).unwrap();
    assert_eq!(manual.failure, None, "{manual:?}");
    assert_eq!(manual.stamped.unwrap().items, 1);
    // Nothing pending: neither a stamp nor a failure.
    let again = stamping::stamp_pending(&m, &http::exchange).unwrap();
    assert_eq!((again.stamped, again.failure), (None, None));
    assert_eq!(tsa.answered.load(Ordering::SeqCst), 1);

    // A bad address or root is refused and changes nothing.
    let g = &mut *m.lock().unwrap();
    let s = g.as_mut().unwrap();
    assert!(
        stamping::configure(
            s,
            &SettingsChange {
                tsa_url: Some("tsa.example".into()),
                ..SettingsChange::default()
            }
        )
        .is_err()
    );
    assert!(
        stamping::configure(
            s,
            &SettingsChange {
                add_root: Some(b"-----BEGIN CERTIFICATE-----\nxx\n".to_vec()),
                ..SettingsChange::default()
            }
        )
        .is_err()
    );
    let st = stamping::status(s).unwrap();
    assert_eq!(st.tsa_url.as_deref(), Some(tsa.url.as_str()));
    assert_eq!(st.roots.len(), 1);
}
