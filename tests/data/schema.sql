CREATE INDEX case_records_by_case ON case_records (case_id, kind, seq);
CREATE INDEX chain_by_case ON chain (case_id, seq);
CREATE INDEX evidence_by_case ON evidence (case_id, added_seq);
CREATE INDEX timestamp_proofs_by_evidence ON timestamp_proofs (evidence_id);
CREATE TABLE case_records (
    id        TEXT    PRIMARY KEY,
    case_id   TEXT    NOT NULL REFERENCES cases (id),
    kind      TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    seq       INTEGER NOT NULL REFERENCES chain (seq)
) STRICT;
CREATE TABLE cases (
    id                  TEXT    PRIMARY KEY,
    title               TEXT    NOT NULL,
    lender              TEXT    NOT NULL,
    platform            TEXT,
    principal_fen       INTEGER,
    overdue_since       TEXT,                -- YYYY-MM-DD
    created_at          TEXT    NOT NULL,    -- RFC 3339 UTC
    created_offset_min  INTEGER NOT NULL,
    created_seq         INTEGER NOT NULL REFERENCES chain (seq)
, details TEXT NOT NULL DEFAULT '{}') STRICT;
CREATE TABLE chain (
    seq        INTEGER PRIMARY KEY,          -- position in the chain, from 1
    kind       TEXT    NOT NULL,
    case_id    TEXT,
    body       TEXT    NOT NULL,             -- canonical encoding, exactly as hashed
    prev_hash  TEXT    NOT NULL,             -- lower-case hex
    hash       TEXT    NOT NULL UNIQUE       -- lower-case hex
) STRICT;
CREATE TABLE evidence (
    id                  TEXT    PRIMARY KEY,
    case_id             TEXT    NOT NULL REFERENCES cases (id),
    name                TEXT    NOT NULL,    -- display form of the original file name
    name_raw            BLOB    NOT NULL,    -- the original name's exact bytes
    size                INTEGER NOT NULL,
    sha256              TEXT    NOT NULL,    -- of the plaintext, lower-case hex
    media_type          TEXT    NOT NULL,
    kind                TEXT    NOT NULL,
    note                TEXT,
    source_modified_at  TEXT,                -- RFC 3339 UTC
    exif_taken_at       TEXT,                -- EXIF DateTimeOriginal as written (local, no zone)
    added_at            TEXT    NOT NULL,    -- RFC 3339 UTC
    added_offset_min    INTEGER NOT NULL,
    added_seq           INTEGER NOT NULL REFERENCES chain (seq), duration_ms INTEGER, duration_estimated INTEGER NOT NULL DEFAULT 0, exif_time_kind TEXT, camera_make TEXT, camera_model TEXT, purpose TEXT, transcript TEXT,
    UNIQUE (case_id, sha256)
) STRICT;
CREATE TABLE settings (
    key         TEXT    PRIMARY KEY,
    value       TEXT    NOT NULL
) STRICT;
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
CREATE TABLE timestamp_proofs (
    batch_id    TEXT    NOT NULL REFERENCES timestamp_batches (id),
    leaf        INTEGER NOT NULL,              -- position in the batch, from 0
    evidence_id TEXT    REFERENCES evidence (id),
    digest      TEXT    NOT NULL,              -- the item's SHA-256 (or the head's hash), hex
    salt        TEXT    NOT NULL,              -- hex
    path        TEXT    NOT NULL,              -- JSON list of {"left"|"right": hex}
    PRIMARY KEY (batch_id, leaf)
) STRICT;
CREATE TRIGGER case_records_are_append_only_delete BEFORE DELETE ON case_records
BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END;
CREATE TRIGGER case_records_are_append_only_update BEFORE UPDATE ON case_records
BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END;
CREATE TRIGGER cases_are_never_deleted BEFORE DELETE ON cases
BEGIN SELECT RAISE(ABORT, 'cases are never deleted'); END;
CREATE TRIGGER chain_is_append_only_delete BEFORE DELETE ON chain
BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END;
CREATE TRIGGER chain_is_append_only_update BEFORE UPDATE ON chain
BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END;
CREATE TRIGGER evidence_is_never_deleted BEFORE DELETE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
CREATE TRIGGER timestamp_batches_are_append_only_delete BEFORE DELETE ON timestamp_batches
BEGIN SELECT RAISE(ABORT, 'timestamp batches are append-only'); END;
CREATE TRIGGER timestamp_batches_are_append_only_update BEFORE UPDATE ON timestamp_batches
BEGIN SELECT RAISE(ABORT, 'timestamp batches are append-only'); END;
CREATE TRIGGER timestamp_proofs_are_append_only_delete BEFORE DELETE ON timestamp_proofs
BEGIN SELECT RAISE(ABORT, 'timestamp proofs are append-only'); END;
CREATE TRIGGER timestamp_proofs_are_append_only_update BEFORE UPDATE ON timestamp_proofs
BEGIN SELECT RAISE(ABORT, 'timestamp proofs are append-only'); END;
