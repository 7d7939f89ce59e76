// Every task the command line can name is exported here.
export { rawSales } from "./raw-sales.js";
export { cleanSales } from "./clean-sales.js";
export { regionTotals } from "./region-totals.js";
export { topProductsTask } from "./top-products.js";
export { report } from "./report.js";
