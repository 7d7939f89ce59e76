import { hostname } from "node:os";
import { describe, expect, test } from "vitest";
import { MemoryBucket, build, memory, param, task, type Store } from "../src/index.js";
import { createMemoryStore } from "../src/store/memory-store.js";

/** A memory store that counts the lease requests it is sent for each task id, and its record reads. */
function countingStore(): { store: Store; asked: Map<string, number>; reads: string[][] } {
  const inner = createMemoryStore();
  const asked = new Map<string, number>();
  const reads: string[][] = [];
  const count = (ids: readonly string[]) => ids.forEach((id) => asked.set(id, (asked.get(id) ?? 0) + 1));
  const store: Store = Object.create(inner) as Store;
  Object.assign(store, {
    acquireLease: (request: Parameters<Store["acquireLease"]>[0]) => (count([request.taskId]), inner.acquireLease(request)),
    acquireLeases: (requests: Parameters<Store["acquireLeases"]>[0]) => (count(requests.map((r) => r.taskId)), inner.acquireLeases(requests)),
    getTaskRecords: (ids: readonly string[]) => (reads.push([...ids]), inner.getTaskRecords(ids)),
  });
  return { store, asked, reads };
}

describe("runs sharing a store", () => {
  test("a run waits for tasks another run holds without asking for them again at every step", async () => {
    const { store, asked } = countingStore();
    await store.init();
    const step = task("step", { params: { i: param.int() }, output: ({ i }) => memory<number>(`step-${i}`), run: ({ output, params }) => output.write(params.i) });
    const all = task("all", { requires: () => Array.from({ length: 200 }, (_, i) => step({ i })) });
    // Another run, alive (this very process), holds half of the tasks for a while, then lets go.
    const held = Array.from({ length: 100 }, (_, i) => `step(i=${i * 2})`);
    const other = { ownerId: `${hostname()}:${process.pid}:other`, runId: "other", host: hostname(), pid: process.pid };
    const now = Date.now();
    await store.acquireLeases(held.map((taskId) => ({ taskId, ...other, expiresAt: now + 60_000, now })));
    asked.clear();
    const release = new Promise<void>((resolve) => setTimeout(() => void store.releaseLeases(held, other.ownerId).then(resolve), 500));
    const summary = await build(all(), { store, memory: new MemoryBucket() });
    await release;
    expect(summary.counts.ran).toBe(201);
    // Asked once ahead, then once per poll (every 200 ms) until the other run let go: a handful
    // of times each, not once per step of the run loop.
    const most = Math.max(...held.map((id) => asked.get(id) ?? 0));
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(6);
  });

  test("tasks another run built and let go of together have their records read together", async () => {
    const { store, reads } = countingStore();
    await store.init();
    const step = task("step", { params: { i: param.int() }, output: ({ i }) => memory<number>(`step-${i}`), run: ({ output, params }) => output.write(params.i) });
    const all = task("all", { requires: () => Array.from({ length: 200 }, (_, i) => step({ i })) });
    const bucket = new MemoryBucket();
    const held = Array.from({ length: 100 }, (_, i) => `step(i=${i})`);
    const other = { ownerId: `${hostname()}:${process.pid}:other`, runId: "other", host: hostname(), pid: process.pid };
    const now = Date.now();
    await store.acquireLeases(held.map((taskId) => ({ taskId, ...other, expiresAt: now + 60_000, now })));
    // The other run builds its tasks, records them, and lets go of all of them at once.
    const built = new Promise<void>((resolve) =>
      setTimeout(async () => {
        await build(held.map((id) => step({ i: Number(id.slice("step(i=".length, -1)) })), { store: createMemoryStore(), memory: bucket });
        const finishedAt = Date.now();
        await store.recordProgress({
          results: held.map((taskId) => ({ taskId, taskName: "step", params: {}, status: "succeeded", runId: "other", attempts: 1, startedAt: finishedAt, finishedAt, error: null, fingerprint: null })),
          released: { ownerId: other.ownerId, taskIds: held },
        });
        resolve();
      }, 300),
    );
    reads.length = 0;
    const summary = await build(all(), { store, memory: bucket });
    await built;
    expect(summary.counts.ran_elsewhere).toBe(100);
    expect(summary.counts.ran).toBe(101);
    const readsOfHeld = reads.filter((ids) => ids.some((id) => held.includes(id)));
    expect(readsOfHeld.length).toBeLessThanOrEqual(3);
  });
});
