-- 0003: what was measured about a piece of evidence at intake.
-- Forward-only: once landed, never edit this file.

-- Playing time of a recording in milliseconds (NULL: not a recording, or not known), and
-- whether it is an estimate from the bytes present (a WAV whose header was never finished).
ALTER TABLE evidence ADD COLUMN duration_ms INTEGER;
ALTER TABLE evidence ADD COLUMN duration_estimated INTEGER NOT NULL DEFAULT 0;
-- Which EXIF time exif_taken_at is: 'original' (DateTimeOriginal, when the photo was taken)
-- or 'recorded' (DateTime, when the camera last wrote the file). NULL for rows from before.
ALTER TABLE evidence ADD COLUMN exif_time_kind TEXT;
-- The camera's EXIF Make and Model, as written.
ALTER TABLE evidence ADD COLUMN camera_make TEXT;
ALTER TABLE evidence ADD COLUMN camera_model TEXT;
