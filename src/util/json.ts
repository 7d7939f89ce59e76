/** A value that survives JSON.stringify / JSON.parse unchanged. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  // Fingerprints hash this for every task of a run: plain JSON data is written directly, without
  // copying it sorted first; anything else (dates, toJSON, class instances) takes the general way.
  return isPlainData(value) ? writePlain(value) : JSON.stringify(sortKeys(value));
}

function isPlainData(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "number") return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (Object.hasOwn(value, key) && !isPlainData((value as Record<string, unknown>)[key])) return false;
  return !Object.hasOwn(value, "toJSON");
}

/** JSON.stringify of plain data with sorted keys; same text as JSON.stringify(sortKeys(value)). */
function writePlain(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(writePlain).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = sortedKeyOrder(Object.keys(record));
  let out = "{";
  for (let i = 0; i < keys.length; i++) out += `${i > 0 ? "," : ""}${JSON.stringify(keys[i])}:${writePlain(record[keys[i]!])}`;
  return `${out}}`;
}

/** Pretty JSON with sorted keys: stable in files and in git diffs. */
export function stableJson(value: unknown, indent = 2): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

const arrayIndex = /^(?:0|[1-9]\d*)$/;

/**
 * Keys in the order JSON.stringify(sortKeys(value)) writes them: sorted, except that an object
 * always lists array-index keys ("9", "10") first, in numeric order.
 */
function sortedKeyOrder(keys: string[]): string[] {
  keys.sort();
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
