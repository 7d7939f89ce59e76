import { describe, expect, test } from "vitest";
import { build, localFile, param, task, type LeaseRequest, type Store } from "../src/index.js";
import { createMemoryStore } from "../src/store/memory-store.js";
import { withTempDir } from "./helpers/temp-dir.js";

/**
 * A memory store whose lease claims answer after `delayMs`, as a networked store's would, and
 * fail when `fails(call)` says so. Notes when each claim was under way.
 */
function slowClaimsStore(delayMs: number, fails: (call: number) => boolean = () => false) {
  const inner = createMemoryStore();
  const claims: Array<{ from: number; to: number }> = [];
  const store = Object.create(inner) as Store;
  Object.assign(store, {
    acquireLeases: async (requests: readonly LeaseRequest[]) => {
      const claim = { from: performance.now(), to: Number.POSITIVE_INFINITY };
      claims.push(claim);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      claim.to = performance.now();
      if (fails(claims.length)) throw new Error(`the store did not answer claim ${claims.indexOf(claim) + 1}`);
      return inner.acquireLeases(requests);
    },
  });
  return { store, claims };
}

/** 2,000 quick steps under one wrapper, each writing a file (tasks with memory outputs take no lease in the store). */
function fanIn() {
  const step = task("step", { params: { i: param.int() }, output: ({ i }) => localFile(`out/step-${i}.txt`), run: ({ output, params }) => output.write(String(params.i)) });
  const all = task("all", { requires: () => Array.from({ length: 2000 }, (_, i) => step({ i })) });
  return all();
}

describe("leases claimed ahead", () => {
  test("with a store that answers slowly, claimed tasks keep starting while the next leases are claimed", async () => {
    const { store, claims } = slowClaimsStore(20);
    const started: number[] = [];
    const summary = await withTempDir((projectRoot) =>
      build(fanIn(), {
        store,
        projectRoot,
        onEvent: (event) => {
          if (event.type === "task_started") started.push(performance.now());
        },
      }),
    );
    expect(summary.ok).toBe(true);
    expect(summary.counts.ran).toBe(2001);
    // Waiting for each claim before starting the next task would start none while one is under way.
    const overlapped = claims.filter((claim) => started.some((at) => at > claim.from && at < claim.to));
    expect(overlapped.length).toBeGreaterThanOrEqual(1);
    // Topped up many at a time: far fewer round trips than one per 256 tasks.
    expect(claims.length).toBeLessThanOrEqual(5);
  });

  test("a claim that fails while tasks run is made again when its tasks come up, and the run completes", async () => {
    const { store, claims } = slowClaimsStore(5, (call) => call === 2);
    const summary = await withTempDir((projectRoot) => build(fanIn(), { store, projectRoot }));
    expect(summary.ok).toBe(true);
    expect(summary.counts.ran).toBe(2001);
    expect(claims.length).toBeGreaterThanOrEqual(3);
  });

  test("a store that keeps failing its claims ends the run with its error instead of hanging", async () => {
    const { store } = slowClaimsStore(5, (call) => call >= 2);
    await expect(withTempDir((projectRoot) => build(fanIn(), { store, projectRoot }))).rejects.toThrow(/the store did not answer claim \d+/);
  });
});
