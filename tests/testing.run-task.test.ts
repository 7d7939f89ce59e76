import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bytes, csv, json, localDir, localFile, memory, ndjson, param, task, text } from "pipewright";
import { runTask } from "pipewright/testing";

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "pw-testing-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Sale {
  readonly region: string;
  readonly amount: number;
}

const rawSales = task("rawSales", {
  params: { date: param.date() },
  output: ({ date }) => localFile(`input/${date}.csv`, csv<{ region: string; amount: number }>({ cast: true })),
});
const cleanSales = task("cleanSales", {
  params: { date: param.date() },
  requires: ({ date }) => rawSales({ date }),
  output: ({ date }) => localFile(`data/clean/${date}.ndjson`, ndjson<Sale>()),
  async run({ input, output, log }) {
    const rows = await input.read();
    const kept = rows.filter((r) => r.amount > 0);
    log(`kept ${kept.length} of ${rows.length}`);
    await output.write(kept);
  },
});
const totals = task("totals", {
  params: { date: param.date() },
  requires: ({ date }) => ({ clean: cleanSales({ date }) }),
  output: ({ date }) => localFile(`data/totals/${date}.json`, json<Record<string, number>>()),
  async run({ input, output }) {
    const sums: Record<string, number> = {};
    for (const s of await input.clean.read()) sums[s.region] = (sums[s.region] ?? 0) + s.amount;
    await output.write(sums);
  },
});

describe("runTask", () => {
  it("tests a middle step in a few lines, with its input given as data", async () => {
    const { outputs } = await runTask(totals({ date: "2024-01-01" }), {
      inputs: { clean: [{ region: "east", amount: 2 }, { region: "east", amount: 3 }, { region: "west", amount: 1 }] },
    });
    expect(outputs).toEqual({ east: 5, west: 1 });
  });

  it("gives a single requirement's data directly, and returns the logs", async () => {
    const run = await runTask(cleanSales({ date: "2024-01-01" }), { inputs: [{ region: "a", amount: 1 }, { region: "b", amount: -1 }] });
    expect(run.outputs).toEqual([{ region: "a", amount: 1 }]);
    expect(run.logs).toEqual([{ level: "info", message: "kept 1 of 2" }]);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("writes nothing to disk: outputs are kept in memory", async () => {
    await withTempDir(async (dir) => {
      const absolute = task("absolute", { output: () => localFile(join(dir, "out.json"), json<number>()), run: ({ output }) => output.write(7) });
      expect((await runTask(absolute())).outputs).toBe(7);
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it("gives each read its own copy, so a task mutating its input cannot change the test's data", async () => {
    const mutating = task("mutating", {
      requires: () => cleanSales({ date: "2024-01-01" }),
      output: () => memory<number>("n"),
      async run({ input, output }) {
        const rows = await input.read();
        (rows as Sale[]).push({ region: "x", amount: 9 });
        await output.write(rows.length);
      },
    });
    const given = [{ region: "a", amount: 1 }];
    expect((await runTask(mutating(), { inputs: given })).outputs).toBe(2);
    expect(given).toHaveLength(1);
  });

  it("answers requirements by task id, and dynamic requirements the same way", async () => {
    const dynamic = task("dynamic", {
      output: () => memory<number>("count"),
      async run({ require, output }) {
        const more = await require({ clean: cleanSales({ date: "2024-01-02" }) });
        await output.write((await more.clean.read()).length);
      },
    });
    const byId = await runTask(dynamic(), { require: { "cleanSales(date=2024-01-02)": [{ region: "a", amount: 1 }] } });
    expect(byId.outputs).toBe(1);
    const byFunction = await runTask(totals({ date: "2024-01-01" }), {
      require: (t) => (t.name === "cleanSales" ? [{ region: "n", amount: 4 }] : undefined),
    });
    expect(byFunction.outputs).toEqual({ n: 4 });
  });

  it("names the requirement and how to give it when its data is missing", async () => {
    await expect(runTask(totals({ date: "2024-01-01" }))).rejects.toThrow(
      'runTask(totals(date=2024-01-01)): no data was given for its requirement cleanSales(date=2024-01-01). Pass it as inputs: { clean: <its data> }, or as require: { "cleanSales(date=2024-01-01)": <its data> }.',
    );
    const asking = task("asking", {
      output: () => memory<number>("k"),
      async run({ require, output }) {
        await require(rawSales({ date: "2024-01-03" }));
        await output.write(1);
      },
    });
    await expect(runTask(asking())).rejects.toThrow('asking() required rawSales(date=2024-01-03) while running. runTask answers dynamic requirements from its require option');
  });

  it("fails with the engine's message when run does not write an output", async () => {
    const lazy = task("lazy", { output: () => ({ a: localFile("a.txt"), b: localFile("b.txt") }), async run({ output }) { await output.a.write("x"); } });
    await expect(runTask(lazy())).rejects.toMatchObject({ code: "missing_output", message: expect.stringContaining("lazy() finished without writing its output b.txt") });
  });

  it("rejects with the task's own error when run throws", async () => {
    const broken = task("broken", { output: () => localFile("x.txt"), run: () => { throw new RangeError("bad window"); } });
    await expect(runTask(broken())).rejects.toThrow(RangeError);
  });

  it("decodes a file the task saved to output.path itself, and removes it afterwards", async () => {
    let savedTo = "";
    const saver = task("saver", {
      output: () => ({ table: localFile("out/t.csv", csv({ cast: true })), raw: localFile("out/raw.bin", bytes()) }),
      async run({ output }) {
        savedTo = output.table.path;
        await writeFile(output.table.path, "a,b\n1,x\n"); // as a library that saves by path would
        await writeFile(output.raw.path, Buffer.from([1, 2, 3]));
      },
    });
    const { outputs } = await runTask(saver());
    expect(outputs.table).toEqual([{ a: 1, b: "x" }]);
    expect([...outputs.raw]).toEqual([1, 2, 3]);
    await expect(readFile(savedTo)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("gives an input's path as a real file for tasks that read by path", async () => {
    const byPath = task("byPath", {
      requires: () => rawSales({ date: "2024-01-01" }),
      output: () => localFile("n.txt", text()),
      async run({ input, output }) {
        await output.write(await readFile(input.absolutePath(), "utf8"));
      },
    });
    const { outputs } = await runTask(byPath(), { inputs: [{ region: "east", amount: 2 }] });
    expect(outputs).toBe("region,amount\neast,2\n");
  });

  it("fails early for a format the output cannot hold, as the real target would", async () => {
    const bad = task("bad", { output: () => localFile("x.json", json<unknown>()), run: async ({ output }) => output.write(undefined) });
    await expect(runTask(bad())).rejects.toMatchObject({ code: "format_error" });
  });

  it("asks for a folder for directory outputs, and writes them there", async () => {
    const model = task("model", { output: () => localDir("models/m1"), run: async ({ output }) => output.write({ "weights.txt": "0.5" }) });
    await expect(runTask(model())).rejects.toThrow("output models/m1 (local-dir) is kept as files, so it needs a folder that outlives runTask. Pass { dir }");
    await withTempDir(async (dir) => {
      const { outputs } = await runTask(model(), { dir });
      expect(outputs).toBe(`${dir}/models/m1`);
      expect(await readFile(`${outputs}/weights.txt`, "utf8")).toBe("0.5");
    });
  });

  it("refuses external and wrapper tasks, which have no run to test", async () => {
    await expect(runTask(rawSales({ date: "2024-01-01" }))).rejects.toThrow("rawSales(date=2024-01-01) is an external task (its data is made outside the pipeline): it has no run() to test.");
  });
});
