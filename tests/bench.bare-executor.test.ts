import { describe, expect, test } from "vitest";
import { runScript } from "./helpers/child-script.js";

// A measuring tool: its figures are not checked here, only that it runs and says what it measured.
describe("bench/bare-executor.ts", () => {
  test("measures every rung, from the plain loop to build(), and prints a row for each", async () => {
    const result = await runScript("bench/bare-executor.ts", ["--tasks", "1000", "--turns", "2"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("1,000 tasks of the benchmark's fan-in");
    for (const rung of ["plain loop", "+ the task's run", "+ the library's target", "+ a fingerprint", "+ a record to a thread", "build()"]) {
      expect(result.stdout).toMatch(new RegExp(`^${rung.replace(/[()+]/g, "\\$&")} +\\d+\\.\\d +\\d+\\.\\d \\d+\\.\\d$`, "m"));
    }
  }, 60_000);

  test("a misspelt option is an error with the usage line", async () => {
    const result = await runScript("bench/bare-executor.ts", ["--taks", "10"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Usage: npx tsx bench/bare-executor.ts");
  }, 60_000);
});
