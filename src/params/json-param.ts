import { canonicalJson, type JsonValue } from "../util/json.js";
import { makeParam } from "./make-param.js";
import { ParamValueError, type CommonParamOptions, type Param } from "./param.js";
import { describeValue } from "./value-text.js";

/** `default` does not take part in inferring `T`: give `T` explicitly, e.g. `param.json<Grid>(...)`. */
export type JsonOptions<T> = CommonParamOptions<NoInfer<T>>;

/**
 * Any JSON value: text is parsed as JSON; a value in code or config must be plain data (objects,
 * arrays, strings, finite numbers, booleans, null). `T` is a promise the caller makes: the
 * shape is not checked beyond being JSON. In a task id: JSON with sorted keys.
 * @example param.json<{ depth: number }>({ default: { depth: 3 } })
 */
export function jsonParam<T = JsonValue>(options: JsonOptions<T> & { readonly default: NoInfer<T> }): Param<T, true, T>;
export function jsonParam<T = JsonValue>(options?: JsonOptions<T>): Param<T, false, T>;
export function jsonParam<T = JsonValue>(options?: JsonOptions<T>): Param<T, boolean, T> {
  return makeParam<T, T, boolean>(
    {
      kind: "json",
      expected: "a JSON value such as {\"depth\": 3}",
      textIsValue: true, // a string given in code is a JSON string, not JSON text
      parse(text) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new ParamValueError(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
        }
        return plainCopy(parsed, "$", new Set()) as T;
      },
      fromValue: (value) => plainCopy(value, "$", new Set()) as T,
      toJson: (value) => value as JsonValue,
      toIdText: (value) => canonicalJson(value),
    },
    options,
  );
}

/** A deep, frozen copy that is exactly JSON, so ids and stored values cannot drift from the value. */
function plainCopy(value: unknown, at: string, parents: Set<object>): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new ParamValueError(`${String(value)} at ${at} is not JSON`);
    return Object.is(value, -0) ? 0 : value;
  }
  if (typeof value !== "object") throw new ParamValueError(`${describeValue(value)} at ${at} is not JSON`);
  if (parents.has(value)) throw new ParamValueError(`the value refers to itself at ${at}`);
  parents.add(value);
  try {
    // Array.from visits holes (as undefined), which JSON would silently turn into null.
    if (Array.isArray(value)) return Object.freeze(Array.from(value as unknown[], (entry, i) => plainCopy(entry, `${at}[${i}]`, parents)));
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new ParamValueError(`${describeValue(value)} at ${at} is not plain data (give plain objects, arrays and strings)`);
    }
    // fromEntries defines own properties, so a "__proto__" key stays data instead of a prototype.
    const entries = Object.entries(value).map(([key, entry]) => {
      const path = /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
      return [key, plainCopy(entry, path, parents)] as const;
    });
    return Object.freeze(Object.fromEntries(entries));
  } finally {
    parents.delete(value);
  }
}
