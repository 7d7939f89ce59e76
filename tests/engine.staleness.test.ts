import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { build, json, localFile, param, plan, task } from "../src/index.js";
import { withTempDir } from "./helpers/temp-dir.js";

/** load → clean → features → model, with the version of each step given. */
function fourSteps(versions: { clean?: string; features?: string } = {}, ran: string[] = []) {
  const load = task("load", {
    params: { day: param.date() },
    output: ({ day }) => localFile(`data/load-${day}.json`, json<number[]>()),
    run: async ({ output }) => (ran.push("load"), output.write([3, 1, 2])),
  });
  const clean = task("clean", {
    version: versions.clean ?? "1",
    params: { day: param.date() },
    requires: ({ day }) => load({ day }),
    output: ({ day }) => localFile(`data/clean-${day}.json`, json<number[]>()),
    run: async ({ input, output }) => (ran.push("clean"), output.write((await input.read()).sort())),
  });
  const features = task("features", {
    version: versions.features ?? "1",
    params: { day: param.date(), scale: param.int({ default: 10, significant: false }) },
    requires: ({ day }) => clean({ day }),
    output: ({ day }) => localFile(`data/features-${day}.json`, json<number[]>()),
    run: async ({ input, output, params }) => (ran.push("features"), output.write((await input.read()).map((x) => x * params.scale))),
  });
  const model = task("model", {
    params: { day: param.date() },
    requires: ({ day }) => features({ day }),
    output: ({ day }) => localFile(`data/model-${day}.json`, json<number>()),
    run: async ({ input, output }) => (ran.push("model"), output.write((await input.read()).reduce((a, b) => a + b, 0))),
  });
  return { load, clean, features, model };
}

/** `source` (of the version given) and `report`, which requires the source only at run time. */
function requiredAtRunTime(sourceVersion: string, ran: string[] = []) {
  const source = task("source", {
    version: sourceVersion,
    output: () => localFile("source.json", json<number>()),
    run: async ({ output }) => (ran.push("source"), output.write(Number(sourceVersion))),
  });
  const report = task("report", {
    output: () => localFile("report.json", json<number>()),
    // Required at run time: the walk of a complete report does not meet it, only its record does.
    run: async ({ require, output }) => {
      ran.push("report");
      const input = await require(source());
      await output.write((await input.read()) * 10);
    },
  });
  return { source, report };
}

const day = "2024-06-01";

describe("staleness by fingerprint", () => {
  test("bumping a step's version reruns it and everything after it, not what came before", async () => {
    await withTempDir(async (dir) => {
      const options = { projectRoot: dir, staleness: "fingerprint" as const };
      await build(fourSteps().model({ day }), options);
      const ran: string[] = [];
      const summary = await build(fourSteps({ clean: "2" }, ran).model({ day }), options);
      expect(ran).toEqual(["clean", "features", "model"]);
      expect(summary.counts).toMatchObject({ ran: 3, already_complete: 1 });
    });
  });

  test("when nothing changed, nothing runs", async () => {
    await withTempDir(async (dir) => {
      const options = { projectRoot: dir, staleness: "fingerprint" as const };
      await build(fourSteps().model({ day }), options);
      const ran: string[] = [];
      const summary = await build(fourSteps({}, ran).model({ day }), options);
      expect(ran).toEqual([]);
      expect(summary.counts.already_complete).toBe(4);
    });
  });

  test("a wrapper between steps passes its requirements' changes on, and nothing else", async () => {
    await withTempDir(async (dir) => {
      const options = { projectRoot: dir, staleness: "fingerprint" as const };
      const pipeline = (partVersion: string, ran: string[] = []) => {
        const part = task("part", {
          version: partVersion,
          params: { i: param.int() },
          output: ({ i }) => localFile(`parts/${i}.json`, json<number>()),
          run: async ({ params, output }) => (ran.push(`part ${params.i}`), output.write(params.i)),
        });
        const parts = task("parts", { requires: () => [part({ i: 1 }), part({ i: 2 })] });
        const report = task("report", {
          requires: () => parts(),
          output: () => localFile("report.txt"),
          run: async ({ output }) => (ran.push("report"), output.write("done")),
        });
        return report();
      };
      await build(pipeline("1"), options);
      const unchanged: string[] = [];
      await build(pipeline("1", unchanged), options);
      expect(unchanged).toEqual([]);
      const bumped: string[] = [];
      await build(pipeline("2", bumped), options);
      expect(bumped).toEqual(["part 1", "part 2", "report"]);
    });
  });

  test("an input required at run time and rebuilt since makes its consumer stale", async () => {
    await withTempDir(async (dir) => {
      const options = { projectRoot: dir, staleness: "fingerprint" as const };
      const steps = requiredAtRunTime;
      await build(steps("1").report(), options);
      const unchanged: string[] = [];
      await build(steps("1", unchanged).report(), options);
      expect(unchanged).toEqual([]);
      await build(steps("2").source(), options); // the input alone, rebuilt by a newer version
      const p = await plan(steps("2").report(), options);
      expect(p.tasks.map((t) => [t.id, t.reason])).toEqual([[steps("2").report().id, `stale: input ${steps("2").source().id} changed`]]);
      const again: string[] = [];
      await build(steps("2", again).report(), options);
      expect(again).toEqual(["report"]);
    });
  });

  test("an input required at run time, which the graph now reaches through another task, still makes its consumer and what follows stale", async () => {
    await withTempDir(async (dir) => {
      const options = { projectRoot: dir, staleness: "fingerprint" as const };
      const pipeline = (sourceVersion: string, ran: string[] = []) => {
        const { source, report } = requiredAtRunTime(sourceVersion, ran);
        const summary = task("summary", {
          requires: () => report(),
          output: () => localFile("summary.txt"),
          run: async ({ input, output }) => (ran.push("summary"), output.write(String(await input.read()))),
        });
        // The source is walked here as the wrapper's requirement, not as the report's.
        const both = task("both", { requires: () => [summary(), source()] });
        return { both, report, summary };
      };
      await build(pipeline("1").both(), options);
      const unchanged: string[] = [];
      await build(pipeline("1", unchanged).both(), options);
      expect(unchanged).toEqual([]);
      const p = await plan(pipeline("2").both(), options);
      const reasons = Object.fromEntries(p.tasks.map((t) => [t.name, t.reason]));
      expect(reasons).toMatchObject({ source: "stale: version changed (1 → 2)", report: "stale: input source() rebuilt", summary: "stale: input report() rebuilt" });
      const bumped: string[] = [];
      await build(pipeline("2", bumped).both(), options);
      expect([...bumped].sort()).toEqual(["report", "source", "summary"]);
      expect(await readFile(join(dir, "summary.txt"), "utf8")).toBe("20");
    });
  });

  test("plan() says why each task will run", async () => {
    await withTempDir(async (dir) => {
      await build(fourSteps().model({ day }), { projectRoot: dir, staleness: "fingerprint" });
      const p = await plan(fourSteps({ clean: "2" }).model({ day }), { projectRoot: dir, staleness: "fingerprint" });
      expect(p.tasks.map((t) => [t.id, t.state, t.reason])).toEqual([
        ["load(day=2024-06-01)", "complete", "complete"],
        ["clean(day=2024-06-01)", "will_run", "stale: version changed (1 → 2)"],
        ["features(day=2024-06-01)", "will_run", "stale: input clean(day=2024-06-01) rebuilt"],
        ["model(day=2024-06-01)", "will_run", "stale: input features(day=2024-06-01) rebuilt"],
      ]);
    });
  });

  test("a changed parameter that is not part of the id makes the task stale", async () => {
    await withTempDir(async (dir) => {
      const options = { projectRoot: dir, staleness: "fingerprint" as const };
      await build(fourSteps().model({ day }), options);
      const p = await plan(fourSteps().model({ day }), { ...options, params: { features: { scale: 100 } } });
      expect(p.tasks.find((t) => t.name === "features")?.reason).toBe("stale: parameter scale changed (10 → 100)");
    });
  });

  test("outputs made by hand, with no fingerprint, are accepted as complete", async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, "data"));
      await writeFile(join(dir, "data/load-2024-06-01.json"), "[9, 8]\n");
      const ran: string[] = [];
      const options = { projectRoot: dir, staleness: "fingerprint" as const };
      await build(fourSteps({}, ran).model({ day }), options);
      expect(ran).toEqual(["clean", "features", "model"]);
      ran.length = 0;
      await build(fourSteps({}, ran).model({ day }), options);
      expect(ran).toEqual([]);
    });
  });

  test("with staleness off (the default), outputs that exist are complete whatever the version", async () => {
    await withTempDir(async (dir) => {
      await build(fourSteps().model({ day }), { projectRoot: dir });
      const ran: string[] = [];
      await build(fourSteps({ clean: "2" }, ran).model({ day }), { projectRoot: dir });
      expect(ran).toEqual([]);
    });
  });

  test("force reruns a complete task; in fingerprint mode what consumed it follows", async () => {
    await withTempDir(async (dir) => {
      const options = { projectRoot: dir, staleness: "fingerprint" as const };
      const tasks = fourSteps();
      await build(tasks.model({ day }), options);
      const ran: string[] = [];
      const again = fourSteps({}, ran);
      const summary = await build(again.model({ day }), { ...options, force: [again.features({ day })] });
      expect(ran).toEqual(["features", "model"]);
      expect(summary.tasks.find((t) => t.name === "features")?.status).toBe("ran");
    });
  });
});
