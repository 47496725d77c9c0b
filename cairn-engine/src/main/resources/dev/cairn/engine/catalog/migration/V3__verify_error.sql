-- A verification that could not reach a verdict (location unreachable, lock held by a prune, wrong password,
-- interrupted) leaves the backup's status as it was and records why here, apart from a corrupted backup's error.
ALTER TABLE backups ADD COLUMN verify_error VARCHAR(4000);
ALTER TABLE backups ADD COLUMN verify_attempted_at ${ts};
