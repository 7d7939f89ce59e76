import { access } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { csv, json, localFile, ndjson, param, task, text } from "pipewright";
import { runPipeline, stub, withPipeline } from "pipewright/testing";

interface Sale {
  readonly region: string;
  readonly amount: number;
}

const calls: string[] = [];
const rawSales = task("rawSales", {
  params: { date: param.date() },
  output: ({ date }) => localFile(`input/sales-${date}.csv`, csv<{ region: string; amount: number }>({ cast: true })),
});
const cleanSales = task("cleanSales", {
  params: { date: param.date() },
  requires: ({ date }) => rawSales({ date }),
  output: ({ date }) => localFile(`data/clean/${date}.ndjson`, ndjson<Sale>()),
  async run({ input, output, log }) {
    calls.push("cleanSales");
    const rows = (await input.read()).filter((r) => r.amount > 0);
    log(`kept ${rows.length}`);
    await output.write(rows);
  },
});
const totals = task("totals", {
  params: { date: param.date() },
  requires: ({ date }) => cleanSales({ date }),
  output: ({ date }) => localFile(`data/totals/${date}.json`, json<Record<string, number>>()),
  async run({ input, output }) {
    const sums: Record<string, number> = {};
    for (const s of await input.read()) sums[s.region] = (sums[s.region] ?? 0) + s.amount;
    await output.write(sums);
  },
});
const report = task("report", {
  params: { date: param.date() },
  requires: ({ date }) => totals({ date }),
  output: ({ date }) => localFile(`data/report-${date}.txt`, text()),
  async run({ input, output, params }) {
    const lines = Object.entries(await input.read()).map(([region, total]) => `${region}: ${total}`);
    await output.write([`Sales on ${params.date}`, ...lines].join("\n"));
  },
});
const date = "2024-01-01";
const salesCsv = "region,amount\neast,2\neast,3\nwest,-1\nwest,4\n";

describe("runPipeline", () => {
  it("runs the whole graph in a sandbox seeded with input files, and reads any task's output", async () => {
    const p = await runPipeline(report({ date }), { files: { [`input/sales-${date}.csv`]: salesCsv } });
    try {
      expect(p.ran).toEqual([cleanSales({ date }).id, totals({ date }).id, report({ date }).id]);
      expect(p.summary.ok).toBe(true);
      expect(await p.read(totals({ date }))).toEqual({ east: 5, west: 4 });
      expect(await p.read(report({ date }))).toBe("Sales on 2024-01-01\neast: 5\nwest: 4");
      expect(p.logs(cleanSales({ date }))).toEqual([{ level: "info", message: "kept 3" }]);
      await access(`${p.dir}/data/totals/${date}.json`);
    } finally {
      await p.cleanup();
    }
    await expect(access(p.dir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("removes the sandbox after withPipeline's function, even when it throws", async () => {
    let dir = "";
    await expect(
      withPipeline(report({ date }), { files: { [`input/sales-${date}.csv`]: salesCsv } }, (p) => {
        dir = p.dir;
        throw new Error("assertion failed");
      }),
    ).rejects.toThrow("assertion failed");
    await expect(access(dir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("rejects with the failing task and its error, unless allowFailure", async () => {
    const failing = task("failing", { requires: () => totals({ date }), output: () => localFile("x.txt"), run: () => { throw new Error("division by zero"); } });
    const seeded = { files: { [`input/sales-${date}.csv`]: salesCsv } };
    await expect(runPipeline(failing(), seeded)).rejects.toThrow(/failing\(\) failed:\n\s+division by zero/);
    const p = await runPipeline(failing(), { ...seeded, allowFailure: true });
    await p.cleanup();
    expect(p.summary.counts.failed).toBe(1);
    await expect(runPipeline(report({ date }))).rejects.toThrow(`rawSales(date=2024-01-01): missing input input/sales-2024-01-01.csv (seed it with files, or stub it)`);
  });

  it("runs tasks in parallel with workers and still gives each its own sandbox", async () => {
    const [a, b] = await Promise.all([
      runPipeline(totals({ date }), { workers: 2, files: { [`input/sales-${date}.csv`]: "region,amount\nn,1\n" } }),
      runPipeline(totals({ date }), { workers: 2, files: { [`input/sales-${date}.csv`]: "region,amount\ns,2\n" } }),
    ]);
    expect(await a.read(totals({ date }))).toEqual({ n: 1 });
    expect(await b.read(totals({ date }))).toEqual({ s: 2 });
    await Promise.all([a.cleanup(), b.cleanup()]);
  });
});

describe("stubs", () => {
  it("replace an upstream task with data: the stub's ancestors never run", async () => {
    calls.length = 0;
    await withPipeline(report({ date }), { stubs: [stub(cleanSales({ date }), [{ region: "north", amount: 7 }])] }, async (p) => {
      expect(calls).toEqual([]);
      expect(p.stubbed).toEqual([cleanSales({ date }).id]);
      expect(p.summary.tasks.map((t) => t.id)).not.toContain(rawSales({ date }).id);
      expect(await p.read(report({ date }))).toBe("Sales on 2024-01-01\nnorth: 7");
    });
  });

  it("replace every instance of a factory, with data computed from its parameters", async () => {
    const both = task("both", { requires: () => [totals({ date: "2024-01-01" }), totals({ date: "2024-01-02" })] });
    await withPipeline(both(), { stubs: [stub(cleanSales, ({ date: d }) => [{ region: d, amount: 1 }])] }, async (p) => {
      expect(await p.read(totals({ date: "2024-01-02" }))).toEqual({ "2024-01-02": 1 });
      expect(p.stubbed).toHaveLength(2);
    });
  });

  it("prefer an instance stub to a factory stub for the same task", async () => {
    const stubs = [stub(cleanSales, [{ region: "any", amount: 1 }]), stub(cleanSales({ date }), [{ region: "this", amount: 2 }])];
    await withPipeline(totals({ date }), { stubs }, async (p) => expect(await p.read(totals({ date }))).toEqual({ this: 2 }));
  });

  it("fail the run loudly when they replace nothing, naming the tasks that were reached", async () => {
    const wrongDay = stub(cleanSales({ date: "2024-01-09" }), []);
    await expect(runPipeline(report({ date }), { stubs: [wrongDay, stub(rawSales, [])] })).rejects.toThrow(
      "stub(cleanSales(date=2024-01-09)) replaced nothing. Tasks named cleanSales that were reached: cleanSales(date=2024-01-01).",
    );
  });

  it("say which output lacks data when the data does not match the outputs' shape", async () => {
    const pairOut = task("pairOut", { output: () => ({ a: localFile("a.txt"), b: localFile("b.txt") }) });
    const reader = task("reader", { requires: () => pairOut(), output: () => localFile("r.txt"), run: async ({ input, output }) => output.write(await input.a.read()) });
    await expect(runPipeline(reader(), { stubs: [stub(pairOut, { a: "x" } as never)] })).rejects.toThrow('stub(pairOut()) gives no data for output "b" (b.txt). Give data shaped like the outputs: { a, b }.');
  });
});
