//! The violations grouped by rule, for documents that print each rule's basis once with its
//! dated items under it.

use serde::Serialize;

use super::{BasisKind, FlagCode, Source, ViolationItem};

/// The violations of one rule: one flag code citing the same sources (a code's sources change
/// with the date — GB/T 45251 replaced the NIFA guide on 2025-02-28 — so one code can make two
/// groups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleGroup {
    pub code: FlagCode,
    pub sources: Vec<Source>,
    /// The sources cited with their kinds, in Chinese and in English.
    pub basis: String,
    pub basis_en: String,
    /// The kind of the first (strongest) source.
    pub basis_kind: BasisKind,
    /// Indexes into the items given, in their order (the summary's: by time).
    pub items: Vec<usize>,
}

/// Groups `items` by rule: flag codes in their declared order, and within a code by the
/// sources cited, in order of first appearance.
pub fn group_by_rule(items: &[ViolationItem]) -> Vec<RuleGroup> {
    let mut groups: Vec<RuleGroup> = Vec::new();
    for code in FlagCode::ALL {
        let start = groups.len();
        for (i, item) in items.iter().enumerate().filter(|(_, it)| it.code == code) {
            match groups[start..]
                .iter_mut()
                .find(|g| g.sources == item.sources)
            {
                Some(g) => g.items.push(i),
                None => groups.push(RuleGroup {
                    code,
                    sources: item.sources.clone(),
                    basis: item.basis.clone(),
                    basis_en: item.basis_en.clone(),
                    basis_kind: item.basis_kind,
                    items: vec![i],
                }),
            }
        }
    }
    groups
}
