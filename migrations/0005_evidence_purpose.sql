-- 0005: what each piece of evidence is offered to prove (证明目的, 民事证据规定 第19条).
-- Forward-only: once landed, never edit this file.

-- Written by the user; NULL when not written (the export then suggests one, marked as such).
ALTER TABLE evidence ADD COLUMN purpose TEXT;
