//! The app's side of trusted timestamps: the user's choices (on or off, automatic or not, which
//! service, an extra trusted root), a test request that stores nothing, stamping what is
//! pending without holding the session during the network exchange, the record of the last
//! attempt, the badge of each stamped item, and the schedule of automatic stamping.
//!
//! Everything here is kept in the vault's `settings` table (not secret, not chained): the
//! service's address and extra roots under the keys [`super::timestamp`] already uses, plus the
//! switches and the last attempt. Stamping is off until the user turns it on.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::Session;
use super::timestamp::{
    self as ts, Batch, Exchange, SETTING_TSA_ROOTS, SETTING_TSA_URL, StampRequest,
};
use crate::db;
use crate::timestamp::{TsaProblem, token};
use crate::{Error, Result};

/// Setting key: stamping is on (`1`) or off (anything else; off when absent).
pub const SETTING_ENABLED: &str = "timestamp.enabled";
/// Setting key: stamp pending items in the background while unlocked (`1`).
pub const SETTING_AUTO: &str = "timestamp.auto";
/// Setting key: when the app last asked a service (RFC 3339, the user's offset).
pub const SETTING_LAST_ATTEMPT: &str = "timestamp.last_attempt";
/// Setting key: when a stamp was last saved (RFC 3339, the user's offset).
pub const SETTING_LAST_SUCCESS: &str = "timestamp.last_success";
/// Setting key: the last failure ([`StampFailure`] as JSON), empty after a success.
pub const SETTING_LAST_ERROR: &str = "timestamp.last_error";

/// The largest root certificate file read.
pub const MAX_ROOT_FILE_BYTES: u64 = 256 * 1024;

/// Why an attempt did not give a stamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StampFailure {
    /// When it was tried (RFC 3339, the user's offset).
    pub at: String,
    pub problem: TsaProblem,
    /// The technical reason, in English (for a helper or a bug report).
    pub detail: String,
}

/// An extra root certificate the user added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RootInfo {
    /// Subject (RFC 4514).
    pub subject: String,
    /// SHA-256 of the certificate's DER, lower-case hex (compare with the publisher's).
    pub sha256: String,
}

/// The settings and the state of stamping, for the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimestampStatus {
    pub enabled: bool,
    pub auto: bool,
    /// The service's address, if one is chosen.
    pub tsa_url: Option<String>,
    pub roots: Vec<RootInfo>,
    /// Evidence items waiting for a stamp.
    pub pending_items: u32,
    /// Whether records were added since the last stamp (the chain head is then stamped too).
    pub chain_head_pending: bool,
    /// Stamps saved so far.
    pub batches: u32,
    pub last_attempt: Option<String>,
    pub last_success: Option<String>,
    pub last_error: Option<StampFailure>,
}

/// What the user changed; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsChange {
    pub enabled: Option<bool>,
    pub auto: Option<bool>,
    /// The service's address (`http://` or `https://`).
    pub tsa_url: Option<String>,
    /// A root certificate to trust from now on (PEM or DER). Roots are only ever added: a
    /// stored stamp must keep verifying.
    pub add_root: Option<Vec<u8>>,
}

/// The result of a test request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TsaTestResult {
    pub tsa_url: String,
    /// The signer's common name (or whole subject) when the reply verified.
    pub tsa_name: Option<String>,
    /// The service's genTime (RFC 3339 UTC) when the reply verified.
    pub gen_time: Option<String>,
    pub failure: Option<StampFailure>,
}

/// The result of stamping what is pending: a batch, a failure, or neither (nothing pending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StampResult {
    pub stamped: Option<Batch>,
    pub failure: Option<StampFailure>,
}

/// The stamp of one evidence item, for its badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvidenceStamp {
    pub evidence_id: String,
    /// The service as shown: its name when it is a listed one, else the address's host.
    pub service: String,
    pub tsa_url: String,
    /// genTime in the offset the item was added in (RFC 3339), so it reads as local time.
    pub gen_time: String,
    /// Whole minutes from intake to genTime (negative when the service's clock is behind).
    pub minutes_after: i64,
}

/// Runs work on the open session, if there is one. The app's state holds the session behind a
/// lock; stamping takes it only to prepare and to save, never during the network exchange.
pub trait SessionAccess {
    /// `None` when no vault is open (locked).
    fn with_session<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Option<Result<T>>;
}

impl SessionAccess for std::sync::Mutex<Option<Session>> {
    fn with_session<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Option<Result<T>> {
        let mut guard = self.lock().unwrap_or_else(|p| p.into_inner());
        guard.as_mut().map(f)
    }
}

fn flag(session: &Session, key: &str) -> Result<bool> {
    Ok(db::setting(session.conn(), key)?.as_deref() == Some("1"))
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.is_empty())
}

/// The settings and the state of stamping.
pub fn status(session: &Session) -> Result<TimestampStatus> {
    let conn = session.conn();
    let pending = ts::pending(session)?;
    let roots = match db::setting(conn, SETTING_TSA_ROOTS)? {
        Some(pem) if !pem.trim().is_empty() => token::parse_certs(pem.as_bytes())
            .map_err(Error::TimestampRejected)?
            .iter()
            .map(root_info)
            .collect::<Result<Vec<_>>>()?,
        _ => Vec::new(),
    };
    let last_error = non_empty(db::setting(conn, SETTING_LAST_ERROR)?)
        .and_then(|j| serde_json::from_str::<StampFailure>(&j).ok());
    Ok(TimestampStatus {
        enabled: flag(session, SETTING_ENABLED)?,
        auto: flag(session, SETTING_AUTO)?,
        tsa_url: pending.tsa_url,
        roots,
        pending_items: pending.evidence_items,
        chain_head_pending: pending.chain_head,
        batches: u32::try_from(db::batches(conn)?.len()).unwrap_or(u32::MAX),
        last_attempt: non_empty(db::setting(conn, SETTING_LAST_ATTEMPT)?),
        last_success: non_empty(db::setting(conn, SETTING_LAST_SUCCESS)?),
        last_error,
    })
}

fn root_info(c: &x509_cert::Certificate) -> Result<RootInfo> {
    use der::Encode;
    use sha2::{Digest, Sha256};
    let der = c
        .to_der()
        .map_err(|e| Error::InvalidInput(format!("a root certificate: {e}")))?;
    Ok(RootInfo {
        subject: c.tbs_certificate.subject.to_string(),
        sha256: hex::encode(Sha256::digest(&der)),
    })
}

/// Checks a service address: trimmed, `http://` or `https://`, with a host.
///
/// # Errors
/// `InvalidInput` saying what an address looks like.
pub fn check_url(url: &str) -> Result<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !url.contains(char::is_whitespace) => {
            Ok(url.to_string())
        }
        _ => Err(Error::InvalidInput(format!(
            "“{url}” is not a timestamp service address; it starts with https:// or http://, like https://freetsa.org/tsr"
        ))),
    }
}

/// Saves what the user changed and returns the new status.
///
/// # Errors
/// `InvalidInput` when the address is not one, or the root is not a certificate. Nothing is
/// saved then.
pub fn configure(session: &mut Session, change: &SettingsChange) -> Result<TimestampStatus> {
    let url = change.tsa_url.as_deref().map(check_url).transpose()?;
    let roots = match &change.add_root {
        Some(bytes) => {
            let certs = token::parse_certs(bytes).map_err(|e| {
                Error::InvalidInput(format!(
                    "the chosen file is not a certificate ({e}); choose the service's root certificate, PEM or DER"
                ))
            })?;
            if certs.is_empty() {
                return Err(Error::InvalidInput(
                    "the chosen file holds no certificate; choose the service's root certificate, PEM or DER".into(),
                ));
            }
            let mut pem = db::setting(session.conn(), SETTING_TSA_ROOTS)?.unwrap_or_default();
            for c in &certs {
                use der::Encode;
                let der = c
                    .to_der()
                    .map_err(|e| Error::InvalidInput(format!("the root certificate: {e}")))?;
                let one = token::to_pem(&der)
                    .map_err(|e| Error::InvalidInput(format!("the root certificate: {e}")))?;
                if !pem.contains(&one) {
                    pem.push_str(&one);
                }
            }
            Some(pem)
        }
        None => None,
    };
    let bit = |b: bool| if b { "1" } else { "0" };
    session.change("saving the timestamp settings", |c| {
        if let Some(e) = change.enabled {
            db::set_setting(c.tx(), SETTING_ENABLED, bit(e))?;
        }
        if let Some(a) = change.auto {
            db::set_setting(c.tx(), SETTING_AUTO, bit(a))?;
        }
        if let Some(u) = &url {
            db::set_setting(c.tx(), SETTING_TSA_URL, u)?;
        }
        if let Some(p) = &roots {
            db::set_setting(c.tx(), SETTING_TSA_ROOTS, p)?;
        }
        Ok(())
    })?;
    status(session)
}

/// Reads a root certificate file the user picked (at most [`MAX_ROOT_FILE_BYTES`]).
///
/// # Errors
/// `SourceUnreadable` when it cannot be read; `InvalidInput` when it is too large to be one.
pub fn read_root_file(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let unreadable = |e| Error::SourceUnreadable {
        path: path.to_path_buf(),
        source: e,
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_ROOT_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_ROOT_FILE_BYTES {
        return Err(Error::InvalidInput(format!(
            "{} is larger than {MAX_ROOT_FILE_BYTES} bytes; a root certificate is a few KiB",
            path.display()
        )));
    }
    Ok(bytes)
}

/// The user-facing problem an error is.
pub fn problem_of(e: &Error) -> TsaProblem {
    match e {
        Error::TsaUnreachable(n) => TsaProblem::of_net(n),
        Error::TimestampRejected(t) => TsaProblem::of_token(t),
        Error::VaultBusy => TsaProblem::Busy,
        _ => TsaProblem::Other,
    }
}

fn failure(at: &str, problem: TsaProblem, detail: impl Into<String>) -> StampFailure {
    StampFailure {
        at: at.to_string(),
        problem,
        detail: detail.into(),
    }
}

fn now_text(session: &Session) -> String {
    session
        .vault_now()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The common name of an RFC 4514 subject (`CN=FreeTSA,O=…` → `FreeTSA`), else the subject.
pub fn common_name(subject: &str) -> String {
    subject
        .split(',')
        .find_map(|part| {
            let (k, v) = part.trim().split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("CN")
                .then(|| v.trim().to_string())
        })
        .filter(|cn| !cn.is_empty())
        .unwrap_or_else(|| subject.to_string())
}

/// Asks `url` to stamp a random 32-byte digest and checks the reply against the shipped roots,
/// the saved ones and `ca`. Nothing is stored: not the reply, not the address, not the root.
/// `None` when no vault is open.
pub fn test_service(
    access: &impl SessionAccess,
    url: &str,
    ca: Option<&[u8]>,
    exchange: Exchange<'_>,
) -> Option<TsaTestResult> {
    let prepared = access.with_session(|s| {
        let at = now_text(s);
        let extra = match ca {
            Some(bytes) => match token::parse_certs(bytes) {
                Ok(c) if !c.is_empty() => c,
                Ok(_) => {
                    return Ok(Err(failure(
                        &at,
                        TsaProblem::BadRootFile,
                        "the file holds no certificate",
                    )));
                }
                Err(e) => return Ok(Err(failure(&at, TsaProblem::BadRootFile, e.to_string()))),
            },
            None => Vec::new(),
        };
        Ok(Ok((at, ts::anchors(s, &extra)?)))
    })?;
    let result = |failure: Option<StampFailure>, name: Option<String>, time: Option<String>| {
        Some(TsaTestResult {
            tsa_url: url.to_string(),
            tsa_name: name,
            gen_time: time,
            failure,
        })
    };
    let (at, anchors) = match prepared {
        Ok(Ok(p)) => p,
        Ok(Err(f)) => return result(Some(f), None, None),
        Err(e) => {
            let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
            return result(
                Some(failure(&at, problem_of(&e), e.to_string())),
                None,
                None,
            );
        }
    };
    let url_checked = match check_url(url) {
        Ok(u) => u,
        Err(e) => {
            return result(
                Some(failure(&at, TsaProblem::BadUrl, e.to_string())),
                None,
                None,
            );
        }
    };
    let digest: [u8; 32] = rand::random();
    let nonce = token::new_nonce();
    let request = match token::request(&digest, &nonce) {
        Ok(r) => r,
        Err(e) => {
            return result(
                Some(failure(&at, TsaProblem::Other, e.to_string())),
                None,
                None,
            );
        }
    };
    let response = match exchange(&url_checked, &request) {
        Ok(r) => r,
        Err(e) => {
            return result(
                Some(failure(&at, TsaProblem::of_net(&e), e.to_string())),
                None,
                None,
            );
        }
    };
    match token::verify_response(&response, &digest, Some(&nonce), &[], &anchors) {
        Ok(v) => result(
            None,
            Some(common_name(&v.signer)),
            Some(
                v.gen_time
                    .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            ),
        ),
        Err(e) => result(
            Some(failure(&at, TsaProblem::of_token(&e), e.to_string())),
            None,
            None,
        ),
    }
}

/// Records the outcome of an attempt in the settings (the time, and the failure or the success).
fn record(session: &mut Session, at: &str, failure: Option<&StampFailure>) -> Result<()> {
    let error = match failure {
        Some(f) => serde_json::to_string(f).map_err(|e| Error::InvalidInput(e.to_string()))?,
        None => String::new(),
    };
    session.change("saving the timestamp attempt", |c| {
        db::set_setting(c.tx(), SETTING_LAST_ATTEMPT, at)?;
        if failure.is_none() {
            db::set_setting(c.tx(), SETTING_LAST_SUCCESS, at)?;
        }
        db::set_setting(c.tx(), SETTING_LAST_ERROR, &error)
    })
}

/// Stamps everything pending with the chosen service, when stamping is on: prepares with the
/// session, asks the service without it, saves with it, and records the attempt. `None` when
/// no vault is open (or it was locked meanwhile).
///
/// A failure is returned (and recorded), never raised: the items stay pending for a later try.
pub fn stamp_pending(access: &impl SessionAccess, exchange: Exchange<'_>) -> Option<StampResult> {
    let failed = |f: StampFailure| StampResult {
        stamped: None,
        failure: Some(f),
    };
    let prepared = access.with_session(|s| {
        let at = now_text(s);
        if !flag(s, SETTING_ENABLED)? {
            return Ok(Err(failure(
                &at,
                TsaProblem::Disabled,
                "trusted timestamps are off",
            )));
        }
        if db::setting(s.conn(), SETTING_TSA_URL)?.is_none() {
            return Ok(Err(failure(
                &at,
                TsaProblem::NoService,
                "no timestamp service is chosen",
            )));
        }
        Ok(Ok((at, ts::prepare(s, &StampRequest::default())?)))
    })?;
    let (at, prepared) = match prepared {
        Ok(Ok((_, None))) => {
            return Some(StampResult {
                stamped: None,
                failure: None,
            });
        }
        Ok(Ok((at, Some(p)))) => (at, p),
        // Not an attempt: nothing was asked, nothing is recorded.
        Ok(Err(f)) => return Some(failed(f)),
        Err(e) => {
            let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
            return Some(failed(failure(&at, problem_of(&e), e.to_string())));
        }
    };
    let outcome = match exchange(prepared.url(), prepared.request()) {
        Ok(response) => access.with_session(|s| ts::finish(s, prepared, &response))?,
        Err(e) => Err(Error::TsaUnreachable(e)),
    };
    let result = match outcome {
        Ok(batch) => StampResult {
            stamped: Some(batch),
            failure: None,
        },
        Err(e) => failed(failure(&at, problem_of(&e), e.to_string())),
    };
    // A failure to record the attempt must not hide its outcome.
    let _ = access.with_session(|s| record(s, &at, result.failure.as_ref()));
    Some(result)
}

/// The stamp of each stamped evidence item of a case, for its badge.
pub fn evidence_stamps(session: &Session, case_id: &str) -> Result<Vec<EvidenceStamp>> {
    let stamps = ts::item_stamps(session)?;
    let mut out = Vec::new();
    for e in db::list_evidence(session.conn(), Some(case_id))? {
        let Some(s) = stamps.get(&e.id) else {
            continue;
        };
        let Ok(stamped_at) = chrono::DateTime::parse_from_rfc3339(&s.batch.gen_time) else {
            continue;
        };
        let local = stamped_at.with_timezone(&e.added_at.local().timezone());
        out.push(EvidenceStamp {
            evidence_id: e.id.clone(),
            service: service_label(&s.batch.tsa_url),
            tsa_url: s.batch.tsa_url.clone(),
            gen_time: local.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            minutes_after: (stamped_at.with_timezone(&chrono::Utc) - e.added_at.utc).num_minutes(),
        });
    }
    Ok(out)
}

/// A listed service's name for its address, else the address's host.
pub fn service_label(url: &str) -> String {
    let trimmed = url.trim_end_matches('/');
    crate::timestamp::KNOWN_SERVICES
        .iter()
        .find(|k| k.url.trim_end_matches('/').eq_ignore_ascii_case(trimmed))
        .map_or_else(
            || crate::export::report::service_name(url),
            |k| k.name.to_string(),
        )
}

/// When automatic stamping asks: after unlock and after evidence is added (a "nudge"), and
/// every [`AutoStamp::interval`] while unlocked. After an attempt, a nudge waits
/// [`AutoStamp::min_gap`] so a run of intakes while offline does not become a run of requests.
#[derive(Debug, Clone)]
pub struct AutoStamp {
    pub interval: Duration,
    pub min_gap: Duration,
    last_try: Option<Instant>,
    nudged: bool,
}

impl Default for AutoStamp {
    fn default() -> Self {
        AutoStamp {
            interval: Duration::from_secs(10 * 60),
            min_gap: Duration::from_secs(60),
            last_try: None,
            nudged: true,
        }
    }
}

impl AutoStamp {
    /// Something happened that may have made items pending (unlock, intake).
    pub fn nudge(&mut self) {
        self.nudged = true;
    }

    /// Whether it is time to look at what is pending.
    pub fn due(&self, now: Instant) -> bool {
        match self.last_try {
            None => self.nudged,
            Some(t) => {
                let since = now.saturating_duration_since(t);
                since >= self.interval || (self.nudged && since >= self.min_gap)
            }
        }
    }

    /// Stamps what is pending when it is due and automatic stamping is on with a service
    /// chosen. `None` when nothing was asked.
    pub fn tick(
        &mut self,
        access: &impl SessionAccess,
        now: Instant,
        exchange: Exchange<'_>,
    ) -> Option<StampResult> {
        if !self.due(now) {
            return None;
        }
        let ready = access.with_session(|s| {
            let st = status(s)?;
            Ok(st.enabled
                && st.auto
                && st.tsa_url.is_some()
                && (st.pending_items > 0 || st.chain_head_pending))
        });
        self.nudged = false;
        self.last_try = Some(now);
        if !matches!(ready, Some(Ok(true))) {
            // Nothing to do: look again at the next nudge or after the interval.
            return None;
        }
        stamp_pending(access, exchange).filter(|r| r.stamped.is_some() || r.failure.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked() {
        assert_eq!(
            check_url(" https://freetsa.org/tsr ").unwrap(),
            "https://freetsa.org/tsr"
        );
        assert!(check_url("http://127.0.0.1:8080/").is_ok());
        for bad in [
            "",
            "freetsa.org/tsr",
            "ftp://x",
            "https://",
            "https:///x",
            "http://a b",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn common_names_are_read_from_the_subject() {
        assert_eq!(common_name("CN=Test TSA,O=Example"), "Test TSA");
        assert_eq!(common_name("O=Example, cn = Other "), "Other");
        assert_eq!(common_name("O=Example"), "O=Example");
    }

    #[test]
    fn listed_services_are_named_and_others_shown_by_host() {
        assert_eq!(service_label("https://freetsa.org/tsr"), "FreeTSA");
        assert_eq!(service_label("http://127.0.0.1:9/tsr"), "127.0.0.1:9");
    }

    #[test]
    fn the_schedule_waits_between_tries_and_a_nudge_waits_the_minimum_gap() {
        let t0 = Instant::now();
        let mut a = AutoStamp::default();
        assert!(a.due(t0), "the first look happens at unlock");
        a.last_try = Some(t0);
        a.nudged = false;
        assert!(!a.due(t0 + Duration::from_secs(5 * 60)));
        assert!(a.due(t0 + Duration::from_secs(10 * 60)));
        a.nudge();
        assert!(!a.due(t0 + Duration::from_secs(30)));
        assert!(a.due(t0 + Duration::from_secs(61)));
    }
}
