//! Fonts for exported PDFs.
//!
//! Owns: the CJK font shipped inside the binary (a pre-subset of Noto Sans CJK SC,
//! SIL OFL 1.1, see `assets/fonts/README.md`), coverage checks against it, and the
//! optional system fallback: face 2 (Simplified Chinese) of Debian's
//! `NotoSansCJK-Regular.ttc`, loaded at run time when present and never shipped.
//!
//! Must hold: the shipped font always parses (a test checks it); a character is
//! "covered" only if the font maps it to a real glyph (not `.notdef`); control
//! characters (newline, tab, …) need no glyph.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use printpdf::ParsedFont;

/// File name of the shipped font under `assets/fonts/`.
pub const BUILTIN_FILE: &str = "NotoSansSC-Regular-subset.otf";

/// The shipped font program (CID-keyed CFF inside an OpenType wrapper).
static BUILTIN_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular-subset.otf");

/// Where Debian's `fonts-noto-cjk` puts the full collection.
pub const SYSTEM_FALLBACK_PATH: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// Face index of Noto Sans CJK SC inside that collection.
pub const SYSTEM_FALLBACK_FACE: usize = 2;

/// Drawn (from the shipped font) in place of a character no available font has.
pub const PLACEHOLDER: char = '□';

/// Errors loading a font at run time.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read font file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot parse face {face} of font file {path}")]
    Parse { path: PathBuf, face: usize },
}

/// The shipped font, parsed once.
pub fn builtin() -> &'static ParsedFont {
    static FONT: OnceLock<ParsedFont> = OnceLock::new();
    FONT.get_or_init(|| {
        ParsedFont::from_bytes(BUILTIN_BYTES, 0, &mut Vec::new())
            .expect("the font shipped in assets/fonts parses (checked by a unit test)")
    })
}

/// The raw bytes of the shipped font (for tests and diagnostics).
pub fn builtin_bytes() -> &'static [u8] {
    BUILTIN_BYTES
}

/// True if `c` needs no glyph at all (line breaks, tabs and other control codes).
pub fn needs_no_glyph(c: char) -> bool {
    c.is_control()
}

/// True if `font` has a real glyph (not `.notdef`) for `c`.
pub fn has_glyph(font: &ParsedFont, c: char) -> bool {
    matches!(font.lookup_glyph_index(u32::from(c)), Some(gid) if gid != 0)
}

/// True if the shipped font can draw every character of `text`.
pub fn covers(text: &str) -> bool {
    let font = builtin();
    text.chars()
        .all(|c| needs_no_glyph(c) || has_glyph(font, c))
}

/// The characters of `text` the shipped font lacks, sorted and without duplicates.
pub fn uncovered(text: &str) -> Vec<char> {
    let font = builtin();
    let mut out: Vec<char> = text
        .chars()
        .filter(|&c| !needs_no_glyph(c) && !has_glyph(font, c))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Load one face of a font file (`.ttf`, `.otf`, or a `.ttc` collection) at run time.
pub fn load_face(path: &Path, face: usize) -> Result<ParsedFont, FontError> {
    let bytes = std::fs::read(path).map_err(|source| FontError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    ParsedFont::from_bytes(&bytes, face, &mut Vec::new()).ok_or_else(|| FontError::Parse {
        path: path.to_path_buf(),
        face,
    })
}

/// The system's Noto Sans CJK SC (face 2 of [`SYSTEM_FALLBACK_PATH`]), if installed.
///
/// Loaded on first use and kept for the life of the process (the collection is about
/// 19 MB). Only the glyphs a document uses are embedded in its PDF.
pub fn system_fallback() -> Option<&'static ParsedFont> {
    static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT.get_or_init(|| load_face(Path::new(SYSTEM_FALLBACK_PATH), SYSTEM_FALLBACK_FACE).ok())
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_font_parses_and_is_a_single_cff_face() {
        assert_eq!(
            &builtin_bytes()[..4],
            b"OTTO",
            "expected an OpenType/CFF font"
        );
        let f = builtin();
        assert!(f.num_glyphs > 6_763, "too few glyphs: {}", f.num_glyphs);
        assert_eq!(f.pdf_font_metrics.units_per_em, 1000);
    }

    #[test]
    fn shipped_font_covers_gb2312_samples_money_and_punctuation() {
        // First and last hanzi of GB2312 level 1 (啊, 座) and level 2 (亍, 齄).
        assert!(covers("啊座亍齄"));
        assert!(covers("债务案卷 申请人（签名）：日期 2026年1月1日"));
        assert!(covers("¥￥元×÷，。、；：？！「」『』《》“”‘’…—·"));
        assert!(covers(
            "ASCII text: 0-9, A-Z! (ok) [x] {y} @#$%^&*_+=|\\/<>~`'\""
        ));
        assert!(
            covers("line\nbreak\ttab"),
            "control characters need no glyph"
        );
        assert!(covers(&PLACEHOLDER.to_string()));
    }

    #[test]
    fn uncovered_lists_rare_characters_once_sorted() {
        assert_eq!(uncovered("犇𠮷犇 ok 中"), vec!['犇', '𠮷']);
        assert!(!covers("张𠮷"));
        assert!(uncovered("全部都有").is_empty());
    }

    #[test]
    fn missing_face_file_is_an_io_error() {
        let err = load_face(Path::new("/nonexistent/font.ttc"), 2).unwrap_err();
        assert!(matches!(err, FontError::Io { .. }), "{err}");
    }
}
