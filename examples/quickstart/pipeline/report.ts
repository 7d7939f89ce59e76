import { localFile, param, task } from "pipewright";
import { renderReport } from "../src/sales.js";
import { regionTotals } from "./region-totals.js";
import { topProductsTask } from "./top-products.js";

/** The day's Markdown report: the task to run. */
export const report = task("report", {
  params: { date: param.date({ default: "2024-01-01" }), top: param.int({ default: 2, min: 1 }) },
  requires: ({ date, top }) => ({ totals: regionTotals({ date }), top: topProductsTask({ date, top }) }),
  output: ({ date }) => localFile(`data/reports/${date}.md`),
  async run({ input, output, params }) {
    const [totals, top] = await Promise.all([input.totals.read(), input.top.read()]);
    await output.write(renderReport(params.date, totals, top));
  },
});
