import { json, localFile, param, task } from "pipewright";
import { topProducts, type ProductRevenue } from "../src/sales.js";
import { cleanSales } from "./clean-sales.js";

export const topProductsTask = task("topProducts", {
  params: { date: param.date(), top: param.int({ default: 2, min: 1 }) },
  requires: ({ date }) => cleanSales({ date }),
  output: ({ date, top }) => localFile(`data/top-products/${date}-top${top}.json`, json<ProductRevenue[]>()),
  async run({ input, output, params }) {
    await output.write(topProducts(await input.read(), params.top));
  },
});
