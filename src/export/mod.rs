//! Documents that leave the vault: PDFs rendered with the CJK font shipped in the repository.

pub mod document;
pub mod font;
pub mod pack;
