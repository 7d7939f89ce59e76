import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { isPipewrightError } from "../src/errors.js";
import { MemoryBucket, build, memory, param, task } from "../src/index.js";
import { createSqliteStore } from "../src/store/sqlite-store.js";
import type { LeaseRequest, TaskResult } from "../src/store/store.js";
import { runScript, runTogether, sourceModule } from "./helpers/child-script.js";
import { succeededResult } from "./helpers/task-result.js";

// The writer thread itself is covered by the store's conformance suite, run on it in full
// (store.conformance.test.ts). These tests cover what is the thread's own: starting it, its
// errors, closing, and the move from this thread to it.

const driverModule = sourceModule("src/store/sqlite-store.ts");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pipewright-writer-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const leases = (ids: readonly string[], ownerId: string, now = 1): LeaseRequest[] =>
  ids.map((taskId) => ({ taskId, ownerId, runId: ownerId, host: "h", pid: 1, expiresAt: now + 60_000, now }));

const succeeded = (taskId: string, runId: string): TaskResult => succeededResult(taskId, runId, { fingerprint: { hash: taskId }, inputs: ["input"] });

const ids = (count: number, prefix = "t") => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe("the SQLite store's writer thread", () => {
  test("by default, writes stay on this thread until one holds 256 rows; then they move to the thread, in order", async () => {
    const store = createSqliteStore(path.join(dir, "state.db"));
    await store.init();
    await store.acquireLeases(leases(ids(10, "small-"), "small"));
    expect(store.writesOn).toBe("this thread");

    // The large write starts the thread; it and the writes after it run here until the thread is
    // ready, then there. Each round must see the round before it, whichever thread wrote it.
    const tasks = ids(300);
    for (let round = 0; round < 40 && store.writesOn === "this thread"; round++) {
      const owner = `owner-${round}`;
      expect((await store.acquireLeases(leases(tasks, owner))).every((result) => result.acquired)).toBe(true);
      await store.recordProgress({ results: tasks.map((taskId) => succeeded(taskId, owner)), released: { ownerId: owner, taskIds: tasks } });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(store.writesOn).toBe("writer thread");
    const last = "owner-last";
    expect((await store.acquireLeases(leases(tasks, last))).every((result) => result.acquired)).toBe(true);
    await store.recordProgress({ results: tasks.map((taskId) => succeeded(taskId, last)), released: { ownerId: last, taskIds: tasks } });

    const records = await store.getTaskRecords(tasks);
    expect([...records.values()].every((record) => record.runId === last && record.inputs.join() === "input")).toBe(true);
    expect(await store.getLease("t299")).toBeUndefined();
    await store.close();
  });

  test("a write that fails on the thread rejects with a store_error naming the file and what it was doing; later writes still work", async () => {
    const file = path.join(dir, "state.db");
    const store = createSqliteStore(file, { writer: "thread" });
    await store.init();
    expect(store.writesOn).toBe("writer thread");
    const other = new Database(file);
    other.exec("ALTER TABLE events RENAME TO events_moved");
    const error: unknown = await store.appendEvents([{ runId: "r", type: "task_log", taskId: null, at: 1, data: {} }]).catch((caught: unknown) => caught);
    expect(isPipewrightError(error, "store_error")).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain("append 1 event(s)");
    expect((error as Error).message).toContain("events");

    other.exec("ALTER TABLE events_moved RENAME TO events");
    other.close();
    await store.appendEvents([{ runId: "r", type: "task_log", taskId: null, at: 1, data: { after: true } }]);
    expect((await store.listEvents()).map((event) => event.data)).toEqual([{ after: true }]);
    await store.close();
  });

  test("close() waits for the writes sent before it", async () => {
    const file = path.join(dir, "state.db");
    const store = createSqliteStore(file, { writer: "thread" });
    await store.init();
    const tasks = ids(1000);
    const written = store.recordProgress({ results: tasks.map((taskId) => succeeded(taskId, "r1")) });
    await store.close();
    await written;

    const reopened = createSqliteStore(file, { writer: "inline" });
    await reopened.init();
    expect((await reopened.getTaskRecords(tasks)).size).toBe(1000);
    await reopened.close();
  });

  test("closing while the thread is still starting keeps every write made meanwhile, and leaves the file usable", async () => {
    const file = path.join(dir, "state.db");
    const store = createSqliteStore(file);
    await store.init();
    const tasks = ids(300);
    // A large write starts the thread; this one and the next run here, and the store closes at once.
    await store.acquireLeases(leases(tasks, "r1"));
    await store.recordProgress({ results: tasks.map((taskId) => succeeded(taskId, "r1")), released: { ownerId: "r1", taskIds: tasks } });
    expect(store.writesOn).toBe("this thread");
    await store.close();

    const reopened = createSqliteStore(file, { writer: "thread" });
    await reopened.init();
    expect((await reopened.getTaskRecords(tasks)).size).toBe(300);
    expect(await reopened.getLease("t0")).toBeUndefined();
    expect((await reopened.acquireLeases(leases(tasks, "r2"))).every((result) => result.acquired)).toBe(true);
    await reopened.close();
  });

  test("close() finishes in a process with nothing else to do when the thread becomes ready while it is stopped", async () => {
    // Closing stops a thread that is still starting. When its "ready" was on its way at that
    // moment, it let the process exit, code 0, in the middle of close(): a script's
    // \`await build()\` ended the process before the run was recorded. Keeping this thread busy
    // while the writer thread starts puts its "ready" on the way when close() begins.
    const script = path.join(dir, "close-while-starting.mts");
    writeFileSync(
      script,
      `import { createSqliteStore } from ${JSON.stringify(driverModule)};
const store = createSqliteStore(${JSON.stringify(path.join(dir, "state.db"))});
await store.init();
const rows = Array.from({ length: 300 }, (_, i) => ({ runId: "r", type: "task_log" as const, taskId: null, at: i, data: {} }));
await store.appendEvents(rows); // 300 rows: starts the writer thread
const until = Date.now() + 1500; // long enough for the thread to start, even under tsx
while (Date.now() < until);
await store.close();
console.log("closed");
`,
    );
    const { code, stdout } = await runScript(script, [], { timeoutMs: 30_000 });
    expect(stdout.trim()).toBe("closed");
    expect(code).toBe(0);
  });

  test("a process that never closes the store still exits when its work is done", async () => {
    const script = path.join(dir, "no-close.mts");
    writeFileSync(
      script,
      `import { createSqliteStore } from ${JSON.stringify(driverModule)};
const store = createSqliteStore(${JSON.stringify(path.join(dir, "state.db"))}, { writer: "thread" });
await store.init();
await store.appendEvents([{ runId: "r", type: "task_log", taskId: null, at: 1, data: {} }]);
console.log("written");
`,
    );
    const { code, stdout } = await runScript(script, [], { timeoutMs: 20_000 });
    expect(stdout.trim()).toBe("written");
    expect(code).toBe(0);
  });

  test("a run writes through the thread: every result, event and lease release lands, and the next run finds it all", async () => {
    // The thread from the start: from the sources (tsx) it takes longer to start than this run takes.
    const store = createSqliteStore(path.join(dir, "state.db"), { writer: "thread" });
    const cell = task("cell", { params: { i: param.int() }, output: ({ i }) => memory<number>(`cell-${i}`), run: ({ params, output }) => output.write(params.i * 2) });
    const all = task("all", { requires: () => Array.from({ length: 2_000 }, (_, i) => cell({ i })) });
    const bucket = new MemoryBucket();

    const first = await build(all(), { store, memory: bucket });
    expect(first.counts.ran).toBe(2_001);
    expect(store.writesOn).toBe("writer thread");
    const cellIds = Array.from({ length: 2_000 }, (_, i) => cell({ i }).id);
    const records = await store.getTaskRecords(cellIds);
    expect(records.size).toBe(2_000);
    expect([...records.values()].every((record) => record.status === "succeeded" && record.runId === first.runId)).toBe(true);
    const events = await store.listEvents({ runId: first.runId });
    expect(events.filter((event) => event.type === "task_succeeded")).toHaveLength(2_000);
    expect(events.at(-1)?.type).toBe("run_finished");
    expect(await store.getLease(cellIds[1_999]!)).toBeUndefined();
    expect((await store.getRun(first.runId))?.status).toBe("succeeded");

    const second = await build(all(), { store, memory: bucket });
    expect(second.counts.already_complete).toBe(2_001);
    await store.close();
  });

  test("two processes building one graph, each writing through its own thread, run every task once in total", async () => {
    const script = path.join(dir, "builder.mts");
    const goFile = path.join(dir, "go");
    const indexModule = sourceModule("src/index.ts");
    writeFileSync(
      script,
      `import { existsSync, writeFileSync } from "node:fs";
import { build, localFile, param, task } from ${JSON.stringify(indexModule)};
import { createSqliteStore } from ${JSON.stringify(driverModule)};
const [who, root, go] = process.argv.slice(2);
const leaf = task("leaf", { params: { i: param.int() }, output: ({ i }) => localFile(\`out/leaf-\${i}.txt\`), run: ({ params, output }) => output.write(String(params.i)) });
const all = task("all", { requires: () => Array.from({ length: 3000 }, (_, i) => leaf({ i })) });
const store = createSqliteStore(root + "/state.db", { writer: "thread" });
await store.init();
console.log("ready");
while (!existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 2));
const ran = [];
const summary = await build(all(), { projectRoot: root, store, onEvent: (event) => { if (event.type === "task_succeeded") ran.push(event.taskId); } });
await store.close();
writeFileSync(root + "/ran-" + who + ".json", JSON.stringify(ran));
console.log(summary.exitCode);
`,
    );
    const exitCodes = await runTogether(
      ["a", "b"].map((who) => ({ script, args: [who, dir, goFile] })),
      goFile,
    );
    expect(exitCodes).toEqual(["0", "0"]);
    expect(existsSync(goFile)).toBe(true);
    const ranBy = (who: string) => (JSON.parse(readFileSync(path.join(dir, `ran-${who}.json`), "utf8")) as string[]).filter((id) => id.startsWith("leaf"));
    const [a, b] = [ranBy("a"), ranBy("b")];
    expect(a.length + b.length).toBe(3000);
    expect(new Set([...a, ...b]).size).toBe(3000);
  }, 60_000);
});
