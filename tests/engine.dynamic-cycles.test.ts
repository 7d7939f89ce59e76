import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, createMemoryStore, localFile, memory, param, task, type AnyTaskInstance } from "pipewright";
import { withTempDir } from "./helpers/temp-dir.js";

// A dynamic requirement is checked for cycles when `require()` is called. The check looks only
// at what can reach the requester (see GraphNode.rank); these pin down that it still finds
// every cycle and accepts every graph without one.
describe("cycles through requirements made at run time", () => {
  it("fail the requester with the cycle's path, and the run exits 4", async () => {
    const byName: Record<string, () => AnyTaskInstance> = {};
    const a = task("dynA", {
      output: () => memory<string>("dynA"),
      async run({ require, output }) {
        await require(byName["b"]!());
        await output.write("a");
      },
    });
    const b = task("dynB", { requires: () => byName["a"]!(), output: () => memory<string>("dynB"), run: ({ output }) => output.write("b") });
    byName["a"] = () => a();
    byName["b"] = () => b();
    const summary = await build(a(), { store: "memory" });
    expect(summary.exitCode).toBe(4);
    const failed = summary.tasks.find((t) => t.id === "dynA()");
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toContain("dynA() -> dynB() -> dynA()");
  });

  it("are found when they pass through a task that was already complete", async () => {
    await withTempDir(async (dir) => {
      // done (complete) requires middle (missing, so it is rebuilt); middle requires, at run
      // time, back, which requires done: middle -> back -> done -> middle.
      const byName: Record<string, () => AnyTaskInstance> = {};
      const done = task("doneTask", { requires: () => byName["middle"]!(), output: () => localFile("done.txt"), run: ({ output }) => output.write("done") });
      const middle = task("middleTask", {
        output: () => localFile("middle.txt"),
        async run({ require, output }) {
          await require(byName["back"]!());
          await output.write("middle");
        },
      });
      const back = task("backTask", { requires: () => done(), output: () => localFile("back.txt"), run: ({ output }) => output.write("back") });
      byName["middle"] = () => middle();
      byName["back"] = () => back();
      await writeFile(join(dir, "done.txt"), "made earlier");
      const summary = await build(done(), { projectRoot: dir, store: "memory" });
      const failed = summary.tasks.find((t) => t.id === "middleTask()");
      expect(failed?.status).toBe("failed");
      expect(failed?.error).toContain("middleTask() -> backTask() -> doneTask() -> middleTask()");
    });
  });

  it("accept a requirement on a task placed later in the graph, and still find a cycle afterwards", async () => {
    const order: string[] = [];
    const byName: Record<string, (i: number) => AnyTaskInstance> = {};
    const sibling = task("sibling", {
      params: { i: param.int() },
      output: ({ i }) => memory<number>(`sibling-${i}`),
      async run({ params, require, output }) {
        // The first sibling needs the last one, which the walk placed above it.
        if (params.i === 0) await require(byName["sibling"]!(2));
        // The second closes a cycle through its parent.
        if (params.i === 1) await require(byName["parent"]!(0));
        order.push(`sibling-${params.i}`);
        await output.write(params.i);
      },
    });
    const parent = task("parent", { params: { n: param.int() }, requires: () => [0, 1, 2].map((i) => sibling({ i })), output: () => memory<string>("parent"), run: ({ output }) => output.write("p") });
    byName["sibling"] = (i) => sibling({ i });
    byName["parent"] = (n) => parent({ n });
    const summary = await build(parent({ n: 0 }), { store: "memory" });
    const status = Object.fromEntries(summary.tasks.map((t) => [t.id, t.status]));
    expect(status).toMatchObject({ "sibling(i=0)": "ran", "sibling(i=2)": "ran", "sibling(i=1)": "failed", "parent(n=0)": "upstream_failed" });
    expect(order.indexOf("sibling-2")).toBeLessThan(order.indexOf("sibling-0"));
    expect(summary.tasks.find((t) => t.id === "sibling(i=1)")?.error).toContain("sibling(i=1) -> parent(n=0) -> sibling(i=1)");
  });

  it("are found after a requirement on a later-placed task reordered the graph", async () => {
    // step(0) needs step(2) at run time (placed above it by the walk); step(2) then needs, at
    // run time, a task that requires step(0): step(2) -> closing -> step(0) -> step(2).
    const byName: Record<string, () => AnyTaskInstance> = {};
    const step = task("step", {
      params: { i: param.int() },
      output: ({ i }) => memory<number>(`step-${i}`),
      async run({ params, require, output }) {
        if (params.i === 0) await require(step({ i: 2 }));
        if (params.i === 2) await require(byName["closing"]!());
        await output.write(params.i);
      },
    });
    const closing = task("closing", { requires: () => step({ i: 0 }), output: () => memory<number>("closing"), run: ({ output }) => output.write(1) });
    byName["closing"] = () => closing();
    const steps = task("steps", { requires: () => [0, 1, 2].map((i) => step({ i })) });
    const summary = await build(steps(), { store: "memory" });
    const byId = Object.fromEntries(summary.tasks.map((t) => [t.id, t]));
    expect(byId["step(i=2)"]?.status).toBe("failed");
    expect(byId["step(i=2)"]?.error).toContain("step(i=2) -> closing() -> step(i=0) -> step(i=2)");
    expect(byId["step(i=0)"]?.status).toBe("upstream_failed");
    expect(byId["step(i=1)"]?.status).toBe("ran");
    expect(summary.exitCode).toBe(4);
  }, 10_000); // missing this cycle leaves both tasks waiting for each other

  it("are found after a task required many tasks one call at a time; each is recorded as an input once", async () => {
    const byName: Record<string, () => AnyTaskInstance> = {};
    const part = task("part", { params: { i: param.int() }, output: ({ i }) => memory<number>(`part-${i}`), run: ({ params, output }) => output.write(params.i) });
    const gather = task("gather", {
      params: { closing: param.bool() },
      output: ({ closing }) => memory<number>(`gather-${closing}`),
      async run({ params, require, output }) {
        // Each call repeats an earlier requirement; past a few requirements repeats are found in a set.
        for (let i = 0; i < 40; i++) await require([part({ i }), part({ i: Math.floor(i / 2) })]);
        await require(Array.from({ length: 40 }, (_, i) => part({ i }))); // all of them again, in one call
        if (params.closing) await require(byName["closing"]!());
        await output.write(40);
      },
    });
    const closing = task("closingTask", { requires: () => gather({ closing: true }), output: () => memory<number>("closing"), run: ({ output }) => output.write(1) });
    byName["closing"] = () => closing();
    const store = createMemoryStore();

    const built = await build(gather({ closing: false }), { store });
    expect(built.ok).toBe(true);
    expect(built.counts.ran).toBe(41);
    const record = (await store.getTaskRecords([gather({ closing: false }).id])).get(gather({ closing: false }).id);
    const partIds = Array.from({ length: 40 }, (_, i) => part({ i }).id);
    expect([...(record?.inputs ?? [])].sort()).toEqual([...partIds].sort());

    const cyclic = await build(gather({ closing: true }), { store });
    expect(cyclic.exitCode).toBe(4);
    expect(cyclic.tasks.find((t) => t.id === gather({ closing: true }).id)?.error).toContain(
      `${gather({ closing: true }).id} -> ${closing().id} -> ${gather({ closing: true }).id}`,
    );
  });

  it("keep working for many requesters over one large shared graph", async () => {
    const leaf = task("sharedLeaf", { params: { i: param.int() }, output: ({ i }) => memory<number>(`shared-${i}`), run: ({ params, output }) => output.write(params.i) });
    const base = task("sharedBase", { requires: () => Array.from({ length: 300 }, (_, i) => leaf({ i })) });
    const extra = task("ownExtra", { params: { i: param.int() }, output: ({ i }) => memory<number>(`extra-${i}`), run: ({ params, output }) => output.write(params.i) });
    const worker = task("requester", {
      params: { i: param.int() },
      requires: () => base(),
      output: ({ i }) => memory<number>(`requester-${i}`),
      async run({ params, require, output }) {
        const got = await require(extra({ i: params.i }));
        await output.write((await got.read()) * 2);
      },
    });
    const all = task("allRequesters", { requires: () => Array.from({ length: 300 }, (_, i) => worker({ i })) });
    const summary = await build(all(), { store: "memory" });
    expect(summary.ok).toBe(true);
    expect(summary.counts.ran).toBe(300 + 1 + 300 + 300 + 1);
  });
});
