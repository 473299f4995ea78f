//! The Merkle tree over a batch of items, and each item's inclusion proof.
//!
//! Format, version 1 (pinned by tests; the pack's instructions fold it in a few lines of
//! Python):
//! - leaf hash = `SHA-256(0x00 ‖ salt (32 bytes) ‖ digest (32 bytes))`, where `digest` is the
//!   item's SHA-256 (an evidence file's content hash, or the chain head's event hash) and
//!   `salt` is 32 random bytes of this leaf;
//! - node hash = `SHA-256(0x01 ‖ left ‖ right)`;
//! - levels are built left to right; an odd node at the end of a level is carried up unchanged
//!   (never paired with itself, so no two different leaf lists give the same root by
//!   duplication).
//!
//! The one-byte prefixes keep a leaf from being passed off as a node and back. The salt keeps
//! a proof private: its sibling hashes are hashes of salted values, so whoever holds one
//! exhibit's proof learns nothing about the other items of the batch, not even whether a file
//! they hold was one of them.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The most items one batch may hold (a proof then has at most 21 steps).
pub const MAX_LEAVES: usize = 1 << 20;
/// The most steps a proof may have (a tree of [`MAX_LEAVES`] is 20 levels deep; one spare).
pub const MAX_PROOF_STEPS: usize = 64;

const LEAF_PREFIX: u8 = 0x00;
const NODE_PREFIX: u8 = 0x01;

/// One item of a batch: its digest and its salt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leaf {
    pub digest: [u8; 32],
    pub salt: [u8; 32],
}

impl Leaf {
    /// `SHA-256(0x00 ‖ salt ‖ digest)`.
    pub fn hash(&self) -> [u8; 32] {
        Sha256::new()
            .chain_update([LEAF_PREFIX])
            .chain_update(self.salt)
            .chain_update(self.digest)
            .finalize()
            .into()
    }
}

/// `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    Sha256::new()
        .chain_update([NODE_PREFIX])
        .chain_update(left)
        .chain_update(right)
        .finalize()
        .into()
}

/// One step of a proof: the sibling hash and which side it sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The sibling is on the left: `node = H(0x01 ‖ sibling ‖ current)`.
    #[serde(with = "hex32")]
    Left([u8; 32]),
    /// The sibling is on the right: `node = H(0x01 ‖ current ‖ sibling)`.
    #[serde(with = "hex32")]
    Right([u8; 32]),
}

/// Why a batch cannot be built or a proof does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MerkleError {
    #[error("a batch needs at least one item")]
    Empty,
    #[error("a batch holds at most {MAX_LEAVES} items; {0} were given")]
    TooManyLeaves(usize),
    #[error("a proof has at most {MAX_PROOF_STEPS} steps; this one has {0}")]
    ProofTooLong(usize),
    #[error("the proof folds to {found}, not to the stamped root {expected}")]
    RootMismatch { expected: String, found: String },
}

/// The root and every leaf's proof of one batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    pub root: [u8; 32],
    /// `proofs[i]` is the path from leaf `i` to the root.
    pub proofs: Vec<Vec<Step>>,
}

/// Builds the tree over `leaves` (in the given order).
pub fn build(leaves: &[Leaf]) -> Result<Tree, MerkleError> {
    if leaves.is_empty() {
        return Err(MerkleError::Empty);
    }
    if leaves.len() > MAX_LEAVES {
        return Err(MerkleError::TooManyLeaves(leaves.len()));
    }
    let mut level: Vec<[u8; 32]> = leaves.iter().map(Leaf::hash).collect();
    // Which node of the current level each leaf sits under.
    let mut position: Vec<usize> = (0..leaves.len()).collect();
    let mut proofs: Vec<Vec<Step>> = vec![Vec::new(); leaves.len()];
    while level.len() > 1 {
        for (leaf, pos) in position.iter_mut().enumerate() {
            let p = *pos;
            if p % 2 == 1 {
                proofs[leaf].push(Step::Left(level[p - 1]));
            } else if p + 1 < level.len() {
                proofs[leaf].push(Step::Right(level[p + 1]));
            }
            *pos = p / 2;
        }
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [l, r] => node_hash(l, r),
                [only] => *only,
                _ => unreachable!("chunks(2) yields one or two"),
            })
            .collect();
    }
    Ok(Tree {
        root: level[0],
        proofs,
    })
}

/// Folds `leaf` along `path` and returns the root it reaches.
pub fn fold(leaf: &Leaf, path: &[Step]) -> Result<[u8; 32], MerkleError> {
    if path.len() > MAX_PROOF_STEPS {
        return Err(MerkleError::ProofTooLong(path.len()));
    }
    Ok(path.iter().fold(leaf.hash(), |h, step| match step {
        Step::Left(s) => node_hash(s, &h),
        Step::Right(s) => node_hash(&h, s),
    }))
}

/// Checks that `leaf` along `path` reaches `root`.
pub fn check(leaf: &Leaf, path: &[Step], root: &[u8; 32]) -> Result<(), MerkleError> {
    let found = fold(leaf, path)?;
    if &found == root {
        Ok(())
    } else {
        Err(MerkleError::RootMismatch {
            expected: hex::encode(root),
            found: hex::encode(found),
        })
    }
}

pub(crate) mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = String::deserialize(d)?;
        parse(&text).map_err(serde::de::Error::custom)
    }

    /// 64 hex digits to 32 bytes.
    pub fn parse(text: &str) -> Result<[u8; 32], String> {
        if text.len() != 64 {
            return Err(format!(
                "expected 64 hex digits, found {} characters",
                text.len()
            ));
        }
        let bytes = hex::decode(text).map_err(|e| format!("not hex: {e}"))?;
        bytes
            .try_into()
            .map_err(|_| "expected 32 bytes".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(i: u8) -> Leaf {
        Leaf {
            digest: Sha256::digest([i]).into(),
            salt: [i.wrapping_mul(7); 32],
        }
    }

    #[test]
    fn every_leaf_of_every_size_folds_to_the_root() {
        for n in 1..=17u8 {
            let leaves: Vec<Leaf> = (0..n).map(leaf).collect();
            let tree = build(&leaves).unwrap();
            for (l, p) in leaves.iter().zip(&tree.proofs) {
                check(l, p, &tree.root).unwrap();
            }
        }
    }

    #[test]
    fn one_leaf_is_its_own_root() {
        let l = leaf(1);
        let tree = build(&[l]).unwrap();
        assert_eq!(tree.root, l.hash());
        assert!(tree.proofs[0].is_empty());
    }

    #[test]
    fn three_leaves_pin_the_shape() {
        // ((a b) c): c is carried up unpaired.
        let (a, b, c) = (leaf(1), leaf(2), leaf(3));
        let tree = build(&[a, b, c]).unwrap();
        let ab = node_hash(&a.hash(), &b.hash());
        assert_eq!(tree.root, node_hash(&ab, &c.hash()));
        assert_eq!(tree.proofs[2], vec![Step::Left(ab)]);
        assert_eq!(
            tree.proofs[0],
            vec![Step::Right(b.hash()), Step::Right(c.hash())]
        );
    }

    #[test]
    fn a_changed_sibling_a_changed_salt_or_digest_is_rejected() {
        let leaves: Vec<Leaf> = (0..5).map(leaf).collect();
        let tree = build(&leaves).unwrap();
        let mut path = tree.proofs[1].clone();
        let (Step::Right(s) | Step::Left(s)) = &mut path[1];
        s[0] ^= 1;
        assert!(matches!(
            check(&leaves[1], &path, &tree.root),
            Err(MerkleError::RootMismatch { .. })
        ));
        let mut salted = leaves[1];
        salted.salt[31] ^= 1;
        assert!(check(&salted, &tree.proofs[1], &tree.root).is_err());
        let mut other = leaves[1];
        other.digest[0] ^= 1;
        assert!(check(&other, &tree.proofs[1], &tree.root).is_err());
    }

    #[test]
    fn a_leaf_is_not_a_node() {
        // A two-leaf root must not verify as a leaf whose "digest" is made of the children.
        let (a, b) = (leaf(1), leaf(2));
        let tree = build(&[a, b]).unwrap();
        assert_ne!(
            tree.root,
            Sha256::digest([&a.hash()[..], &b.hash()[..]].concat()).as_slice()
        );
    }

    #[test]
    fn limits_are_named() {
        assert_eq!(build(&[]), Err(MerkleError::Empty));
        let long = vec![Step::Left([0; 32]); MAX_PROOF_STEPS + 1];
        assert_eq!(
            fold(&leaf(0), &long),
            Err(MerkleError::ProofTooLong(MAX_PROOF_STEPS + 1))
        );
    }

    #[test]
    fn steps_serialise_as_side_and_hex() {
        let s = serde_json::to_string(&[Step::Left([0xab; 32]), Step::Right([1; 32])]).unwrap();
        assert_eq!(
            s,
            format!(
                "[{{\"left\":\"{}\"}},{{\"right\":\"{}\"}}]",
                "ab".repeat(32),
                "01".repeat(32)
            )
        );
        let back: Vec<Step> = serde_json::from_str(&s).unwrap();
        assert_eq!(back[0], Step::Left([0xab; 32]));
    }
}
