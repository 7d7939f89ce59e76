import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MemoryBucket, build, localFile, memory, param, task, type RunSummary } from "../src/index.js";
import { createMemoryStore } from "../src/store/memory-store.js";
import { runTogether, sourceModule } from "./helpers/child-script.js";
import { holdLeases, spiedStore } from "./helpers/spied-store.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pipewright-concurrent-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** 200 steps writing files under one wrapper, on a spied store, with `held` of them held by another live run. */
async function pipelineWithHeldSteps(held: readonly number[]) {
  const spied = spiedStore();
  await spied.store.init();
  const step = task("step", { params: { i: param.int() }, output: ({ i }) => localFile(`out/step-${i}.txt`), run: ({ output, params }) => output.write(String(params.i)) });
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
    const summary = await build(all(), { store, projectRoot: dir });
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
    // The other run builds its tasks, records them, and lets go of all of them at once.
    const built = new Promise<void>((resolve) =>
      setTimeout(async () => {
        await build(Array.from({ length: 100 }, (_, i) => step({ i })), { store: createMemoryStore(), projectRoot: dir });
        const finishedAt = Date.now();
        await store.recordProgress({
          results: heldIds.map((taskId) => ({ taskId, taskName: "step", params: {}, status: "succeeded", runId: "other-run", attempts: 1, startedAt: finishedAt, finishedAt, error: null, fingerprint: null })),
          released: { ownerId: other, taskIds: heldIds },
        });
        resolve();
      }, 300),
    );
    recordReads.length = 0;
    const summary = await build(all(), { store, projectRoot: dir });
    await built;
    expect(summary.counts.ran_elsewhere).toBe(100);
    expect(summary.counts.ran).toBe(101);
    const readsOfHeld = recordReads.filter((ids) => ids.some((id) => heldIds.includes(id)));
    expect(readsOfHeld.length).toBeLessThanOrEqual(3);
  });
});

/** A promise and the function that resolves it, for a test to wait on something a task does. */
function latch(): { readonly reached: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const reached = new Promise<void>((resolve) => (open = resolve));
  return { reached, open };
}

describe("tasks with memory outputs, among runs sharing a store", () => {
  /**
   * A task with a memory output that takes a while, counting its runs. The second build starts
   * once the first has started the task: its walk finds the output missing.
   */
  async function overlappingBuilds(first: MemoryBucket, second: MemoryBucket): Promise<{ statuses: string[]; runs: number }> {
    const store = createMemoryStore();
    await store.init();
    let runs = 0;
    const firstStarted = latch();
    const slow = task("slow", {
      output: () => memory<string>("slow"),
      async run({ output }) {
        runs++;
        firstStarted.open();
        await new Promise((resolve) => setTimeout(resolve, 100));
        await output.write("made");
      },
    });
    const a = build(slow(), { store, memory: first });
    await firstStarted.reached;
    const b = build(slow(), { store, memory: second });
    const summaries = await Promise.all([a, b]);
    return { statuses: summaries.map((s) => s.tasks[0]?.status ?? "none"), runs };
  }

  test("two runs of one process on one bucket build the task once; the one that waited reports it built elsewhere", async () => {
    const bucket = new MemoryBucket();
    const { statuses, runs } = await overlappingBuilds(bucket, bucket);
    expect(statuses).toEqual(["ran", "ran_elsewhere"]);
    expect(runs).toBe(1);
    expect(bucket.get("slow")).toBe("made");
  });

  test("runs on different buckets (sandboxes) each build the task, though they share a store: the other's output is not theirs", async () => {
    const [first, second] = [new MemoryBucket(), new MemoryBucket()];
    const { statuses, runs } = await overlappingBuilds(first, second);
    expect(statuses).toEqual(["ran", "ran"]);
    expect(runs).toBe(2);
    expect([first.get("slow"), second.get("slow")]).toEqual(["made", "made"]);
  });

  test("a run waiting for tasks another run of the process holds stops waiting when interrupted, without a listener per task", async () => {
    const bucket = new MemoryBucket();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      let started = 0;
      const firstHoldsAll = latch();
      const finished = latch();
      const held = task("held", {
        params: { i: param.int() },
        output: ({ i }) => memory<number>(`held-${i}`),
        async run({ output, params }) {
          if (++started === 20) firstHoldsAll.open();
          await finished.reached;
          await output.write(params.i);
        },
      });
      const all = task("allHeld", { requires: () => Array.from({ length: 20 }, (_, i) => held({ i })) });
      const store = createMemoryStore();
      const first = build(all(), { store, memory: bucket, workers: 20 });
      await firstHoldsAll.reached;
      const controller = new AbortController();
      const second = build(all(), { store, memory: bucket, workers: 20, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const interrupted = await second;
      expect(interrupted.exitCode).toBe(130);
      expect(interrupted.counts.failed).toBe(20);
      finished.open();
      expect((await first).counts.ran).toBe(21);
      // Node warns when one signal has more than 10 listeners: a listener per waiting task would.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.message)).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  test("two processes building one memory pipeline on one SQLite file each run every task and hold every output", async () => {
    const script = path.join(dir, "builder.mts");
    const goFile = path.join(dir, "go");
    writeFileSync(
      script,
      `import { existsSync } from "node:fs";
import { MemoryBucket, build, memory, param, task } from ${JSON.stringify(sourceModule("src/index.ts"))};
const [root, go] = process.argv.slice(2);
const cell = task("cell", { params: { i: param.int() }, output: ({ i }) => memory(\`cell-\${i}\`), run: ({ params, output }) => output.write(params.i) });
const all = task("all", { requires: () => Array.from({ length: 300 }, (_, i) => cell({ i })) });
const bucket = new MemoryBucket();
console.log("ready");
while (!existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 2));
const summary = await build(all(), { store: root + "/state.db", memory: bucket });
console.log(JSON.stringify({ exitCode: summary.exitCode, counts: summary.counts, held: bucket.size }));
`,
    );
    const lines = await runTogether([{ script, args: [dir, goFile] }, { script, args: [dir, goFile] }], goFile);
    for (const line of lines) {
      const { exitCode, counts, held } = JSON.parse(line) as { exitCode: number; counts: RunSummary["counts"]; held: number };
      expect(exitCode).toBe(0);
      expect(counts.ran).toBe(301);
      expect(counts.ran_elsewhere).toBe(0);
      expect(held).toBe(300);
    }
  }, 60_000);
});
