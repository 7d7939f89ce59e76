import { describe, expect, it } from "vitest";
import { createMemoryStore, type PipelineEvent } from "pipewright";
import { EventRecorder } from "../src/engine/event-recorder.js";

const runId = "run-1";
const started = (taskId: string, at: number): PipelineEvent => ({ type: "task_started", runId, at, taskId, attempt: 1, reason: "output missing: x" });
const succeeded = (taskId: string, at: number): PipelineEvent => ({ type: "task_succeeded", runId, at, taskId, attempt: 1, durationMs: 5 });

async function recorded(emit: (recorder: EventRecorder) => Promise<void> | void) {
  const store = createMemoryStore();
  await store.init();
  const heard: PipelineEvent[] = [];
  const recorder = new EventRecorder(store, (event) => heard.push(event), 60_000);
  await emit(recorder);
  await recorder.flush();
  const rows = await store.listEvents();
  return { heard, rows: rows.map((r) => ({ type: r.type, taskId: r.taskId, at: r.at, data: r.data })) };
}

describe("what the event recorder stores", () => {
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
    const recorder = new EventRecorder(store, undefined, 60_000, 3);
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
