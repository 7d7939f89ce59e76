import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { spawnCli, withCliProject } from "./helpers/cli-project.js";

const pipeline = `
import { writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { task, param, localFile } from "pipewright";

export const longStep = task("longStep", {
  params: { i: param.int() },
  output: ({ i }) => localFile(\`data/long-\${i}.txt\`),
  async run({ output, log, signal }) {
    await writeFile(output.path, "partial");
    log("working");
    await sleep(30_000, undefined, { signal });
    await output.write("done");
  },
});
export const all = task("all", { requires: () => [0, 1, 2, 3].map((i) => longStep({ i })) });
`;

describe("Ctrl-C", () => {
  test("interrupting a run stops its running tasks, leaves no partial outputs, says what was interrupted and exits 130", async () => {
    await withCliProject({ "pipeline.ts": pipeline }, async (dir) => {
      const child = spawnCli(["run", "all", "--workers", "2"], { cwd: dir });
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
      const started = new Promise<void>((resolve) =>
        child.stderr!.on("data", (d: Buffer) => {
          stderr += d.toString();
          if ((stderr.match(/working/g) ?? []).length >= 2) resolve();
        }),
      );
      await started;
      child.kill("SIGINT");
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code).toBe(130);
      expect(stdout).toContain("Interrupted.");
      expect(stdout).toContain("longStep(i=0)");
      expect(stdout).toContain("2 tasks did not start");
      for (let i = 0; i < 4; i++) expect(existsSync(join(dir, `data/long-${i}.txt`))).toBe(false);
    });
  });
});
