// Each step of the quickstart pipeline alone: data in, data out, in memory, in milliseconds.
import { describe, expect, test } from "vitest";
import { runTask } from "pipewright/testing";
import { cleanSales, regionTotals, report, topProductsTask } from "../pipeline/index.js";

const date = "2024-01-01";
const sale = (region: string, product: string, quantity: number, unitPrice: number) => ({ orderId: 1, region, product, quantity, unitPrice });

describe("quickstart steps", () => {
  test("regionTotals sums revenue per region", async () => {
    const { outputs } = await runTask(regionTotals({ date }), {
      inputs: [sale("east", "pen", 2, 1.5), sale("east", "ink", 1, 4), sale("west", "pen", 1, 1.5)],
    });
    expect(outputs).toEqual({ east: 7, west: 1.5 });
  });

  test("cleanSales drops rows without a positive whole quantity, and says how many it kept", async () => {
    const rows = [
      { order_id: 1, region: "north", product: "widget", quantity: 3, unit_price: 2.5 },
      { order_id: 2, region: "south", product: "widget", quantity: null, unit_price: 2.5 },
      { order_id: 3, region: "south", product: "gizmo", quantity: -1, unit_price: 7.25 },
    ];
    const { outputs, logs } = await runTask(cleanSales({ date }), { inputs: rows });
    expect(outputs).toEqual([{ orderId: 1, region: "north", product: "widget", quantity: 3, unitPrice: 2.5 }]);
    expect(logs).toEqual([{ level: "info", message: "kept 1 of 3 rows" }]);
  });

  test("topProducts keeps the best sellers, as many as asked", async () => {
    const { outputs } = await runTask(topProductsTask({ date, top: 1 }), { inputs: [sale("a", "pen", 1, 1), sale("a", "ink", 2, 3)] });
    expect(outputs).toEqual([{ product: "ink", revenue: 6 }]);
  });

  test("report renders totals and top products from its two named inputs", async () => {
    const { outputs } = await runTask(report({ date }), {
      inputs: { totals: { east: 7 }, top: [{ product: "ink", revenue: 6 }] },
    });
    expect(outputs).toBe("# Sales on 2024-01-01\n\n| region | revenue |\n| --- | ---: |\n| east | 7.00 |\n\nTop products:\n1. ink (6.00)\n");
  });
});
