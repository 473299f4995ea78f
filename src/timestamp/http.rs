//! The one network exchange: POST a timestamp request, read the response (bounded).
//!
//! `ureq` over rustls (no system OpenSSL), with a connect timeout and an overall timeout, no
//! cookies, and the body read up to [`super::token::MAX_RESPONSE_BYTES`].

use std::time::Duration;

/// How long a whole exchange may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// How long connecting may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the service could not be asked. The items stay pending; nothing else is affected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    #[error("{url} is not an http:// or https:// address")]
    BadUrl { url: String },
    #[error(
        "cannot reach {url} ({reason}). This computer may be offline; the items stay pending and can be stamped later"
    )]
    Unreachable { url: String, reason: String },
    #[error("{url} did not answer within {seconds} s; the items stay pending")]
    TimedOut { url: String, seconds: u64 },
    #[error("{url} answered HTTP {status}; check the address of the timestamp service")]
    HttpStatus { url: String, status: u16 },
    #[error("{url} answered with {found} instead of a timestamp reply; check the address")]
    WrongContentType { url: String, found: String },
    #[error("{url} sent more than {limit} bytes; this is not a timestamp reply")]
    TooLarge { url: String, limit: u64 },
}

/// Sends `request` (DER `TimeStampReq`) to `url` and returns the raw response body.
pub fn exchange(url: &str, request: &[u8]) -> Result<Vec<u8>, NetError> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(NetError::BadUrl { url: url.into() });
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("CaseFile/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let limit = super::token::MAX_RESPONSE_BYTES as u64;
    let err = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => NetError::TimedOut {
            url: url.into(),
            seconds: TIMEOUT.as_secs(),
        },
        ureq::Error::BodyExceedsLimit(_) => NetError::TooLarge {
            url: url.into(),
            limit,
        },
        ureq::Error::BadUri(_) => NetError::BadUrl { url: url.into() },
        other => NetError::Unreachable {
            url: url.into(),
            reason: other.to_string(),
        },
    };
    let mut resp = agent
        .post(url)
        .header("Content-Type", "application/timestamp-query")
        .header("Accept", "application/timestamp-reply")
        .send(request)
        .map_err(err)?;
    let status = resp.status().as_u16();
    if status != 200 {
        return Err(NetError::HttpStatus {
            url: url.into(),
            status,
        });
    }
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    // Some services send a generic type; an HTML page is the common mistake (a wrong URL).
    if content_type.starts_with("text/") {
        return Err(NetError::WrongContentType {
            url: url.into(),
            found: content_type,
        });
    }
    resp.body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(err)
}
