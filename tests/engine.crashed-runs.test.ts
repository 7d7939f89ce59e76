import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { build, memory, openStore, task, type Store } from "pipewright";
import { runSilentLimitMs } from "../src/engine/crashed-runs.js";
import { runHeartbeatMs } from "../src/engine/run-heartbeat.js";
import { createMemoryStore } from "../src/store/memory-store.js";
import { hostIdentity } from "../src/util/host-identity.js";
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

describe("the machine as runs and leases record it", () => {
  // Entering a pid namespace needs root (as on the project's machines and in CI).
  const unshare = spawnSync("unshare", ["--pid", "--fork", "true"]).status === 0;

  test("starts with the host name", () => {
    expect(hostIdentity().startsWith(hostname())).toBe(true);
  });

  test.runIf(unshare)("differs between a process here and one in a new pid namespace on the same machine", () => {
    const script = `import("${new URL("../src/util/host-identity.ts", import.meta.url).pathname}").then((m) => console.log(m.hostIdentity()))`;
    const inside = spawnSync("unshare", ["--pid", "--fork", process.execPath, "--import", "tsx", "-e", script], { encoding: "utf8" });
    expect(inside.status, inside.stderr).toBe(0);
    const identity = inside.stdout.trim();
    expect(identity).toMatch(new RegExp(`^${hostname().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(pid namespace \\d+\\)$`));
    expect(identity).not.toBe(hostIdentity());
  });
});

describe("runs whose process is gone", () => {
  test("the next run records them as crashed: on this machine when the pid is gone, elsewhere when silent too long", async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, "state.db");
      const store = openStore(file);
      const now = Date.now();
      const gonePid = deadPid();
      await store.recordRunStarted({ runId: "killed-here", rootTaskIds: ["a()"], startedAt: now - 5_000, host: hostIdentity(), pid: gonePid });
      await store.recordRunStarted({ runId: "alive-here", rootTaskIds: ["a()"], startedAt: now - 5_000, host: hostIdentity(), pid: process.pid });
      await store.recordRunStarted({ runId: "silent-elsewhere", rootTaskIds: ["a()"], startedAt: now - runSilentLimitMs - 60_000, host: "another-machine", pid: 7 });
      await store.recordRunStarted({ runId: "beating-elsewhere", rootTaskIds: ["a()"], startedAt: now - runSilentLimitMs - 60_000, host: "another-machine", pid: 8 });
      await store.recordRunHeartbeat("beating-elsewhere", now - 30_000);
      // A container sharing this machine's name: its pids are not ours to look up.
      await store.recordRunStarted({ runId: "in-a-container", rootTaskIds: ["a()"], startedAt: now - 5_000, host: `${hostname()} (pid namespace 4026532999)`, pid: gonePid });

      const summary = await build(quick(), { projectRoot: dir, store: file });
      expect(summary.ok).toBe(true);

      const killed = await store.getRun("killed-here");
      expect(killed).toMatchObject({ status: "crashed", finishedAt: now - 5_000, exitCode: null });
      expect(JSON.stringify(killed?.summary)).toContain(`pid ${gonePid} on ${hostIdentity()}`);
      expect(JSON.stringify(killed?.summary)).toContain("killed or crashed");
      const silent = await store.getRun("silent-elsewhere");
      expect(silent?.status).toBe("crashed");
      expect(JSON.stringify(silent?.summary)).toContain(`has not been heard from since ${new Date(now - runSilentLimitMs - 60_000).toISOString()}`);
      expect((await store.getRun("alive-here"))?.status).toBe("running");
      expect((await store.getRun("beating-elsewhere"))?.status).toBe("running");
      expect((await store.getRun("in-a-container"))?.status).toBe("running");
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
