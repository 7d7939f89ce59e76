-- The ledger of applied migrations. Created before the numbered migrations run, inside the
-- same BEGIN IMMEDIATE transaction, so concurrent openers of a new file serialise on it.
CREATE TABLE IF NOT EXISTS migrations (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at INTEGER NOT NULL
);
