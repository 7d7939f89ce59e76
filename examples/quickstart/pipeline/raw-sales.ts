import { csv, localFile, param, task } from "pipewright";

/** The day's sales export, dropped in input/ by another system: an external task. */
export const rawSales = task("rawSales", {
  params: { date: param.date() },
  output: ({ date }) => localFile(`input/sales-${date}.csv`, csv({ cast: true })),
});
