import { existsSync } from "node:fs";
import { readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { build, json, load, localFile, param, task, text, type AnyTaskInstance, type PipelineEvent } from "../src/index.js";
import { withTempDir } from "./helpers/temp-dir.js";

/** A 3-step pipeline (extract → transform → report) that records which tasks ran. */
function threeSteps(ran: string[]) {
  const extract = task("extract", {
    params: { day: param.date() },
    output: ({ day }) => localFile(`data/extract-${day}.json`, json<number[]>()),
    async run({ output }) {
      ran.push("extract");
      await output.write([1, 2, 3]);
    },
  });
  const transform = task("transform", {
    params: { day: param.date() },
    requires: ({ day }) => extract({ day }),
    output: ({ day }) => localFile(`data/transform-${day}.json`, json<number[]>()),
    async run({ input, output }) {
      ran.push("transform");
      await output.write((await input.read()).map((x) => x * 10));
    },
  });
  const report = task("report", {
    params: { day: param.date() },
    requires: ({ day }) => ({ values: transform({ day }) }),
    output: ({ day }) => localFile(`data/report-${day}.txt`),
    async run({ input, output }) {
      ran.push("report");
      const values = await input.values.read();
      await output.write(`sum=${values.reduce((a, b) => a + b, 0)}\n`);
    },
  });
  return { extract, transform, report };
}

describe("build", () => {
  test("runs a 3-step pipeline in dependency order, then a second build runs nothing", async () => {
    await withTempDir(async (dir) => {
      const ran: string[] = [];
      const { report } = threeSteps(ran);
      const first = await build(report({ day: "2024-01-01" }), { projectRoot: dir, store: "memory" });
      expect(first.exitCode).toBe(0);
      expect(first.ok).toBe(true);
      expect(ran).toEqual(["extract", "transform", "report"]);
      expect(await readFile(join(dir, "data/report-2024-01-01.txt"), "utf8")).toBe("sum=60\n");
      expect(first.tasks.map((t) => [t.id, t.status])).toEqual([
        ["extract(day=2024-01-01)", "ran"],
        ["transform(day=2024-01-01)", "ran"],
        ["report(day=2024-01-01)", "ran"],
      ]);

      const second = await build(report({ day: "2024-01-01" }), { projectRoot: dir, store: "memory" });
      expect(second.exitCode).toBe(0);
      expect(second.counts.ran).toBe(0);
      expect(ran).toHaveLength(3);
    });
  });

  test("a deleted middle output is rebuilt alone; complete tasks around it do not rerun", async () => {
    await withTempDir(async (dir) => {
      const ran: string[] = [];
      const { report } = threeSteps(ran);
      await build(report({ day: "2024-01-01" }), { projectRoot: dir, store: "memory" });
      await rm(join(dir, "data/transform-2024-01-01.json"));
      ran.length = 0;
      const summary = await build(report({ day: "2024-01-01" }), { projectRoot: dir, store: "memory" });
      expect(ran).toEqual(["transform"]);
      expect(summary.counts).toMatchObject({ ran: 1, already_complete: 2 });
      expect(existsSync(join(dir, "data/transform-2024-01-01.json"))).toBe(true);
    });
  });

  test("a failing task blocks its downstream, an independent branch still runs, and the exit code is 1", async () => {
    await withTempDir(async (dir) => {
      const broken = task("broken", {
        output: () => localFile("data/broken.txt"),
        run() {
          throw new Error("the source system is down");
        },
      });
      const afterBroken = task("afterBroken", {
        requires: () => broken(),
        output: () => localFile("data/after.txt"),
        run: ({ output }) => output.write("never"),
      });
      const independent = task("independent", {
        output: () => localFile("data/independent.txt"),
        run: ({ output }) => output.write("fine"),
      });
      const all = task("all", { requires: () => [afterBroken(), independent()] });
      const summary = await build(all(), { projectRoot: dir, store: "memory" });
      expect(summary.exitCode).toBe(1);
      expect(summary.ok).toBe(false);
      const byId = Object.fromEntries(summary.tasks.map((t) => [t.id, t]));
      expect(byId["broken()"]).toMatchObject({ status: "failed", attempts: 1, error: "the source system is down" });
      expect(byId["afterBroken()"]).toMatchObject({ status: "upstream_failed", blockedBy: ["broken()"] });
      expect(byId["all()"]).toMatchObject({ status: "upstream_failed", blockedBy: ["broken()"] });
      expect(byId["independent()"]?.status).toBe("ran");
      expect(await readFile(join(dir, "data/independent.txt"), "utf8")).toBe("fine");
      expect(existsSync(join(dir, "data/broken.txt"))).toBe(false);
    });
  });

  test("a missing external input exits 3 and names the path; its dependents are blocked", async () => {
    await withTempDir(async (dir) => {
      const raw = task("raw", { params: { day: param.date() }, output: ({ day }) => localFile(`input/${day}.csv`) });
      const clean = task("clean", {
        params: { day: param.date() },
        requires: ({ day }) => raw({ day }),
        output: ({ day }) => localFile(`data/${day}.csv`),
        run: async ({ input, output }) => output.write(await input.read()),
      });
      const summary = await build(clean({ day: "2024-02-03" }), { projectRoot: dir, store: "memory" });
      expect(summary.exitCode).toBe(3);
      expect(summary.tasks[0]).toMatchObject({ id: "raw(day=2024-02-03)", status: "missing_input", missing: ["input/2024-02-03.csv"] });
      expect(summary.tasks[1]).toMatchObject({ status: "upstream_failed", blockedBy: ["raw(day=2024-02-03)"] });

      await mkdir(join(dir, "input"));
      await writeFile(join(dir, "input/2024-02-03.csv"), "a\n1\n");
      const again = await build(clean({ day: "2024-02-03" }), { projectRoot: dir, store: "memory" });
      expect(again.exitCode).toBe(0);
      expect(again.counts).toMatchObject({ ran: 1, already_complete: 1 });
    });
  });

  test("a wrapper blocked by many missing inputs keeps them all in its summary, and its event's reason names ten", async () => {
    await withTempDir(async (dir) => {
      const raw = task("raw", { params: { i: param.int() }, output: ({ i }) => localFile(`input/${i}.csv`) });
      const clean = task("clean", { params: { i: param.int() }, requires: ({ i }) => raw({ i }), output: ({ i }) => localFile(`data/${i}.csv`), run: ({ output }) => output.write("x") });
      const all = task("all", { requires: () => Array.from({ length: 25 }, (_, i) => clean({ i })) });
      const events: PipelineEvent[] = [];
      const summary = await build(all(), { projectRoot: dir, store: "memory", onEvent: (event) => events.push(event) });
      const everyRaw = Array.from({ length: 25 }, (_, i) => `raw(i=${i})`);
      expect([...(summary.tasks.find((t) => t.id === "all()")?.blockedBy ?? [])].sort()).toEqual([...everyRaw].sort());
      const skipped = events.find((e): e is Extract<PipelineEvent, { type: "task_skipped" }> => e.type === "task_skipped" && e.taskId === "all()");
      expect(skipped?.reason).toMatch(/^blocked by (raw\(i=\d+\), ){9}raw\(i=\d+\) and 15 more$/);
    });
  });

  test("a task that throws after writing leaves nothing at the final path, and the next run completes it", async () => {
    await withTempDir(async (dir) => {
      let fail = true;
      const flaky = task("flaky", {
        output: () => localFile("data/out.json", json<{ n: number }>()),
        async run({ output }) {
          await output.write({ n: 1 });
          if (fail) throw new Error("crashed after writing");
        },
      });
      const first = await build(flaky(), { projectRoot: dir, store: "memory" });
      expect(first.exitCode).toBe(1);
      expect(existsSync(join(dir, "data/out.json"))).toBe(false);
      fail = false;
      const second = await build(flaky(), { projectRoot: dir, store: "memory" });
      expect(second.counts.ran).toBe(1);
      expect(JSON.parse(await readFile(join(dir, "data/out.json"), "utf8"))).toEqual({ n: 1 });
    });
  });

  test("a run that resolves without writing a declared output fails, naming the output", async () => {
    await withTempDir(async (dir) => {
      const lazy = task("lazy", {
        output: () => ({ model: localFile("data/model.bin"), metrics: localFile("data/metrics.json", json()) }),
        async run({ output }) {
          await output.model.write("weights");
        },
      });
      const summary = await build(lazy(), { projectRoot: dir, store: "memory" });
      expect(summary.exitCode).toBe(1);
      expect(summary.tasks[0]?.error).toContain("lazy() finished without writing its output data/metrics.json");
      expect(existsSync(join(dir, "data/model.bin"))).toBe(false);
    });
  });

  test("a task that fails once is retried and the summary counts its attempts", async () => {
    await withTempDir(async (dir) => {
      let calls = 0;
      const once = task("once", {
        retries: 2,
        retryDelay: 1,
        output: () => localFile("data/once.txt"),
        async run({ output, attempt }) {
          calls++;
          if (attempt === 1) throw new Error("transient");
          await output.write(`attempt ${attempt}`);
        },
      });
      const events: PipelineEvent[] = [];
      const summary = await build(once(), { projectRoot: dir, store: "memory", onEvent: (e) => events.push(e) });
      expect(summary.tasks[0]).toMatchObject({ status: "ran", attempts: 2 });
      expect(calls).toBe(2);
      expect(events.map((e) => e.type)).toEqual(["run_started", "graph_extended", "task_started", "task_retried", "task_started", "task_succeeded", "run_finished"]);
    });
  });

  test("a shared requirement (a diamond) runs once", async () => {
    await withTempDir(async (dir) => {
      const ran: string[] = [];
      const base = task("base", { output: () => localFile("data/base.txt"), run: async ({ output }) => (ran.push("base"), output.write("b")) });
      const left = task("left", { requires: () => base(), output: () => localFile("data/left.txt"), run: async ({ output }) => (ran.push("left"), output.write("l")) });
      const right = task("right", { requires: () => base(), output: () => localFile("data/right.txt"), run: async ({ output }) => (ran.push("right"), output.write("r")) });
      const top = task("top", { requires: () => [left(), right()], output: () => localFile("data/top.txt"), run: async ({ output }) => (ran.push("top"), output.write("t")) });
      const summary = await build(top(), { projectRoot: dir, store: "memory", workers: 2 });
      expect(summary.exitCode).toBe(0);
      expect(ran.filter((r) => r === "base")).toHaveLength(1);
      expect(ran[0]).toBe("base");
      expect(ran.at(-1)).toBe("top");
    });
  });

  test("a dependency cycle is reported with its path before anything runs (exit 4)", async () => {
    await withTempDir(async (dir) => {
      const ran: string[] = [];
      // Tasks that require each other, looked up late so each can name the other.
      const byName: Record<string, () => AnyTaskInstance> = {};
      const a = task("a", { requires: () => byName["b"]!(), output: () => localFile("a.txt"), run: async ({ output }) => (ran.push("a"), output.write("a")) });
      const b = task("b", { requires: () => byName["a"]!(), output: () => localFile("b.txt"), run: async ({ output }) => (ran.push("b"), output.write("b")) });
      byName["a"] = () => a();
      byName["b"] = () => b();
      const summary = await build(a(), { projectRoot: dir, store: "memory" });
      expect(summary.exitCode).toBe(4);
      expect(summary.error?.code).toBe("cycle");
      expect(summary.error?.message).toContain("a() -> b() -> a()");
      expect(ran).toEqual([]);
    });
  });

  test("an error thrown by requires() is a graph error naming the task (exit 4)", async () => {
    await withTempDir(async (dir) => {
      const bad = task("bad", {
        params: { n: param.int() },
        requires: ({ n }): never => {
          throw new Error(`no upstream for n=${n}`);
        },
        output: () => localFile("bad.txt"),
        run: () => undefined,
      });
      const summary = await build(bad({ n: 4 }), { projectRoot: dir, store: "memory" });
      expect(summary.exitCode).toBe(4);
      expect(summary.error).toMatchObject({ code: "graph_error" });
      expect(summary.error?.message).toContain("requires() of bad(n=4) threw: no upstream for n=4");
      expect(summary.error?.message).toContain("engine.build.test.ts");
    });
  });

  test("load() reads a built task's output, and says what is missing before it is built", async () => {
    await withTempDir(async (dir) => {
      const { transform } = threeSteps([]);
      await expect(load(transform({ day: "2024-01-01" }), { projectRoot: dir })).rejects.toMatchObject({
        code: "not_complete",
        message: expect.stringContaining("output missing: data/transform-2024-01-01.json"),
      });
      await build(transform({ day: "2024-01-01" }), { projectRoot: dir, store: "memory" });
      const values: number[] = await load(transform({ day: "2024-01-01" }), { projectRoot: dir });
      expect(values).toEqual([10, 20, 30]);
    });
  });

  test("configured parameter defaults apply to tasks created by requires()", async () => {
    await withTempDir(async (dir) => {
      const features = task("features", {
        params: { window: param.int({ default: 7 }) },
        output: ({ window }) => localFile(`data/features-w${window}.txt`, text()),
        run: ({ output, params }) => output.write(String(params.window)),
      });
      const model = task("model", { requires: () => features(), output: () => localFile("data/model.txt"), run: async ({ input, output }) => output.write(await input.read()) });
      const summary = await build(model(), { projectRoot: dir, store: "memory", params: { features: { window: 14 } } });
      expect(summary.tasks.map((t) => t.id)).toEqual(["features(window=14)", "model()"]);
      expect(await readFile(join(dir, "data/model.txt"), "utf8")).toBe("14");
    });
  });
});
