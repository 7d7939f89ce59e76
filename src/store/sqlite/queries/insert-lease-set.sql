-- acquireLeases and renewLeases: a new set of leases sharing one holder and expiry.
INSERT INTO lease_sets (owner_id, run_id, host, pid, expires_at, task_ids)
VALUES (@ownerId, @runId, @host, @pid, @expiresAt, @taskIds);
