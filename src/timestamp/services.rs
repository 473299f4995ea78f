//! The public timestamp services the app offers by name, and the closed set of reasons an
//! exchange with a service can fail, as the user reads them.
//!
//! The table is the one list of named services: the CLI's README, the app's settings and the
//! tests read it from here. None was tried from the machine this version was built on (it has
//! no internet), so each says `tested: false`; the addresses come from the sources the README
//! names.

use serde::Serialize;

use super::TokenError;
use super::http::NetError;
use crate::domain::named::named_enum;

/// A timestamp service the app lists by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KnownService {
    /// Stable code (`freetsa`).
    pub code: &'static str,
    /// The service's own name (a proper noun, the same in every language).
    pub name: &'static str,
    /// The RFC 3161 endpoint (HTTP POST of `application/timestamp-query`).
    pub url: &'static str,
    /// Whether a request to it succeeded from the machine this version was built on.
    pub tested: bool,
    /// Where its root certificate is published, to fetch and compare before adding it.
    pub root_published_at: Option<&'static str>,
}

/// Every named service, in the order the app lists them.
pub const KNOWN_SERVICES: &[KnownService] = &[
    KnownService {
        code: "freetsa",
        name: "FreeTSA",
        url: "https://freetsa.org/tsr",
        tested: false,
        root_published_at: Some("https://freetsa.org/files/cacert.pem"),
    },
    KnownService {
        code: "open_tsa",
        name: "Open TSA",
        url: "https://tsr.open-tsa.eu",
        tested: false,
        root_published_at: None,
    },
];

named_enum! {
    /// Why asking a timestamp service did not give a usable stamp, in the user's words.
    pub TsaProblem, "timestamp problem", "tsaProblem" {
        Disabled => "disabled", "可信时间戳还没有开启：请在 设置 → 可信时间戳 中开启", "Trusted timestamps are off: turn them on in Settings → Trusted timestamps";
        NoService => "no_service", "还没有选择时间戳服务", "No timestamp service is chosen yet";
        BadUrl => "bad_url", "地址不对：应以 http:// 或 https:// 开头", "The address must start with http:// or https://";
        Offline => "offline", "连不上时间戳服务：这台电脑可能没有联网，或服务暂时不可用", "Cannot reach the timestamp service: this computer may be offline, or the service is down";
        TimedOut => "timed_out", "时间戳服务没有及时回应，稍后会再试", "The timestamp service did not answer in time; it will be tried again later";
        HttpError => "http_error", "服务返回了错误（HTTP 状态码），请检查地址", "The service answered with an HTTP error; check the address";
        NotATsa => "not_a_tsa", "这个地址回应的不是时间戳，可能不是时间戳服务的地址", "What this address sent back is not a timestamp; it may not be a timestamp service";
        Refused => "refused", "时间戳服务拒绝了请求", "The timestamp service refused the request";
        UntrustedRoot => "untrusted_root", "服务的证书不在信任列表里：请从服务官网下载它的根证书并添加", "The service's certificate is not trusted: download its root certificate from its own site and add it";
        BadCertificate => "bad_certificate", "服务的证书有问题（已过期、不是时间戳证书或签发不对）", "The service's certificate is not acceptable (expired, not a timestamping certificate, or wrongly issued)";
        BadReply => "bad_reply", "服务的回复没有通过核验（签名或内容不符），没有保存任何内容", "The service's reply did not verify (signature or content mismatch); nothing was saved";
        BadRootFile => "bad_root_file", "所选文件不是证书：请选择 PEM 或 DER 格式的根证书文件", "The chosen file is not a certificate: choose a root certificate file in PEM or DER form";
        Busy => "busy", "保险库正忙，稍后会再试", "The vault was busy; it will be tried again later";
        Other => "other", "没有成功，详见说明", "It did not work; see the details";
    }
}

impl TsaProblem {
    /// The problem a network failure is.
    pub fn of_net(e: &NetError) -> TsaProblem {
        match e {
            NetError::BadUrl { .. } => TsaProblem::BadUrl,
            NetError::Unreachable { .. } => TsaProblem::Offline,
            NetError::TimedOut { .. } => TsaProblem::TimedOut,
            NetError::HttpStatus { .. } => TsaProblem::HttpError,
            NetError::WrongContentType { .. } | NetError::TooLarge { .. } => TsaProblem::NotATsa,
        }
    }

    /// The problem a refused reply is.
    pub fn of_token(e: &TokenError) -> TsaProblem {
        use TokenError as T;
        match e {
            T::TooLarge { .. } | T::Malformed { .. } | T::NoToken | T::NotATimestamp => {
                TsaProblem::NotATsa
            }
            T::Rejected { .. } => TsaProblem::Refused,
            T::UntrustedRoot { .. } => TsaProblem::UntrustedRoot,
            T::NotTimestampingCert { .. }
            | T::CertNotValidAt { .. }
            | T::BadCertSignature { .. }
            | T::IssuerNotCa { .. }
            | T::ChainTooLong
            | T::TooManyCerts
            | T::SignerCertMissing => TsaProblem::BadCertificate,
            T::WrongImprintAlgorithm { .. }
            | T::WrongImprint { .. }
            | T::NonceMismatch
            | T::SignerCount(_)
            | T::NoSignedAttributes
            | T::ContentTypeMismatch
            | T::MessageDigestMismatch
            | T::UnsupportedAlgorithm { .. }
            | T::BadSignature => TsaProblem::BadReply,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_services_have_distinct_codes_and_http_addresses() {
        let mut codes: Vec<&str> = KNOWN_SERVICES.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), KNOWN_SERVICES.len());
        for s in KNOWN_SERVICES {
            assert!(s.url.starts_with("https://"), "{}", s.url);
            // Nothing here was tried from the build machine; the flag must say so.
            assert!(!s.tested, "{}", s.name);
        }
    }

    #[test]
    fn failures_map_to_the_problem_the_user_can_act_on() {
        let offline = NetError::Unreachable {
            url: "http://x".into(),
            reason: "refused".into(),
        };
        assert_eq!(TsaProblem::of_net(&offline), TsaProblem::Offline);
        let html = NetError::WrongContentType {
            url: "http://x".into(),
            found: "text/html".into(),
        };
        assert_eq!(TsaProblem::of_net(&html), TsaProblem::NotATsa);
        let root = TokenError::UntrustedRoot {
            issuer: "CN=x".into(),
        };
        assert_eq!(TsaProblem::of_token(&root), TsaProblem::UntrustedRoot);
        assert_eq!(
            TsaProblem::of_token(&TokenError::BadSignature),
            TsaProblem::BadReply
        );
        assert!(TsaProblem::Offline.label_zh().contains("联网"));
    }
}
