import { describe, expect, it } from "vitest";
import { json, localFile, param, task } from "pipewright";
import { expectPlan, plan, stub } from "pipewright/testing";

const raw = task("raw", { params: { date: param.date() }, output: ({ date }) => localFile(`input/${date}.json`, json<number[]>()) });
const expensive = task("expensive", {
  params: { date: param.date() },
  requires: ({ date }) => raw({ date }),
  output: ({ date }) => localFile(`data/expensive-${date}.json`, json<number[]>()),
  run: async ({ input, output }) => output.write(await input.read()),
});
const features = task("features", {
  params: { date: param.date() },
  requires: ({ date }) => expensive({ date }),
  output: ({ date }) => localFile(`data/features-${date}.json`, json<number>()),
  run: async ({ input, output }) => output.write((await input.read()).length),
});
const daily = task("daily", { params: { date: param.date() }, requires: ({ date }) => [features({ date }), expensive({ date })] });
const date = "2024-01-01";

describe("plan", () => {
  it("lists what a fresh run would do and why, dependencies first, without running anything", async () => {
    const p = await plan(daily({ date }), { files: { [`input/${date}.json`]: "[1,2]" } });
    expect(p.willRun).toEqual(["expensive(date=2024-01-01)", "features(date=2024-01-01)", "daily(date=2024-01-01)"]);
    expect(p.task(raw({ date }))?.state).toBe("complete");
    expect(p.task(features({ date }))).toMatchObject({ state: "will_run", reason: "output missing: data/features-2024-01-01.json", requires: ["expensive(date=2024-01-01)"] });
  });

  it("names every missing output of a task with several, and only those, whether checked one by one or by folder", async () => {
    const split = task("split", {
      params: { part: param.int() },
      output: ({ part }) => ({ train: localFile(`data/train-${part}.json`), test: localFile(`data/test-${part}.json`), meta: localFile(`data/meta-${part}.json`) }),
      run: async () => {},
    });
    // One task: each output is checked on its own. Six: their 18 outputs share a folder, which is listed once.
    const parts = (count: number) => task("parts", { params: { count: param.int() }, requires: ({ count }) => Array.from({ length: count }, (_, part) => split({ part })) })({ count });
    for (const count of [1, 6]) {
      const none = await plan(parts(count));
      expect(none.task(split({ part: 0 }))?.reason).toBe("output missing: data/train-0.json, data/test-0.json, data/meta-0.json");
      const some = await plan(parts(count), { files: { "data/test-0.json": "[]", "data/train-1.json": "[]" } });
      expect(some.task(split({ part: 0 }))?.reason).toBe("output missing: data/train-0.json, data/meta-0.json");
      if (count > 1) expect(some.task(split({ part: 1 }))?.reason).toBe("output missing: data/test-1.json, data/meta-1.json");
    }
  });

  it("shows a missing external input and the tasks it blocks", async () => {
    const p = await plan(features({ date }));
    expect(p.task(raw({ date }))?.state).toBe("missing_input");
    expect(p.task(features({ date }))?.state).toBe("blocked");
    expect(p.willRun).toEqual([]);
  });

  it("names ten of the missing inputs behind a task blocked by many, and how many more", async () => {
    const month = task("month", { requires: () => Array.from({ length: 12 }, (_, day) => expensive({ date: `2024-01-${String(day + 1).padStart(2, "0")}` })) });
    const p = await plan(month());
    expect(p.task(month())).toMatchObject({
      state: "blocked",
      reason: `needs missing input ${Array.from({ length: 10 }, (_, day) => `raw(date=2024-01-${String(day + 1).padStart(2, "0")})`).join(", ")} and 2 more`,
    });
  });

  it("takes stubs: a stubbed task would run as a stub, its ancestors are not in the plan", async () => {
    const p = await plan(features({ date }), { stubs: [stub(expensive, [1, 2, 3])] });
    expect(p.stubbed).toEqual(["expensive(date=2024-01-01)"]);
    expect(p.tasks.map((t) => t.id)).toEqual(["expensive(date=2024-01-01)", "features(date=2024-01-01)"]);
  });
});

describe("expectPlan", () => {
  it("passes when exactly the given tasks would run, in any order", async () => {
    const p = await plan(features({ date }), { stubs: [stub(expensive, [])] });
    expectPlan(p).toRun([features({ date }), "expensive(date=2024-01-01)"]);
    expectPlan(p).notToRun([raw({ date })]);
    expectPlan(p).toRunBefore(expensive({ date }), features({ date }));
  });

  it("fails with each task's state and reason", async () => {
    const p = await plan(features({ date }));
    expect(() => expectPlan(p).toRun([features({ date })])).toThrow(
      "Expected the plan to run exactly 1 task(s); it would run 0.\n  expected to run but would not:\n    features(date=2024-01-01) (blocked: needs missing input",
    );
    const stubbed = await plan(features({ date }), { stubs: [stub(expensive, [])] });
    expect(() => expectPlan(stubbed).notToRun([expensive({ date })])).toThrow(
      "Expected the plan not to run these tasks, but it would:\n    expensive(date=2024-01-01) (will_run: output missing: data/expensive-2024-01-01.json)",
    );
    expect(() => expectPlan(stubbed).toRunBefore(features({ date }), expensive({ date }))).toThrow(
      "Expected features(date=2024-01-01) to run before expensive(date=2024-01-01), but the plan runs it after.",
    );
  });
});
