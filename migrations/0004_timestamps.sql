-- 0003: trusted timestamps (RFC 3161) and the vault's settings.
-- Forward-only: once landed, never edit this file.

-- One row per stamped batch. Everything here is also carried by the chain event at `seq`
-- (kind timestamp_obtained), so verify can compare the two.
CREATE TABLE timestamp_batches (
    id          TEXT    PRIMARY KEY,           -- t + 26 characters, like other ids
    seq         INTEGER NOT NULL UNIQUE REFERENCES chain (seq),
    tsa_url     TEXT    NOT NULL,
    root        TEXT    NOT NULL,              -- Merkle root, lower-case hex (what was stamped)
    gen_time    TEXT    NOT NULL,              -- the TSA's genTime, RFC 3339 UTC
    serial      TEXT    NOT NULL,              -- the token's serial number, hex
    policy      TEXT    NOT NULL,              -- the TSA policy, dotted OID
    signer      TEXT    NOT NULL,              -- the signing certificate's subject
    response    BLOB    NOT NULL,              -- the whole TimeStampResp, DER (the .tsr file)
    certs       TEXT    NOT NULL,              -- the verified chain, PEM, signer first, root last
    head_seq    INTEGER NOT NULL,              -- the chain head stamped with the batch
    head_hash   TEXT    NOT NULL
) STRICT;

-- One row per leaf: each evidence item of the batch, and the chain head (evidence_id NULL).
CREATE TABLE timestamp_proofs (
    batch_id    TEXT    NOT NULL REFERENCES timestamp_batches (id),
    leaf        INTEGER NOT NULL,              -- position in the batch, from 0
    evidence_id TEXT    REFERENCES evidence (id),
    digest      TEXT    NOT NULL,              -- the item's SHA-256 (or the head's hash), hex
    salt        TEXT    NOT NULL,              -- hex
    path        TEXT    NOT NULL,              -- JSON list of {"left"|"right": hex}
    PRIMARY KEY (batch_id, leaf)
) STRICT;
CREATE INDEX timestamp_proofs_by_evidence ON timestamp_proofs (evidence_id);

CREATE TRIGGER timestamp_batches_are_append_only_update BEFORE UPDATE ON timestamp_batches
BEGIN SELECT RAISE(ABORT, 'timestamp batches are append-only'); END;
CREATE TRIGGER timestamp_batches_are_append_only_delete BEFORE DELETE ON timestamp_batches
BEGIN SELECT RAISE(ABORT, 'timestamp batches are append-only'); END;
CREATE TRIGGER timestamp_proofs_are_append_only_update BEFORE UPDATE ON timestamp_proofs
BEGIN SELECT RAISE(ABORT, 'timestamp proofs are append-only'); END;
CREATE TRIGGER timestamp_proofs_are_append_only_delete BEFORE DELETE ON timestamp_proofs
BEGIN SELECT RAISE(ABORT, 'timestamp proofs are append-only'); END;

-- Settings that are not secret (the timestamp service's address, an added trusted root).
CREATE TABLE settings (
    key         TEXT    PRIMARY KEY,
    value       TEXT    NOT NULL
) STRICT;
