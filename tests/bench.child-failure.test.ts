import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { isTimeout, runChild } from "../bench/spawn-child.js";

const scratch = mkdtempSync(join(tmpdir(), "pw-bench-child-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("a benchmark measurement that fails", () => {
  // A folder inside a plain file cannot be made (ENOTDIR), as a full disk cannot be written:
  // the measurement fails at its first file. It must say so and end, not wait for its timeout.
  const blocked = join(scratch, "a-file");
  writeFileSync(blocked, "not a folder\n");

  // The child's timeout (30 s) is what a hung child would run into; the test's own limit leaves
  // room for the `sync` the benchmark runs before each measurement, on a busy machine.
  test.each(["floor", "engine"] as const)("in %s mode reports its error and ends at once", async (mode) => {
    const outcome = await runChild({ workload: "fan-in", n: 10, layout: "flat", mode, root: join(blocked, "run") }, { timeoutSec: 30 });
    if (isTimeout(outcome)) throw new Error(`the ${mode} child was still running after ${Math.round(outcome.afterMs / 1000)} s`);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/ENOTDIR|not a directory/i);
  }, 180_000);
});
