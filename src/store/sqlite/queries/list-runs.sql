-- listRuns: newest first; ties go to the run recorded last. A negative limit means no limit.
SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT @limit;
