-- releaseLeases: @taskIds is a JSON array, so any number of ids is one statement;
-- only the named owner's leases go.
DELETE FROM leases WHERE owner_id = @ownerId AND task_id IN (SELECT value FROM json_each(@taskIds));
