import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PipewrightError, isPipewrightError } from "../src/errors.js";
import type { AnyTaskInstance } from "../src/task/task-types.js";
import {
  createProcessPool,
  fromAttemptError,
  taskRefOf,
  type AttemptResult,
  type PoolAttemptHooks,
  type PoolAttemptRequest,
  type ProcessPool,
  type ProcessPoolOptions,
  type TaskRef,
} from "../src/worker/pool/index.js";
import * as fixtures from "./fixtures/pool/pipeline.js";

const pipeline = fileURLToPath(new URL("./fixtures/pool/pipeline.ts", import.meta.url));
const broken = fileURLToPath(new URL("./fixtures/pool/broken.ts", import.meta.url));

let dir: string;
const pools: ProcessPool[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pw-pool-"));
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  await rm(dir, { recursive: true, force: true });
});

function openPool(options: Partial<ProcessPoolOptions> = {}): ProcessPool {
  const pool = createProcessPool({ size: 1, modules: [pipeline], projectRoot: dir, paramDefaults: {}, killGraceMs: 500, ...options });
  pools.push(pool);
  return pool;
}

function request(instance: AnyTaskInstance, extra: Partial<PoolAttemptRequest> = {}): PoolAttemptRequest {
  return { ...taskRefOf(instance), attempt: 1, seed: "test", ...extra };
}

/** Hooks that record what the attempt reported. */
function recorder(overrides: Partial<PoolAttemptHooks> = {}) {
  const seen = { logs: [] as string[], stdout: "", stderr: "" };
  const hooks: PoolAttemptHooks = {
    onLog: (level, message) => seen.logs.push(`${level}: ${message}`),
    onOutput: (stream, text) => (seen[stream] += text),
    require: () => Promise.reject(new Error("no requirements expected")),
    signal: new AbortController().signal,
    ...overrides,
  };
  return { seen, hooks };
}

function pidIn(logs: readonly string[]): number {
  const line = logs.find((l) => l.startsWith("info: pid="));
  expect(line).toBeDefined();
  return Number(line?.slice("info: pid=".length));
}

function failure(result: AttemptResult): Extract<AttemptResult, { ok: false }> {
  if (result.ok) throw new Error("expected the attempt to fail");
  return result;
}

describe("createProcessPool() in parallel", () => {
  // How much faster that is, is measured by the benchmark (npm run bench); here, only that it happens.
  it("runs two CPU-bound attempts at the same time, in two processes", async () => {
    const pool = openPool({ size: 2 });
    await pool.warmUp();
    const pair = [recorder(), recorder()];
    const results = await Promise.all(pair.map(({ hooks }, i) => pool.runAttempt(request(fixtures.spin({ iterations: 30_000_000, tag: String(i) })), hooks)));
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    const spans = pair.map(({ seen }) => {
      const match = /span=(\d+)-(\d+) in=(\d+)/.exec(seen.logs.find((l) => l.includes("span=")) ?? "");
      expect(match).not.toBeNull();
      return { from: Number(match![1]), to: Number(match![2]), pid: Number(match![3]) };
    });
    expect(spans[0]!.pid).not.toBe(spans[1]!.pid);
    // Each started before the other finished.
    expect(spans[0]!.from).toBeLessThan(spans[1]!.to);
    expect(spans[1]!.from).toBeLessThan(spans[0]!.to);
  });
});

describe("createProcessPool() with tasks that behave", () => {
  // One pool for these tests: none of them takes its process down.
  let sharedDir: string;
  let pool: ProcessPool;
  beforeAll(async () => {
    sharedDir = await mkdtemp(join(tmpdir(), "pw-pool-shared-"));
    pool = createProcessPool({ size: 1, modules: [pipeline], projectRoot: sharedDir, paramDefaults: { leaf: { scale: 10 } } });
  });
  afterAll(async () => {
    await pool.close();
    await rm(sharedDir, { recursive: true, force: true });
  });

  it("reuses one process for attempts run one after another", async () => {
    const first = recorder();
    const second = recorder();
    expect(await pool.runAttempt(request(fixtures.whoami({ tag: "a" })), first.hooks)).toEqual({ ok: true });
    expect(await pool.runAttempt(request(fixtures.whoami({ tag: "b" })), second.hooks)).toEqual({ ok: true });
    expect(pidIn(second.seen.logs)).toBe(pidIn(first.seen.logs));
    expect(pidIn(first.seen.logs)).not.toBe(process.pid);
  });

  it("captures each attempt's stdout, stderr and log messages separately", async () => {
    const first = recorder();
    const second = recorder();
    await pool.runAttempt(request(fixtures.chatty({ tag: "one" })), first.hooks);
    await pool.runAttempt(request(fixtures.chatty({ tag: "two" })), second.hooks);
    expect(first.seen).toEqual({ logs: ["warn: warn one"], stdout: "out one\n", stderr: "err one\n" });
    expect(second.seen).toEqual({ logs: ["warn: warn two"], stdout: "out two\n", stderr: "err two\n" });
  });

  it("keeps the code of a PipewrightError raised in the child", async () => {
    const result = failure(await pool.runAttempt(request(fixtures.forgetful()), recorder().hooks));
    expect(result.reason).toBe("threw");
    expect(result.error.code).toBe("missing_output");
    expect(isPipewrightError(fromAttemptError(result.error), "missing_output")).toBe(true);
  });

  it("passes a failed requirement's error code and context back into the task", async () => {
    const { hooks } = recorder({
      require: () => Promise.reject(new PipewrightError("upstream_failed", "leaf(n=1,scale=10) did not complete.", { context: { failed: ["leaf(n=1,scale=10)"] } })),
    });
    const result = failure(await pool.runAttempt(request(fixtures.requirer({ n: 1 })), hooks));
    expect(result.reason).toBe("threw");
    expect(result.error).toMatchObject({ code: "upstream_failed", context: { failed: ["leaf(n=1,scale=10)"] } });
    const error = fromAttemptError(result.error);
    expect(isPipewrightError(error, "upstream_failed") && error.context["failed"]).toEqual(["leaf(n=1,scale=10)"]);
  });

  it("asks the parent for a dynamic requirement, with configured defaults applied, and reads its output", async () => {
    const asked: TaskRef[] = [];
    const { seen, hooks } = recorder({
      // The parent builds the requirement; here in the same pool of one process, which the
      // waiting attempt must not hold.
      require: async (requirements) => {
        asked.push(...requirements);
        for (const ref of requirements) {
          const built = await pool.runAttempt({ ...ref, attempt: 1, seed: "test" }, recorder().hooks);
          if (!built.ok) throw fromAttemptError(built.error);
        }
      },
    });
    expect(await pool.runAttempt(request(fixtures.requirer({ n: 4 })), hooks)).toEqual({ ok: true });
    expect(asked).toEqual([{ taskName: "leaf", taskId: "leaf(n=4,scale=10)", params: { n: 4, scale: 10 } }]);
    expect(seen.logs).toContain("info: leaf gave 40");
    expect(JSON.parse(await readFile(join(sharedDir, "data/requirer-4.json"), "utf8"))).toBe(41);
  });

  it("does not count the time spent waiting on a requirement against the timeout", async () => {
    const { hooks } = recorder({
      require: async (requirements) => {
        await new Promise((resolve) => setTimeout(resolve, 800));
        for (const ref of requirements) await pool.runAttempt({ ...ref, attempt: 1, seed: "test" }, recorder().hooks);
      },
    });
    expect(await pool.runAttempt(request(fixtures.requirer({ n: 5 }), { timeoutMs: 500 }), hooks)).toEqual({ ok: true });
  });

  it("refuses a task with a memory output, which no other process could read", async () => {
    const result = failure(await pool.runAttempt(request(fixtures.inMemory()), recorder().hooks));
    expect(result.error.code).toBe("bad_usage");
    expect(result.error.message).toContain("memory targets live in one process");
  });

  it("refuses a request whose id does not match the parameters", async () => {
    const result = failure(await pool.runAttempt({ ...request(fixtures.whoami({ tag: "a" })), taskId: "whoami(tag=b)" }, recorder().hooks));
    expect(result.error.code).toBe("graph_error");
    expect(result.error.message).toContain("whoami(tag=b) could not be rebuilt in another process");
  });
});

describe("createProcessPool() when tasks misbehave or are stopped", () => {
  it("reports a task that calls process.exit as exited and runs the next attempt in a new process", async () => {
    const pool = openPool();
    const before = recorder();
    await pool.runAttempt(request(fixtures.whoami()), before.hooks);

    const exiting = recorder();
    const result = failure(await pool.runAttempt(request(fixtures.exitWith({ code: 3 })), exiting.hooks));
    expect(result.reason).toBe("exited");
    expect(result.error.message).toContain("exitWith(code=3) failed: the task's process exited with code 3");
    expect(exiting.seen.stdout).toBe("about to exit\n");

    const after = recorder();
    expect(await pool.runAttempt(request(fixtures.whoami()), after.hooks)).toEqual({ ok: true });
    expect(pidIn(after.seen.logs)).not.toBe(pidIn(before.seen.logs));
  });

  it("reports an error thrown outside the awaited code as thrown, with its message", async () => {
    const pool = openPool();
    const result = failure(await pool.runAttempt(request(fixtures.asyncThrow()), recorder().hooks));
    expect(result.reason).toBe("threw");
    expect(result.error.message).toContain("boom from a timer");
    expect(result.error.stack).toContain("boom from a timer");
    expect(await pool.runAttempt(request(fixtures.whoami()), recorder().hooks)).toEqual({ ok: true });
  });

  it("reports a task that runs out of memory", async () => {
    const pool = openPool({ maxOldSpaceMb: 64 });
    const result = failure(await pool.runAttempt(request(fixtures.hog()), recorder().hooks));
    expect(result.reason).toBe("out_of_memory");
    expect(result.error.message).toContain("hog() failed: the task's process ran out of memory (heap limit 64 MB)");
  });

  it("reports a process killed by a signal while another attempt goes on", async () => {
    const pool = openPool({ size: 2 });
    const [killed, other] = await Promise.all([
      pool.runAttempt(request(fixtures.killSelf()), recorder().hooks),
      pool.runAttempt(request(fixtures.spin({ iterations: 1_000_000 })), recorder().hooks),
    ]);
    expect(failure(killed).reason).toBe("signal");
    expect(failure(killed).error.message).toContain("the task's process was killed by SIGKILL");
    expect(other).toEqual({ ok: true });
  });

  it("stops a task that runs past its timeout", async () => {
    const pool = openPool({ killGraceMs: 300 });
    const started = performance.now();
    const result = failure(await pool.runAttempt(request(fixtures.hang(), { timeoutMs: 1000 }), recorder().hooks));
    expect(result.reason).toBe("timeout");
    expect(result.error.message).toBe("hang() timed out after 1s; its process was stopped.");
    expect(performance.now() - started).toBeLessThan(3000);
    expect(await pool.runAttempt(request(fixtures.whoami()), recorder().hooks)).toEqual({ ok: true });
  });

  it("stops an aborted attempt and leaves nothing at its output path", async () => {
    const pool = openPool();
    const controller = new AbortController();
    const { seen, hooks } = recorder({ signal: controller.signal });
    const attempt = pool.runAttempt(request(fixtures.slowWriter()), {
      ...hooks,
      onLog: (level, message) => {
        hooks.onLog(level, message);
        if (message === "written") controller.abort();
      },
    });
    const result = failure(await attempt);
    expect(seen.logs).toEqual(["info: written"]);
    expect(result.reason).toBe("aborted");
    expect(result.error.message).toBe("slowWriter() was interrupted; its process was stopped.");
    // The task gave up when its signal fired, so even its temporary file is gone.
    expect(await readdir(join(dir, "data"))).toEqual([]);
  });

  it("fails attempts with the loading error when a pipeline module cannot be loaded", async () => {
    const pool = openPool({ modules: [broken] });
    await expect(pool.warmUp()).rejects.toThrow(/Could not load pipeline module .*broken\.ts: this module is broken on purpose/);
    const result = failure(await pool.runAttempt(request(fixtures.whoami()), recorder().hooks));
    expect(result.error.code).toBe("bad_usage");
    expect(result.error.message).toContain("this module is broken on purpose");
  });

  it("ends running attempts as aborted when closed, and refuses new ones", async () => {
    const pool = openPool();
    const { hooks } = recorder();
    let attempt: Promise<AttemptResult> | undefined;
    await new Promise<void>((running) => {
      attempt = pool.runAttempt(request(fixtures.slowWriter()), { ...hooks, onLog: () => running() });
    });
    await pool.close();
    expect(failure(await attempt!).reason).toBe("aborted");
    expect(await readdir(join(dir, "data"))).toEqual([]);
    await expect(pool.runAttempt(request(fixtures.whoami()), recorder().hooks)).rejects.toThrow(/closed/);
  });

  it("runs from the built package, loading a TypeScript pipeline in its processes", async () => {
    // As installed: the pool from dist/ starts dist's child entry, which loads .ts through tsx.
    const built = new URL("../dist/worker/pool/process-pool.js", import.meta.url);
    const { createProcessPool: createBuiltPool } = (await import(built.href)) as typeof import("../src/worker/pool/process-pool.js");
    const index = new URL("../dist/index.js", import.meta.url).href;
    await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(
      join(dir, "pipeline.ts"),
      `import { localFile, param, task } from ${JSON.stringify(index)};\n` +
        `export const hello = task("hello", {\n` +
        `  params: { who: param.string() },\n` +
        `  output: ({ who }) => localFile(\`hello-\${who}.txt\`),\n` +
        `  async run({ params, output }): Promise<void> { await output.write(\`hello \${params.who}\`); },\n` +
        `});\n`,
    );
    const pool = createBuiltPool({ size: 1, modules: [join(dir, "pipeline.ts")], projectRoot: dir, paramDefaults: {} });
    pools.push(pool);
    const hello = { taskName: "hello", taskId: "hello(who=dist)", params: { who: "dist" } };
    expect(await pool.runAttempt({ ...hello, attempt: 1, seed: "test" }, recorder().hooks)).toEqual({ ok: true });
    expect(await readFile(join(dir, "hello-dist.txt"), "utf8")).toBe("hello dist");
  });
});

