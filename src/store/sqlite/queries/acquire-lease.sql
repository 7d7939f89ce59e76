-- acquireLease: insert the lease, or take it over only if it has expired or is already ours.
-- The WHERE on the upsert is what leaves someone else's live lease untouched; the caller
-- runs this inside BEGIN IMMEDIATE and reads the holder when no row changed.
INSERT INTO leases (task_id, owner_id, run_id, host, pid, expires_at)
VALUES (@taskId, @ownerId, @runId, @host, @pid, @expiresAt)
ON CONFLICT (task_id) DO UPDATE SET
  owner_id = excluded.owner_id,
  run_id = excluded.run_id,
  host = excluded.host,
  pid = excluded.pid,
  expires_at = excluded.expires_at
WHERE leases.expires_at <= @now OR leases.owner_id = excluded.owner_id;
