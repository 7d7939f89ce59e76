import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { build, localFile, param, task } from "pipewright";
import { withTempDir } from "./helpers/temp-dir.js";

afterEach(() => {
  vi.useRealTimers();
});

// Tests that fake the clock (vi.useFakeTimers) must still be able to run a pipeline: the run
// turns the event loop now and then, and must not wait on a timer the test has frozen.
describe("a run under a test's fake timers", () => {
  test("completes a long run of quick tasks", async () => {
    await withTempDir(async (dir) => {
      const quick = task("quick", {
        params: { i: param.int() },
        output: ({ i }) => localFile(`out/${i}.txt`),
        run: ({ params, output }) => output.write(String(params.i)),
      });
      const all = task("all", { requires: () => Array.from({ length: 3000 }, (_, i) => quick({ i })) });
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "Date"] });
      const summary = await build(all(), { projectRoot: dir, store: join(dir, "state.db") });
      expect(summary.counts.ran).toBe(3001);
    });
  }, 60_000);
});
