-- acquireLeases: the sets holding any of @taskIds (a JSON array). The list of ids is made into a
-- temporary index once, so the cost is one look-up per id held in any set: few in practice,
-- since a run releases its leases as its tasks finish.
SELECT * FROM lease_sets s
WHERE EXISTS (SELECT 1 FROM json_each(s.task_ids) j WHERE j.value IN (SELECT value FROM json_each(@taskIds)));
