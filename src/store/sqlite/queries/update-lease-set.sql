-- A set whose ids or expiry changed: some of its tasks were released, taken over or renewed.
UPDATE lease_sets SET task_ids = @taskIds, expires_at = @expiresAt WHERE set_id = @setId;
