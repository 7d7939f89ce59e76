-- listEvents without a run or task filter: a range scan on seq. A negative limit means no limit.
SELECT * FROM events WHERE seq > @afterSeq ORDER BY seq LIMIT @limit;
