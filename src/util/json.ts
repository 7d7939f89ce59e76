import { sortStrings } from "./sort-strings.js";

/** A value that survives JSON.stringify / JSON.parse unchanged. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  // Fingerprints hash this for every task of a run: plain JSON data is written directly, without
  // copying it sorted first; anything else (dates, toJSON, class instances) takes the general way.
  return writePlain(value) ?? JSON.stringify(sortKeys(value));
}

/**
 * JSON.stringify of plain data with sorted keys, the same text as JSON.stringify(sortKeys(value)),
 * in one pass; undefined as soon as it meets anything else (undefined, functions, dates,
 * `toJSON`, class instances), which the general way handles.
 */
function writePlain(value: unknown): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "number") return JSON.stringify(value);
  if (typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const text = writePlain(item);
      if (text === undefined) return undefined;
      items.push(text);
    }
    return `[${items.join(",")}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || Object.hasOwn(value, "toJSON")) return undefined;
  const record = value as Record<string, unknown>;
  let out = "{";
  for (const key of canonicalKeyOrder(Object.keys(record))) {
    const text = writePlain(record[key]);
    if (text === undefined) return undefined;
    out += `${out.length > 1 ? "," : ""}${JSON.stringify(key)}:${text}`;
  }
  return `${out}}`;
}

/** Pretty JSON with sorted keys: stable in files and in git diffs. */
export function stableJson(value: unknown, indent = 2): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

const arrayIndex = /^(?:0|[1-9]\d*)$/;

/**
 * Keys in the order canonicalJson writes them (and JSON.stringify(sortKeys(value))): sorted,
 * except that an object always lists array-index keys ("9", "10") first, in numeric order.
 * Sorts `keys` in place.
 */
export function canonicalKeyOrder(keys: string[]): string[] {
  sortStrings(keys);
  const indices = keys.filter((key) => arrayIndex.test(key) && Number(key) < 4294967295);
  if (indices.length === 0) return keys;
  const isIndex = new Set(indices);
  return [...indices.sort((a, b) => Number(a) - Number(b)), ...keys.filter((key) => !isIndex.has(key))];
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    // fromEntries, not assignment: a "__proto__" key must stay a key.
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}
