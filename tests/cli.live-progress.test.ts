import { describe, expect, test } from "vitest";
import { LiveProgress } from "../src/cli/live-progress.js";

describe("live progress", () => {
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
    // On a terminal the block is redrawn in place: each redraw first moves up over the old one.
    expect(out.join("")).toContain("\x1b[2A\x1b[0J");
    progress.stop();
  });

  test("in plain mode (not a terminal, or CI) it prints lines only", () => {
    const out: string[] = [];
    const progress = new LiveProgress((t) => out.push(t), true);
    progress.start();
    progress.onEvent({ runId: "r", at: 0, type: "task_started", taskId: "a()", attempt: 1, reason: "output missing: a" });
    progress.stop();
    expect(out).toEqual(["▶ a()\n"]);
  });
});
