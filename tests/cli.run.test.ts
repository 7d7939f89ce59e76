import { existsSync } from "node:fs";
import { appendFile, readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openStore } from "../src/store/open-store.js";
import { runCli, spawnCli, withCliProject } from "./helpers/cli-project.js";

// A small project as a new user would write it from the README.
const pipeline = `
import { appendFile } from "node:fs/promises";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { task, param, localFile, json, text } from "pipewright";

const trace = (id: string) => appendFile("runs.log", id + "\\n");

// START_BARRIER=N: each run announces itself when it loads the pipeline, and the first task
// waits until N runs have, so runs "started together" really overlap on a loaded machine.
if (process.env.START_BARRIER) {
  mkdirSync("started", { recursive: true });
  writeFileSync(\`started/\${process.pid}\`, "");
}
async function startBarrier(): Promise<void> {
  const wanted = Number(process.env.START_BARRIER ?? 0);
  for (let waited = 0; waited < 20_000 && readdirSync("started", { withFileTypes: true }).length < wanted; waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const numbers = task("numbers", {
  params: { n: param.int() },
  output: ({ n }) => localFile(\`data/numbers-\${n}.json\`, json<number[]>()),
  async run({ params, output }) {
    if (process.env.START_BARRIER) await startBarrier();
    await trace("numbers");
    await output.write(Array.from({ length: params.n }, (_, i) => i + 1));
  },
});

export const total = task("total", {
  params: { n: param.int() },
  requires: ({ n }) => numbers({ n }),
  output: ({ n }) => localFile(\`data/total-\${n}.json\`, json<number>()),
  async run({ input, output }) {
    await trace("total");
    await output.write((await input.read()).reduce((a, b) => a + b, 0));
  },
});

export const report = task("report", {
  params: { n: param.int({ default: 3 }), mode: param.enum(["short", "long"], { default: "short" }) },
  requires: ({ n }) => total({ n }),
  output: ({ n, mode }) => localFile(\`data/report-\${n}-\${mode}.txt\`, text()),
  async run({ input, output, params }) {
    await trace("report");
    await new Promise((r) => setTimeout(r, Number(process.env.REPORT_DELAY_MS ?? 0)));
    await output.write(\`total of 1..\${params.n} is \${await input.read()}\\n\`);
  },
});

export const explode = task("explode", {
  requires: () => numbers({ n: 2 }),
  output: () => localFile("data/explode.txt"),
  run() {
    throw new Error("model diverged\\nloss was NaN at step 7");
  },
});

export const afterExplode = task("afterExplode", {
  requires: () => explode(),
  output: () => localFile("data/after-explode.txt"),
  run: ({ output }) => output.write("never"),
});

export const independent = task("independent", {
  output: () => localFile("data/independent.txt"),
  run: ({ output }) => output.write("ok"),
});

export const everything = task("everything", { requires: () => [afterExplode(), independent()] });

export const rawInput = task("rawInput", { params: { day: param.date() }, output: ({ day }) => localFile(\`input/\${day}.csv\`) });
export const usesRaw = task("usesRaw", {
  params: { day: param.date() },
  requires: ({ day }) => rawInput({ day }),
  output: ({ day }) => localFile(\`data/uses-\${day}.csv\`),
  run: async ({ input, output }) => output.write(await input.read()),
});

export const slowWriter = task("slowWriter", {
  output: () => localFile("data/big.bin"),
  async run({ output, log }) {
    const { open } = await import("node:fs/promises");
    const file = await open(output.path, "w");
    await file.write("x".repeat(1_000_000));
    await file.sync();
    log("half written");
    await new Promise((r) => setTimeout(r, 60_000));
    await file.close();
  },
});

export const badRequires = task("badRequires", {
  requires: (): never => { throw new Error("upstream table name missing"); },
  output: () => localFile("data/never.txt"),
  run: () => undefined,
});

const byName: Record<string, () => any> = {};
export const ping = task("ping", { requires: () => byName.pong!(), output: () => localFile("p.txt"), run: () => undefined });
export const pong = task("pong", { requires: () => byName.ping!(), output: () => localFile("q.txt"), run: () => undefined });
byName.ping = () => ping();
byName.pong = () => pong();
`;

const project = { "pipeline.ts": pipeline };
const runsLog = async (dir: string) => ((await readFile(join(dir, "runs.log"), "utf8").catch(() => "")) as string).split("\n").filter(Boolean);

describe("pipewright run", () => {
  test("a 3-step pipeline runs, then a second run runs nothing and exits 0", async () => {
    await withCliProject(project, async (dir) => {
      const first = await runCli(["run", "report", "--n", "4"], { cwd: dir });
      expect(first.stderr).toContain("▶ numbers(n=4)");
      expect(first.code).toBe(0);
      expect(first.stdout).toContain("3 ran");
      expect(await readFile(join(dir, "data/report-4-short.txt"), "utf8")).toBe("total of 1..4 is 10\n");
      const second = await runCli(["run", "report", "--n", "4", "--json"], { cwd: dir });
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout).counts).toMatchObject({ ran: 0, already_complete: 3 });
      expect(await runsLog(dir)).toEqual(["numbers", "total", "report"]);
    });
  });

  test("--json prints exactly one JSON object on stdout with the documented fields", async () => {
    await withCliProject(project, async (dir) => {
      const result = await runCli(["run", "report", "--json"], { cwd: dir });
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(Object.keys(summary)).toEqual(expect.arrayContaining(["ok", "exitCode", "durationMs", "counts", "tasks"]));
      expect(summary.ok).toBe(true);
      expect(summary.exitCode).toBe(0);
      expect(typeof summary.durationMs).toBe("number");
      expect(summary.counts).toEqual({ ran: 3, already_complete: 0, failed: 0, upstream_failed: 0, missing_input: 0, ran_elsewhere: 0 });
      expect(summary.tasks.at(-1)).toMatchObject({
        id: "report(n=3,mode=short)",
        name: "report",
        params: { n: 3, mode: "short" },
        status: "ran",
        attempts: 1,
        error: null,
      });
      expect(typeof summary.tasks[0].durationMs).toBe("number");
    });
  });

  test("a failing task exits 1, blocks its downstream, lets an independent branch finish, and says why", async () => {
    await withCliProject(project, async (dir) => {
      const result = await runCli(["run", "everything"], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("explode() failed after 1 attempt");
      expect(result.stdout).toContain("model diverged");
      expect(result.stdout).toContain("loss was NaN at step 7");
      expect(result.stdout).toContain("afterExplode() not run: blocked by explode()");
      expect(existsSync(join(dir, "data/independent.txt"))).toBe(true);
      const json = JSON.parse((await runCli(["run", "everything", "--json"], { cwd: dir })).stdout);
      expect(json.counts).toMatchObject({ failed: 1, upstream_failed: 2, already_complete: 2 });
    });
  });

  test("a broken step failing for many tasks details the first 20 in the summary and counts the rest", async () => {
    const broken = `
import { task, param, localFile } from "pipewright";
const leaf = task("leaf", {
  params: { i: param.int() },
  output: ({ i }) => localFile(\`data/leaf-\${i}.txt\`),
  run: async ({ params }) => { throw new Error(\`bad row in part \${params.i}\`); },
});
const after = task("after", { params: { i: param.int() }, requires: ({ i }) => leaf({ i }), output: ({ i }) => localFile(\`data/after-\${i}.txt\`), run: async ({ output }) => output.write("x") });
export const all = task("all", { requires: () => Array.from({ length: 25 }, (_, i) => after({ i })) });
`;
    await withCliProject({ "pipeline.ts": broken }, async (dir) => {
      const result = await runCli(["run", "all"], { cwd: dir });
      expect(result.code).toBe(1);
      const lines = result.stdout.split("\n");
      expect(lines[0]).toMatch(/^✖ Failed in .*: 0 ran, 0 already complete, 25 failed, 26 blocked\.$/);
      expect(lines.filter((line) => /^ {2}✖ leaf\(i=\d+\) failed after 1 attempt:$/.test(line))).toHaveLength(20);
      expect(lines.filter((line) => /^ {6}bad row in part \d+$/.test(line))).toHaveLength(20);
      expect(lines).toContain("  … and 5 more failed (each is in the progress lines; --json lists every task)");
      expect(lines.filter((line) => line.startsWith("  ⊘ "))).toHaveLength(20);
      expect(lines).toContain("  … and 6 more blocked (each is in the progress lines; --json lists every task)");
      // Every failure was shown as it happened, and the JSON summary has them all.
      expect(result.stderr.split("\n").filter((line) => /^✖ leaf\(i=\d+\) failed: bad row in part \d+$/.test(line))).toHaveLength(25);
      const json = JSON.parse((await runCli(["run", "all", "--json"], { cwd: dir })).stdout);
      expect(json.tasks.filter((t: { status: string }) => t.status === "failed")).toHaveLength(25);
    });
  });

  test("logs finds a task named as run names it, or by its id; an option a command does not have is refused", async () => {
    await withCliProject(project, async (dir) => {
      expect((await runCli(["run", "report", "--n", "4"], { cwd: dir })).code).toBe(0);
      const byId = await runCli(["logs", "report(n=4,mode=short)"], { cwd: dir });
      expect(byId.code).toBe(0);
      expect(byId.stdout).toMatch(/^== \S+ run \S+ attempt 1 started \(output missing: data\/report-4-short.txt\)\n== succeeded/);
      // The task and its parameters, defaults filled in, as for run; logs' own options still apply.
      expect(await runCli(["logs", "report", "--n", "4"], { cwd: dir })).toMatchObject({ code: 0, stdout: byId.stdout });
      expect((await runCli(["logs", "report", "--n", "4", "--limit", "1"], { cwd: dir })).stdout).toMatch(/^== succeeded \(attempt 1, \d+ ms\)\n$/);

      for (const [args, message] of [
        [["logs", "reprot", "--n", "4"], 'Unknown task "reprot". Did you mean "report"?'],
        [["logs", "report", "--nn", "4"], 'Unknown option --nn for task "report". Did you mean "n"?'],
        [["logs", "report(n=4,mode=short)", "--limt", "1"], 'Unknown option --limt for logs. Did you mean "limit"? Its options: --run, --all, --limit, --store, --module, --config, --help.'],
        [["fixtures", "check", "--tolerence", "0.1"], 'Unknown option --tolerence for fixtures check. Did you mean "tolerance"?'],
        [["trash", "list", "--al"], "Unknown option --al for trash."],
        [["init", "fresh", "--forse"], 'Unknown option --forse for init. Did you mean "force"?'],
      ] as const) {
        const refused = await runCli(args, { cwd: dir });
        expect(refused.code, args.join(" ")).toBe(2);
        expect(refused.stderr).toContain(message);
      }
      expect(existsSync(join(dir, "fresh"))).toBe(false);
    });
  });

  test("bad input gets exit 2 and a message naming the problem", async () => {
    await withCliProject(project, async (dir) => {
      const unknownTask = await runCli(["run", "reprot"], { cwd: dir });
      expect(unknownTask.code).toBe(2);
      expect(unknownTask.stderr).toContain('Unknown task "reprot". Did you mean "report"?');
      expect(unknownTask.stderr).not.toMatch(/\n\s+at /);

      const unknownParam = await runCli(["run", "report", "--nn", "3"], { cwd: dir });
      expect(unknownParam.code).toBe(2);
      expect(unknownParam.stderr).toContain('Unknown option --nn for task "report". Did you mean "n"?');

      const badValue = await runCli(["run", "report", "--n", "three"], { cwd: dir });
      expect(badValue.code).toBe(2);
      expect(badValue.stderr).toContain('Invalid value "three" for parameter "n" of task "report"');
      expect(badValue.stderr).toContain("Expected an integer");

      const badEnum = await runCli(["run", "report", "--mode", "medium"], { cwd: dir });
      expect(badEnum.code).toBe(2);
      expect(badEnum.stderr).toContain("short, long");

      const missing = await runCli(["run", "total"], { cwd: dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('Task "total" needs parameter "n"');

      const json = await runCli(["run", "nope", "--json"], { cwd: dir });
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, exitCode: 2, error: { code: "unknown_task" } });

      const command = await runCli(["rnu"], { cwd: dir });
      expect(command.code).toBe(2);
      expect(command.stderr).toContain('Unknown command "rnu"');
    });
  });

  test("a missing external input exits 3 and names the path", async () => {
    await withCliProject(project, async (dir) => {
      const result = await runCli(["run", "usesRaw", "--day", "2024-03-01"], { cwd: dir });
      expect(result.code).toBe(3);
      expect(result.stdout).toContain("missing input input/2024-03-01.csv");
    });
  });

  test("a dependency cycle exits 4 and prints it; a throwing requires() exits 4 with the task and the stack", async () => {
    await withCliProject(project, async (dir) => {
      const cycle = await runCli(["run", "ping"], { cwd: dir });
      expect(cycle.code).toBe(4);
      expect(cycle.stdout).toContain("ping() -> pong() -> ping()");
      const bad = await runCli(["run", "badRequires"], { cwd: dir });
      expect(bad.code).toBe(4);
      expect(bad.stdout).toContain("requires() of badRequires() threw: upstream table name missing");
      expect(bad.stdout).toContain("pipeline.ts");
    });
  });

  test("a run killed with SIGKILL mid-write leaves nothing at the final path, and the next run completes", async () => {
    await withCliProject(project, async (dir) => {
      const child = spawnCli(["run", "slowWriter"], { cwd: dir });
      await new Promise<void>((resolve, reject) => {
        let err = "";
        child.stderr!.on("data", (d: Buffer) => {
          err += d.toString();
          if (err.includes("half written")) resolve();
        });
        child.on("close", () => reject(new Error(`exited before writing: ${err}`)));
      });
      child.kill("SIGKILL");
      await new Promise((resolve) => child.on("close", resolve));
      expect(existsSync(join(dir, "data/big.bin"))).toBe(false);
      // The leftover temp file must not count as the output.
      expect((await readdir(join(dir, "data"))).some((f) => f.includes("pw-tmp"))).toBe(true);
      await rm(join(dir, "pipeline.ts"));
      await appendFile(
        join(dir, "pipeline.ts"),
        `import { task, localFile } from "pipewright";\nexport const slowWriter = task("slowWriter", { output: () => localFile("data/big.bin"), run: ({ output }) => output.write("complete") });\n`,
      );
      const next = await runCli(["run", "slowWriter"], { cwd: dir });
      expect(next.code).toBe(0);
      expect(await readFile(join(dir, "data/big.bin"), "utf8")).toBe("complete");
      // The run history no longer shows the killed run as running: the next run found it gone.
      const store = openStore(undefined, { projectRoot: dir });
      try {
        const [latest, killed] = await store.listRuns();
        expect(latest?.status).toBe("succeeded");
        expect(killed).toMatchObject({ status: "crashed", pid: child.pid, exitCode: null });
      } finally {
        await store.close();
      }
    });
  });

  test("two runs started together on overlapping graphs run each task once in total", async () => {
    await withCliProject(project, async (dir) => {
      const env = { REPORT_DELAY_MS: "300", START_BARRIER: "2" };
      const [a, b] = await Promise.all([
        runCli(["run", "report", "--n", "5", "--json"], { cwd: dir, env }),
        runCli(["run", "report", "--n", "5", "--json"], { cwd: dir, env }),
      ]);
      expect(a.code).toBe(0);
      expect(b.code).toBe(0);
      expect((await runsLog(dir)).sort()).toEqual(["numbers", "report", "total"]);
      const statuses = [JSON.parse(a.stdout), JSON.parse(b.stdout)].flatMap((s) => s.tasks.filter((t: { name: string }) => t.name === "report").map((t: { status: string }) => t.status));
      expect(statuses.sort()).toEqual(["ran", "ran_elsewhere"]);
    });
  });

  test("--dry-run shows what would run and why, and runs nothing", async () => {
    await withCliProject(project, async (dir) => {
      const result = await runCli(["run", "report", "--dry-run"], { cwd: dir });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("3 tasks would run");
      expect(result.stdout).toContain("would run: numbers(n=3) (output missing: data/numbers-3.json)");
      expect(await runsLog(dir)).toEqual([]);
    });
  });

  test("every command answers --help", async () => {
    await withCliProject(project, async (dir) => {
      for (const args of [["--help"], ["run", "--help"], ["deps", "--help"]]) {
        const result = await runCli(args, { cwd: dir });
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("Usage: pipewright");
      }
    });
  });
});
