import { describe, expect, test } from "vitest";
import { MemoryBucket, build, memory, param, task } from "../src/index.js";
import { createMemoryStore } from "../src/store/memory-store.js";
import { holdLeases, spiedStore } from "./helpers/spied-store.js";

/** 200 steps under one wrapper, on a spied store, with `held` of them held by another live run. */
async function pipelineWithHeldSteps(held: readonly number[]) {
  const spied = spiedStore();
  await spied.store.init();
  const step = task("step", { params: { i: param.int() }, output: ({ i }) => memory<number>(`step-${i}`), run: ({ output, params }) => output.write(params.i) });
  const all = task("all", { requires: () => Array.from({ length: 200 }, (_, i) => step({ i })) });
  const heldIds = held.map((i) => step({ i }).id);
  const other = await holdLeases(spied.store, heldIds);
  spied.leaseCalls.length = 0;
  return { ...spied, step, all, heldIds, other };
}

describe("runs sharing a store", () => {
  test("a run waits for tasks another run holds without asking for them again at every step", async () => {
    // Another run, alive (this very process), holds half of the tasks for a while, then lets go.
    const { store, leaseCalls, all, heldIds, other } = await pipelineWithHeldSteps(Array.from({ length: 100 }, (_, i) => i * 2));
    const release = new Promise<void>((resolve) => setTimeout(() => void store.releaseLeases(heldIds, other).then(resolve), 500));
    const summary = await build(all(), { store, memory: new MemoryBucket() });
    await release;
    expect(summary.counts.ran).toBe(201);
    // Asked once ahead, then once per poll (every 200 ms) until the other run let go: a handful
    // of times each, not once per step of the run loop.
    const asked = (id: string) => leaseCalls.filter((ids) => ids.includes(id)).length;
    const most = Math.max(...heldIds.map(asked));
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(6);
  });

  test("tasks another run built and let go of together have their records read together", async () => {
    const { store, recordReads, step, all, heldIds, other } = await pipelineWithHeldSteps(Array.from({ length: 100 }, (_, i) => i));
    const bucket = new MemoryBucket();
    // The other run builds its tasks, records them, and lets go of all of them at once.
    const built = new Promise<void>((resolve) =>
      setTimeout(async () => {
        await build(Array.from({ length: 100 }, (_, i) => step({ i })), { store: createMemoryStore(), memory: bucket });
        const finishedAt = Date.now();
        await store.recordProgress({
          results: heldIds.map((taskId) => ({ taskId, taskName: "step", params: {}, status: "succeeded", runId: "other-run", attempts: 1, startedAt: finishedAt, finishedAt, error: null, fingerprint: null })),
          released: { ownerId: other, taskIds: heldIds },
        });
        resolve();
      }, 300),
    );
    recordReads.length = 0;
    const summary = await build(all(), { store, memory: bucket });
    await built;
    expect(summary.counts.ran_elsewhere).toBe(100);
    expect(summary.counts.ran).toBe(101);
    const readsOfHeld = recordReads.filter((ids) => ids.some((id) => heldIds.includes(id)));
    expect(readsOfHeld.length).toBeLessThanOrEqual(3);
  });
});
