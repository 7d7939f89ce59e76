CREATE TABLE migrations (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at INTEGER NOT NULL
);
CREATE TABLE runs (
  run_id        TEXT PRIMARY KEY,
  root_task_ids TEXT NOT NULL, -- JSON array of task ids
  status        TEXT NOT NULL,
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER,
  exit_code     INTEGER,
  host          TEXT NOT NULL,
  pid           INTEGER NOT NULL,
  summary       TEXT -- JSON, NULL until the run finishes
, heartbeat_at INTEGER NOT NULL DEFAULT 0);
CREATE INDEX runs_started_at ON runs (started_at);
CREATE TABLE task_records (
  task_id     TEXT PRIMARY KEY,
  task_name   TEXT NOT NULL,
  params      TEXT NOT NULL, -- JSON
  status      TEXT NOT NULL,
  run_id      TEXT NOT NULL,
  attempts    INTEGER NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  error       TEXT,
  fingerprint TEXT -- JSON, NULL when not tracked
);
CREATE TABLE events (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id  TEXT NOT NULL,
  type    TEXT NOT NULL,
  task_id TEXT,
  at      INTEGER NOT NULL,
  data    TEXT NOT NULL -- JSON
);
CREATE TABLE sqlite_sequence(name,seq);
CREATE INDEX events_run_id ON events (run_id, seq);
CREATE INDEX events_task_id ON events (task_id, seq);
CREATE TABLE task_inputs (
  task_id  TEXT NOT NULL,
  input_id TEXT NOT NULL,
  PRIMARY KEY (task_id, input_id)
);
CREATE INDEX task_inputs_input_id ON task_inputs (input_id);
CREATE TABLE lease_sets (
  set_id     INTEGER PRIMARY KEY,
  owner_id   TEXT NOT NULL,
  run_id     TEXT NOT NULL,
  host       TEXT NOT NULL,
  pid        INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  task_ids   TEXT NOT NULL -- JSON array of task ids, never empty
);
CREATE INDEX lease_sets_owner_id ON lease_sets (owner_id);
CREATE INDEX runs_running ON runs (status) WHERE status = 'running';
