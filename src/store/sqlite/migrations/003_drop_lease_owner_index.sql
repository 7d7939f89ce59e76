-- 003: leases are found by task id (the primary key) in every query, the owner only filters;
-- the owner index cost an extra b-tree write on every lease taken and released.
DROP INDEX leases_owner_id;
