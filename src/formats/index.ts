export type { Format } from "./format.js";
export { text } from "./text.js";
export { bytes } from "./bytes.js";
export { json } from "./json.js";
export { ndjson } from "./ndjson.js";
export { csv, type CsvCell, type CsvOptions } from "./csv.js";
