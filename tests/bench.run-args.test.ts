import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

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
