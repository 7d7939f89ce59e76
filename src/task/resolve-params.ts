import { PipewrightError } from "../errors.js";
import { ParamValueError, type ParamSpecs } from "../params/param.js";
import { didYouMean } from "../util/closest.js";
import { currentParamDefaults } from "./param-defaults.js";
import type { ParamEntries } from "./task-id.js";

/**
 * Turns what a caller gave (code values, or command-line text when `fromText`) into validated
 * parameter values: explicit value, else the configured default, else the declared default.
 * Errors name the task, the parameter, the bad value and the expected form.
 * `entries`: the specs as `[name, spec]` pairs in declaration order (see `ParamEntries`).
 */
export function resolveParams(
  taskName: string,
  specs: ParamSpecs,
  entries: ParamEntries,
  given: Readonly<Record<string, unknown>> | undefined,
  fromText: boolean,
): Record<string, unknown> {
  const input = given ?? {};
  if (typeof input !== "object" || Array.isArray(input)) {
    throw new PipewrightError("bad_usage", `Task "${taskName}" takes its parameters as an object, e.g. ${taskName}({ ... }).`, {
      context: { task: taskName },
    });
  }
  // for…in rather than Object.keys: no array per instance, and a graph makes them by the 100,000.
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    if (!Object.hasOwn(specs, key)) {
      const known = Object.keys(specs);
      throw new PipewrightError(
        "unknown_param",
        `Task "${taskName}" has no parameter "${key}".${didYouMean(key, known)} ${known.length ? `Its parameters: ${known.join(", ")}.` : "It takes no parameters."}`,
        { context: { task: taskName, param: key } },
      );
    }
  }
  const configured = currentParamDefaults(taskName) ?? {};
  const values: Record<string, unknown> = {};
  for (const [key, spec] of entries) {
    const explicit = input[key];
    const source = explicit !== undefined ? explicit : configured[key];
    if (source === undefined) {
      if (!spec.hasDefault) {
        throw new PipewrightError(
          "missing_param",
          `Task "${taskName}" needs parameter "${key}" (${spec.expected}). Give it on the command line as --${key} <value>, in code as ${taskName}({ ${key}: ... }), or set a default in the config.`,
          { context: { task: taskName, param: key } },
        );
      }
      values[key] = spec.defaultValue;
      continue;
    }
    try {
      values[key] = fromText && explicit !== undefined && typeof source === "string" ? spec.parse(source) : spec.coerce(source);
    } catch (error) {
      if (!(error instanceof ParamValueError)) throw error;
      const shown = typeof source === "string" ? `"${source}"` : JSON.stringify(source) ?? String(source);
      throw new PipewrightError(
        "invalid_param",
        `Invalid value ${shown} for parameter "${key}" of task "${taskName}": ${error.message}. Expected ${spec.expected}.`,
        { cause: error, context: { task: taskName, param: key, value: source } },
      );
    }
  }
  return values;
}
