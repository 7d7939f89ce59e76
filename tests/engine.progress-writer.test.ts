import { describe, expect, it } from "vitest";
import { build, createMemoryStore, memory, MemoryBucket, task, type PipelineEvent, type Progress, type Store, type TaskResult } from "pipewright";
import { ProgressWriter } from "../src/engine/progress-writer.js";
import { storeError } from "../src/store/store-error.js";
import { succeededResult } from "./helpers/task-result.js";

const runId = "run-1";
const started = (taskId: string, at: number): PipelineEvent => ({ type: "task_started", runId, at, taskId, attempt: 1, reason: "output missing: x" });
const succeeded = (taskId: string, at: number): PipelineEvent => ({ type: "task_succeeded", runId, at, taskId, attempt: 1, durationMs: 5 });

async function recorded(emit: (recorder: ProgressWriter) => Promise<void> | void) {
  const store = createMemoryStore();
  await store.init();
  const heard: PipelineEvent[] = [];
  const recorder = new ProgressWriter(store, { listener: (event) => heard.push(event), maxDelayMs: 60_000 });
  await emit(recorder);
  await recorder.flush();
  const rows = await store.listEvents();
  return { heard, rows: rows.map((r) => ({ type: r.type, taskId: r.taskId, at: r.at, data: r.data })) };
}

describe("what the progress writer stores of events", () => {
  it("stores a short task's start within its success, and tells the listener both", async () => {
    const { heard, rows } = await recorded((r) => {
      r.emit(started("a", 100));
      r.emit(succeeded("a", 105));
    });
    expect(heard.map((e) => e.type)).toEqual(["task_started", "task_succeeded"]);
    expect(rows).toEqual([{ type: "task_succeeded", taskId: "a", at: 105, data: { attempt: 1, durationMs: 5, startedAt: 100, reason: "output missing: x" } }]);
  });

  it("keeps the start as its own row when the task logged in between, or a flush came first", async () => {
    const { rows } = await recorded(async (r) => {
      r.emit(started("a", 100));
      r.emit({ type: "task_log", runId, at: 101, taskId: "a", level: "info", message: "hello" });
      r.emit(succeeded("a", 105));
      r.emit(started("b", 110));
      await r.flush();
      r.emit(succeeded("b", 120));
    });
    expect(rows.map((row) => `${row.type} ${row.taskId}`)).toEqual(["task_started a", "task_log a", "task_succeeded a", "task_started b", "task_succeeded b"]);
    expect(rows[2]!.data).not.toHaveProperty("startedAt");
  });

  it("writes as soon as enough rows are waiting, without waiting for the timer", async () => {
    const store = createMemoryStore();
    await store.init();
    const recorder = new ProgressWriter(store, { maxDelayMs: 60_000, maxBatch: 3 });
    for (const at of [1, 2, 3]) recorder.emit({ type: "task_log", runId, at, taskId: "a", level: "info", message: `line ${at}` });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.listEvents()).toHaveLength(3);
    await recorder.flush();
  });

  it("does not store already-complete skips, and stores run_finished without the task list", async () => {
    const summary = { runId, ok: true, exitCode: 0, counts: { ran: 0, already_complete: 1 }, tasks: [{ id: "a" }] };
    const { heard, rows } = await recorded((r) => {
      r.emit({ type: "task_skipped", runId, at: 1, taskId: "a", status: "already_complete", reason: "complete" });
      r.emit({ type: "task_skipped", runId, at: 2, taskId: "b", status: "upstream_failed", reason: "blocked by c" });
      r.emit({ type: "run_finished", runId, at: 3, summary } as unknown as PipelineEvent);
    });
    expect(heard).toHaveLength(3);
    expect(rows.map((row) => `${row.type} ${row.taskId}`)).toEqual(["task_skipped b", "run_finished null"]);
    expect(rows[1]!.data).toEqual({ summary: { runId, ok: true, exitCode: 0, counts: { ran: 0, already_complete: 1 } } });
  });
});

const result = (taskId: string): TaskResult => succeededResult(taskId, runId);

/** A memory store that remembers each recordProgress call, and can be told to fail them. */
async function watchedStore() {
  const store = createMemoryStore();
  await store.init();
  const calls: Progress[] = [];
  let failWith: Error | undefined;
  const watched: Store = {
    ...store,
    recordProgress: async (progress) => {
      calls.push(progress);
      if (failWith) throw failWith;
      return store.recordProgress(progress);
    },
  };
  return { store, watched, calls, fail: (error: Error | undefined) => (failWith = error) };
}

describe("how the progress writer batches a run's writes", () => {
  it("sends results, the leases they free and events in one recordProgress call", async () => {
    const { store, watched, calls } = await watchedStore();
    await store.acquireLeases(["a", "b"].map((taskId) => ({ taskId, ownerId: "me", runId, host: "h", pid: 1, expiresAt: 1_000, now: 0 })));
    const writer = new ProgressWriter(watched, { maxDelayMs: 60_000 });
    for (const id of ["a", "b"]) {
      writer.emit(started(id, 1));
      writer.record(result(id));
      writer.emit(succeeded(id, 2));
      writer.release(id, "me");
    }
    await writer.flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.results?.map((r) => r.taskId)).toEqual(["a", "b"]);
    expect(calls[0]!.released).toEqual({ ownerId: "me", taskIds: ["a", "b"] });
    expect(calls[0]!.events?.map((e) => `${e.type} ${e.taskId}`)).toEqual(["task_succeeded a", "task_succeeded b"]);
    expect([...(await store.getTaskRecords(["a", "b"])).keys()]).toEqual(["a", "b"]);
    expect(await store.getLease("a")).toBeUndefined();
    await writer.flush();
    expect(calls, "nothing queued: nothing sent").toHaveLength(1);
  });

  it("writes on its own a few milliseconds after the first entry", async () => {
    const { watched, calls } = await watchedStore();
    const writer = new ProgressWriter(watched, { maxDelayMs: 5 });
    writer.record(result("a"));
    expect(calls).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.map((c) => c.results?.length)).toEqual([1]);
  });

  it("reports a failed write at the next flush, once, even when the write went out on its own", async () => {
    const { watched, fail } = await watchedStore();
    const writer = new ProgressWriter(watched, { maxDelayMs: 60_000, maxBatch: 1 });
    fail(new Error("disk full"));
    writer.record(result("a")); // full batch: written at once, in the background
    await new Promise((resolve) => setImmediate(resolve));
    fail(undefined);
    await expect(writer.flush()).rejects.toThrow("disk full");
    writer.record(result("b"));
    await expect(writer.flush()).resolves.toBeUndefined();
  });
});

describe("a store that fails while a run writes its progress", () => {
  it("ends the run with the store's error in the summary, and keeps the outputs written", async () => {
    const { watched, fail } = await watchedStore();
    fail(storeError("state.db", "record 1 result(s), 1 lease release(s) and 2 event(s)", new Error("disk I/O error"), "Check the disk."));
    const bucket = new MemoryBucket();
    const made = task("made", { output: () => memory<number>("made"), run: async ({ output }) => output.write(42) });
    const summary = await build(made(), { store: watched, memory: bucket });
    expect(summary).toMatchObject({ ok: false, exitCode: 1, error: { code: "store_error" } });
    expect(summary.error?.message).toContain("disk I/O error");
    expect(bucket.get("made")).toBe(42);
  });
});
