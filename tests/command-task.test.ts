import { existsSync } from "node:fs";
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, expectTypeOf, test } from "vitest";
import { build, commandTask, json, localDir, localFile, memory, param, task, type PipelineEvent } from "../src/index.js";
import { withTempDir } from "./helpers/temp-dir.js";

/** An external input file the command tasks below read. */
const numbers = task("numbers", {
  output: () => localFile("input/numbers.txt"),
});

async function writeNumbers(dir: string): Promise<void> {
  await mkdir(join(dir, "input"), { recursive: true });
  await writeFile(join(dir, "input/numbers.txt"), "3\n4\n5\n");
}

/** Logs of one task, in order, from a run's events. */
function logsOf(events: readonly PipelineEvent[]): string[] {
  return events.flatMap((e) => (e.type === "task_log" ? [`${e.level}: ${e.message}`] : []));
}

describe("commandTask", () => {
  test("runs a python3 script with the input path and the output's temp path, and the output appears on success", async () => {
    await withTempDir(async (dir) => {
      await writeNumbers(dir);
      const script = [
        "import json, sys",
        "values = [int(line) for line in open(sys.argv[1]) if line.strip()]",
        "json.dump({'sum': sum(values), 'n': len(values)}, open(sys.argv[2], 'w'))",
        "print('read', len(values), 'numbers')",
        "print('a note on stderr', file=sys.stderr)",
      ].join("\n");
      const total = commandTask("total", {
        requires: () => numbers(),
        output: () => localFile("data/total.json", json<{ sum: number; n: number }>()),
        command: ({ input, output }) => ["python3", "-c", script, input, output],
      });
      const events: PipelineEvent[] = [];
      const summary = await build(total(), { projectRoot: dir, store: "memory", onEvent: (e) => events.push(e) });

      expect(summary.tasks.map((t) => [t.id, t.status])).toEqual([["numbers()", "already_complete"], ["total()", "ran"]]);
      expect(JSON.parse(await readFile(join(dir, "data/total.json"), "utf8"))).toEqual({ sum: 12, n: 3 });
      expect(logsOf(events)).toEqual(["info: read 3 numbers", "warn: a note on stderr"]);
      expect(await readdir(join(dir, "data"))).toEqual(["total.json"]);
    });
  });

  test("a non-zero exit fails the task with the program, the exit code and the last 20 lines of stderr, and writes no output", async () => {
    await withTempDir(async (dir) => {
      await writeNumbers(dir);
      const script = "for (let i = 1; i <= 30; i++) console.error('problem ' + i); require('fs').writeFileSync(process.argv[1], 'half'); process.exit(3)";
      const broken = commandTask("broken", {
        requires: () => numbers(),
        output: () => localFile("data/broken.txt"),
        command: ({ output }) => ["node", "-e", script, output],
      });
      const events: PipelineEvent[] = [];
      const summary = await build(broken(), { projectRoot: dir, store: "memory", onEvent: (e) => events.push(e) });

      expect(summary.exitCode).toBe(1);
      const failure = events.find((e) => e.type === "task_failed");
      const error = failure?.type === "task_failed" ? failure.error.message : "";
      expect(error.split("\n")[0]).toBe("node exited with code 3 (broken()); last 20 lines of its stderr:");
      expect(error).toContain("  problem 11\n");
      expect(error).toContain("  problem 30\n");
      expect(error).not.toContain("problem 10\n");
      expect(error).toMatch(/\nCommand: node -e '.*' \S+$/);
      // The program wrote its temp file, but a failed task leaves nothing behind.
      expect(existsSync(join(dir, "data/broken.txt"))).toBe(false);
      expect(await readdir(join(dir, "data"))).toEqual([]);
    });
  });

  test("a silent failure and a program killed by a signal say so", async () => {
    await withTempDir(async (dir) => {
      const quiet = commandTask("quiet", {
        output: () => localFile("data/quiet.txt"),
        command: () => ["node", "-e", "process.exit(4)"],
      });
      const killed = commandTask("killed", {
        output: () => localFile("data/killed.txt"),
        command: () => ["node", "-e", "process.kill(process.pid, 'SIGKILL')"],
      });
      const summary = await build([quiet(), killed()], { projectRoot: dir, store: "memory" });
      const errorOf = (id: string) => summary.tasks.find((t) => t.id === id)?.error ?? "";
      expect(errorOf("quiet()").split("\n")[0]).toBe("node exited with code 4 (quiet()) and wrote nothing to stderr.");
      expect(errorOf("killed()").split("\n")[0]).toBe("node was killed by SIGKILL (killed()) and wrote nothing to stderr.");
    });
  });

  test("a program that does not exist fails with a message saying it was not found", async () => {
    await withTempDir(async (dir) => {
      const missing = commandTask("missing", {
        output: () => localFile("data/out.txt"),
        command: ({ output }) => ["no-such-program-pw", output],
      });
      const summary = await build(missing(), { projectRoot: dir, store: "memory" });
      expect(summary.tasks[0]?.status).toBe("failed");
      expect(summary.tasks[0]?.error).toContain("Cannot run no-such-program-pw for missing(): no such program on the PATH. Install it, or give its full path in command().");
    });
  });

  test("aborting the run kills the program and leaves no output", async () => {
    await withTempDir(async (dir) => {
      const controller = new AbortController();
      const slow = commandTask("slow", {
        output: () => localFile("data/slow.txt"),
        command: ({ output }) => ["node", "-e", "console.log(process.pid); require('fs').writeFileSync(process.argv[1], 'x'); setTimeout(() => {}, 60000)", output],
      });
      let pid = 0;
      const started = Date.now();
      const summary = await build(slow(), {
        projectRoot: dir,
        store: "memory",
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === "task_log") {
            pid = Number(e.message);
            controller.abort();
          }
        },
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(summary.ok).toBe(false);
      expect(pid).toBeGreaterThan(0);
      expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
      expect(existsSync(join(dir, "data/slow.txt"))).toBe(false);
    });
  });

  test("named inputs and a directory output are passed as paths in the same shape", async () => {
    await withTempDir(async (dir) => {
      await writeNumbers(dir);
      const shout = task("shout", {
        params: { word: param.string() },
        output: ({ word }) => localFile(`data/${word}.txt`),
        async run({ params, output }) {
          await output.write(params.word.toUpperCase());
        },
      });
      const parts = commandTask("parts", {
        requires: () => ({ a: shout({ word: "alpha" }), b: shout({ word: "beta" }), n: numbers() }),
        output: () => ({ dir: localDir("data/parts") }),
        command: ({ input, output }) => {
          expectTypeOf(input).toEqualTypeOf<{ readonly a: string; readonly b: string; readonly n: string }>();
          expectTypeOf(output).toEqualTypeOf<{ readonly dir: string }>();
          const script = "import shutil, sys; [shutil.copy(src, sys.argv[1] + '/' + str(i)) for i, src in enumerate(sys.argv[2:])]";
          return { argv: ["python3", "-c", script, output.dir, input.a, input.b, input.n], cwd: "input" };
        },
      });
      const summary = await build(parts(), { projectRoot: dir, store: "memory" });
      expect(summary.ok).toBe(true);
      const folder = join(dir, "data/parts");
      expect(await readdir(folder)).toEqual(["0", "1", "2"]);
      expect(await readFile(join(folder, "1"), "utf8")).toBe("BETA");
      expect(await readFile(join(folder, "2"), "utf8")).toBe("3\n4\n5\n");
    });
  });

  test("the program runs in the project root, with extra environment variables", async () => {
    await withTempDir(async (dir) => {
      const where = commandTask("where", {
        output: () => localFile("data/where.txt"),
        command: ({ output }) => ({
          argv: ["node", "-e", "require('fs').writeFileSync(process.argv[1], process.cwd() + ' ' + process.env.PW_GREETING)", output],
          env: { PW_GREETING: "hello" },
        }),
      });
      const summary = await build(where(), { projectRoot: dir, store: "memory" });
      expect(summary.ok).toBe(true);
      const [cwd, greeting] = (await readFile(join(dir, "data/where.txt"), "utf8")).split(" ");
      expect(cwd).toBe(await import("node:fs/promises").then((fs) => fs.realpath(dir)));
      expect(greeting).toBe("hello");
    });
  });

  test("an input that is not a file fails with a message saying to use localFile", async () => {
    await withTempDir(async (dir) => {
      const inMemory = task("inMemory", {
        output: () => memory<string>("numbers"),
        async run({ output }) {
          await output.write("1");
        },
      });
      const reader = commandTask("reader", {
        requires: () => inMemory(),
        output: () => localFile("data/out.txt"),
        command: ({ input, output }) => ["cp", input, output],
      });
      const summary = await build(reader(), { projectRoot: dir, store: "memory" });
      expect(summary.tasks.find((t) => t.id === "reader()")?.error).toMatch(/^input of command task reader\(\) is a memory target \(.*numbers.*\): a program can only read and write local files and directories\. Use localFile\(\) or localDir\(\) for it\./);
    });
  });

  test("a definition without a command function is rejected when declared", () => {
    expect(() => commandTask("nothing", { output: () => localFile("x"), command: "python3 x.py" as never })).toThrow(/"command" must be a function/);
  });
});
