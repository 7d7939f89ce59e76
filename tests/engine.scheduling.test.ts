import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { MemoryBucket, build, json, localFile, memory, openStore, param, task, type PipelineEvent } from "../src/index.js";
import { withTempDir } from "./helpers/temp-dir.js";
import { Scheduler } from "../src/scheduler/scheduler.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tasks that record how many of them run at once. */
function concurrencyProbe() {
  let running = 0;
  let peak = 0;
  const step = task("step", {
    params: { i: param.int() },
    output: ({ i }) => memory<number>(`step-${i}`),
    async run({ output, params }) {
      running++;
      peak = Math.max(peak, running);
      await sleep(30);
      running--;
      await output.write(params.i);
    },
  });
  const all = task("all", { params: { n: param.int() }, requires: ({ n }) => Array.from({ length: n }, (_, i) => step({ i })) });
  return { all, peak: () => peak };
}

describe("scheduling", () => {
  test("--workers N runs up to N tasks at once and never more", async () => {
    const one = concurrencyProbe();
    await build(one.all({ n: 4 }), { store: "memory", workers: 1, memory: new MemoryBucket() });
    expect(one.peak()).toBe(1);
    const three = concurrencyProbe();
    await build(three.all({ n: 6 }), { store: "memory", workers: 3, memory: new MemoryBucket() });
    expect(three.peak()).toBe(3);
  });

  test("among ready tasks, higher priority starts first; ties keep a stable order", async () => {
    const order: string[] = [];
    const job = task("job", {
      params: { name: param.string() },
      output: ({ name }) => memory<string>(`job-${name}`),
      async run({ params, output }) {
        order.push(params.name);
        await output.write(params.name);
      },
    });
    // `job` has the default priority 0.
    const low = task("low", { priority: 1, output: () => memory<string>("low"), run: async ({ output }) => (order.push("low"), output.write("x")) });
    const high = task("high", { priority: 10, output: () => memory<string>("high"), run: async ({ output }) => (order.push("high"), output.write("x")) });
    const all = task("prio-all", { requires: () => [job({ name: "a" }), low(), job({ name: "b" }), high()] });
    await build(all(), { store: "memory", workers: 1, memory: new MemoryBucket() });
    expect(order).toEqual(["high", "low", "a", "b"]);
  });

  test("run() may require more tasks while it runs and gets their outputs (dynamic dependencies)", async () => {
    await withTempDir(async (dir) => {
      const ran: string[] = [];
      const shard = task("shard", {
        params: { k: param.int() },
        output: ({ k }) => localFile(`data/shard-${k}.json`, json<number>()),
        async run({ params, output }) {
          ran.push(`shard ${params.k}`);
          await output.write(params.k * params.k);
        },
      });
      const total = task("total", {
        params: { shards: param.int() },
        output: () => localFile("data/total.json", json<number>()),
        async run({ params, output, require }) {
          // How many shards exist is only known while running.
          const parts = await require(Array.from({ length: params.shards }, (_, k) => shard({ k })));
          const values = await Promise.all(parts.map((p) => p.read()));
          ran.push("total");
          await output.write(values.reduce((a, b) => a + b, 0));
        },
      });
      const summary = await build(total({ shards: 3 }), { projectRoot: dir, store: "memory", workers: 1 });
      expect(summary.exitCode).toBe(0);
      expect(JSON.parse(await readFile(join(dir, "data/total.json"), "utf8"))).toBe(0 + 1 + 4);
      expect(ran.at(-1)).toBe("total");
      expect(summary.tasks.map((t) => t.id).sort()).toEqual(["shard(k=0)", "shard(k=1)", "shard(k=2)", "total(shards=3)"]);
    });
  });

  test("a dynamic requirement that fails makes the requiring task upstream_failed", async () => {
    await withTempDir(async (dir) => {
      const broken = task("dynBroken", { output: () => localFile("x.txt"), run: () => Promise.reject(new Error("nope")) });
      const asker = task("asker", {
        output: () => localFile("y.txt"),
        async run({ require, output }) {
          await require(broken());
          await output.write("unreachable");
        },
      });
      const summary = await build(asker(), { projectRoot: dir, store: "memory" });
      expect(summary.exitCode).toBe(1);
      const byId = Object.fromEntries(summary.tasks.map((t) => [t.id, t]));
      expect(byId["dynBroken()"]?.status).toBe("failed");
      expect(byId["asker()"]).toMatchObject({ status: "upstream_failed", blockedBy: ["dynBroken()"] });
    });
  });

  test("a task whose many dynamic requirements fail keeps them all, and its error names ten", async () => {
    await withTempDir(async (dir) => {
      const part = task("part", { params: { i: param.int() }, output: ({ i }) => localFile(`part-${i}.txt`), run: () => Promise.reject(new Error("nope")) });
      const asker = task("asker", {
        output: () => localFile("y.txt"),
        async run({ require, output }) {
          await require(Array.from({ length: 12 }, (_, i) => part({ i })));
          await output.write("unreachable");
        },
      });
      const summary = await build(asker(), { projectRoot: dir, store: "memory" });
      const asked = summary.tasks.find((t) => t.id === "asker()");
      expect(asked?.blockedBy).toHaveLength(12);
      expect(asked?.error).toBe(`asker() required ${Array.from({ length: 10 }, (_, i) => `part(i=${i})`).join(", ")} and 2 more while running, and they did not complete.`);
    });
  });

  test("events are observable as they happen and recorded in the store", async () => {
    await withTempDir(async (dir) => {
      const hello = task("hello", {
        output: () => localFile("hello.txt"),
        async run({ output, log }) {
          log("writing hello");
          await output.write("hi");
        },
      });
      const seen: PipelineEvent[] = [];
      const summary = await build(hello(), { projectRoot: dir, onEvent: (e) => seen.push(e) });
      expect(seen.map((e) => e.type)).toEqual(["run_started", "graph_extended", "task_started", "task_log", "task_succeeded", "run_finished"]);
      const store = openStore(undefined, { projectRoot: dir });
      try {
        const stored = await store.listEvents({ runId: summary.runId });
        expect(stored.map((e) => e.type)).toEqual(seen.map((e) => e.type));
        expect(stored.find((e) => e.type === "task_log")?.data).toMatchObject({ message: "writing hello", level: "info" });
        const run = await store.getRun(summary.runId);
        expect(run).toMatchObject({ status: "succeeded", exitCode: 0, rootTaskIds: ["hello()"] });
        const records = await store.getTaskRecords(["hello()"]);
        expect(records.get("hello()")).toMatchObject({ status: "succeeded", attempts: 1, runId: summary.runId });
      } finally {
        await store.close();
      }
    });
  });

  test("the store keeps a run's counts in its summary and what each task did in its events", async () => {
    await withTempDir(async (dir) => {
      const made = task("made", { output: () => localFile("made.txt"), run: ({ output }) => output.write("m") });
      const fresh = task("fresh", { requires: () => made(), output: () => localFile("fresh.txt"), run: ({ output }) => output.write("f") });
      const broken = task("broken", {
        output: () => localFile("broken.txt"),
        run: () => {
          throw new Error("no data");
        },
      });
      const after = task("after", { requires: () => broken(), output: () => localFile("after.txt"), run: ({ output }) => output.write("a") });
      const all = task("all", { requires: () => [fresh(), after()] });
      await build(made(), { projectRoot: dir });
      const summary = await build(all(), { projectRoot: dir });
      const store = openStore(undefined, { projectRoot: dir });
      try {
        const run = await store.getRun(summary.runId);
        const { tasks, ...rest } = summary;
        expect(tasks.map((t) => `${t.id} ${t.status}`)).toEqual([
          "made() already_complete",
          "fresh() ran",
          "broken() failed",
          "after() upstream_failed",
          "all() upstream_failed",
        ]);
        expect(run?.summary).toEqual(JSON.parse(JSON.stringify(rest)));
        const events = await store.listEvents({ runId: summary.runId });
        const told = events.filter((e) => e.taskId !== null && e.type !== "task_started").map((e) => `${e.taskId} ${e.type}`);
        expect(told).toEqual(["fresh() task_succeeded", "broken() task_failed", "after() task_skipped", "all() task_skipped"]);
      } finally {
        await store.close();
      }
    });
  });

  test("two builds at once on one store run each task once in total", async () => {
    await withTempDir(async (dir) => {
      const runs: string[] = [];
      const slow = task("slow", {
        params: { i: param.int() },
        output: ({ i }) => localFile(`data/slow-${i}.txt`),
        async run({ params, output }) {
          runs.push(`slow ${params.i}`);
          await sleep(60);
          await output.write("done");
        },
      });
      const all = task("slowAll", { requires: () => [0, 1, 2, 3].map((i) => slow({ i })) });
      const store = join(dir, "state.db");
      const [a, b] = await Promise.all([
        build(all(), { projectRoot: dir, store, workers: 2 }),
        build(all(), { projectRoot: dir, store, workers: 2 }),
      ]);
      expect(a.exitCode).toBe(0);
      expect(b.exitCode).toBe(0);
      expect(runs.sort()).toEqual(["slow 0", "slow 1", "slow 2", "slow 3"]);
      const ranSomewhere = (id: string) => [a, b].flatMap((s) => s.tasks).filter((t) => t.id === id && (t.status === "ran" || t.status === "ran_elsewhere"));
      for (let i = 0; i < 4; i++) {
        const outcomes = ranSomewhere(`slow(i=${i})`).map((t) => t.status).sort();
        expect(outcomes.filter((s) => s === "ran")).toHaveLength(1);
      }
    });
  });

  test("an intermediate whose external input is gone is left alone when everything after it is complete", async () => {
    await withTempDir(async (dir) => {
      const raw = task("rawGone", { output: () => localFile("input/raw.txt") });
      const mid = task("midGone", { requires: () => raw(), output: () => localFile("data/mid.txt"), run: async ({ input, output }) => output.write(await input.read()) });
      const top = task("topGone", { requires: () => mid(), output: () => localFile("data/top.txt"), run: async ({ input, output }) => output.write(await input.read()) });
      const { mkdir, writeFile } = await import("node:fs/promises");
      await mkdir(join(dir, "input"));
      await writeFile(join(dir, "input/raw.txt"), "raw");
      expect((await build(top(), { projectRoot: dir, store: "memory" })).exitCode).toBe(0);
      await rm(join(dir, "input/raw.txt"));
      await rm(join(dir, "data/mid.txt"));
      const summary = await build(top(), { projectRoot: dir, store: "memory" });
      expect(summary.exitCode).toBe(0);
      expect(summary.tasks.map((t) => [t.id, t.status])).toEqual([["topGone()", "already_complete"]]);
    });
  });
});

describe("resources", () => {
  test("at no moment do running tasks hold more of a resource than its limit", async () => {
    let holding = 0;
    let peak = 0;
    const trainer = task("trainer", {
      params: { i: param.int() },
      resources: { gpu: 1 },
      output: ({ i }) => memory<number>(`trainer-${i}`),
      async run({ output, params }) {
        holding++;
        peak = Math.max(peak, holding);
        await sleep(20);
        holding--;
        await output.write(params.i);
      },
    });
    const cheap = task("cheap", { params: { i: param.int() }, output: ({ i }) => memory<number>(`cheap-${i}`), run: ({ output, params }) => output.write(params.i) });
    const all = task("gpuAll", { requires: () => [0, 1, 2, 3].flatMap((i) => [trainer({ i }), cheap({ i })]) });
    const summary = await build(all(), { store: "memory", workers: 4, resources: { gpu: 1 }, memory: new MemoryBucket() });
    expect(summary.exitCode).toBe(0);
    expect(peak).toBe(1);
  });

  test("while one resource's tasks wait for it, tasks holding another resource, or none, run beside them", async () => {
    const holding: Record<string, number> = { gpu: 0, db: 0 };
    const peak: Record<string, number> = { gpu: 0, db: 0 };
    let together = false;
    const holder = (resource: "gpu" | "db") =>
      task(`${resource}Holder`, {
        params: { i: param.int() },
        resources: { [resource]: 1 },
        output: ({ i }) => memory<number>(`${resource}-${i}`),
        async run({ output, params }) {
          holding[resource]!++;
          peak[resource] = Math.max(peak[resource]!, holding[resource]!);
          together ||= holding["gpu"]! > 0 && holding["db"]! > 0;
          await sleep(10);
          holding[resource]!--;
          await output.write(params.i);
        },
      });
    const [gpuTask, dbTask] = [holder("gpu"), holder("db")];
    const cheap = task("free", { params: { i: param.int() }, output: ({ i }) => memory<number>(`free-${i}`), run: ({ output, params }) => output.write(params.i) });
    // The GPU tasks became ready first: the DB tasks and the free ones must not wait behind them.
    const all = task("mixedAll", { requires: () => [...[0, 1, 2, 3, 4, 5].map((i) => gpuTask({ i })), ...[0, 1, 2].map((i) => dbTask({ i })), ...[0, 1, 2].map((i) => cheap({ i }))] });
    const order: string[] = [];
    const summary = await build(all(), {
      store: "memory",
      workers: 3,
      resources: { gpu: 1, db: 1 },
      memory: new MemoryBucket(),
      onEvent: (event) => void (event.type === "task_started" && order.push(event.taskId)),
    });
    expect(summary.exitCode).toBe(0);
    expect(peak).toEqual({ gpu: 1, db: 1 });
    expect(together).toBe(true);
    // Every free task started before the last GPU task did.
    const lastGpu = order.lastIndexOf(gpuTask({ i: 5 }).id);
    for (const i of [0, 1, 2]) expect(order.indexOf(cheap({ i }).id)).toBeLessThan(lastGpu);
  });

  test("a task waiting for what it requires at run time lends its resources: a GPU task may require GPU tasks", async () => {
    let holding = 0;
    let peak = 0;
    const hold = async (work: () => Promise<void>) => {
      peak = Math.max(peak, ++holding);
      try {
        await work();
      } finally {
        holding--;
      }
    };
    const part = task("gpuPart", {
      params: { i: param.int() },
      resources: { gpu: 1 },
      output: ({ i }) => memory<number>(`gpu-part-${i}`),
      run: ({ params, output }) => hold(async () => (await sleep(5), output.write(params.i))),
    });
    const whole = task("gpuWhole", {
      resources: { gpu: 1 },
      output: () => memory<number>("gpu-whole"),
      async run({ require, output }) {
        // One call, then two at once: the task gives the GPU up while any of them waits.
        const first = await require(part({ i: 0 }));
        const [second, third] = await Promise.all([require(part({ i: 1 })), require(part({ i: 2 }))]);
        await hold(async () => output.write((await first.read()) + (await second.read()) + (await third.read())));
      },
    });
    const summary = await build(whole(), { store: "memory", workers: 4, resources: { gpu: 1 }, memory: new MemoryBucket() });
    expect(summary.exitCode).toBe(0);
    expect(summary.counts.ran).toBe(4);
    expect(peak).toBe(1);
  }, 10_000); // before, the whole task waited for the GPU it held itself, forever

  test("a task waiting for another run to finish it lends its resources meanwhile", async () => {
    // Two runs in one process share a bucket: the second finds the slow task under way in the first.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let startedInFirst!: () => void;
    const slowStarted = new Promise<void>((resolve) => (startedInFirst = resolve));
    let quickDone!: () => void;
    const quickRan = new Promise<void>((resolve) => (quickDone = resolve));
    const slow = task("slowGpu", {
      resources: { gpu: 1 },
      output: () => memory<number>("slow-gpu"),
      async run({ output }) {
        startedInFirst();
        await gate;
        await output.write(1);
      },
    });
    const quick = task("quickGpu", { resources: { gpu: 1 }, output: () => memory<number>("quick-gpu"), run: async ({ output }) => (quickDone(), output.write(2)) });
    const both = task("slowAndQuick", { requires: () => [slow(), quick()] });
    const options = { store: "memory", workers: 2, resources: { gpu: 1 }, memory: new MemoryBucket() } as const;
    const first = build(slow(), options);
    await slowStarted;
    // The second run's slow task waits for the first run's, so its GPU is free for the quick one.
    const second = build(both(), options);
    const ranFirst = await Promise.race([quickRan.then(() => true), sleep(5_000).then(() => false)]);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(ranFirst).toBe(true);
    expect(a.exitCode).toBe(0);
    expect(b.exitCode).toBe(0);
    expect(Object.fromEntries(b.tasks.map((t) => [t.id, t.status]))).toMatchObject({ [slow().id]: "ran_elsewhere", [quick().id]: "ran" });
  }, 10_000);

  test("a task asking more than a limit allows fails with the reason instead of waiting forever", async () => {
    const greedy = task("greedy", { resources: { gpu: 2 }, output: () => memory<number>("greedy"), run: ({ output }) => output.write(1) });
    const summary = await build(greedy(), { store: "memory", resources: { gpu: 1 }, memory: new MemoryBucket() });
    expect(summary.exitCode).toBe(2);
    expect(summary.tasks[0]?.error).toContain('needs 2 of resource "gpu", but the limit is 1');
  });
});

describe("disabling a task that keeps failing", () => {
  test("after N failures within the window it is not started again until the period ends; force still tries it", async () => {
    await withTempDir(async (dir) => {
      let attempts = 0;
      let now = Date.UTC(2024, 0, 1);
      const broken = task("brokenSource", {
        disableAfter: { failures: 2, withinMs: 60 * 60_000, forMs: 24 * 60 * 60_000 },
        output: () => localFile("data/source.txt"),
        run() {
          attempts++;
          throw new Error("source unavailable");
        },
      });
      const options = { projectRoot: dir, now: () => now };
      await build(broken(), options);
      now += 10 * 60_000;
      await build(broken(), options);
      expect(attempts).toBe(2);
      now += 10 * 60_000;
      const disabled = await build(broken(), options);
      expect(attempts).toBe(2);
      expect(disabled.exitCode).toBe(1);
      expect(disabled.tasks[0]?.error).toContain("brokenSource() is disabled after 2 failures within 1h; it will be tried again after 2024-01-02T00:10:00.000Z");
      await build(broken(), { ...options, force: [broken()] });
      expect(attempts).toBe(3);
      now += 25 * 60 * 60_000;
      await build(broken(), options);
      expect(attempts).toBe(4);
    });
  });
});

describe("a run of many quick tasks", () => {
  test("lets timers fire while it goes on (lease heartbeats, batched writes and signals depend on it)", async () => {
    await withTempDir(async (dir) => {
      const total = 5000;
      let finished = 0;
      const seenMidRun = new Set<number>();
      const quick = task("quick", {
        params: { i: param.int() },
        output: ({ i }) => localFile(`out/${i}.txt`),
        run: async ({ params, output }) => {
          await output.write(String(params.i)); // small: written synchronously
          finished++;
        },
      });
      const all = task("all", { requires: () => Array.from({ length: total }, (_, i) => quick({ i })) });
      // A timer that fires at different points of the run; counted only between tasks.
      const ticker = setInterval(() => {
        if (finished > 0 && finished < total) seenMidRun.add(finished);
      }, 2);
      try {
        const summary = await build(all(), { projectRoot: dir, store: join(dir, "state.db") });
        expect(summary.counts.ran).toBe(total + 1);
      } finally {
        clearInterval(ticker);
      }
      expect(seenMidRun.size).toBeGreaterThanOrEqual(3);
    });
  });
});

describe("a very wide graph", () => {
  test("a wrapper over 130,000 tasks schedules without overflowing the call stack", async () => {
    const width = 130_000; // more than a spread call can pass as arguments
    const bucket = new MemoryBucket();
    for (let i = 1; i < width; i++) bucket.set(`wide-${i}`, i); // all present but one
    const cell = task("cell", { params: { i: param.int() }, output: ({ i }) => memory<number>(`wide-${i}`), run: ({ params, output }) => output.write(params.i) });
    const all = task("all", { requires: () => Array.from({ length: width }, (_, i) => cell({ i })) });
    const summary = await build(all(), { store: "memory", memory: bucket });
    expect(summary.ok).toBe(true);
    expect(summary.counts.ran).toBe(2); // the missing cell and the wrapper
    expect(bucket.get("wide-0")).toBe(0);
  }, 60_000);

  test("a wrapper over 100,000 tasks that all fail is blocked by each of them, once", () => {
    // Each failure adds a cause to the wrapper (kept in order, each once); its cost is measured
    // by bench/many-failures.ts.
    const scheduler = new Scheduler();
    const ids = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    for (const id of ids) scheduler.add(id, []);
    scheduler.add("wrapper", ids);
    const blocked: string[] = [];
    for (let id = scheduler.next(); id !== undefined; id = scheduler.next()) for (const b of scheduler.fail(id)) blocked.push(b);
    expect(blocked).toEqual(["wrapper"]);
    expect(scheduler.state("wrapper")).toBe("blocked");
    expect(scheduler.blockedBy("wrapper")).toEqual(ids);
  });

  test("a failed task with 200,000 dependents blocks them all", () => {
    const scheduler = new Scheduler();
    scheduler.add("root", []);
    for (let i = 0; i < 200_000; i++) scheduler.add(`d${i}`, ["root"]);
    expect(scheduler.next()).toBe("root");
    expect(scheduler.fail("root")).toHaveLength(200_000);
    expect(scheduler.state("d199999")).toBe("blocked");
  });
});
