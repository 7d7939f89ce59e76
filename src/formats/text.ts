import type { Format } from "./format.js";

// One shared instance: it has no options, and every localFile() without a format uses it.
const plainText: Format<string> = Object.freeze({
  name: "text",
  extension: "txt",
  encode: (data: string): string => data,
  // No BOM stripping here: text is returned byte for byte, as written.
  decode: (raw: Buffer): string => raw.toString("utf8"),
});

/**
 * Plain UTF-8 text, stored as given.
 * @example localFile("reports/summary.txt", text())
 */
export function text(): Format<string> {
  return plainText;
}
