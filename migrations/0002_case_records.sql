-- 0002: the debt model and the records a case accumulates.
-- Forward-only: once landed, never edit this file.

-- The debt's terms and last-claimed amounts as one JSON document (domain::debt::DebtDetails).
ALTER TABLE cases ADD COLUMN details TEXT NOT NULL DEFAULT '{}';

-- Everything else a case accumulates, one row per record, never updated or deleted:
-- kind is one of stage_change, legal_event, contact, party, mediation_check, checklist_link,
-- plan_choice, agreement, payment; body is the record's JSON, exactly as carried by its chain
-- event at position seq.
CREATE TABLE case_records (
    id        TEXT    PRIMARY KEY,
    case_id   TEXT    NOT NULL REFERENCES cases (id),
    kind      TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    seq       INTEGER NOT NULL REFERENCES chain (seq)
) STRICT;
CREATE INDEX case_records_by_case ON case_records (case_id, kind, seq);

CREATE TRIGGER case_records_are_append_only_update BEFORE UPDATE ON case_records
BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END;
CREATE TRIGGER case_records_are_append_only_delete BEFORE DELETE ON case_records
BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END;
