-- releaseLease and breakLease: only the named owner's lease goes.
DELETE FROM leases WHERE task_id = @taskId AND owner_id = @ownerId;
