import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli, withCliProject } from "./helpers/cli-project.js";

const pipeline = `
import { setTimeout as sleep } from "node:timers/promises";
import { existsSync, writeFileSync } from "node:fs";
import { task, param, localFile, json } from "pipewright";

export const whereAmI = task("whereAmI", {
  params: { i: param.int() },
  output: ({ i }) => localFile(\`data/pid-\${i}.json\`, json<number>()),
  run: ({ output }) => output.write(process.pid),
});
export const here = task("here", { inline: true, output: () => localFile("data/pid-inline.json", json<number>()), run: ({ output }) => output.write(process.pid) });
export const pids = task("pids", { requires: () => [here(), whereAmI({ i: 0 }), whereAmI({ i: 1 })] });

export const quitter = task("quitter", {
  output: () => localFile("data/quitter.txt"),
  run() {
    console.log("about to quit");
    console.error("something is badly wrong");
    process.exit(3);
  },
});
export const survivor = task("survivor", {
  output: () => localFile("data/survivor.txt"),
  async run({ output }) { await sleep(300); await output.write("alive"); },
});
export const crashes = task("crashes", { requires: () => [quitter(), survivor()] });

export const hangs = task("hangs", {
  timeout: 500,
  output: () => localFile("data/hangs.txt"),
  async run() { await sleep(60_000); },
});
export const hangsAll = task("hangsAll", { requires: () => [hangs(), survivor()] });

export const flaky = task("flaky", {
  retries: 1,
  retryDelay: 10,
  output: () => localFile("data/flaky.txt"),
  async run({ output, attempt }) {
    if (!existsSync("data/flaky-marker")) { writeFileSync("data/flaky-marker", "x"); throw new Error("first attempt fails"); }
    await output.write(\`attempt \${attempt}\`);
  },
});
export const flakyAll = task("flakyAll", { requires: () => [flaky(), survivor()] });
`;

const files = { "pipeline.ts": pipeline, "data/.keep": "" };
const json = (stdout: string) => JSON.parse(stdout) as { exitCode: number; tasks: Array<{ id: string; status: string; attempts: number; error: string | null }> };

describe("--workers N with child processes", () => {
  test("tasks run in worker processes; a task marked inline runs in the scheduler's process", async () => {
    await withCliProject(files, async (dir) => {
      const result = await runCli(["run", "pids", "--workers", "2"], { cwd: dir });
      expect(result.code).toBe(0);
      const read = async (name: string) => JSON.parse(await readFile(join(dir, `data/${name}.json`), "utf8")) as number;
      const inline = await read("pid-inline");
      expect(await read("pid-0")).not.toBe(inline);
      expect(await read("pid-1")).not.toBe(inline);
      // A short task's history: when it started, why, and how it ended.
      const logs = await runCli(["logs", "here()"], { cwd: dir });
      expect(logs.code).toBe(0);
      expect(logs.stdout).toMatch(/^== \S+ run \S+ attempt 1 started \(output missing: data\/pid-inline.json\)\n== succeeded \(attempt 1, \d+ ms\)\n$/);
    });
  });

  test("a task that exits its process fails with that reason; the others go on", async () => {
    await withCliProject(files, async (dir) => {
      const result = await runCli(["run", "crashes", "--workers", "2", "--json"], { cwd: dir });
      const summary = json(result.stdout);
      expect(summary.exitCode).toBe(1);
      const quitter = summary.tasks.find((t) => t.id === "quitter()");
      expect(quitter?.status).toBe("failed");
      expect(quitter?.error).toContain("exited with code 3");
      expect(summary.tasks.find((t) => t.id === "survivor()")?.status).toBe("ran");
      expect(result.stderr).toContain("[quitter()] about to quit");

      const logs = await runCli(["logs", "quitter()"], { cwd: dir });
      expect(logs.code).toBe(0);
      expect(logs.stdout).toContain("[stdout] about to quit");
      expect(logs.stdout).toContain("[stderr] something is badly wrong");
      expect(logs.stdout).toContain("exited with code 3");
    });
  });

  test("a task past its timeout is stopped and fails as timed out", async () => {
    await withCliProject(files, async (dir) => {
      const started = Date.now();
      const summary = json((await runCli(["run", "hangsAll", "--workers", "2", "--json"], { cwd: dir })).stdout);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(summary.tasks.find((t) => t.id === "hangs()")?.error).toContain("timed out after 500ms");
      expect(summary.tasks.find((t) => t.id === "survivor()")?.status).toBe("ran");
    });
  });

  test("a task that fails once then succeeds shows two attempts", async () => {
    await withCliProject(files, async (dir) => {
      const summary = json((await runCli(["run", "flakyAll", "--workers", "2", "--json"], { cwd: dir })).stdout);
      expect(summary.exitCode).toBe(0);
      expect(summary.tasks.find((t) => t.id === "flaky()")).toMatchObject({ status: "ran", attempts: 2 });
      expect(await readFile(join(dir, "data/flaky.txt"), "utf8")).toBe("attempt 2");
    });
  });
});
