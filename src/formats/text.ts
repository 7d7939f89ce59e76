import type { Format } from "./format.js";

/**
 * Plain UTF-8 text, stored as given.
 * @example localFile("reports/summary.txt", text())
 */
export function text(): Format<string> {
  return Object.freeze({
    name: "text",
    extension: "txt",
    encode: (data: string): string => data,
    // No BOM stripping here: text is returned byte for byte, as written.
    decode: (raw: Buffer): string => raw.toString("utf8"),
  });
}
