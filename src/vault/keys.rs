//! Key material: the master key, the keys derived from it, the recovery key, and key wrapping.
//!
//! Invariants: no key type is `Clone`, `Serialize` or printable (`Debug` shows a redaction);
//! every key buffer zeroizes on drop; reaching the bytes takes a method that says so.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::BASE64;
use hkdf::Hkdf;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::locked::LockedBytes;

pub const KEY_LEN: usize = 32;

/// A 256-bit symmetric key on a page of its own, locked in RAM where the platform allows
/// (see [`LockedBytes`]), zeroized on drop.
pub struct SecretKey(LockedBytes<KEY_LEN>);

impl SecretKey {
    pub(crate) fn generate() -> Self {
        let mut k = LockedBytes::zeroed();
        rand::rngs::OsRng.fill_bytes(k.bytes_mut());
        SecretKey(k)
    }

    /// A key written in place by `fill` (a KDF's output buffer), so no copy stays on the stack.
    pub(crate) fn filled_with<E>(
        fill: impl FnOnce(&mut [u8; KEY_LEN]) -> Result<(), E>,
    ) -> Result<Self, E> {
        LockedBytes::filled_with(fill).map(SecretKey)
    }

    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        let mut k = LockedBytes::zeroed();
        *k.bytes_mut() = bytes;
        SecretKey(k)
    }

    /// The raw key bytes. Named loudly on purpose: every caller is a place a key leaves its box.
    pub(crate) fn expose_bytes(&self) -> &[u8; KEY_LEN] {
        self.0.bytes()
    }

    /// Whether this key's page is locked in RAM (kept out of swap).
    pub(crate) fn is_locked(&self) -> bool {
        self.0.is_locked()
    }

    /// Derives an independent subkey for one purpose (HKDF-SHA256, the vault id as salt).
    pub(crate) fn derive(&self, vault_id: &str, purpose: &str) -> SecretKey {
        let hk = Hkdf::<Sha256>::new(Some(vault_id.as_bytes()), self.0.bytes());
        let mut out = LockedBytes::zeroed();
        hk.expand(purpose.as_bytes(), out.bytes_mut())
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        SecretKey(out)
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// A secret sealed under a key-encryption key with XChaCha20-Poly1305, as stored in `vault.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wrapped {
    /// 24-byte nonce, base64.
    pub nonce: String,
    /// Ciphertext with its 16-byte tag, base64.
    pub ciphertext: String,
}

#[derive(Debug)]
pub(crate) enum UnwrapError {
    /// The stored value is not even well-formed (bad base64, wrong length).
    Malformed(&'static str),
    /// Authentication failed: wrong key, or the stored value was altered.
    Rejected,
}

impl Wrapped {
    pub(crate) fn seal(kek: &SecretKey, aad: &str, secret: &[u8]) -> Wrapped {
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        Self::seal_with_nonce(kek, aad, secret, nonce)
    }

    pub(crate) fn seal_with_nonce(
        kek: &SecretKey,
        aad: &str,
        secret: &[u8],
        nonce: [u8; 24],
    ) -> Wrapped {
        let cipher = XChaCha20Poly1305::new(kek.expose_bytes().into());
        let ciphertext = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret,
                    aad: aad.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 encryption of a short secret cannot fail");
        Wrapped {
            nonce: BASE64.encode(&nonce),
            ciphertext: BASE64.encode(&ciphertext),
        }
    }

    pub(crate) fn open(
        &self,
        kek: &SecretKey,
        aad: &str,
    ) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        let nonce = BASE64
            .decode(self.nonce.as_bytes())
            .map_err(|_| UnwrapError::Malformed("nonce is not base64"))?;
        if nonce.len() != 24 {
            return Err(UnwrapError::Malformed("nonce is not 24 bytes"));
        }
        let ciphertext = BASE64
            .decode(self.ciphertext.as_bytes())
            .map_err(|_| UnwrapError::Malformed("ciphertext is not base64"))?;
        if ciphertext.len() < 16 {
            return Err(UnwrapError::Malformed("ciphertext is too short"));
        }
        let cipher = XChaCha20Poly1305::new(kek.expose_bytes().into());
        cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &ciphertext,
                    aad: aad.as_bytes(),
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| UnwrapError::Rejected)
    }

    pub(crate) fn open_key(&self, kek: &SecretKey, aad: &str) -> Result<SecretKey, UnwrapError> {
        let bytes = self.open(kek, aad)?;
        SecretKey::filled_with(|key| {
            let stored: &[u8; KEY_LEN] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| UnwrapError::Malformed("wrapped key is not 32 bytes"))?;
            key.copy_from_slice(stored);
            Ok(())
        })
    }
}

/// The printable recovery key: 160 random bits plus a 20-bit checksum, written as nine groups
/// of four characters from Crockford's base32 (no I, L, O, U), e.g. `7K3M-…`.
///
/// Like [`SecretKey`], it sits on a page of its own, locked in RAM where the platform allows.
pub struct RecoveryKey(LockedBytes<RECOVERY_BYTES>);

const RECOVERY_BYTES: usize = 20;
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl RecoveryKey {
    pub(crate) fn generate() -> Self {
        let mut k = LockedBytes::zeroed();
        rand::rngs::OsRng.fill_bytes(k.bytes_mut());
        RecoveryKey(k)
    }

    /// The key-encryption key this recovery key stands for. The key carries 160 random bits,
    /// so a fast KDF is enough (no password stretching needed).
    pub(crate) fn kek(&self, vault_id: &str) -> SecretKey {
        let hk = Hkdf::<Sha256>::new(Some(vault_id.as_bytes()), self.0.bytes());
        let mut out = LockedBytes::zeroed();
        hk.expand(b"casefile recovery kek v1", out.bytes_mut())
            .expect("valid length");
        SecretKey(out)
    }

    fn checksum(bytes: &[u8]) -> [u8; 3] {
        let d = Sha256::new()
            .chain_update(b"casefile recovery key v1")
            .chain_update(bytes)
            .finalize();
        [d[0], d[1], d[2] & 0xf0]
    }

    /// The grouped, printable form. Only call this to show the key to the user once.
    pub fn expose_display(&self) -> Zeroizing<String> {
        let mut data = Zeroizing::new(Vec::with_capacity(RECOVERY_BYTES + 3));
        data.extend_from_slice(self.0.bytes());
        data.extend_from_slice(&Self::checksum(self.0.bytes()));
        // 23 bytes = 184 bits; we print 180 of them (36 symbols); the last 4 bits are zero.
        let mut symbols = Zeroizing::new(String::with_capacity(36));
        let mut acc: u64 = 0;
        let mut bits = 0;
        for &b in data.iter() {
            acc = (acc << 8) | u64::from(b);
            bits += 8;
            while bits >= 5 && symbols.len() < 36 {
                bits -= 5;
                symbols.push(CROCKFORD[((acc >> bits) & 31) as usize] as char);
            }
        }
        acc.zeroize();
        let mut out = Zeroizing::new(String::with_capacity(44));
        for (i, c) in symbols.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    /// Parses what a person typed back from paper: case, spaces and hyphens do not matter, and
    /// the look-alikes O/I/L are read as 0/1/1.
    pub fn parse(text: &str) -> Result<RecoveryKey, crate::Error> {
        let malformed = |reason: &str| crate::Error::MalformedRecoveryKey {
            reason: reason.to_string(),
        };
        let mut values = Zeroizing::new(Vec::with_capacity(36));
        for c in text.chars() {
            let c = c.to_ascii_uppercase();
            let c = match c {
                '-' | ' ' | '\t' | '\n' | '\r' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            match CROCKFORD.iter().position(|&s| s as char == c) {
                Some(v) => values.push(v as u8),
                None => {
                    return Err(malformed(
                        "it contains a character that is not used in recovery keys",
                    ));
                }
            }
        }
        if values.len() != 36 {
            return Err(malformed(&format!(
                "it has {} characters instead of 36",
                values.len()
            )));
        }
        let mut data = Zeroizing::new([0u8; 23]);
        let mut acc: u64 = 0;
        let mut bits = 0;
        let mut n = 0;
        for &v in values.iter() {
            acc = (acc << 5) | u64::from(v);
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                data[n] = (acc >> bits) as u8;
                n += 1;
            }
        }
        // 180 bits give 22 whole bytes and 4 bits of the 23rd.
        data[n] = ((acc << (8 - bits)) & 0xff) as u8;
        acc.zeroize();
        let mut key = LockedBytes::zeroed();
        key.bytes_mut().copy_from_slice(&data[..RECOVERY_BYTES]);
        let key = RecoveryKey(key);
        if data[RECOVERY_BYTES..] != Self::checksum(key.0.bytes()) {
            return Err(malformed(
                "its check characters do not match, so one of the characters was mistyped",
            ));
        }
        Ok(key)
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_key_round_trips_and_tolerates_typing() {
        let k = RecoveryKey::generate();
        let shown = k.expose_display();
        assert_eq!(shown.len(), 36 + 8);
        assert_eq!(shown.split('-').count(), 9);
        let typed = shown.to_lowercase().replace('-', " ").replace('0', "o");
        let back = RecoveryKey::parse(&typed).unwrap();
        assert_eq!(back.0.bytes(), k.0.bytes());
    }

    #[test]
    fn recovery_key_detects_a_typo() {
        let k = RecoveryKey::generate();
        let shown = k.expose_display();
        let mut chars: Vec<char> = shown.chars().collect();
        chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        let err = RecoveryKey::parse(&typo).unwrap_err();
        assert_eq!(err.code().as_str(), "malformed_recovery_key");
        assert!(RecoveryKey::parse("ABCD").is_err());
        assert!(RecoveryKey::parse(&"U".repeat(36)).is_err());
    }

    #[test]
    fn wrapping_rejects_wrong_key_and_other_purpose() {
        let kek = SecretKey::generate();
        let other = SecretKey::generate();
        let w = Wrapped::seal(&kek, "purpose-a", b"secret bytes");
        assert_eq!(&**w.open(&kek, "purpose-a").unwrap(), b"secret bytes");
        assert!(matches!(
            w.open(&other, "purpose-a"),
            Err(UnwrapError::Rejected)
        ));
        assert!(matches!(
            w.open(&kek, "purpose-b"),
            Err(UnwrapError::Rejected)
        ));
    }

    #[test]
    fn debug_never_shows_key_bytes() {
        let k = SecretKey::from_bytes([0xab; 32]);
        assert_eq!(format!("{k:?}"), "SecretKey(<redacted>)");
        assert!(!format!("{:?}", RecoveryKey::generate()).contains('-'));
    }
}
