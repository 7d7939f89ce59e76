import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { build, memory, openStore, task, type Store } from "pipewright";
import { runSilentLimitMs } from "../src/engine/crashed-runs.js";
import { runHeartbeatMs } from "../src/engine/run-heartbeat.js";
import { createMemoryStore } from "../src/store/memory-store.js";
import { withTempDir } from "./helpers/temp-dir.js";

afterEach(() => {
  vi.useRealTimers();
});

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}

const quick = task("quick", { output: () => memory<number>("quick"), run: ({ output }) => output.write(1) });

describe("runs whose process is gone", () => {
  test("the next run records them as crashed: on this machine when the pid is gone, elsewhere when silent too long", async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, "state.db");
      const store = openStore(file);
      const now = Date.now();
      const gonePid = deadPid();
      await store.recordRunStarted({ runId: "killed-here", rootTaskIds: ["a()"], startedAt: now - 5_000, host: hostname(), pid: gonePid });
      await store.recordRunStarted({ runId: "alive-here", rootTaskIds: ["a()"], startedAt: now - 5_000, host: hostname(), pid: process.pid });
      await store.recordRunStarted({ runId: "silent-elsewhere", rootTaskIds: ["a()"], startedAt: now - runSilentLimitMs - 60_000, host: "another-machine", pid: 7 });
      await store.recordRunStarted({ runId: "beating-elsewhere", rootTaskIds: ["a()"], startedAt: now - runSilentLimitMs - 60_000, host: "another-machine", pid: 8 });
      await store.recordRunHeartbeat("beating-elsewhere", now - 30_000);

      const summary = await build(quick(), { projectRoot: dir, store: file });
      expect(summary.ok).toBe(true);

      const killed = await store.getRun("killed-here");
      expect(killed).toMatchObject({ status: "crashed", finishedAt: now - 5_000, exitCode: null });
      expect(JSON.stringify(killed?.summary)).toContain(`pid ${gonePid} on ${hostname()}`);
      expect(JSON.stringify(killed?.summary)).toContain("killed or crashed");
      const silent = await store.getRun("silent-elsewhere");
      expect(silent?.status).toBe("crashed");
      expect(JSON.stringify(silent?.summary)).toContain(`has not been heard from since ${new Date(now - runSilentLimitMs - 60_000).toISOString()}`);
      expect((await store.getRun("alive-here"))?.status).toBe("running");
      expect((await store.getRun("beating-elsewhere"))?.status).toBe("running");
      expect((await store.getRun(summary.runId))?.status).toBe("succeeded");
      expect((await store.listRuns({ status: "crashed" })).map((run) => run.runId).sort()).toEqual(["killed-here", "silent-elsewhere"]);
      await store.close();
    });
  });

  test("a run beats while it goes on, and not after it ended", async () => {
    let clock = 1_700_000_000_000;
    const store: Store = createMemoryStore();
    await store.init();
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = task("slow", {
      output: () => memory<number>("slow-heartbeat"),
      async run({ output }) {
        started();
        await gate;
        await output.write(1);
      },
    });
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const run = build(slow(), { store, now: () => clock });
    await running;
    const [current] = await store.listRuns({ status: "running" });
    expect(current?.heartbeatAt).toBe(1_700_000_000_000);
    clock += 25_000;
    await vi.advanceTimersByTimeAsync(runHeartbeatMs);
    expect((await store.getRun(current!.runId))?.heartbeatAt).toBe(1_700_000_025_000);
    release();
    const summary = await run;
    const finished = await store.getRun(summary.runId);
    clock += 25_000;
    await vi.advanceTimersByTimeAsync(3 * runHeartbeatMs);
    expect(await store.getRun(summary.runId)).toEqual(finished);
    expect(finished?.status).toBe("succeeded");
    expect(finished?.heartbeatAt).toBe(1_700_000_025_000);
  });
});
