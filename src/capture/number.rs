//! Phone numbers as a routing key: the same line written as `+86 138-0013-8000`,
//! `008613800138000` or `13800138000` gives one key.

/// The routing key of a phone number or account.
///
/// Spaces, dashes, dots and brackets go; `00` becomes `+` (Xiaomi writes `+` as `00`); `+86`
/// goes; then one leading `0` (a trunk prefix, `010…`) goes. Something that is not a phone
/// number (a WeChat id, an e-mail, a name) is only trimmed and lower-cased (ASCII).
/// Returns `None` for an empty input.
pub fn key(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let compact: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}' | '\u{3000}'))
        .collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    let is_number = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    if !is_number {
        return Some(raw.to_ascii_lowercase());
    }
    let mut n = if let Some(rest) = compact.strip_prefix("00") {
        format!("+{rest}")
    } else {
        compact
    };
    if let Some(rest) = n.strip_prefix("+86") {
        n = rest.to_string();
    } else if n.len() == 13 && n.starts_with("861") {
        // 86 written without + before an 11-digit mobile number.
        n = n[2..].to_string();
    }
    if let Some(rest) = n.strip_prefix('0')
        && !rest.is_empty()
    {
        n = rest.to_string();
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn the_forms_of_one_number_give_one_key() {
        for n in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "+8613800138000",
            "008613800138000",
            "8613800138000",
        ] {
            assert_eq!(key(n).as_deref(), Some("13800138000"), "{n}");
        }
        assert_eq!(key("010-12345678"), key("+86 10 1234 5678"));
        assert_eq!(key("0015551234567").as_deref(), Some("+15551234567"));
        assert_eq!(key("+1 555 123 4567").as_deref(), Some("+15551234567"));
        assert_eq!(key(" wxid_ABC123 ").as_deref(), Some("wxid_abc123"));
        assert_eq!(key("  "), None);
    }
}
