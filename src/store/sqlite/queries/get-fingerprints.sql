-- getFingerprints: @taskIds is a JSON array, so any number of ids is one round trip. Only the
-- two columns staleness needs, and no inputs: for 100,000 ids about a quarter of the time of
-- get-task-records.sql.
SELECT task_id, fingerprint
FROM task_records
WHERE task_id IN (SELECT value FROM json_each(@taskIds)) AND fingerprint IS NOT NULL;
