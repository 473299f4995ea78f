//! The red-flag phrase book (`data/collection-phrases.json`): loading and validating it, and
//! matching its phrases against what a collector said, after normalising width, spacing and
//! quotation marks.

use std::str::FromStr;
use std::sync::OnceLock;

use serde::Deserialize;

use super::FlagCode;

const PHRASE_BOOK_VERSION: u32 = 1;
pub(super) const BUILTIN_PHRASES: &str = include_str!("../../../data/collection-phrases.json");

/// Why a phrase book was refused.
#[derive(Debug, thiserror::Error)]
pub enum PhraseError {
    #[error("phrase book is not valid: {0}")]
    Json(#[from] serde_json::Error),
    #[error("phrase book version {found} is not supported; this build reads version {supported}")]
    UnsupportedVersion { found: u32, supported: u32 },
    #[error("phrase book list {0} is empty")]
    EmptyList(String),
    #[error(
        "phrase book names unknown code “{code}”; use one of {}",
        phrase_code_names()
    )]
    UnknownCode { code: String },
    #[error(
        "code {0} is checked from the record's facts, not from phrases; use one of {names}",
        names = phrase_code_names()
    )]
    NotPhraseCode(FlagCode),
    #[error("code {0} appears more than once in the phrase book")]
    DuplicateCode(FlagCode),
    #[error("phrase book has no phrases for code {0}")]
    MissingCode(FlagCode),
    #[error("{list} contains an empty phrase")]
    EmptyPhrase { list: String },
    #[error("exclusion “{exclusion}” of phrase “{phrase}” ({code}) does not contain the phrase")]
    ExclusionWithoutPhrase {
        code: FlagCode,
        phrase: String,
        exclusion: String,
    },
}

fn phrase_code_names() -> String {
    FlagCode::PHRASE_CODES.map(FlagCode::as_str).join(", ")
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawBook {
    version: u32,
    #[serde(default, rename = "about")]
    _about: Option<String>,
    groups: Vec<RawGroup>,
    sms_106: RawSms,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawGroup {
    code: String,
    #[serde(default, rename = "note")]
    _note: Option<String>,
    phrases: Vec<RawPhrase>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
enum RawPhrase {
    Plain(String),
    Full(RawPhraseFull),
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawPhraseFull {
    text: String,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    insult: bool,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
struct RawSms {
    #[serde(default, rename = "note")]
    _note: Option<String>,
    authority: Vec<String>,
    payment: Vec<String>,
}

/// One red-flag phrase, normalized for matching.
#[derive(Debug, Clone)]
pub(super) struct Phrase {
    /// As written in the book; this is what a flag reports.
    pub(super) text: String,
    norm: String,
    exclude: Vec<String>,
    pub(super) insult: bool,
}

/// The red-flag phrase lists, loaded from JSON (see `data/collection-phrases.json` for the format).
#[derive(Debug, Clone)]
pub struct PhraseBook {
    version: u32,
    groups: Vec<(FlagCode, Vec<Phrase>)>,
    pub(super) sms_authority: Vec<Phrase>,
    pub(super) sms_payment: Vec<Phrase>,
}

impl PhraseBook {
    /// The phrase book shipped with the app.
    pub fn builtin() -> &'static PhraseBook {
        static BOOK: OnceLock<PhraseBook> = OnceLock::new();
        BOOK.get_or_init(|| {
            PhraseBook::from_json(BUILTIN_PHRASES).expect("the built-in phrase book is valid")
        })
    }

    /// Reads and validates a phrase book: known version, non-empty lists, known phrase codes,
    /// each exactly once, and exclusions that contain their phrase.
    pub fn from_json(json: &str) -> Result<PhraseBook, PhraseError> {
        let raw: RawBook = serde_json::from_str(json)?;
        if raw.version != PHRASE_BOOK_VERSION {
            return Err(PhraseError::UnsupportedVersion {
                found: raw.version,
                supported: PHRASE_BOOK_VERSION,
            });
        }
        if raw.groups.is_empty() {
            return Err(PhraseError::EmptyList("groups".to_owned()));
        }
        let mut groups: Vec<(FlagCode, Vec<Phrase>)> = Vec::new();
        for group in raw.groups {
            let code = FlagCode::from_str(&group.code).map_err(|_| PhraseError::UnknownCode {
                code: group.code.clone(),
            })?;
            if !code.is_phrase_based() {
                return Err(PhraseError::NotPhraseCode(code));
            }
            if groups.iter().any(|(c, _)| *c == code) {
                return Err(PhraseError::DuplicateCode(code));
            }
            let list = format!("groups[{code}].phrases");
            if group.phrases.is_empty() {
                return Err(PhraseError::EmptyList(list));
            }
            let mut phrases = Vec::with_capacity(group.phrases.len());
            for raw_phrase in group.phrases {
                let full = match raw_phrase {
                    RawPhrase::Plain(text) => RawPhraseFull {
                        text,
                        exclude: Vec::new(),
                        insult: false,
                        _note: None,
                    },
                    RawPhrase::Full(full) => full,
                };
                let mut phrase = Phrase::plain(&full.text, &list)?;
                phrase.insult = full.insult;
                for exclusion in &full.exclude {
                    let norm = normalize(exclusion);
                    if !norm.contains(&phrase.norm) {
                        return Err(PhraseError::ExclusionWithoutPhrase {
                            code,
                            phrase: phrase.text.clone(),
                            exclusion: exclusion.clone(),
                        });
                    }
                    phrase.exclude.push(norm);
                }
                phrases.push(phrase);
            }
            groups.push((code, phrases));
        }
        if let Some(missing) = FlagCode::PHRASE_CODES
            .into_iter()
            .find(|code| !groups.iter().any(|(c, _)| c == code))
        {
            return Err(PhraseError::MissingCode(missing));
        }
        groups.sort_by_key(|(code, _)| *code);
        Ok(PhraseBook {
            version: raw.version,
            groups,
            sms_authority: Phrase::list(&raw.sms_106.authority, "sms_106.authority")?,
            sms_payment: Phrase::list(&raw.sms_106.payment, "sms_106.payment")?,
        })
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    /// The phrases listed for `code`, as written in the book (empty for codes not phrase-based).
    pub fn phrases(&self, code: FlagCode) -> Vec<&str> {
        self.group(code)
            .iter()
            .map(|phrase| phrase.text.as_str())
            .collect()
    }

    /// The first phrase of `code` found in `text` (earliest position, the longer phrase at the
    /// same position), exclusions applied.
    pub fn first_match(&self, code: FlagCode, text: &str) -> Option<&str> {
        let pieces = [normalize(text)];
        first_phrase(self.group(code), &pieces).map(|phrase| phrase.text.as_str())
    }

    pub(super) fn group(&self, code: FlagCode) -> &[Phrase] {
        self.groups
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(&[][..], |(_, phrases)| phrases.as_slice())
    }
}

impl Phrase {
    fn plain(text: &str, list: &str) -> Result<Phrase, PhraseError> {
        let norm = normalize(text);
        if norm.is_empty() {
            return Err(PhraseError::EmptyPhrase {
                list: list.to_owned(),
            });
        }
        Ok(Phrase {
            text: text.trim().to_owned(),
            norm,
            exclude: Vec::new(),
            insult: false,
        })
    }

    fn list(texts: &[String], list: &str) -> Result<Vec<Phrase>, PhraseError> {
        if texts.is_empty() {
            return Err(PhraseError::EmptyList(list.to_owned()));
        }
        texts.iter().map(|text| Phrase::plain(text, list)).collect()
    }

    /// The earliest position in `hay` where the phrase occurs outside every exclusion.
    fn find_in(&self, hay: &str) -> Option<usize> {
        occurrences(hay, &self.norm).find(|&at| {
            let end = at + self.norm.len();
            !self.exclude.iter().any(|exclusion| {
                occurrences(hay, exclusion).any(|ex| ex <= at && end <= ex + exclusion.len())
            })
        })
    }
}

/// Byte offsets of every occurrence of `needle` in `hay`, overlapping ones included.
fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        if needle.is_empty() || from > hay.len() {
            return None;
        }
        let at = from + hay[from..].find(needle)?;
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
        Some(at)
    })
}

/// The phrase that occurs first across `pieces` (in order), the longer one at the same position.
pub(super) fn first_phrase<'p>(phrases: &'p [Phrase], pieces: &[String]) -> Option<&'p Phrase> {
    first_phrase_at(phrases, pieces).map(|(phrase, _)| phrase)
}

/// [`first_phrase`] and the index of the piece it was found in.
pub(super) fn first_phrase_at<'p>(
    phrases: &'p [Phrase],
    pieces: &[String],
) -> Option<(&'p Phrase, usize)> {
    phrases
        .iter()
        .filter_map(|phrase| {
            pieces.iter().enumerate().find_map(|(i, piece)| {
                phrase
                    .find_in(piece)
                    .map(|at| ((i, at, std::cmp::Reverse(phrase.norm.len())), phrase))
            })
        })
        .min_by_key(|(key, _)| *key)
        .map(|((i, _, _), phrase)| (phrase, i))
}

/// A quote up to this many characters is given whole, line breaks kept.
const WHOLE_QUOTE_MAX_CHARS: usize = 300;
/// A sentence quoted is cut (with “…”) past this many characters.
const SENTENCE_MAX_CHARS: usize = 1000;

/// What to quote for a phrase found in `text`: the whole text when `whole_if_short` and it is
/// short (a quote keeps its line breaks), else the first sentence holding the phrase (split
/// after 。！？!?…; and at line breaks when the text is not `whole_if_short`, i.e. the
/// user's own summary). Falls back to the whole text when no single sentence holds it (a phrase
/// split across a line break). Never longer than [`SENTENCE_MAX_CHARS`] characters and “…”.
pub(super) fn quote_for(phrase: &Phrase, text: &str, whole_if_short: bool) -> String {
    let text = text.trim();
    if whole_if_short && text.chars().count() <= WHOLE_QUOTE_MAX_CHARS {
        return text.to_owned();
    }
    let ends = |c: char| "。！？!?…；;".contains(c) || (!whole_if_short && c == '\n');
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if ends(c) || end == text.len() {
            let sentence = text[start..end].trim();
            if phrase.find_in(&normalize(sentence)).is_some() {
                return bounded(sentence);
            }
            start = end;
        }
    }
    bounded(text)
}

fn bounded(text: &str) -> String {
    if text.chars().count() <= SENTENCE_MAX_CHARS {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(SENTENCE_MAX_CHARS).collect();
    out.push('…');
    out
}

/// Text as matched: no whitespace, quotation marks, brackets or zero-width characters, full-width
/// ASCII folded to half-width, ASCII lower-cased. Collectors space out or quote words; the
/// user may type them in full-width.
pub(super) fn normalize(text: &str) -> String {
    const DROP: &str = "\"'“”‘’「」『』《》〈〉【】〔〕()（）[]［］{}｛｝<>\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}";
    text.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace() && !DROP.contains(*c))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

pub(super) fn fold_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        '。' => '.',
        _ => c,
    }
}
