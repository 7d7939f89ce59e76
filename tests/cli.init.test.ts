import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli, type CliResult } from "./helpers/cli-project.js";
import { withTempDir } from "./helpers/temp-dir.js";

// The child npm and vitest must not inherit this test run's own settings.
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("VITEST") || key.startsWith("npm_") || key === "NODE_ENV" || key === "NODE_OPTIONS" || key === "TEST") continue;
    env[key] = value;
  }
  return { ...env, CI: "true", NO_COLOR: "1" };
}

function npm(args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const expectOk = (result: CliResult) => expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);

describe("pipewright init", () => {
  test(
    "creates a project where npm install, the pipeline (twice: the second runs nothing) and the tests all work",
    async () => {
      await withTempDir(async (dir) => {
        const init = await runCli(["init", "word-report"], { cwd: dir });
        expectOk(init);
        const project = join(dir, "word-report");
        expect(init.stdout).toContain("npm install && npm run pipeline");
        const pkg = JSON.parse(await readFile(join(project, "package.json"), "utf8")) as Record<string, Record<string, string>>;
        expect(pkg["name"]).toBe("word-report");
        expect(pkg["scripts"]).toMatchObject({ pipeline: "pipewright run report", test: "vitest run" });
        expect(pkg["dependencies"]?.["pipewright"]).toMatch(/^file:\//);
        expect(await readFile(join(project, "pipewright.config.ts"), "utf8")).toContain(`staleness: "fingerprint"`);
        expect(await readFile(join(project, ".gitignore"), "utf8")).toMatch(/node_modules\/\ndata\/\n\.pipewright\//);

        expectOk(await npm(["install", "--prefer-offline", "--no-audit", "--no-fund"], project));

        const first = await npm(["run", "--silent", "pipeline", "--", "--json"], project);
        expectOk(first);
        const firstSummary = JSON.parse(first.stdout) as { counts: { ran: number; already_complete: number } };
        expect(firstSummary.counts).toMatchObject({ ran: 3, already_complete: 1 });
        expect(await readFile(join(project, "data/reports/sample-5.md"), "utf8")).toMatch(/^# Words in sample\n\n\d+ words in all\./);

        const second = await npm(["run", "--silent", "pipeline", "--", "--json"], project);
        expectOk(second);
        expect((JSON.parse(second.stdout) as { counts: { ran: number } }).counts.ran).toBe(0);

        const tests = await npm(["test"], project);
        expectOk(tests);
        expect(tests.stdout).toMatch(/Tests\s+7 passed/);

        // The template is strict TypeScript: a user's first type check is clean.
        expectOk(await npm(["exec", "--", "tsc", "--noEmit"], project));
      });
    },
    120_000,
  );

  test("refuses a folder that is not empty, naming it and suggesting --force, and writes nothing", async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, "notes.txt"), "mine");
      const result = await runCli(["init", dir], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${dir} is not empty`);
      expect(result.stderr).toContain("--force");
      expect(existsSync(join(dir, "package.json"))).toBe(false);
      expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("mine");
    });
  });

  test("with --force adds only the missing files and lists the existing ones it kept", async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, "README.md"), "my own readme\n");
      await mkdir(join(dir, "src"));
      await writeFile(join(dir, "src/words.ts"), "export const mine = 1;\n");
      const result = await runCli(["init", "--force"], { cwd: dir });
      expect(result.code).toBe(0);
      expect(await readFile(join(dir, "README.md"), "utf8")).toBe("my own readme\n");
      expect(await readFile(join(dir, "src/words.ts"), "utf8")).toBe("export const mine = 1;\n");
      expect(existsSync(join(dir, "pipeline/index.ts"))).toBe(true);
      expect(existsSync(join(dir, "package.json"))).toBe(true);
      const kept = result.stdout.slice(result.stdout.indexOf("Kept"));
      expect(kept).toMatch(/^Kept 2 existing files as they were \(not overwritten\):\n {2}README\.md\n {2}src\/words\.ts\n/);
    });
  });

  test("an empty folder, or one holding only .git, is filled without --force", async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, ".git"));
      const result = await runCli(["init"], { cwd: dir });
      expect(result.code).toBe(0);
      expect(existsSync(join(dir, "pipewright.config.ts"))).toBe(true);
    });
  });
});
