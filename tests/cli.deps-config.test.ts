import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli, withCliProject } from "./helpers/cli-project.js";

const pipeline = `
import { task, param, localFile, json } from "pipewright";

export const raw = task("raw", { params: { day: param.date() }, output: ({ day }) => localFile(\`input/\${day}.txt\`) });
export const clean = task("clean", {
  params: { day: param.date() },
  requires: ({ day }) => raw({ day }),
  output: ({ day }) => localFile(\`data/clean-\${day}.txt\`),
  run: async ({ input, output }) => output.write((await input.read()).trim()),
});
export const features = task("features", {
  params: { day: param.date(), window: param.int({ default: 7 }) },
  requires: ({ day }) => clean({ day }),
  output: ({ day, window }) => localFile(\`data/features-\${day}-w\${window}.json\`, json<{ window: number }>()),
  run: ({ output, params }) => output.write({ window: params.window }),
});
export const model = task("model", {
  params: { day: param.date() },
  requires: ({ day }) => ({ features: features({ day }), clean: clean({ day }) }),
  output: ({ day }) => localFile(\`data/model-\${day}.json\`, json<{ window: number }>()),
  run: async ({ input, output }) => output.write(await input.features.read()),
});
`;

const files = {
  "pipeline/index.ts": pipeline,
  "input/2024-05-01.txt": "  hello  \n",
  "pipewright.config.ts": `import { defineConfig } from "pipewright";\nexport default defineConfig({ modules: ["pipeline/index.ts"], params: { features: { window: 14 } } });\n`,
};

describe("pipewright deps", () => {
  test("prints the tree with each task's state and why it would run", async () => {
    await withCliProject(files, async (dir) => {
      const result = await runCli(["deps", "model", "--day", "2024-05-01"], { cwd: dir });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("model(day=2024-05-01)  [would run] — output missing: data/model-2024-05-01.json");
      expect(result.stdout).toContain("└─ raw(day=2024-05-01)  [complete]");
      expect(result.stdout).toContain("(dependencies shown above)");
    });
  });

  test("exports the graph as json, dot and mermaid", async () => {
    await withCliProject(files, async (dir) => {
      const json = JSON.parse((await runCli(["deps", "model", "--day", "2024-05-01", "--format", "json"], { cwd: dir })).stdout);
      expect(json.roots).toEqual(["model(day=2024-05-01)"]);
      expect(json.tasks.map((t: { id: string }) => t.id)).toEqual(["raw(day=2024-05-01)", "clean(day=2024-05-01)", "features(day=2024-05-01,window=14)", "model(day=2024-05-01)"]);
      const dot = (await runCli(["deps", "model", "--day", "2024-05-01", "--format", "dot"], { cwd: dir })).stdout;
      expect(dot).toContain('"clean(day=2024-05-01)" -> "model(day=2024-05-01)";');
      const mermaid = (await runCli(["deps", "model", "--day", "2024-05-01", "--format", "mermaid"], { cwd: dir })).stdout;
      expect(mermaid).toMatch(/^flowchart LR/);
      const bad = await runCli(["deps", "model", "--day", "2024-05-01", "--format", "png"], { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("Use one of: tree, json, dot, mermaid");
    });
  });

  test("names the missing external input behind blocked tasks", async () => {
    await withCliProject(files, async (dir) => {
      const result = await runCli(["deps", "model", "--day", "2024-05-02"], { cwd: dir });
      expect(result.stdout).toContain("raw(day=2024-05-02)  [MISSING INPUT] — external input missing: input/2024-05-02.txt");
      expect(result.stdout).toContain("model(day=2024-05-02)  [blocked] — needs missing input raw(day=2024-05-02)");
    });
  });
});

describe("configuration", () => {
  test("the config file's modules and parameter defaults are used", async () => {
    await withCliProject(files, async (dir) => {
      const result = await runCli(["run", "model", "--day", "2024-05-01", "--json"], { cwd: dir });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).tasks.map((t: { id: string }) => t.id)).toContain("features(day=2024-05-01,window=14)");
      expect(JSON.parse(await readFile(join(dir, "data/model-2024-05-01.json"), "utf8"))).toEqual({ window: 14 });
    });
  });

  test("command-line parameters win over configured defaults", async () => {
    await withCliProject(files, async (dir) => {
      const result = await runCli(["run", "features", "--day", "2024-05-01", "--window", "3", "--json"], { cwd: dir });
      expect(JSON.parse(result.stdout).tasks.at(-1).id).toBe("features(day=2024-05-01,window=3)");
    });
  });

  test("environment variables override the config; bad values exit 2 naming the variable", async () => {
    await withCliProject(files, async (dir) => {
      const bad = await runCli(["run", "model", "--day", "2024-05-01"], { cwd: dir, env: { PIPEWRIGHT_WORKERS: "lots" } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('PIPEWRIGHT_WORKERS must be a whole number of at least 1, got "lots"');
      const store = await runCli(["run", "model", "--day", "2024-05-01"], { cwd: dir, env: { PIPEWRIGHT_STORE: "memory" } });
      expect(store.code).toBe(0);
      const { existsSync } = await import("node:fs");
      expect(existsSync(join(dir, ".pipewright/state.db"))).toBe(false);
    });
  });

  test("a config file with an unknown key exits 2 and lists the known keys", async () => {
    await withCliProject({ ...files, "pipewright.config.ts": `export default { modules: ["pipeline/index.ts"], worker: 2 };\n` }, async (dir) => {
      const result = await runCli(["run", "model", "--day", "2024-05-01"], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('unknown key "worker"');
      expect(result.stderr).toContain("workers");
      // With --workers, worker processes start before the config is read: the error is the same.
      const withWorkers = await runCli(["run", "model", "--day", "2024-05-01", "--workers", "2"], { cwd: dir });
      expect(withWorkers.code).toBe(2);
      expect(withWorkers.stderr).toContain('unknown key "worker"');
    });
  });

  test("a project whose package.json lacks \"type\": \"module\" is told how to fix it", async () => {
    await withCliProject({ ...files, "package.json": JSON.stringify({ name: "no-type", private: true }) }, async (dir) => {
      const result = await runCli(["run", "model", "--day", "2024-05-01"], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('add "type": "module" to the package.json');
    });
  });

  test("the embedded store is a SQLite file under .pipewright/ in the project", async () => {
    await withCliProject(files, async (dir) => {
      await runCli(["run", "clean", "--day", "2024-05-01"], { cwd: dir });
      const { existsSync } = await import("node:fs");
      expect(existsSync(join(dir, ".pipewright/state.db"))).toBe(true);
    });
  });
});
