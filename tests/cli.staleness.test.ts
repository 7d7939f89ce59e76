import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { listTrash } from "../src/engine/trash.js";
import { runCli, withCliProject } from "./helpers/cli-project.js";

const pipeline = (cleanVersion: string) => `
import { appendFile } from "node:fs/promises";
import { task, param, localFile, json } from "pipewright";
const trace = (name: string) => appendFile("runs.log", name + "\\n");

export const load = task("load", {
  params: { day: param.date() },
  output: ({ day }) => localFile(\`data/load-\${day}.json\`, json<number[]>()),
  run: async ({ output }) => { await trace("load"); await output.write([3, 1, 2]); },
});
export const clean = task("clean", {
  version: "${cleanVersion}",
  params: { day: param.date() },
  requires: ({ day }) => load({ day }),
  output: ({ day }) => localFile(\`data/clean-\${day}.json\`, json<number[]>()),
  run: async ({ input, output }) => { await trace("clean"); await output.write((await input.read()).sort()); },
});
export const features = task("features", {
  params: { day: param.date() },
  requires: ({ day }) => clean({ day }),
  output: ({ day }) => ({ values: localFile(\`data/features-\${day}.json\`, json<number[]>()), stats: localFile(\`data/features-\${day}.stats.json\`, json<number>()) }),
  run: async ({ input, output }) => {
    await trace("features");
    const values = (await input.read()).map((x) => x * 10);
    await output.values.write(values);
    await output.stats.write(values.length);
  },
});
export const model = task("model", {
  params: { day: param.date() },
  requires: ({ day }) => features({ day }),
  output: ({ day }) => localFile(\`data/model-\${day}.json\`, json<number>()),
  run: async ({ input, output }) => { await trace("model"); await output.write((await input.values.read()).reduce((a, b) => a + b, 0)); },
});
`;

const config = `export default { modules: ["pipeline.ts"], staleness: "fingerprint" };\n`;
const files = { "pipeline.ts": pipeline("1"), "pipewright.config.ts": config };
const runs = async (dir: string) => (await readFile(join(dir, "runs.log"), "utf8").catch(() => "")).split("\n").filter(Boolean);
const args = ["--day", "2024-06-01"];

describe("staleness from the command line", () => {
  test("a bumped version reruns that step and what follows; the run says why", async () => {
    await withCliProject(files, async (dir) => {
      expect((await runCli(["run", "model", ...args], { cwd: dir })).code).toBe(0);
      expect((await runCli(["run", "model", ...args, "--json"], { cwd: dir })).stdout).toContain('"ran":0');
      await writeFile(join(dir, "pipeline.ts"), pipeline("2"));
      const deps = await runCli(["deps", "model", ...args], { cwd: dir });
      expect(deps.stdout).toContain("clean(day=2024-06-01)  [would run] — stale: version changed (1 → 2)");
      expect(deps.stdout).toContain("features(day=2024-06-01)  [would run] — stale: input clean(day=2024-06-01) rebuilt");
      const rerun = await runCli(["run", "model", ...args], { cwd: dir });
      expect(rerun.code).toBe(0);
      expect(rerun.stderr).toContain("▶ clean(day=2024-06-01) — stale: version changed (1 → 2)");
      expect(await runs(dir)).toEqual(["load", "clean", "features", "model", "clean", "features", "model"]);
    });
  });

  test("invalidate --downstream --dry-run lists exactly the outputs; invalidate moves them to the trash; restore brings them back", async () => {
    await withCliProject(files, async (dir) => {
      await runCli(["run", "model", ...args], { cwd: dir });
      const dry = await runCli(["invalidate", "clean", ...args, "--downstream", "--dry-run"], { cwd: dir });
      expect(dry.code).toBe(0);
      const listed = dry.stdout.split("\n").filter((l) => l.startsWith("  ")).map((l) => l.trim().split("  ")[0]);
      expect(listed.sort()).toEqual(["data/clean-2024-06-01.json", "data/features-2024-06-01.json", "data/features-2024-06-01.stats.json", "data/model-2024-06-01.json"]);
      expect(existsSync(join(dir, "data/clean-2024-06-01.json"))).toBe(true);

      const real = await runCli(["invalidate", "clean", ...args, "--downstream"], { cwd: dir });
      expect(real.code).toBe(0);
      for (const file of listed) expect(existsSync(join(dir, file!))).toBe(false);
      expect(existsSync(join(dir, "data/load-2024-06-01.json"))).toBe(true);

      const plan = await runCli(["run", "model", ...args, "--dry-run"], { cwd: dir });
      expect(plan.stdout).toContain("3 tasks would run");

      const restore = await runCli(["trash", "restore"], { cwd: dir });
      expect(restore.code).toBe(0);
      for (const file of listed) expect(existsSync(join(dir, file!))).toBe(true);
      const after = JSON.parse((await runCli(["run", "model", ...args, "--json"], { cwd: dir })).stdout);
      expect(after.tasks.filter((t: { status: string }) => t.status === "ran")).toEqual([]);
      expect((await runCli(["trash", "list"], { cwd: dir })).stdout).toContain("The trash is empty.");
    });
  });

  test("trash restore says which outputs it found in place or missing instead of moving them", async () => {
    await withCliProject(files, async (dir) => {
      await runCli(["run", "model", ...args], { cwd: dir });
      expect((await runCli(["invalidate", "features", ...args], { cwd: dir })).code).toBe(0);
      const [entry] = await listTrash(dir);
      const [values, stats] = entry!.items;
      // As a restore stopped after one output would leave it; the other deleted from the trash by hand.
      await rename(join(dir, ".pipewright/trash", entry!.id, values!.stored), values!.original);
      await rm(join(dir, ".pipewright/trash", entry!.id, stats!.stored));
      const restore = await runCli(["trash", "restore"], { cwd: dir });
      expect(restore.code).toBe(0);
      expect(restore.stdout).toBe("");
      expect(restore.stderr).toBe(
        `note: data/features-2024-06-01.json was in place already (the command that made or restored ${entry!.id} stopped before moving it)\n` +
          `warning: data/features-2024-06-01.stats.json is neither in the trash nor in place: deleted from ${entry!.id} by hand?\n`,
      );
      expect((await runCli(["trash", "list"], { cwd: dir })).stdout).toBe("The trash is empty.\n");
    });
  });

  test("run --force --downstream reruns the task and what consumed it", async () => {
    await withCliProject({ ...files, "pipewright.config.ts": `export default { modules: ["pipeline.ts"] };\n` }, async (dir) => {
      await runCli(["run", "model", ...args], { cwd: dir });
      const forced = await runCli(["run", "features", ...args, "--force", "--downstream", "--json"], { cwd: dir });
      expect(forced.code).toBe(0);
      expect(JSON.parse(forced.stdout).tasks.filter((t: { status: string }) => t.status === "ran").map((t: { name: string }) => t.name)).toEqual(["features", "model"]);
      const misuse = await runCli(["run", "features", ...args, "--downstream"], { cwd: dir });
      expect(misuse.code).toBe(2);
    });
  });

  test("consumers the modules do not export are named in a short note, and neither rerun nor invalidated", async () => {
    // Twelve steps consume `load`; only a wrapper over them is exported, as an intermediate step often is not.
    const hidden = `
import { task, param, localFile, json } from "pipewright";
export const load = task("load", { output: () => localFile("data/load.json", json<number>()), run: async ({ output }) => output.write(1) });
const part = task("part", {
  params: { i: param.int() },
  requires: () => load(),
  output: ({ i }) => localFile(\`data/part-\${i}.json\`, json<number>()),
  run: async ({ params, input, output }) => output.write((await input.read()) + params.i),
});
export const all = task("all", { requires: () => Array.from({ length: 12 }, (_, i) => part({ i })) });
`;
    await withCliProject({ "pipeline.ts": hidden, "pipewright.config.ts": `export default { modules: ["pipeline.ts"] };\n` }, async (dir) => {
      expect((await runCli(["run", "all"], { cwd: dir })).code).toBe(0);
      const why = "this project's modules export no task that builds them (renamed, removed, or never exported; export the task to include them)";

      const forced = await runCli(["run", "load", "--force", "--downstream", "--json"], { cwd: dir });
      expect(forced.code).toBe(0);
      const runNote = noteLine(forced.stderr);
      expect(runNote).toMatch(/^note: not rerunning (part\(i=\d+\), ){9}part\(i=\d+\) and 2 more: /);
      expect(runNote.endsWith(why)).toBe(true);
      expect(JSON.parse(forced.stdout).tasks.filter((t: { status: string }) => t.status === "ran").map((t: { id: string }) => t.id)).toEqual(["load()"]);

      const dry = await runCli(["invalidate", "load", "--downstream", "--dry-run"], { cwd: dir });
      expect(dry.code).toBe(0);
      const invalidateNote = noteLine(dry.stderr);
      expect(invalidateNote).toMatch(/^note: (part\(i=\d+\), ){9}part\(i=\d+\) and 2 more consumed it, but /);
      expect(invalidateNote.endsWith(`${why}; their outputs are left alone`)).toBe(true);
      expect(dry.stdout).toBe("Would move 1 output to the trash:\n  data/load.json  (load())\n");
      expect(existsSync(join(dir, "data/part-11.json"))).toBe(true);
    });
  });
});

function noteLine(stderr: string): string {
  return stderr.split("\n").find((line) => line.startsWith("note: ")) ?? "";
}
