import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { spawn } from "node:child_process";
import { binPath, runCli, withCliProject } from "./helpers/cli-project.js";

// The same pipeline twice: version 2 changes one step ("drift"), as a developer editing code would.
const pipeline = (drift: string) => `
import { csv, json, localFile, param, task, text } from "pipewright";

export const readings = task("readings", {
  params: { day: param.date() },
  output: ({ day }) => localFile(\`input/readings-\${day}.csv\`, csv<{ sensor: string; value: number }>({ cast: true })),
});
export const means = task("means", {
  params: { day: param.date() },
  requires: ({ day }) => readings({ day }),
  output: ({ day }) => localFile(\`data/\${day}/means.json\`, json<Record<string, number>>()),
  async run({ input, output }) {
    const sums: Record<string, [number, number]> = {};
    for (const r of await input.read()) {
      const s = (sums[r.sensor] ??= [0, 0]);
      s[0] += r.value;
      s[1]++;
    }
    await output.write(Object.fromEntries(Object.entries(sums).map(([k, [t, n]]) => [k, (t / n) * ${drift}])));
  },
});
export const report = task("report", {
  params: { day: param.date() },
  requires: ({ day }) => means({ day }),
  output: ({ day }) => localFile(\`reports/\${day}.txt\`, text()),
  run: async ({ input, output }) => output.write(Object.entries(await input.read()).map(([k, v]) => \`\${k}: \${v}\`).join("\\n") + "\\n"),
});
`;

const project = {
  "pipeline.ts": pipeline("1"),
  "pipeline-v2.ts": pipeline("2"),
  "pipeline-v3.ts": pipeline("(1 + 1e-8)"),
  "input/readings-2024-01-01.csv": "sensor,value\na,1.5\na,2.5\nb,10\n",
};

describe("pipewright fixtures", () => {
  test("records every step from the project's sample data, then checks, diffs, updates", async () => {
    await withCliProject(project, async (dir) => {
      const recorded = await runCli(["fixtures", "record", "report", "--day", "2024-01-01"], { cwd: dir });
      expect(recorded.stderr).toBe("");
      expect(recorded.code).toBe(0);
      expect(recorded.stdout).toMatch(
        /^Recorded fixtures for report\(day=2024-01-01\) in tests\/fixtures:\n  3 task\(s\): 1 external input\(s\), 2 step\(s\) to check\n  7 file\(s\), [\d.]+ (B|kB): 1 csv, 1 json, 1 text, 3 task\.json, 1 index\nCheck them with: pipewright fixtures check --dir tests\/fixtures\n$/,
      );
      expect(await readFile(join(dir, "tests/fixtures/outputs/means(day=2024-01-01).json"), "utf8")).toBe('{\n  "a": 2,\n  "b": 10\n}\n');

      const same = await runCli(["fixtures", "check"], { cwd: dir });
      expect(same.stdout).toBe("✔ 2 step(s) match the fixtures in tests/fixtures.\n");
      expect(same.code).toBe(0);

      const changed = await runCli(["fixtures", "check", "--module", "pipeline-v2.ts"], { cwd: dir });
      expect(changed.code).toBe(1);
      expect(changed.stdout).toContain('  means(day=2024-01-01): output data/2024-01-01/means.json field "a": expected 2, got 4\n');
      expect(changed.stdout).toContain("--update");

      const updated = await runCli(["fixtures", "check", "--module", "pipeline-v2.ts", "--update"], { cwd: dir });
      expect(updated.code).toBe(0);
      expect(updated.stdout).toContain("Updated 2 file(s) in tests/fixtures:");
      expect((await runCli(["fixtures", "check", "--module", "pipeline-v2.ts"], { cwd: dir })).code).toBe(0);
    });
  });

  test("compares numbers within --tolerance", async () => {
    await withCliProject(project, async (dir) => {
      expect((await runCli(["fixtures", "record", "report", "--day", "2024-01-01", "--dir", "fx"], { cwd: dir })).code).toBe(0);
      const strict = await runCli(["fixtures", "check", "--dir", "fx", "--module", "pipeline-v3.ts"], { cwd: dir });
      expect(strict.code).toBe(1);
      const tolerant = await runCli(["fixtures", "check", "--dir", "fx", "--module", "pipeline-v3.ts", "--tolerance", "1e-6"], { cwd: dir });
      expect(tolerant.stdout).toBe("✔ 2 step(s) match the fixtures in fx.\n");
      const bad = await runCli(["fixtures", "check", "--tolerance", "tight"], { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--tolerance must be a number of 0 or more, such as 1e-6; got "tight".');
    });
  });

  test("explains itself without a subcommand", async () => {
    await withCliProject(project, async (dir) => {
      const help = await runCli(["fixtures", "--help"], { cwd: dir });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("pipewright fixtures record <task> [--<param> <value>]… [--dir tests/fixtures]");
      const wrong = await runCli(["fixtures", "verify"], { cwd: dir });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('Unknown fixtures command "verify".');
    });
  });

  test("records and checks a set of more steps than the process may open files at once", async () => {
    const many = `
import { localFile, param, task, text } from "pipewright";
export const part = task("part", {
  params: { i: param.int() },
  output: ({ i }) => localFile(\`data/part-\${i}.txt\`, text()),
  run: ({ params, output }) => output.write(\`\${params.i}\\n\`),
});
export const all = task("all", { requires: () => Array.from({ length: 600 }, (_, i) => part({ i })) });
`;
    await withCliProject({ "pipeline.ts": many }, async (dir) => {
      // 256 open files at most: 600 steps' records read all at once ran out of them.
      const limited = (args: string) =>
        new Promise<{ code: number | null; output: string }>((resolve, reject) => {
          const child = spawn("sh", ["-c", `ulimit -n 256 && exec "${process.execPath}" "${binPath}" ${args} --module pipeline.ts 2>&1`], { cwd: dir, env: { ...process.env, CI: "true" } });
          let output = "";
          child.stdout.on("data", (d: Buffer) => (output += d.toString()));
          child.on("error", reject);
          child.on("close", (code) => resolve({ code, output }));
        });
      const recorded = await limited("fixtures record all --dir fx");
      expect(recorded.output).toContain("600 task(s): 600 step(s) to check");
      expect(recorded.code).toBe(0);
      const checked = await limited("fixtures check --dir fx");
      expect(checked.output).toBe("✔ 600 step(s) match the fixtures in fx.\n");
      expect(checked.code).toBe(0);
    });
  });
});
