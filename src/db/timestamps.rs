//! Rows of trusted-timestamp batches, their proofs, and the vault's settings.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::{Error, Result};

/// A stored batch, as in `timestamp_batches`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    pub id: String,
    pub seq: u64,
    pub tsa_url: String,
    pub root: String,
    pub gen_time: String,
    pub serial: String,
    pub policy: String,
    pub signer: String,
    pub response: Vec<u8>,
    pub certs: String,
    pub head_seq: u64,
    pub head_hash: String,
}

/// A stored leaf and its proof, as in `timestamp_proofs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofRow {
    pub batch_id: String,
    pub leaf: u64,
    pub evidence_id: Option<String>,
    pub digest: String,
    pub salt: String,
    pub path: String,
}

pub fn insert_batch(tx: &Transaction<'_>, b: &BatchRow) -> Result<()> {
    tx.execute(
        "INSERT INTO timestamp_batches (id, seq, tsa_url, root, gen_time, serial, policy, signer,
                                        response, certs, head_seq, head_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            b.id,
            b.seq,
            b.tsa_url,
            b.root,
            b.gen_time,
            b.serial,
            b.policy,
            b.signer,
            b.response,
            b.certs,
            b.head_seq,
            b.head_hash
        ],
    )
    .map_err(|e| Error::db("saving the timestamp", e))?;
    Ok(())
}

pub fn insert_proof(tx: &Transaction<'_>, p: &ProofRow) -> Result<()> {
    tx.execute(
        "INSERT INTO timestamp_proofs (batch_id, leaf, evidence_id, digest, salt, path)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![p.batch_id, p.leaf, p.evidence_id, p.digest, p.salt, p.path],
    )
    .map_err(|e| Error::db("saving a timestamp proof", e))?;
    Ok(())
}

/// Every batch, oldest first.
pub fn batches(conn: &Connection) -> Result<Vec<BatchRow>> {
    let mut stmt = conn
        .prepare(
            "SELECT id, seq, tsa_url, root, gen_time, serial, policy, signer, response, certs,
                    head_seq, head_hash
             FROM timestamp_batches ORDER BY seq",
        )
        .map_err(|e| Error::db("reading timestamps", e))?;
    stmt.query_map([], |r| {
        Ok(BatchRow {
            id: r.get(0)?,
            seq: r.get(1)?,
            tsa_url: r.get(2)?,
            root: r.get(3)?,
            gen_time: r.get(4)?,
            serial: r.get(5)?,
            policy: r.get(6)?,
            signer: r.get(7)?,
            response: r.get(8)?,
            certs: r.get(9)?,
            head_seq: r.get(10)?,
            head_hash: r.get(11)?,
        })
    })
    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
    .map_err(|e| Error::db("reading timestamps", e))
}

/// Every proof, by batch and leaf.
pub fn proofs(conn: &Connection) -> Result<Vec<ProofRow>> {
    let mut stmt = conn
        .prepare(
            "SELECT p.batch_id, p.leaf, p.evidence_id, p.digest, p.salt, p.path
             FROM timestamp_proofs p JOIN timestamp_batches b ON b.id = p.batch_id
             ORDER BY b.seq, p.leaf",
        )
        .map_err(|e| Error::db("reading timestamp proofs", e))?;
    stmt.query_map([], |r| {
        Ok(ProofRow {
            batch_id: r.get(0)?,
            leaf: r.get(1)?,
            evidence_id: r.get(2)?,
            digest: r.get(3)?,
            salt: r.get(4)?,
            path: r.get(5)?,
        })
    })
    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
    .map_err(|e| Error::db("reading timestamp proofs", e))
}

/// Ids of evidence items no batch covers yet, in intake order.
pub fn unstamped_evidence(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn
        .prepare(
            "SELECT id, sha256 FROM evidence
             WHERE id NOT IN (SELECT evidence_id FROM timestamp_proofs WHERE evidence_id IS NOT NULL)
             ORDER BY added_seq",
        )
        .map_err(|e| Error::db("reading pending items", e))?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| Error::db("reading pending items", e))
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.query_row(
        "SELECT value FROM settings WHERE key = ?1",
        params![key],
        |r| r.get(0),
    )
    .optional()
    .map_err(|e| Error::db("reading a setting", e))
}

pub fn set_setting(tx: &Transaction<'_>, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map_err(|e| Error::db("saving a setting", e))?;
    Ok(())
}
