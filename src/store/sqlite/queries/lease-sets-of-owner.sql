-- releaseLeases, renewLeases, breakLease: every set an owner holds (by the owner index).
SELECT * FROM lease_sets WHERE owner_id = @ownerId;
