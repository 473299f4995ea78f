//! Plain types and rules of the domain: no I/O, no keys.
//!
//! Money is integer 分 (fen) and shown as 元 with two decimals; instants are UTC plus the user's
//! offset at the time; calendar dates the law counts from are plain `NaiveDate`s.

pub mod calendar;
pub mod contact;
pub mod deadline;
pub mod debt;
mod kind;
pub mod media;
mod money;
pub mod named;
pub mod plan;
pub mod plausible;
pub mod profile;
pub mod purpose;
pub mod rate;
mod records;
pub mod stage;
mod time;

pub use kind::EvidenceKind;
pub use money::Money;
pub use named::{Lang, Named};
pub use records::{Case, Evidence, MAX_TRANSCRIPT_CHARS};
pub use time::{Clock, DISPLAY_FORMAT, FixedClock, Instant, SystemClock, display_time};

use rand::RngCore;

/// A random id with a one-letter prefix naming what it identifies: `c-` cases, `e-` evidence.
///
/// Lower-case Crockford base32 without padding, so ids survive being read aloud or retyped.
pub(crate) fn new_id(prefix: char, bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    format!("{prefix}-{}", base32_lower(&raw))
}

fn base32_lower(raw: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let mut out = String::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in raw {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Checks that a user-typed id has the shape of one of ours before it reaches a query or a path.
pub(crate) fn is_valid_id(prefix: char, id: &str) -> bool {
    let mut chars = id.chars();
    chars.next() == Some(prefix)
        && chars.next() == Some('-')
        && id.len() > 2
        && id[2..]
            .bytes()
            .all(|b| b"0123456789abcdefghjkmnpqrstvwxyz".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_prefix_and_alphabet() {
        let id = new_id('e', 8);
        assert!(is_valid_id('e', &id), "{id}");
        assert_eq!(id.len(), 2 + 13);
        assert!(!is_valid_id('c', &id));
        assert!(!is_valid_id('e', "e-../../etc"));
        assert!(!is_valid_id('e', "e-"));
    }

    #[test]
    fn base32_known_vector() {
        assert_eq!(base32_lower(&[0xff, 0x00]), "zw00");
        assert_eq!(base32_lower(&[]), "");
    }
}
