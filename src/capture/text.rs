//! Text as phones and PC tools write it: UTF-8 with or without a BOM, UTF-16 (usually with a
//! BOM, sometimes without), or GB18030/GBK (rarely Big5 or a Western code page). Never assume
//! UTF-8. One decoder for the capture import and for text exhibits printed in the PDF.

use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// How much of a file the legacy-encoding guess and [`looks_like_text`] look at.
const SNIFF_BYTES: usize = 64 * 1024;

/// The start of a text file, decoded (see [`decode_head`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub text: String,
    /// The encoding's WHATWG name, e.g. `UTF-8`, `UTF-16LE`, `gb18030`.
    pub encoding: &'static str,
    /// The whole file is in `text`; otherwise it stops after `max_chars` characters.
    pub complete: bool,
}

/// Decodes `bytes`, detecting the encoding: a BOM first; else UTF-16 when every other byte of
/// the start is zero (checked before UTF-8, which allows zero bytes); else valid UTF-8; else
/// GB18030 (a superset of GBK and GB2312).
/// Returns the text (BOM removed, malformed sequences as U+FFFD) and the encoding's name.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let encoding = detect(bytes);
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), encoding.name())
}

/// The first `max_chars` characters of `bytes` decoded as [`decode`] would (same detection),
/// reading no more of the file than they take: memory stays bounded by `max_chars` however
/// large the file.
pub fn decode_head(bytes: &[u8], max_chars: usize) -> Head {
    let encoding = detect(bytes);
    let mut decoder = encoding.new_decoder_with_bom_removal();
    // At most 4 bytes per character in any of these encodings (BOM aside).
    let take = bytes
        .len()
        .min(max_chars.saturating_mul(4).saturating_add(4));
    let last = take == bytes.len();
    let cap = decoder
        .max_utf8_buffer_length(take)
        .unwrap_or(take.saturating_mul(3));
    let mut text = String::with_capacity(cap);
    let _ = decoder.decode_to_string(&bytes[..take], &mut text, last);
    let mut complete = last;
    if let Some((cut, _)) = text.char_indices().nth(max_chars) {
        text.truncate(cut);
        complete = false;
    }
    Head {
        text,
        encoding: encoding.name(),
        complete,
    }
}

/// True when `bytes` read as text in the encoding [`decode`] finds: (almost) nothing
/// malformed and no control characters besides line breaks, tabs and form feeds in the first
/// 64 KiB. For files the intake did not name `text/plain` (which it does for UTF-8 only).
pub fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return false;
    }
    let head = decode_head(&bytes[..bytes.len().min(SNIFF_BYTES)], SNIFF_BYTES);
    let (mut chars, mut bad) = (0usize, 0usize);
    for c in head.text.chars() {
        chars += 1;
        if c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            bad += 1;
        }
    }
    // A cut-off last character or two are not the file's fault.
    chars > 0 && bad.saturating_sub(2) * 200 <= chars
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    // ASCII text in UTF-16 leaves a zero in every other byte; count over the start only.
    // Checked before UTF-8: zero bytes are valid UTF-8, so BOM-less UTF-16 of ASCII would pass.
    let head = &bytes[..bytes.len().min(4096)];
    let pairs = head.len() / 2;
    if pairs >= 2 {
        let zero_odd = head
            .chunks_exact(2)
            .filter(|p| p[1] == 0 && p[0] != 0)
            .count();
        let zero_even = head
            .chunks_exact(2)
            .filter(|p| p[0] == 0 && p[1] != 0)
            .count();
        if zero_odd * 4 >= pairs {
            return UTF_16LE;
        }
        if zero_even * 4 >= pairs {
            return UTF_16BE;
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    legacy(&bytes[..bytes.len().min(SNIFF_BYTES)])
}

/// A file in a legacy encoding: chardetng's guess, told the text is most likely Chinese
/// (as a `.cn` page would be). GBK is read as GB18030, its superset (same for every GBK
/// byte, and it also decodes the four-byte sequences GBK lacks).
fn legacy(head: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(head, true);
    match detector.guess(Some(b"cn"), false) {
        e if e == GBK || e == UTF_8 => GB18030,
        e => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding_phones_write() {
        let text = "2026-03-20 22:58:01 张经理\n你今天必须把钱还上\n";
        let (gbk, _, _) = GB18030.encode(text);
        assert_eq!(decode(&gbk), (text.to_string(), "gb18030"));
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le), (text.to_string(), "UTF-16LE"));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be), (text.to_string(), "UTF-16BE"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(text.as_bytes());
        assert_eq!(decode(&bom), (text.to_string(), "UTF-8"));
        assert_eq!(decode(text.as_bytes()), (text.to_string(), "UTF-8"));
        // A short GBK line and a Western one (chardetng's guess, leaning Chinese).
        let (gbk, _, _) = GB18030.encode("还钱");
        assert_eq!(decode(&gbk).0, "还钱");
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("Café déjà réglé à l'échéance");
        assert_eq!(decode(&latin).0, "Café déjà réglé à l'échéance");
        // UTF-16 of plain ASCII without a BOM is also valid UTF-8 (full of NULs): still UTF-16.
        let ascii = "2026-03-20 22:58 +8613800138000 call back now\r\n";
        let le: Vec<u8> = ascii.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&le), (ascii.to_string(), "UTF-16LE"));
        assert!(looks_like_text(&le));
    }

    #[test]
    fn the_head_is_bounded_and_says_whether_it_is_whole() {
        let text = "第一行 催收短信\n".repeat(1000);
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (gbk, _, _) = GB18030.encode(&text);
        for bytes in [le.clone(), gbk.into_owned(), text.clone().into_bytes()] {
            let whole = decode_head(&bytes, usize::MAX / 8);
            assert_eq!(whole.text, text);
            assert!(whole.complete);
            let head = decode_head(&bytes, 25);
            assert_eq!(head.text, text.chars().take(25).collect::<String>());
            assert!(!head.complete);
            assert!(looks_like_text(&bytes));
        }
        // The head stops between characters, never with a replacement character.
        let (gbk, _, _) = GB18030.encode(&text);
        for n in 0..40 {
            for bytes in [&le[..], &gbk[..]] {
                let head = decode_head(bytes, n);
                assert!(!head.text.contains('\u{FFFD}'), "{n}");
                assert_eq!(head.text.chars().count(), n);
            }
        }
        assert!(!looks_like_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01"));
        assert!(!looks_like_text(&[
            0u8, 1, 2, 3, 4, 5, 6, 7, 200, 201, 202, 7, 8
        ]));
        assert!(!looks_like_text(b""));
    }
}
