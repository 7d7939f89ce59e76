-- 005: a run's process beats while it runs, so that a later run can tell a run that was killed
-- (or whose machine was lost) from one still going, and record it as crashed. Runs recorded
-- before this migration take their last known moment as their last heartbeat.
ALTER TABLE runs ADD COLUMN heartbeat_at INTEGER NOT NULL DEFAULT 0;
UPDATE runs SET heartbeat_at = COALESCE(finished_at, started_at);
-- Each run's start looks for runs still marked running: a few among many finished ones.
CREATE INDEX runs_running ON runs (status) WHERE status = 'running';
