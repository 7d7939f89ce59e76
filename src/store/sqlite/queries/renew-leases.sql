-- renewLeases: @taskIds is a JSON array, so any number of ids is one statement.
-- RETURNING tells the caller which ids the owner still held.
UPDATE leases SET expires_at = @expiresAt
WHERE owner_id = @ownerId AND task_id IN (SELECT value FROM json_each(@taskIds))
RETURNING task_id;
