import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { build, currentWorkspace, localFile, task } from "pipewright";
import { runCli, withCliProject } from "./helpers/cli-project.js";
import { withTempDir } from "./helpers/temp-dir.js";

// What a task's commit sees is what decides whether outputs are flushed before the rename:
// each task writes the setting it runs under, so a test reads where the option arrived.
const probe = task("probe", {
  output: () => localFile("fsync.txt"),
  run: ({ output }) => output.write(String(currentWorkspace().fsync)),
});

describe("the fsync option", () => {
  test("is off by default and on when build() asks for it", async () => {
    await withTempDir(async (dir) => {
      await build(probe(), { projectRoot: join(dir, "a"), store: "memory" });
      expect(await readFile(join(dir, "a/fsync.txt"), "utf8")).toBe("false");
      const summary = await build(probe(), { projectRoot: join(dir, "b"), store: "memory", fsync: true });
      expect(summary.ok).toBe(true);
      expect(await readFile(join(dir, "b/fsync.txt"), "utf8")).toBe("true");
    });
  });

  const project = (config: string) => ({
    "pipeline.ts": `import { task, localFile, currentWorkspace } from "pipewright";
// Records the setting and whether it ran in a worker process (those are forked: process.send exists).
const seen = () => \`\${currentWorkspace().fsync} \${process.send ? "worker" : "main"}\`;
export const probe = task("probe", { output: () => localFile("fsync.txt"), run: ({ output }) => output.write(seen()) });
export const other = task("other", { output: () => localFile("other.txt"), run: ({ output }) => output.write(seen()) });
export const both = task("both", { requires: () => [probe(), other()] });
`,
    "pipewright.config.ts": `export default ${config};\n`,
  });

  test("reaches worker processes from the config, and PIPEWRIGHT_FSYNC overrides it", async () => {
    await withCliProject(project(`{ fsync: true }`), async (dir) => {
      const result = await runCli(["run", "both", "--workers", "2"], { cwd: dir });
      expect(result.code).toBe(0);
      expect(await readFile(join(dir, "fsync.txt"), "utf8")).toBe("true worker");
      expect(await readFile(join(dir, "other.txt"), "utf8")).toBe("true worker");
    });
    await withCliProject(project(`{ fsync: true }`), async (dir) => {
      const result = await runCli(["run", "probe"], { cwd: dir, env: { PIPEWRIGHT_FSYNC: "0" } });
      expect(result.code).toBe(0);
      expect(await readFile(join(dir, "fsync.txt"), "utf8")).toBe("false main");
    });
  });

  test("bad values exit 2 naming the key or the variable", async () => {
    await withCliProject(project(`{ fsync: "yes" }`), async (dir) => {
      const result = await runCli(["run", "probe"], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('"fsync" must be true or false, got "yes"');
    });
    await withCliProject(project(`{}`), async (dir) => {
      const result = await runCli(["run", "probe"], { cwd: dir, env: { PIPEWRIGHT_FSYNC: "always" } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('PIPEWRIGHT_FSYNC must be 1, 0, true or false, got "always"');
    });
  });
});
