import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { isPipewrightError } from "../src/errors.js";
import { listSqliteMigrations } from "../src/store/sqlite/migrate-sqlite.js";
import { createSqliteStore } from "../src/store/sqlite-store.js";
import { runTogether as runScriptsTogether, sourceModule } from "./helpers/child-script.js";

const driverModule = sourceModule("src/store/sqlite-store.ts");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pipewright-sqlite-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The schema as `sqlite3 file .schema` prints it. */
function dumpSchema(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const statements = db.prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid").pluck().all() as string[];
    return statements.map((sql) => `${sql};\n`).join("");
  } finally {
    db.close();
  }
}

describe("the SQLite store", () => {
  test("runs, leases, task records and events survive closing and reopening the file", async () => {
    const file = path.join(dir, "nested", "folder", "state.db");
    const first = createSqliteStore(file);
    await first.init();
    await first.recordRunStarted({ runId: "r1", rootTaskIds: ["report()"], startedAt: 1, host: "h", pid: 7 });
    await first.acquireLease({ taskId: "t1", ownerId: "A", runId: "r1", host: "h", pid: 7, expiresAt: 100, now: 1 });
    await first.recordTaskResults([
      { taskId: "t1", taskName: "t", params: { x: 1 }, status: "succeeded", runId: "r1", attempts: 1, startedAt: 1, finishedAt: 2, error: null, fingerprint: { v: 1 } },
    ]);
    await first.appendEvents([{ runId: "r1", type: "run_started", taskId: null, at: 1, data: { hello: "world" } }]);
    await first.close();

    const second = createSqliteStore(file);
    await second.init();
    expect((await second.getRun("r1"))?.rootTaskIds).toEqual(["report()"]);
    expect((await second.getLease("t1"))?.ownerId).toBe("A");
    expect((await second.getTaskRecords(["t1"])).get("t1")?.fingerprint).toEqual({ v: 1 });
    expect((await second.listEvents()).map((event) => event.data)).toEqual([{ hello: "world" }]);
    await second.appendEvents([{ runId: "r1", type: "run_finished", taskId: null, at: 2, data: null }]);
    const seqs = (await second.listEvents()).map((event) => event.seq);
    expect(seqs[1]).toBeGreaterThan(seqs[0] ?? Infinity);
    await second.close();
  });

  test("recordProgress is all or nothing: when its events cannot be written, no result is recorded and no lease released", async () => {
    const file = path.join(dir, "state.db");
    const store = createSqliteStore(file);
    await store.init();
    await store.acquireLease({ taskId: "t1", ownerId: "A", runId: "r1", host: "h", pid: 7, expiresAt: 100, now: 1 });
    // Another connection breaks the events table, so the last part of the batch fails.
    const other = new Database(file);
    other.exec("ALTER TABLE events RENAME TO events_gone");
    other.close();
    const result = { taskId: "t1", taskName: "t", params: {}, status: "succeeded" as const, runId: "r1", attempts: 1, startedAt: 1, finishedAt: 2, error: null, fingerprint: null };
    const error: unknown = await store
      .recordProgress({ results: [result], released: { ownerId: "A", taskIds: ["t1"] }, events: [{ runId: "r1", type: "task_succeeded", taskId: "t1", at: 2, data: {} }] })
      .catch((caught: unknown) => caught);
    expect(isPipewrightError(error, "store_error")).toBe(true);
    expect((error as Error).message).toContain("1 result(s), 1 lease release(s) and 1 event(s)");
    expect((await store.getTaskRecords(["t1"])).size).toBe(0);
    expect((await store.getLease("t1"))?.ownerId).toBe("A");
    await store.close();
  });

  test("a file from before leases were kept in sets keeps its leases when it is migrated", async () => {
    const file = path.join(dir, "state.db");
    const old = new Database(file);
    old.pragma("journal_mode = WAL");
    old.exec(readFileSync(new URL("../src/store/sqlite/migrations-table.sql", import.meta.url), "utf8"));
    for (const migration of listSqliteMigrations().filter((m) => m.id <= 3)) {
      old.exec(migration.sql);
      old.prepare("INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, 0)").run(migration.id, migration.name);
    }
    const insert = old.prepare("INSERT INTO leases (task_id, owner_id, run_id, host, pid, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
    insert.run("t1", "A", "r1", "h", 7, 100);
    insert.run("t2", "B", "r2", "h", 8, 200);
    old.close();

    const store = createSqliteStore(file);
    await store.init();
    expect(await store.getLease("t1")).toEqual({ taskId: "t1", ownerId: "A", runId: "r1", host: "h", pid: 7, expiresAt: 100 });
    expect(await store.getLease("t2")).toEqual({ taskId: "t2", ownerId: "B", runId: "r2", host: "h", pid: 8, expiresAt: 200 });
    expect(await store.acquireLease({ taskId: "t2", ownerId: "A", runId: "r1", host: "h", pid: 7, expiresAt: 300, now: 150 })).toEqual({
      acquired: false,
      holder: { taskId: "t2", ownerId: "B", runId: "r2", host: "h", pid: 8, expiresAt: 200 },
    });
    await store.close();
  });

  test("runs recorded before heartbeats take their last known moment as their last heartbeat", async () => {
    const file = path.join(dir, "state.db");
    const old = new Database(file);
    old.exec(readFileSync(new URL("../src/store/sqlite/migrations-table.sql", import.meta.url), "utf8"));
    for (const migration of listSqliteMigrations().filter((m) => m.id <= 4)) {
      old.exec(migration.sql);
      old.prepare("INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, 0)").run(migration.id, migration.name);
    }
    const insert = old.prepare("INSERT INTO runs (run_id, root_task_ids, status, started_at, finished_at, exit_code, host, pid, summary) VALUES (?, '[]', ?, ?, ?, ?, 'h', 7, ?)");
    insert.run("killed", "running", 1000, null, null, null);
    insert.run("done", "succeeded", 2000, 2500, 0, '{"ok":true}');
    old.close();

    const store = createSqliteStore(file);
    await store.init();
    expect(await store.getRun("killed")).toMatchObject({ status: "running", heartbeatAt: 1000, finishedAt: null });
    expect(await store.getRun("done")).toMatchObject({ status: "succeeded", heartbeatAt: 2500, finishedAt: 2500, summary: { ok: true } });
    expect((await store.listRuns({ status: "running" })).map((run) => run.runId)).toEqual(["killed"]);
    await store.close();
  });

  test("the database runs in WAL mode with synchronous=NORMAL", async () => {
    const file = path.join(dir, "state.db");
    const store = createSqliteStore(file);
    await store.init();
    const db = new Database(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    await store.close();
  });

  test("the committed schema snapshot src/store/sqlite/schema.sql matches what the migrations build", async () => {
    const file = path.join(dir, "state.db");
    const store = createSqliteStore(file);
    await store.init();
    await store.close();
    // Out of date after a new migration? Regenerate with: npx vitest run tests/store.sqlite.test.ts -u
    await expect(dumpSchema(file)).toMatchFileSnapshot("../src/store/sqlite/schema.sql");
  });

  test("a file migrated by a newer version of Pipewright is refused with a store_error", async () => {
    const file = path.join(dir, "state.db");
    const store = createSqliteStore(file);
    await store.init();
    await store.close();
    const db = new Database(file);
    db.prepare("INSERT INTO migrations (id, name, applied_at) VALUES (999, '999_future', 0)").run();
    db.close();
    const error: unknown = await createSqliteStore(file).init().catch((caught: unknown) => caught);
    expect(isPipewrightError(error, "store_error")).toBe(true);
    expect((error as Error).message).toMatch(/newer version of Pipewright.*upgrade/);
  });

  test("a file that is not a database fails init with a store_error naming the file", async () => {
    const file = path.join(dir, "notes.db");
    writeFileSync(file, "these are not the bytes of a SQLite database, just some text long enough".repeat(20));
    const error: unknown = await createSqliteStore(file).init().catch((caught: unknown) => caught);
    expect(isPipewrightError(error, "store_error")).toBe(true);
    expect((error as Error).message).toContain(file);
  });
});

describe("the SQLite store shared by two processes", () => {
  test("two processes racing 200 times for the same leases acquire each one exactly once in total", async () => {
    const file = path.join(dir, "state.db");
    const ids = Array.from({ length: 200 }, (_, i) => `task-${i}`);
    // Half the tasks start with a lease that expired long ago, so racers also fight over takeovers.
    const seed = createSqliteStore(file);
    await seed.init();
    for (const taskId of ids.filter((_, i) => i % 2 === 0)) {
      await seed.acquireLease({ taskId, ownerId: "dead-owner", runId: "old", host: "h", pid: 1, expiresAt: 1, now: 0 });
    }
    await seed.close();

    const [a, b] = await runTogether(["lease-race", file, "A", ids.join(",")], ["lease-race", file, "B", ids.join(",")]);
    const wonByA = JSON.parse(a) as string[];
    const wonByB = JSON.parse(b) as string[];
    expect(wonByA.filter((id) => wonByB.includes(id))).toEqual([]);
    expect([...wonByA, ...wonByB].sort()).toEqual([...ids].sort());
  });

  test("two processes opening a new file at the same moment both migrate it without error", async () => {
    const files = Array.from({ length: 10 }, (_, i) => path.join(dir, `fresh-${i}`, "state.db"));
    await runTogether(["migrate", ...files], ["migrate", ...files]);
    const expected = listSqliteMigrations().map((migration) => migration.id);
    for (const file of files) {
      const db = new Database(file, { readonly: true });
      expect(db.prepare("SELECT id FROM migrations ORDER BY id").pluck().all()).toEqual(expected);
      db.close();
    }
  });
});

// A child process that opens the store through the driver module, like a second `pipewright run`.
const childScript = `
import { existsSync } from "node:fs";
import { createSqliteStore } from ${JSON.stringify(driverModule)};

const [mode, goFile, ...args] = process.argv.slice(2);
const waitForGo = async () => {
  console.log("ready");
  while (!existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 2));
};
if (mode === "migrate") {
  await waitForGo();
  for (const file of args) {
    const store = createSqliteStore(file);
    await store.init();
    await store.close();
  }
  console.log("[]");
} else {
  const [file, ownerId, ids] = args;
  const store = createSqliteStore(file);
  await store.init();
  await waitForGo();
  const won = [];
  for (const taskId of ids.split(",")) {
    const now = Date.now();
    const result = await store.acquireLease({ taskId, ownerId, runId: ownerId, host: "h", pid: process.pid, expiresAt: now + 60_000, now });
    if (result.acquired) won.push(taskId);
  }
  await store.close();
  console.log(JSON.stringify(won));
}
`;

/** Starts two children, releases them together once both are ready, returns each one's last line. */
async function runTogether(argsA: string[], argsB: string[]): Promise<[string, string]> {
  const script = path.join(dir, "child.mts");
  const goFile = path.join(dir, "go");
  writeFileSync(script, childScript);
  const withGo = ([mode, ...rest]: string[]) => ({ script, args: [mode ?? "", goFile, ...rest] });
  const [a, b] = await runScriptsTogether([withGo(argsA), withGo(argsB)], goFile);
  return [a!, b!];
}

describe("the SQLite store's lease sets", () => {
  test("a batch that asks for a task twice leaves the task in one set only", async () => {
    const file = path.join(dir, "state.db");
    const store = createSqliteStore(file);
    await store.init();
    const lease = (taskId: string, expiresAt: number) => ({ taskId, ownerId: "A", runId: "r1", host: "h", pid: 7, expiresAt, now: 1 });
    await store.acquireLeases([lease("t1", 100), lease("t2", 100), lease("t1", 100), lease("t2", 200)]);
    await store.close();
    const db = new Database(file, { readonly: true });
    const sets = db.prepare("SELECT expires_at, task_ids FROM lease_sets ORDER BY set_id").all();
    db.close();
    expect(sets).toEqual([
      { expires_at: 100, task_ids: '["t1"]' },
      { expires_at: 200, task_ids: '["t2"]' },
    ]);
  });
});
