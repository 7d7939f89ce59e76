import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, test } from "vitest";
import { createMemoryStore } from "../src/store/memory-store.js";
import { createSqliteStore } from "../src/store/sqlite-store.js";
import { testStoreConformance } from "../src/testing/store-conformance.js";

testStoreConformance("memory", () => createMemoryStore(), { describe, test, afterEach });

// Each SQLite test gets its own file, so tests start from an empty store.
const sqliteDir = mkdtempSync(path.join(tmpdir(), "pipewright-conformance-"));
let fileCount = 0;
afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));

testStoreConformance("sqlite", () => createSqliteStore(path.join(sqliteDir, `state-${++fileCount}.db`)), {
  describe,
  test,
  afterEach,
});

// The same contract with every write on the SQLite store's writer thread.
testStoreConformance("sqlite (writer thread)", () => createSqliteStore(path.join(sqliteDir, `state-${++fileCount}.db`), { writer: "thread" }), {
  describe,
  test,
  afterEach,
});
