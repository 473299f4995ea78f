//! Names inside the pack: portable path components, exhibit paths, unique names, and the
//! refusal of unsafe entry names.

use super::*;

// Names

/// One path component safe on Windows, macOS and Linux (see the module header).
pub fn sanitize_component(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| if forbidden_in_name(c) { '_' } else { c })
        .collect();
    let mut out = cap_component(trim_edges(&replaced));
    if out.is_empty() {
        out = "file".to_string();
    }
    if is_reserved_on_windows(&out) {
        // Cutting to length only ever shortens the end, so the prefix stays.
        out = cap_component(&format!("_{out}"));
    }
    out
}

/// `exhibits/E001_<sanitised name>`; three digits, more when the number needs them.
pub fn exhibit_path(number: usize, original_name: &str) -> String {
    let name = sanitize_component(original_name);
    let mut component = cap_component(&format!("E{number:03}_{name}"));
    let end = component.trim_end_matches(is_edge).len();
    component.truncate(end);
    format!("exhibits/{component}")
}

/// The same paths, made unique ignoring case (as Windows and macOS compare names): a repeat
/// gets ` (2)`, ` (3)`, … before its extension.
pub fn unique_paths<S: AsRef<str>>(paths: &[S]) -> Vec<String> {
    let mut taken = HashSet::new();
    paths
        .iter()
        .map(|p| {
            let p = p.as_ref();
            let mut candidate = p.to_string();
            let mut n = 2usize;
            while !taken.insert(candidate.to_lowercase()) {
                candidate = with_number(p, n);
                n += 1;
            }
            candidate
        })
        .collect()
}

pub(super) fn with_number(path: &str, n: usize) -> String {
    let (dir, last) = match path.rsplit_once('/') {
        Some((d, l)) => (Some(d), l),
        None => (None, path),
    };
    let (stem, ext) = split_ext(last);
    let component = fit(stem, &format!(" ({n}){ext}"));
    match dir {
        Some(d) => format!("{d}/{component}"),
        None => component,
    }
}

pub(super) fn forbidden_in_name(c: char) -> bool {
    matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')
        || c.is_control()
        // Bidirectional overrides make "exe.pdf" read as "fdp.exe" and the like.
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

pub(super) fn is_edge(c: char) -> bool {
    c == '.' || c.is_whitespace()
}

pub(super) fn trim_edges(s: &str) -> &str {
    s.trim_matches(is_edge)
}

pub(super) fn is_reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end_matches(' ');
    let upper = stem.to_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && rest.len() == 1
        && matches!(rest[0], '0'..='9' | '¹' | '²' | '³')
}

/// `name` split before its extension; an extension is 1–16 characters without spaces after
/// the last dot, and the stem before it is not empty.
pub(super) fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => {
            let ext = &name[i + 1..];
            let n = ext.chars().count();
            if (1..=16).contains(&n) && !ext.chars().any(char::is_whitespace) {
                (&name[..i], &name[i..])
            } else {
                (name, "")
            }
        }
        _ => (name, ""),
    }
}

pub(super) fn fits(s: &str) -> bool {
    s.len() <= MAX_COMPONENT_BYTES && s.chars().count() <= MAX_COMPONENT_CHARS
}

pub(super) fn cap_component(s: &str) -> String {
    if fits(s) {
        return s.to_string();
    }
    let (stem, ext) = split_ext(s);
    fit(stem, ext)
}

/// `stem` cut so that `stem + tail` fits the limits; `tail` (an extension, a number) is kept.
pub(super) fn fit(stem: &str, tail: &str) -> String {
    let max_chars = MAX_COMPONENT_CHARS.saturating_sub(tail.chars().count());
    let max_bytes = MAX_COMPONENT_BYTES.saturating_sub(tail.len());
    let mut out = String::new();
    for (count, c) in stem.chars().enumerate() {
        if count + 1 > max_chars || out.len() + c.len_utf8() > max_bytes {
            break;
        }
        out.push(c);
    }
    let end = out.trim_end_matches(is_edge).len();
    out.truncate(end);
    out.push_str(tail);
    out
}

/// Why `path` may not name a file in a pack we write, if it may not.
pub(super) fn path_refusal(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("it is empty");
    }
    if path.starts_with('/') {
        return Some("it is absolute");
    }
    if path.contains('\\') {
        return Some("it contains a backslash");
    }
    if path == SUMS_PATH {
        return Some("SHA256SUMS is written by the pack itself");
    }
    for component in path.split('/') {
        if component.is_empty() {
            return Some("it has an empty component");
        }
        if component == "." || component == ".." {
            return Some("it has a `.` or `..` component");
        }
        if component.chars().any(char::is_control) {
            return Some("it contains a control character");
        }
        if component
            .chars()
            .any(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        {
            return Some("it contains a character Windows does not allow in names");
        }
        if component.len() > 255 {
            return Some("a component is longer than 255 bytes");
        }
    }
    None
}

/// Why a name found in a received zip is unsafe to extract, if it is.
pub(super) fn unsafe_entry_name(name: &str) -> Option<&'static str> {
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    if trimmed.starts_with('/') {
        return Some("it is absolute");
    }
    if trimmed.contains('\\') {
        return Some("it contains a backslash");
    }
    let first = trimmed.split('/').next().unwrap_or("");
    if first.len() >= 2 && first.as_bytes()[1] == b':' {
        return Some("it starts with a drive letter");
    }
    if trimmed.split('/').any(|c| c.is_empty() || c == "..") {
        return Some("it has an empty or `..` component");
    }
    None
}

/// Already-compressed formats, stored as they are.
pub(super) fn is_precompressed(path: &str) -> bool {
    let ext = match path.rsplit_once('.') {
        Some((_, e)) if !e.contains('/') => e.to_ascii_lowercase(),
        _ => return false,
    };
    matches!(
        ext.as_str(),
        "jpg"
            | "jpeg"
            | "png"
            | "gif"
            | "webp"
            | "heic"
            | "heif"
            | "avif"
            | "mp4"
            | "m4v"
            | "m4a"
            | "mov"
            | "3gp"
            | "mp3"
            | "aac"
            | "amr"
            | "ogg"
            | "oga"
            | "opus"
            | "webm"
            | "mkv"
            | "flac"
            | "pdf"
            | "zip"
            | "gz"
            | "bz2"
            | "xz"
            | "zst"
            | "7z"
            | "rar"
            | "docx"
            | "xlsx"
            | "pptx"
            | "odt"
            | "ods"
            | "age"
    )
}

pub(super) fn parse_sha(s: &str) -> Option<String> {
    (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_ascii_lowercase())
}

/// What a received entry name becomes on the file system that folds the most together
/// (Windows): `\` is a separator, empty and `.` components vanish, trailing dots and spaces
/// are dropped, and case is ignored. Two entries with one key are one file once extracted.
pub(super) fn extraction_key(name: &str) -> String {
    name.replace('\\', "/")
        .split('/')
        .map(|c| c.trim_end_matches(['.', ' ']))
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join("/")
        .to_lowercase()
}
