import type { JsonValue } from "../util/json.js";
import type { Format } from "./format.js";
import { encoding, formatError, utf8Text } from "./format-error.js";
import { messageOf } from "../errors.js";

/**
 * Newline-delimited JSON: one record per line, so large outputs stay greppable and appendable.
 * Decoding skips blank lines; a bad line fails with its 1-based line number.
 * @example localFile("data/events.ndjson", ndjson<Event>())
 */
export function ndjson<T = JsonValue>(): Format<T[]> {
  return Object.freeze({
    name: "ndjson",
    extension: "ndjson",
    encode(data: T[]): string {
      return encoding("ndjson", () => data.map((record, index) => encodeLine(record, index)).join(""));
    },
    decode(raw: Buffer): T[] {
      const records: T[] = [];
      const lines = utf8Text(raw).split("\n");
      lines.forEach((line, index) => {
        if (line.trim() === "") return;
        try {
          records.push(JSON.parse(line) as T);
        } catch (error) {
          throw formatError("ndjson", `Line ${index + 1} is not valid JSON (${messageOf(error)}). Each non-blank line must hold one JSON value.`, {
            cause: error,
            context: { line: index + 1 },
          });
        }
      });
      return records;
    },
  });
}

function encodeLine(record: unknown, index: number): string {
  // Plain stringify (no indent) never contains a raw newline, which keeps one record per line.
  const body = JSON.stringify(record) as string | undefined;
  if (body === undefined) {
    throw formatError("ndjson", `Record ${index} (${typeof record}) cannot be encoded as JSON. Store null or an object instead.`, {
      context: { index },
    });
  }
  return `${body}\n`;
}
