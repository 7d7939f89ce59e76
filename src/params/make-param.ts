import { PipewrightError } from "../errors.js";
import type { JsonValue } from "../util/json.js";
import { ParamValueError, type CommonParamOptions, type Param, type ParamKind } from "./param.js";
import { showValue } from "./value-text.js";

/** What one kind of parameter supplies; `makeParam` adds everything the kinds have in common. */
export interface ParamKindSpec<T> {
  readonly kind: ParamKind;
  readonly expected: string;
  /** Option names this kind understands besides `default`, `significant` and `description`. */
  readonly extraOptions?: readonly string[];
  /** Text from the command line, an environment variable or config. */
  parse(text: string): T;
  /** A non-text value given in code or config. Text never reaches it unless `textIsValue`. */
  fromValue(value: unknown): T;
  /** Rules both `parse` and `fromValue` results must meet (bounds, patterns). */
  check?(value: T): void;
  toJson(value: T): JsonValue;
  toIdText(value: T): string;
  /** For kinds whose values may be strings that must not be parsed again (json). */
  readonly textIsValue?: boolean;
}

const commonOptions = ["default", "significant", "description"];

/**
 * Builds a frozen `Param` from a kind's spec and the user's options. Options are checked and the
 * default is validated here, when the task is declared, so a bad definition fails at import time
 * instead of on the first run that happens to need the default.
 * @internal
 */
export function makeParam<T, In, HD extends boolean>(
  spec: ParamKindSpec<T>,
  options: CommonParamOptions<unknown> | undefined,
): Param<T, HD, In> {
  const opts = options ?? {};
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) {
    throw definitionError(spec.kind, `its options must be an object, not ${showValue(opts)}`);
  }
  const known = [...commonOptions, ...(spec.extraOptions ?? [])];
  for (const key of Object.keys(opts)) {
    // A misspelt option (`defualt`) would otherwise be ignored without a word.
    if (!known.includes(key)) throw definitionError(spec.kind, `unknown option "${key}" (known: ${known.join(", ")})`);
  }
  if (opts.significant !== undefined && typeof opts.significant !== "boolean") {
    throw definitionError(spec.kind, `"significant" must be true or false`);
  }
  if (opts.description !== undefined && typeof opts.description !== "string") {
    throw definitionError(spec.kind, `"description" must be text`);
  }

  const checked = (value: T): T => {
    spec.check?.(value);
    return value;
  };
  const parse = (text: string): T => {
    if (typeof text !== "string") throw new ParamValueError(`expected text, got ${showValue(text)}`);
    return checked(spec.parse(text));
  };
  const coerce = (value: unknown): T =>
    typeof value === "string" && !spec.textIsValue ? parse(value) : checked(spec.fromValue(value));

  let defaultValue: T | undefined;
  if (opts.default !== undefined) {
    try {
      defaultValue = coerce(opts.default);
    } catch (error) {
      if (!(error instanceof ParamValueError)) throw error;
      throw definitionError(
        spec.kind,
        `its default ${showValue(opts.default)} is invalid: ${error.message}. Give a default that is ${spec.expected}`,
        { cause: error, default: opts.default },
      );
    }
  }

  return Object.freeze({
    kind: spec.kind,
    expected: spec.expected,
    hasDefault: (defaultValue !== undefined) as HD,
    defaultValue,
    significant: opts.significant ?? true,
    description: opts.description,
    parse,
    coerce,
    toJson: (value: T) => spec.toJson(value),
    toIdText: (value: T) => spec.toIdText(value),
  });
}

/** The error for a parameter declared wrongly: a programming mistake, reported when declared. */
export function definitionError(
  kind: ParamKind,
  problem: string,
  extra: { readonly cause?: unknown; readonly default?: unknown } = {},
): PipewrightError {
  return new PipewrightError("invalid_definition", `Invalid ${kind} parameter: ${problem}.`, {
    cause: extra.cause,
    context: extra.default === undefined ? { kind } : { kind, default: extra.default },
  });
}
