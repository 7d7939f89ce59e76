-- A set with no task left in it.
DELETE FROM lease_sets WHERE set_id = @setId;
