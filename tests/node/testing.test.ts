// The testing toolkit under node's own test runner: node --import tsx --test tests/node/*.test.ts
// Vitest's include pattern also matches this folder; there the same tests run under vitest.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as nodeTest from "node:test";
import { json, localFile, ndjson, param, task, text } from "pipewright";
import { checkFixtures, expectPlan, fakeClock, plan, recordFixtures, runTask, stub, withPipeline } from "pipewright/testing";

const { describe, it } = process.env["VITEST"] ? ((await import("vitest")) as unknown as typeof nodeTest) : nodeTest;

interface Order {
  readonly customer: string;
  readonly total: number;
}
const code = { vat: 0.2 };
const ran: string[] = [];

const orders = task("orders", {
  params: { day: param.date() },
  output: ({ day }) => localFile(`input/orders-${day}.ndjson`, ndjson<Order>()),
});
const withVat = task("withVat", {
  params: { day: param.date() },
  requires: ({ day }) => orders({ day }),
  output: ({ day }) => localFile(`data/${day}/with-vat.ndjson`, ndjson<Order>()),
  async run({ input, output }) {
    ran.push("withVat");
    await output.write((await input.read()).map((o) => ({ ...o, total: Math.round(o.total * (1 + code.vat) * 100) / 100 })));
  },
});
const byCustomer = task("byCustomer", {
  params: { day: param.date() },
  requires: ({ day }) => ({ orders: withVat({ day }) }),
  output: ({ day }) => localFile(`data/${day}/by-customer.json`, json<Record<string, number>>()),
  async run({ input, output }) {
    const totals: Record<string, number> = {};
    for (const o of await input.orders.read()) totals[o.customer] = (totals[o.customer] ?? 0) + o.total;
    await output.write(totals);
  },
});
const invoice = task("invoice", {
  params: { day: param.date() },
  requires: ({ day }) => byCustomer({ day }),
  output: ({ day }) => localFile(`invoices/${day}.txt`, text()),
  async run({ input, output, now }) {
    const lines = Object.entries(await input.read()).map(([c, t]) => `${c}: ${t.toFixed(2)}`);
    await output.write([`Issued ${now().toISOString().slice(0, 10)}`, ...lines, ""].join("\n"));
  },
});
const day = "2024-01-01";
const sample = '{"customer":"ann","total":10}\n{"customer":"bob","total":5}\n{"customer":"ann","total":2.5}\n';

describe("pipewright/testing under node:test", () => {
  it("tests a middle step alone", async () => {
    const { outputs } = await runTask(byCustomer({ day }), { inputs: { orders: [{ customer: "ann", total: 1 }, { customer: "ann", total: 2 }] } });
    assert.deepEqual(outputs, { ann: 3 });
  });

  it("uses the fake clock for now()", async () => {
    const { outputs } = await runTask(invoice({ day }), { inputs: { ann: 1 }, now: fakeClock("2031-02-03T10:00:00Z") });
    assert.equal(outputs, "Issued 2031-02-03\nann: 1.00\n");
  });

  it("stubs an ancestor, which then never runs", async () => {
    ran.length = 0;
    await withPipeline(invoice({ day }), { stubs: [stub(withVat, [{ customer: "cid", total: 7 }])] }, async (p) => {
      assert.deepEqual(ran, []);
      assert.equal(await p.read(invoice({ day })), "Issued 2024-01-01\ncid: 7.00\n");
    });
  });

  it("asserts on the plan", async () => {
    const p = await plan(invoice({ day }), { files: { [`input/orders-${day}.ndjson`]: sample } });
    expectPlan(p).toRun([withVat({ day }), byCustomer({ day }), invoice({ day })]);
    assert.deepEqual(p.willRun, [withVat({ day }).id, byCustomer({ day }).id, invoice({ day }).id]);
  });

  it("records fixtures, shows a readable diff when a step changes, and updates", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pw-node-fixtures-"));
    const tasks = { orders, withVat, byCustomer, invoice };
    try {
      const recorded = await recordFixtures(invoice({ day }), { dir, files: { [`input/orders-${day}.ndjson`]: sample } });
      assert.deepEqual(recorded.kinds, { ndjson: 2, json: 1, text: 1, "task.json": 4, index: 1 });
      code.vat = 0.25;
      await assert.rejects(checkFixtures(dir, { tasks }), (error: Error) => {
        assert.match(error.message, /withVat\(day=2024-01-01\): output data\/2024-01-01\/with-vat\.ndjson row 1 field "total": expected 12, got 12\.5/);
        return true;
      });
      await checkFixtures(dir, { tasks, update: true });
      await checkFixtures(dir, { tasks });
    } finally {
      code.vat = 0.2;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
