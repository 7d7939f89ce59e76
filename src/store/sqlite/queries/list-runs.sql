-- listRuns: newest first; ties go to the run recorded last. A negative limit means no limit.
-- @before: NULL, or a run id: then only the runs after it in that order (the next page).
-- @status: NULL, or only the runs with that status.
SELECT * FROM runs
WHERE (@status IS NULL OR status = @status)
  AND (@before IS NULL
       OR (started_at, rowid) < (SELECT started_at, rowid FROM runs WHERE run_id = @before))
ORDER BY started_at DESC, rowid DESC
LIMIT @limit;
