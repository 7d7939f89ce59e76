import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, test, vi } from "vitest";
import { LiveProgress } from "../src/cli/live-progress.js";

describe("live progress", () => {
  afterEach(() => void vi.useRealTimers());

  test("counts done, running, pending and failed tasks, and shows the running ones with elapsed time", () => {
    let now = 1_000;
    const out: string[] = [];
    const progress = new LiveProgress((t) => out.push(t), false, () => now);
    const base = { runId: "r", at: 1_000 };
    progress.onEvent({ ...base, type: "graph_extended", added: 5, toRun: 4 });
    progress.onEvent({ ...base, type: "task_started", taskId: "a()", attempt: 1, reason: "output missing: a" });
    progress.onEvent({ ...base, type: "task_started", taskId: "b()", attempt: 1, reason: "output missing: b" });
    progress.onEvent({ ...base, type: "task_succeeded", taskId: "a()", attempt: 1, durationMs: 5 });
    progress.onEvent({ ...base, type: "task_failed", taskId: "c()", attempt: 1, durationMs: 5, error: { code: null, message: "x", stack: null } });
    now = 3_500;
    expect(progress.block()).toEqual(["● 1 done · 1 running · 1 pending · 1 failed", "  ▶ b()  2.5s"]);
    progress.stop();
    // On a terminal the block is drawn below the lines, and taken away at the end by moving up over it.
    expect(out.join("")).toContain("● 1 done · 1 running · 1 pending · 1 failed\n  ▶ b()  2.5s\n\x1b[2A\x1b[0J");
  });

  test("in plain mode (not a terminal, or CI) it prints lines only", () => {
    const out: string[] = [];
    const progress = new LiveProgress((t) => out.push(t), true);
    progress.start();
    progress.onEvent({ runId: "r", at: 0, type: "task_started", taskId: "a()", attempt: 1, reason: "output missing: a" });
    progress.stop();
    expect(out).toEqual(["▶ a()\n"]);
  });

  test("lines of events that come together are written at once, in order, within 100 ms", () => {
    vi.useFakeTimers();
    const out: string[] = [];
    const progress = new LiveProgress((t) => out.push(t), true);
    progress.start();
    for (let i = 0; i < 1_000; i++) progress.onEvent({ runId: "r", at: 0, type: "task_started", taskId: `t(i=${i})`, attempt: 1, reason: "output missing" });
    vi.advanceTimersByTime(100);
    expect(out).toHaveLength(1);
    expect(out[0]!.split("\n")).toEqual([...Array.from({ length: 1_000 }, (_, i) => `▶ t(i=${i})`), ""]);
    progress.onEvent({ runId: "r", at: 0, type: "task_succeeded", taskId: "t(i=0)", attempt: 1, durationMs: 3 });
    progress.stop(); // what is still waiting is written at the end
    expect(out).toHaveLength(2);
    expect(out[1]).toMatch(/^✔ t\(i=0\)/);
  });

  test("on a terminal, each write puts the new lines above the block and redraws it in place", () => {
    vi.useFakeTimers();
    const out: string[] = [];
    const progress = new LiveProgress((t) => out.push(t), false, () => 0);
    progress.onEvent({ runId: "r", at: 0, type: "task_started", taskId: "a()", attempt: 1, reason: "output missing" });
    vi.advanceTimersByTime(100);
    expect(out).toEqual(["▶ a()\n● 0 done · 1 running · 0 pending · 0 failed\n  ▶ a()  0ms\n"]);
    progress.onEvent({ runId: "r", at: 0, type: "task_succeeded", taskId: "a()", attempt: 1, durationMs: 3 });
    vi.advanceTimersByTime(100);
    expect(out[1]).toMatch(/^\x1b\[2A\x1b\[0J✔ a\(\) .*\n● 1 done · 0 running · 0 pending · 0 failed\n$/);
    progress.stop();
  });

  test("lines still waiting are written when the process exits at once (a second Ctrl-C)", () => {
    const module = new URL("../dist/cli/live-progress.js", import.meta.url).href;
    const script = `
      import { LiveProgress } from ${JSON.stringify(module)};
      const progress = new LiveProgress((text) => process.stderr.write(text), true);
      progress.start();
      progress.onEvent({ runId: "r", at: 0, type: "task_started", taskId: "a()", attempt: 1, reason: "output missing" });
      process.exit(130);
    `;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.status).toBe(130);
    expect(child.stderr).toBe("▶ a()\n");
  });
});
