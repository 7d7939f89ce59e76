-- acquireLease and acquireLeases: insert each lease, or take it over only if it has expired or
-- is already ours; the WHERE on the upsert leaves someone else's live lease untouched.
-- sqlite-queries.ts repeats the VALUES row, one per request; the last ? is the `now` they share.
-- RETURNING names the leases inserted or taken over: a row the WHERE refused returns nothing,
-- and the caller reads those holders with get-leases.sql in the same BEGIN IMMEDIATE.
INSERT INTO leases (task_id, owner_id, run_id, host, pid, expires_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (task_id) DO UPDATE SET
  owner_id = excluded.owner_id,
  run_id = excluded.run_id,
  host = excluded.host,
  pid = excluded.pid,
  expires_at = excluded.expires_at
WHERE leases.expires_at <= ? OR leases.owner_id = excluded.owner_id
RETURNING task_id;
