//! Call recordings recognised by the names the phones' own recorders give them (CAPTURE.md),
//! or by a user's pattern for other phones. A name carries the number or contact name and the
//! start time in the phone's local time; never the direction or the duration.

use std::sync::LazyLock;

use chrono::NaiveDateTime;
use regex::Regex;

use super::{Format, Problem, RecordingName};

/// File extensions recorders write; anything else is not taken for a recording.
const AUDIO_EXTENSIONS: &[&str] = &[
    "mp3", "m4a", "amr", "awb", "aac", "3gp", "3gpp", "3ga", "wav", "ogg", "opus", "flac", "silk",
];

/// The localised words Samsung puts before the name ("Call recording" in the phone's language).
const SAMSUNG_PREFIXES: &[&str] = &[
    "Call recording",
    "通话录音",
    "通話錄音",
    "通話録音",
    "Anrufaufnahme",
    "Enregistrement d'appel",
    "Grabación de llamada",
    "Registrazione chiamata",
];

/// The longest file name looked at (bytes); longer names are no recorder's.
const MAX_NAME: usize = 1024;

static XIAOMI: LazyLock<Regex> = LazyLock::new(|| {
    // [prefix@]name(number)[_name2(number2)…]_yyyyMMddHHmmss
    Regex::new(r"^(?:[^@()]*@)?([^()]*?)\(([^()]*)\)(?:_[^()]*\([^()]*\))*_(\d{14})$")
        .expect("valid regex")
});
static HUAWEI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^()]+?)_(\d{14})$").expect("valid regex"));
static SAMSUNG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)_(\d{6})_(\d{6})$").expect("valid regex"));

/// The stem of `file_name` if its extension is one recorders write.
fn audio_stem(file_name: &str) -> Option<&str> {
    if file_name.len() > MAX_NAME {
        return None;
    }
    let (stem, ext) = file_name.rsplit_once('.')?;
    AUDIO_EXTENSIONS
        .iter()
        .any(|e| e.eq_ignore_ascii_case(ext))
        .then_some(stem)
}

fn is_number_like(s: &str) -> bool {
    let s = s.trim();
    s.chars().filter(char::is_ascii_digit).count() >= 3
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
}

fn time(text: &str, format: &str) -> Result<NaiveDateTime, Problem> {
    NaiveDateTime::parse_from_str(text, format).map_err(|_| Problem::BadTime {
        text: text.to_string(),
    })
}

fn name_if_not_number(name: &str, number: Option<&str>) -> Option<String> {
    let name = name.trim();
    let same = number.is_some_and(|n| super::number::key(n) == super::number::key(name));
    (!name.is_empty() && !same).then(|| name.to_string())
}

/// Recognises a built-in recorder's file name. `Ok(None)`: not a recorder's name (or not
/// audio); `Err`: a recorder's name whose time is impossible.
pub fn recognise(file_name: &str) -> Result<Option<RecordingName>, Problem> {
    let Some(stem) = audio_stem(file_name) else {
        return Ok(None);
    };
    if let Some(c) = XIAOMI.captures(stem) {
        // Xiaomi writes `+` as `00` and the number as the name when there is no contact.
        let number = c[2].trim();
        let number = (!number.is_empty()).then(|| number.to_string());
        return Ok(Some(RecordingName {
            format: Format::XiaomiRecording,
            name: name_if_not_number(&c[1], number.as_deref()),
            number,
            at: time(&c[3], "%Y%m%d%H%M%S")?,
        }));
    }
    if let Some(c) = SAMSUNG.captures(stem) {
        let at = time(&format!("{}{}", &c[2], &c[3]), "%y%m%d%H%M%S")?;
        let rest = c[1].trim();
        let rest = SAMSUNG_PREFIXES
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .unwrap_or(rest)
            .trim();
        let (number, name) = if is_number_like(rest) {
            (Some(rest.to_string()), None)
        } else {
            (None, (!rest.is_empty()).then(|| rest.to_string()))
        };
        return Ok(Some(RecordingName {
            format: Format::SamsungRecording,
            number,
            name,
            at,
        }));
    }
    if let Some(c) = HUAWEI.captures(stem) {
        let who = c[1].trim();
        let (number, name) = if is_number_like(who) {
            (Some(who.to_string()), None)
        } else {
            (None, Some(who.to_string()))
        };
        return Ok(Some(RecordingName {
            format: Format::HuaweiRecording,
            number,
            name,
            at: time(&c[2], "%Y%m%d%H%M%S")?,
        }));
    }
    Ok(None)
}

/// A user's pattern for recording names of other phones, with named parts:
/// `{number}`, `{name}`, `{time:FORMAT}` (a chrono format of `%Y %y %m %d %H %M %S`), and `*`
/// for any text. Matched against the name without its extension, e.g.
/// `通话录音-{number}-{time:%Y-%m-%d %H-%M-%S}`.
#[derive(Debug, Clone)]
pub struct Pattern {
    regex: Regex,
    time_format: String,
}

impl Pattern {
    /// Fails with a sentence saying what is wrong with the pattern.
    pub fn parse(pattern: &str) -> Result<Pattern, String> {
        if pattern.len() > 512 {
            return Err("the pattern is too long (at most 512 characters)".into());
        }
        let mut re = String::from("^");
        let mut time_format = None;
        let mut has_who = false;
        let mut rest = pattern;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let end = after
                    .find('}')
                    .ok_or("a “{” in the pattern is not closed with “}”")?;
                let part = &after[..end];
                rest = &after[end + 1..];
                match part.split_once(':') {
                    None if part == "number" => {
                        if re.contains("?P<number>") {
                            return Err("{number} appears twice in the pattern".into());
                        }
                        re.push_str(r"(?P<number>\+?[0-9][0-9 \-]*[0-9])");
                        has_who = true;
                    }
                    None if part == "name" => {
                        if re.contains("?P<name>") {
                            return Err("{name} appears twice in the pattern".into());
                        }
                        re.push_str(r"(?P<name>.+?)");
                        has_who = true;
                    }
                    Some(("time", fmt)) => {
                        if time_format.is_some() {
                            return Err("{time:…} appears twice in the pattern".into());
                        }
                        re.push_str("(?P<time>");
                        re.push_str(&time_regex(fmt)?);
                        re.push(')');
                        time_format = Some(fmt.to_string());
                    }
                    _ => {
                        return Err(format!(
                            "unknown part {{{part}}} in the pattern; use {{number}}, {{name}}, {{time:%Y%m%d%H%M%S}} or *"
                        ));
                    }
                }
            } else if let Some(after) = rest.strip_prefix('*') {
                re.push_str(".*?");
                rest = after;
            } else {
                let c = rest.chars().next().expect("rest is not empty");
                re.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
                rest = &rest[c.len_utf8()..];
            }
        }
        re.push('$');
        let time_format =
            time_format.ok_or("the pattern needs the call's time, e.g. {time:%Y%m%d%H%M%S}")?;
        if !has_who {
            return Err("the pattern needs {number} or {name}".into());
        }
        let regex = Regex::new(&re).map_err(|e| format!("the pattern cannot be used: {e}"))?;
        Ok(Pattern { regex, time_format })
    }

    /// Matches a file name (audio extensions only). `Ok(None)` when it does not match.
    pub fn recognise(&self, file_name: &str) -> Result<Option<RecordingName>, Problem> {
        let Some(stem) = audio_stem(file_name) else {
            return Ok(None);
        };
        let Some(c) = self.regex.captures(stem) else {
            return Ok(None);
        };
        let number = c.name("number").map(|m| m.as_str().trim().to_string());
        let name = c
            .name("name")
            .and_then(|m| name_if_not_number(m.as_str(), number.as_deref()));
        let at = time(&c["time"], &self.time_format)?;
        Ok(Some(RecordingName {
            format: Format::PatternRecording,
            number,
            name,
            at,
        }))
    }
}

/// The regex that matches what `format` prints, for the fields recorders use.
fn time_regex(format: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = format.chars();
    let mut fields = 0;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
            continue;
        }
        let spec = chars.next().ok_or("the time format ends with a lone %")?;
        out.push_str(match spec {
            'Y' => r"\d{4}",
            'y' | 'm' | 'd' | 'H' | 'M' | 'S' => r"\d{2}",
            '%' => "%",
            other => {
                return Err(format!(
                    "%{other} is not supported in the time format; use %Y %y %m %d %H %M %S"
                ));
            }
        });
        fields += 1;
    }
    if fields < 5 {
        return Err(
            "the time format needs at least the date, hour and minute (e.g. %Y%m%d%H%M)".into(),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn xiaomi_names_give_number_name_and_time() {
        let r = recognise("15882033521(15882033521)_20230506192735.mp3")
            .unwrap()
            .unwrap();
        assert_eq!(r.format, Format::XiaomiRecording);
        assert_eq!(r.number.as_deref(), Some("15882033521"));
        assert_eq!(r.name, None, "the name is the number: no contact name");
        assert_eq!(r.at, at("2023-05-06 19:27:35"));
        let r = recognise("通话录音@张经理(008613800138000)_李四(139)_20260320230500.mp3")
            .unwrap()
            .unwrap();
        assert_eq!(r.name.as_deref(), Some("张经理"));
        assert_eq!(r.number.as_deref(), Some("008613800138000"));
        assert_eq!(r.at, at("2026-03-20 23:05:00"));
    }

    #[test]
    fn huawei_names_with_spaced_number_or_contact_name() {
        let r = recognise("134 2882 7364_20260625142304.amr")
            .unwrap()
            .unwrap();
        assert_eq!(r.format, Format::HuaweiRecording);
        assert_eq!(r.number.as_deref(), Some("134 2882 7364"));
        assert_eq!(r.at, at("2026-06-25 14:23:04"));
        let r = recognise("催收张经理_20260625142304.m4a").unwrap().unwrap();
        assert_eq!((r.number, r.name.as_deref()), (None, Some("催收张经理")));
    }

    #[test]
    fn samsung_names_in_any_language() {
        let r = recognise("Call recording +15551234567_200605_114902.m4a")
            .unwrap()
            .unwrap();
        assert_eq!(r.format, Format::SamsungRecording);
        assert_eq!(r.number.as_deref(), Some("+15551234567"));
        assert_eq!(r.at, at("2020-06-05 11:49:02"));
        let r = recognise("通话录音 王五_260320_230500.m4a")
            .unwrap()
            .unwrap();
        assert_eq!((r.number, r.name.as_deref()), (None, Some("王五")));
    }

    #[test]
    fn other_files_are_not_recordings_and_bad_times_are_named() {
        assert_eq!(recognise("IMG_20260320_230500.jpg"), Ok(None));
        assert_eq!(recognise("notes.mp3"), Ok(None));
        assert_eq!(
            recognise("13800138000(13800138000)_20261340250000.mp3"),
            Err(Problem::BadTime {
                text: "20261340250000".into()
            })
        );
    }

    #[test]
    fn a_user_pattern_reads_its_named_parts() {
        let p = Pattern::parse("通话录音-{name}-{number}-{time:%Y-%m-%d %H-%M-%S}").unwrap();
        let r = p
            .recognise("通话录音-张经理-138 0013 8000-2026-03-20 23-05-00.m4a")
            .unwrap()
            .unwrap();
        assert_eq!(r.format, Format::PatternRecording);
        assert_eq!(r.name.as_deref(), Some("张经理"));
        assert_eq!(r.number.as_deref(), Some("138 0013 8000"));
        assert_eq!(r.at, at("2026-03-20 23:05:00"));
        assert_eq!(p.recognise("other-2026.m4a"), Ok(None));
        for bad in [
            "{number}",
            "{who}_{time:%Y}",
            "{number}_{time:%Y%m%d%H%M%Q}",
            "{number",
        ] {
            assert!(Pattern::parse(bad).is_err(), "{bad}");
        }
    }
}
