import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { build, localFile, param, task } from "../src/index.js";
import { inProject } from "../src/engine/run-context.js";
import { createMemoryStore } from "../src/store/memory-store.js";
import { isDiskFull } from "../src/targets/file-system-hint.js";
import { fromAttemptError, toAttemptError } from "../src/worker/pool/attempt-error.js";
import { createSqliteStore } from "../src/store/sqlite-store.js";
import { repoRoot, runCli } from "./helpers/cli-project.js";
import { smallFileSystem } from "./helpers/small-file-system.js";

// A real full (or read-only) disk: a 1 MB memory file system.
const { dir, mounted } = smallFileSystem(1);

/** Runs `work` with the disk full, and frees it afterwards. */
async function whileFull<T>(work: () => Promise<T>): Promise<T> {
  const filler = path.join(dir, "filler");
  try {
    writeFileSync(filler, Buffer.alloc(4 * 1024 * 1024));
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOSPC") throw error;
  }
  try {
    return await work();
  } finally {
    rmSync(filler, { force: true });
  }
}

/** Runs `work` with the file system read-only, and makes it writable again afterwards. */
async function whileReadOnly<T>(work: () => Promise<T>): Promise<T> {
  execFileSync("mount", ["-o", "remount,ro", dir], { stdio: "ignore" });
  try {
    return await work();
  } finally {
    execFileSync("mount", ["-o", "remount,rw", dir], { stdio: "ignore" });
  }
}

const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

const leaf = task("leaf", {
  params: { i: param.int() },
  output: ({ i }) => localFile(`out/leaf-${i}.txt`),
  async run({ output }) {
    await output.write("x".repeat(10_000));
  },
});
const all = task("all", { requires: () => Array.from({ length: 40 }, (_, i) => leaf({ i })) });

const report = task("report", {
  output: () => localFile("out/report.txt"),
  async run({ output }) {
    await output.write("x".repeat(10_000));
  },
});

describe.runIf(mounted)("on a disk that cannot be written", () => {
  test("the SQLite store on a full disk fails to open with a store_error saying the disk is full and what to do", async () => {
    const store = createSqliteStore(path.join(dir, "full", "state.db"));
    const failure = await whileFull(() => failureOf(store.init()));
    await store.close();
    expect(failure).toMatchObject({ code: "store_error" });
    expect((failure as Error).message).toContain("database or disk is full");
    expect((failure as Error).message).toContain("The disk it is on is full: free some space, then run again");
  });

  test("the SQLite store on a read-only file system says to check that the file and its folder can be written", async () => {
    const file = path.join(dir, "readonly", "state.db");
    const made = createSqliteStore(file);
    await made.init();
    await made.close();
    const store = createSqliteStore(file);
    const failure = await whileReadOnly(() => failureOf(store.init()));
    await store.close();
    expect(failure).toMatchObject({ code: "store_error" });
    expect((failure as Error).message).toContain("Check that the file and its folder can be written here");
  });

  test("a task whose output does not fit fails with a target_error saying the disk is full, and leaves no partial file", async () => {
    // Nothing else was to run: the task's failure is the whole story, with no run error on top.
    const projectRoot = path.join(dir, "task-full");
    mkdirSync(path.join(projectRoot, "out"), { recursive: true });
    const summary = await whileFull(() => build(report(), { projectRoot, store: "memory" }));
    expect(summary.ok).toBe(false);
    const failed = summary.tasks.find((t) => t.id === report().id)!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("ENOSPC");
    expect(failed.error).toContain("The disk is full (or its quota used up): free some space, then run again");
    expect(summary.error).toBeNull();
    expect(existsSync(path.join(projectRoot, "out", "report.txt"))).toBe(false);
  });

  test("a task writing to a read-only file system fails with a target_error saying so", async () => {
    const projectRoot = path.join(dir, "task-readonly");
    mkdirSync(path.join(projectRoot, "out"), { recursive: true });
    const summary = await whileReadOnly(() => build(report(), { projectRoot, store: "memory" }));
    const failed = summary.tasks.find((t) => t.id === report().id)!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("That file system is read-only: point the output at a folder that can be written.");
  });

  test("a run on a full disk stops starting tasks after the first that could not write, and the next run builds the rest", async () => {
    const projectRoot = path.join(dir, "fan-in-full");
    mkdirSync(path.join(projectRoot, "out"), { recursive: true });
    // The store is kept off the full disk, so that what is tested is the tasks' failures, not the store's.
    const memoryStore = createMemoryStore();
    const summary = await whileFull(() => build(all(), { projectRoot, store: memoryStore, workers: 2 }));
    expect(summary.ok).toBe(false);
    expect(summary.exitCode).toBe(1);
    expect(summary.error?.code).toBe("disk_full");
    const failed = summary.tasks.filter((t) => t.status === "failed");
    // With two at once, the second may have been running when the first failed: never more.
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.length).toBeLessThanOrEqual(2);
    expect(failed[0]!.error).toContain("ENOSPC");
    const notStarted = 41 - summary.tasks.length;
    expect(notStarted).toBeGreaterThan(30);
    const stoppedBy = failed.find((t) => summary.error?.message.startsWith(`The disk is full: ${t.id} could not write its output`));
    expect(stoppedBy).toBeDefined();
    expect(summary.error?.message).toContain(`so no more tasks were started (${notStarted} did not start). Free some space, then run again`);

    const next = await build(all(), { projectRoot, store: memoryStore });
    expect(next.ok).toBe(true);
    expect(next.counts.ran).toBe(41 - summary.counts.ran);
  });

  test("a command that meets a full disk says so and what to do, not that it is a bug, and moves nothing", async () => {
    const project = path.join(dir, "cli-project");
    mkdirSync(path.join(project, "node_modules"), { recursive: true });
    symlinkSync(repoRoot, path.join(project, "node_modules", "pipewright"), "dir");
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(path.join(project, "pipeline.mjs"), `import { task, localFile } from "pipewright";\nexport const made = task("made", { output: () => localFile("out/made.txt"), run: ({ output }) => output.write("x") });\n`);
    expect((await runCli(["run", "made", "--module", "pipeline.mjs", "--store", "memory"], { cwd: project })).code).toBe(0);
    const refused = await whileFull(() => runCli(["invalidate", "made", "--module", "pipeline.mjs"], { cwd: project }));
    expect(refused.stderr).toMatch(/^error \(ENOSPC\): no space left on device, \w+( '.+')?\. The disk is full \(or its quota used up\): free some space, then run again \(finished tasks are skipped\)\.\n$/);
    expect(refused.code).toBe(1);
    expect(existsSync(path.join(project, "out/made.txt"))).toBe(true);
  });

  test("a full disk is recognised in a failure converted as a pool process sends it back", async () => {
    const projectRoot = path.join(dir, "pool-full");
    mkdirSync(path.join(projectRoot, "out"), { recursive: true });
    const target = localFile("out/x.txt");
    const failure = await whileFull(() =>
      inProject({ projectRoot }, async () => {
        const pending = await target.beginWrite();
        return failureOf(pending.writer.write("x".repeat(10_000)));
      }),
    );
    expect(isDiskFull(failure)).toBe(true);
    // Across a process boundary only the code, the message and the context travel.
    expect(isDiskFull(fromAttemptError(toAttemptError(failure)))).toBe(true);
    expect(isDiskFull(fromAttemptError(toAttemptError(new Error("no space left, in words only"))))).toBe(false);
  });
});
