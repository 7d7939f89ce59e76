import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { bytesNeeded, bytesPerTask, lackOfSpace } from "../bench/disk-space.js";
import { selectWorkloads } from "../bench/workloads.js";
import { smallFileSystem } from "./helpers/small-file-system.js";

const runScript = fileURLToPath(new URL("../bench/run.ts", import.meta.url));

/** `npm run bench -- <args>` without the build step: only argument errors are exercised here. */
function bench(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", runScript, ...args], { encoding: "utf8" });
}

describe("npm run bench: bad arguments", () => {
  test("an unknown workload is named with the known ones, exit code 2, no stack trace and nothing measured", () => {
    const result = bench("--only", "fan-in,fan-out", "--sizes", "10");
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      "Unknown workload fan-out. Known: fan-in, layered, rerun-fan-in, rerun-layered, rerun-fingerprint, engine-only, workers-2, postgres (group: rerun).",
    );
    expect(result.stdout).toBe("");
  });

  test("a bad size says what sizes look like", () => {
    const result = bench("--sizes", "abc");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--sizes takes whole numbers of tasks");
    expect(result.stdout).toBe("");
  });
});

describe("npm run bench: room on the disk", () => {
  // A small memory file system stands for a nearly full disk.
  const { dir, mounted } = smallFileSystem(20);

  test.runIf(mounted)("a folder without room for the largest size is refused before anything runs, saying what it needs and what to do", () => {
    const result = bench("--dir", dir, "--only", "fan-in,engine-only", "--sizes", "1000,10000");
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      `${dir} has 20 MB free, and the largest workload at N=10,000 needs about 98 MB (two copies of every output, and the store). ` +
        "Free some space, give another folder with --dir, or use smaller --sizes.",
    );
    expect(result.stdout).toBe("");
  });

  test("the largest size of the hungriest workload sets what is needed: file workloads keep two copies of each output", () => {
    const fanIn = selectWorkloads(["fan-in"]);
    const memoryOnly = selectWorkloads(["engine-only"]);
    expect(bytesNeeded(fanIn, [1_000, 100_000])).toBe(100_000 * bytesPerTask(fanIn[0]!));
    expect(bytesNeeded([...memoryOnly, ...fanIn], [10_000])).toBe(bytesNeeded(fanIn, [10_000]));
    expect(bytesNeeded(memoryOnly, [10_000])).toBeLessThan(bytesNeeded(fanIn, [10_000]));
    expect(lackOfSpace("/some/folder", fanIn, [10_000], bytesNeeded(fanIn, [10_000]))).toBeUndefined();
    expect(lackOfSpace("/some/folder", fanIn, [10_000], bytesNeeded(fanIn, [10_000]) - 1)).toContain("/some/folder has");
  });
});
