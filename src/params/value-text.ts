/** What a value is, for reasons such as "got a boolean": no need to print the whole value. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  if (typeof value === "object") {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return "an object";
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === "string" && name !== "" ? `a ${name}` : "an object of a class";
  }
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}

/** A value as shown in a message: JSON when it has one, else its description. */
export function showValue(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid Date" : `Date ${value.toISOString()}`;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined && (typeof value !== "number" || Number.isFinite(value))) return json;
  } catch {
    // a cycle or a bigint: fall back to the description
  }
  return describeValue(value);
}

const plainIdText = /^[A-Za-z0-9_.:/@+-]+$/;

/** Text inside a task id: as is when it is plain, else quoted so commas and spaces stay unambiguous. */
export function textIdText(text: string): string {
  return plainIdText.test(text) ? text : JSON.stringify(text);
}
