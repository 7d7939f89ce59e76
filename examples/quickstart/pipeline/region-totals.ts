import { json, localFile, param, task } from "pipewright";
import { totalsByRegion } from "../src/sales.js";
import { cleanSales } from "./clean-sales.js";

export const regionTotals = task("regionTotals", {
  params: { date: param.date() },
  requires: ({ date }) => cleanSales({ date }),
  output: ({ date }) => localFile(`data/region-totals/${date}.json`, json<Record<string, number>>()),
  async run({ input, output }) {
    await output.write(totalsByRegion(await input.read()));
  },
});
