//! Documents that leave the vault: PDFs rendered with the CJK font shipped in the repository.

pub mod font;
pub mod pack;
pub mod pdf;

/// The PDF engine under its former name, for callers not yet moved to [`pdf`].
pub use self::pdf as document;
