-- 0006: the 录音文字整理稿 of a piece of evidence (mainly a recording): text the user typed or
-- pasted after listening, printed under the recording in the evidence PDF.
-- Forward-only: once landed, never edit this file.

-- Written by the user, never by a machine; NULL when not written.
ALTER TABLE evidence ADD COLUMN transcript TEXT;
