import type { JsonValue } from "../util/json.js";
import type { Format } from "./format.js";
import { decoding, encoding, formatError, utf8Text } from "./format-error.js";

/**
 * One JSON document, written pretty (2 spaces, trailing newline) so files read well in diffs.
 * Keys keep the order the data has; `T` is trusted, not checked, when decoding.
 * @example localFile(`data/features/${date}.json`, json<FeatureRow[]>())
 */
export function json<T = JsonValue>(): Format<T> {
  return Object.freeze({
    name: "json",
    extension: "json",
    encode(data: T): string {
      return encoding("json", () => {
        const body = JSON.stringify(data, null, 2) as string | undefined;
        // JSON.stringify gives undefined for undefined, functions and symbols: nothing to store.
        if (body === undefined) {
          throw formatError("json", `Cannot encode ${typeof data} as json: only JSON values can be stored. Write null or an object instead.`);
        }
        return `${body}\n`;
      });
    },
    decode(raw: Buffer): T {
      return decoding("json", () => JSON.parse(utf8Text(raw)) as T);
    },
  });
}
