import { describe, expect, test } from "vitest";
import { build, createMemoryStore, memory, MemoryBucket, param, task, type AnyTaskInstance, type PipelineEvent } from "pipewright";

// Graphs larger than the chunk the run loop hands to the scheduler at a time (4,096 tasks), so
// tasks start, fail and require others while the rest of the graph is still being handed over.
const n = 10_000;

/** A fan-in of `n` cells over memory outputs; `fails` and `run` let a test change a few cells. */
function fanIn(options: { fails?: (i: number) => boolean; onRun?: (i: number) => void } = {}) {
  const cell = task("cell", {
    params: { i: param.int() },
    output: ({ i }) => memory<number>(`cell-${i}`),
    async run({ params, output }) {
      options.onRun?.(params.i);
      if (options.fails?.(params.i)) throw new Error(`cell ${params.i} broke`);
      await output.write(params.i);
    },
  });
  const all = task("all", { params: { n: param.int() }, requires: ({ n }) => Array.from({ length: n }, (_, i) => cell({ i })) });
  return { cell, all };
}

describe("graphs larger than one scheduling chunk", () => {
  test("every task runs once, each after what it requires, and the summary lists them in that order", async () => {
    const width = 1_200;
    let below: ((params: { i: number }) => AnyTaskInstance) | undefined;
    const ran: string[] = [];
    for (let level = 0; level < 10; level++) {
      const lower = below;
      const factory = task(`level${level}`, {
        params: { i: param.int() },
        requires: ({ i }) => (lower ? [lower({ i }), lower({ i: (i + 1) % width })] : []),
        output: ({ i }) => memory<number>(`level${level}-${i}`),
        async run({ params, output, taskId }) {
          ran.push(taskId);
          await output.write(params.i);
        },
      });
      below = (params) => factory(params);
    }
    const roots = Array.from({ length: width }, (_, i) => below!({ i }));
    const summary = await build(roots, { store: createMemoryStore(), memory: new MemoryBucket() });
    expect(summary.ok).toBe(true);
    expect(summary.counts.ran).toBe(12_000);
    expect(new Set(ran).size).toBe(12_000);
    const position = new Map(summary.tasks.map((t, index) => [t.id, index]));
    const started = new Map(ran.map((id, index) => [id, index]));
    for (const root of roots) {
      for (const dep of root.requires() as AnyTaskInstance[]) {
        expect(position.get(dep.id)!).toBeLessThan(position.get(root.id)!);
        expect(started.get(dep.id)!).toBeLessThan(started.get(root.id)!);
      }
    }
  });

  test("a failure in the first chunk blocks a dependent handed over later", async () => {
    const { all } = fanIn({ fails: (i) => i === 3 });
    const summary = await build(all({ n }), { store: createMemoryStore(), memory: new MemoryBucket() });
    expect(summary.exitCode).toBe(1);
    expect(summary.counts).toMatchObject({ ran: n - 1, failed: 1, upstream_failed: 1 });
    const wrapper = summary.tasks.find((t) => t.id === `all(n=${n})`);
    expect(wrapper).toMatchObject({ status: "upstream_failed", blockedBy: ["cell(i=3)"] });
  });

  test("interrupted at its first task, a run still reports every complete task and counts the rest as not started", async () => {
    const bucket = new MemoryBucket();
    const store = createMemoryStore();
    // The upper cells are complete: most of them come in chunks handed over after the abort.
    const half = 6_000;
    const { cell } = fanIn();
    const upper = task("upper", { requires: () => Array.from({ length: half }, (_, i) => cell({ i: n - half + i })) });
    await build(upper(), { store, memory: bucket });
    const controller = new AbortController();
    const onEvent = (event: PipelineEvent) => {
      if (event.type === "task_started") controller.abort();
    };
    const summary = await build(fanIn().all({ n }), { store, memory: bucket, signal: controller.signal, onEvent });
    expect(summary.exitCode).toBe(130);
    expect(summary.counts.already_complete).toBe(half);
    const notStarted = n - half + 1 - summary.counts.ran - summary.counts.failed;
    expect(summary.error?.message).toContain(`${notStarted} tasks did not start`);
  });

  test("a task can require, while the graph is still being handed over, a new task that needs one not handed over yet", async () => {
    // Large enough that the hand-over takes several turns of the run loop after `first` starts.
    const size = 40_000;
    const { cell } = fanIn();
    const extra = task("extra", {
      requires: () => cell({ i: size - 1 }),
      output: () => memory<number>("extra"),
      async run({ input, output }) {
        await output.write((await input.read()) + 1);
      },
    });
    const first = task("first", {
      output: () => memory<number>("first"),
      async run({ require, output }) {
        const value = await require(extra());
        await output.write(await value.read());
      },
    });
    const root = task("root", { requires: () => [first(), ...Array.from({ length: size }, (_, i) => cell({ i }))] });
    const bucket = new MemoryBucket();
    const summary = await build(root(), { store: createMemoryStore(), memory: bucket });
    expect(summary.ok).toBe(true);
    expect(summary.counts.ran).toBe(size + 3);
  });
});
