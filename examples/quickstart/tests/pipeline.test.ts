// The quickstart pipeline as a whole: in a sandbox, with its sample data or with stubs.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { expectPlan, plan, stub, withPipeline } from "pipewright/testing";
import { cleanSales, rawSales, regionTotals, report, topProductsTask } from "../pipeline/index.js";

const date = "2024-01-01";
const sample = readFileSync(new URL("../input/sales-2024-01-01.csv", import.meta.url));
const files = { "input/sales-2024-01-01.csv": sample };

describe("quickstart pipeline", () => {
  test("builds the report from the sample sales, in a sandbox", async () => {
    await withPipeline(report({ date }), { files }, async (p) => {
      expect(p.ran).toHaveLength(4);
      expect(await p.read(regionTotals({ date }))).toEqual({ east: 32.25, north: 44, south: 12, west: 53 });
      expect(await p.read(report({ date }))).toContain("1. gadget (60.00)\n2. widget (45.00)");
    });
  });

  test("tests the report on hand-written sales, with the export and its cleaning stubbed", async () => {
    const sales = [{ orderId: 1, region: "east", product: "pen", quantity: 4, unitPrice: 0.5 }];
    await withPipeline(report({ date, top: 1 }), { stubs: [stub(cleanSales, sales)] }, async (p) => {
      expect(p.summary.tasks.map((t) => t.name)).not.toContain("rawSales");
      expect(await p.read(report({ date, top: 1 }))).toContain("| east | 2.00 |");
    });
  });

  test("plans every step after the external sales export, in dependency order", async () => {
    const p = await plan(report({ date }), { files });
    expect(p.task(rawSales({ date }))?.state).toBe("complete");
    expectPlan(p).toRun([cleanSales({ date }), regionTotals({ date }), topProductsTask({ date }), report({ date })]);
    expectPlan(p).toRunBefore(cleanSales({ date }), regionTotals({ date }));
  });
});
