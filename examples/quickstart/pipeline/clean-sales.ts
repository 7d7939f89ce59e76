import { localFile, ndjson, param, task } from "pipewright";
import { cleanRows, type Sale } from "../src/sales.js";
import { rawSales } from "./raw-sales.js";

/** Drops rows with a missing or impossible quantity. */
export const cleanSales = task("cleanSales", {
  params: { date: param.date() },
  requires: ({ date }) => rawSales({ date }),
  output: ({ date }) => localFile(`data/clean/${date}.ndjson`, ndjson<Sale>()),
  async run({ input, output, log }) {
    const rows = await input.read();
    const clean = cleanRows(rows);
    log(`kept ${clean.length} of ${rows.length} rows`);
    await output.write(clean);
  },
});
