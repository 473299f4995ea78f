//! A received manifest as the checker reads it: typed, bounded views of `manifest.json` and of
//! the chain excerpt's event bodies, holding only what is compared.
//!
//! Nothing here builds a `serde_json::Value` from pack bytes: a value tree costs tens of bytes
//! per input byte, which is how a 200 MiB manifest used to cost gigabytes. Lists stop growing
//! at their limit (the rest is skipped, not stored, and the overflow is reported); fields the
//! checker does not compare are skipped by the parser; a field of an unexpected type reads as
//! [`Scalar::Other`] instead of failing the whole body.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::*;

/// At most `MAX` items; `overflow` says that more were there (and skipped).
#[derive(Debug)]
pub(super) struct Bounded<T, const MAX: usize> {
    pub(super) items: Vec<T>,
    pub(super) overflow: bool,
}

impl<T, const MAX: usize> Default for Bounded<T, MAX> {
    fn default() -> Self {
        Bounded {
            items: Vec::new(),
            overflow: false,
        }
    }
}

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for Bounded<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const MAX: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for V<T, MAX> {
            type Value = Bounded<T, MAX>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a list of at most {MAX} items")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Bounded::default();
                while out.items.len() < MAX {
                    match seq.next_element()? {
                        Some(item) => out.items.push(item),
                        None => return Ok(out),
                    }
                }
                // Past the limit: read on without storing, so the parse still ends cleanly.
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    out.overflow = true;
                }
                Ok(out)
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

/// A JSON value the checker compares: text, an integer, null or absent; anything else is
/// skipped without being stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) enum Scalar {
    #[default]
    Missing,
    Null,
    Bool(bool),
    Int(i128),
    Text(String),
    Other,
}

impl Scalar {
    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Scalar::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The value as the manifest would show it: absent and null both mean "not set".
    pub(super) fn or_null(&self) -> &Scalar {
        match self {
            Scalar::Missing => &Scalar::Null,
            other => other,
        }
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Scalar::Missing => f.write_str("nothing"),
            Scalar::Null => f.write_str("null"),
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Text(s) => write!(f, "{:?}", s.chars().take(120).collect::<String>()),
            Scalar::Other => f.write_str("a list or an object"),
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(i.into()))
            }
            fn visit_u64<E>(self, u: u64) -> Result<Scalar, E> {
                Ok(Scalar::Int(u.into()))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_str<E>(self, s: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Scalar, E> {
                Ok(Scalar::Text(s))
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                Scalar::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar, A::Error> {
                IgnoredAny.visit_map(map).map(|_| Scalar::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// `manifest.json` as received (see [`Manifest`] for what the writer puts there).
#[derive(Debug, Deserialize)]
pub(super) struct ReceivedManifest {
    pub(super) format: String,
    pub(super) version: u32,
    pub(super) case: ReceivedCase,
    pub(super) exhibits: Bounded<ManifestExhibit, MAX_EXHIBITS>,
    pub(super) chain: Bounded<ChainExcerptEvent, MAX_CHAIN_EVENTS>,
    pub(super) pdf: Option<String>,
    pub(super) timestamps: Option<super::timestamps::ReceivedTimestamps>,
}

/// The case fields of the manifest that the chain also records.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ReceivedCase {
    pub(super) id: Scalar,
    pub(super) title: Scalar,
    pub(super) lender: Scalar,
    pub(super) platform: Scalar,
    pub(super) principal_fen: Scalar,
    pub(super) overdue_since: Scalar,
    pub(super) created_at: Scalar,
}

/// A chain event body (`chain.rs` defines the encoding), reduced to what is compared.
#[derive(Debug, Deserialize)]
pub(super) struct EventBody {
    pub(super) seq: u64,
    pub(super) at: String,
    pub(super) offset: i32,
    pub(super) kind: String,
    pub(super) case: Option<String>,
    pub(super) data: EventData,
}

impl EventBody {
    /// The event's time as the manifest writes times: local, with the user's offset.
    pub(super) fn local_time(&self) -> Option<String> {
        crate::domain::Instant::from_stored(&self.at, self.offset).map(|t| t.to_rfc3339())
    }
}

/// The `data` fields of the events a manifest is compared with: `case_created`,
/// `evidence_added` and `record_corrected`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct EventData {
    pub(super) evidence_id: Scalar,
    pub(super) name: Scalar,
    pub(super) size: Scalar,
    pub(super) sha256: Scalar,
    pub(super) kind: Scalar,
    pub(super) title: Scalar,
    pub(super) lender: Scalar,
    pub(super) platform: Scalar,
    pub(super) principal_fen: Scalar,
    pub(super) overdue_since: Scalar,
    pub(super) record: Scalar,
    pub(super) id: Scalar,
    pub(super) changes: Bounded<FieldChange, MAX_CHANGES>,
}

/// One field of a `record_corrected` event: its name and new value.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct FieldChange {
    pub(super) field: Scalar,
    pub(super) new: Scalar,
}

/// `format` and `version` from the start of manifest.json. `prefix` may end anywhere: the
/// two keys are taken as they come (the writer puts them first), the rest is not read.
pub(super) fn manifest_head(prefix: &[u8]) -> (Option<String>, Option<u64>) {
    struct Head<'a>(&'a mut Option<String>, &'a mut Option<u64>);
    impl<'de> Visitor<'de> for Head<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while self.0.is_none() || self.1.is_none() {
                let Some(key) = map.next_key::<String>()? else {
                    break;
                };
                match key.as_str() {
                    "format" => *self.0 = map.next_value::<Scalar>()?.text().map(str::to_string),
                    "version" => {
                        *self.1 = match map.next_value::<Scalar>()? {
                            Scalar::Int(v) => u64::try_from(v).ok(),
                            _ => None,
                        }
                    }
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(())
        }
    }
    let (mut format, mut version) = (None, None);
    let mut de = serde_json::Deserializer::from_slice(prefix);
    // The prefix ends mid-document, so the parser's own result is an error by design; what
    // the visitor saw before that is the answer.
    let _ = de.deserialize_map(Head(&mut format, &mut version));
    (format, version)
}
