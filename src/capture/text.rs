//! Text as phones and PC tools write it: UTF-8 with or without a BOM, UTF-16 (usually with a
//! BOM, sometimes without), or GB18030/GBK. Never assume UTF-8.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Decodes `bytes`, detecting the encoding: a BOM first; else valid UTF-8; else UTF-16 when
/// every other byte of the start is zero; else GB18030 (a superset of GBK and GB2312).
/// Returns the text (BOM removed, malformed sequences as U+FFFD) and the encoding's name.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let encoding = detect(bytes);
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), encoding.name())
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    // ASCII text in UTF-16 leaves a zero in every other byte; count over the start only.
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
    GB18030
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
    }
}
