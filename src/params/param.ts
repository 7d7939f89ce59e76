import type { JsonValue } from "../util/json.js";

/** The kinds of parameter a task can declare. */
export const paramKinds = [
  "int",
  "float",
  "bool",
  "string",
  "enum",
  "date",
  "datetime",
  "dateInterval",
  "duration",
  "list",
  "json",
  "path",
] as const;
export type ParamKind = (typeof paramKinds)[number];

/**
 * A typed task parameter. `T` is the value `run` sees; `In` is what a caller may pass in code
 * (e.g. a `Date` for a date parameter); `HasDefault` makes the parameter optional when calling
 * the task. Methods use method syntax on purpose: it lets every `Param<X>` fit `AnyParam`.
 */
export interface Param<T, HasDefault extends boolean = boolean, In = T> {
  readonly kind: ParamKind;
  /** The expected form, for error messages, e.g. `an integer such as 7`. */
  readonly expected: string;
  readonly hasDefault: HasDefault;
  readonly defaultValue: T | undefined;
  /** An insignificant parameter is passed to the task but left out of its id. */
  readonly significant: boolean;
  readonly description: string | undefined;
  /** Parse text from the command line or an environment variable. Throws `ParamValueError`. */
  parse(text: string): T;
  /** Accept a value given in code (`In`) or config (JSON, or the text form). Throws `ParamValueError`. */
  coerce(value: unknown): T;
  /** The value's JSON form, used in summaries, the store and fixtures. */
  toJson(value: T): JsonValue;
  /** The value as written inside a task id: `2024-01-01`, `7`, `[1,2]`. */
  toIdText(value: T): string;
  /** Type-level only: carries `In`. */
  readonly __input?: In;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest param, for constraints only
export type AnyParam = Param<any, boolean, any>;
export type ParamSpecs = { readonly [name: string]: AnyParam };

export type ValueOf<P> = P extends Param<infer T, boolean, unknown> ? T : never;
export type ParamInputOf<P> = P extends Param<infer T, boolean, infer In> ? T | In : never;

/** The parameter values a task's `requires`, `output` and `run` receive. */
export type ParamValues<P extends ParamSpecs> = { readonly [K in keyof P]: ValueOf<P[K]> };

type RequiredKeys<P extends ParamSpecs> = { [K in keyof P]: P[K] extends Param<unknown, true, unknown> ? never : K }[keyof P];
type OptionalKeys<P extends ParamSpecs> = Exclude<keyof P, RequiredKeys<P>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** What calling a task factory takes: parameters with defaults are optional. */
export type ParamInput<P extends ParamSpecs> = Simplify<
  { readonly [K in RequiredKeys<P>]: ParamInputOf<P[K]> } & { readonly [K in OptionalKeys<P>]?: ParamInputOf<P[K]> }
>;

/** Options every parameter kind accepts. */
export interface CommonParamOptions<T> {
  /** Used when the caller gives no value; makes the parameter optional. */
  readonly default?: T;
  /** `false` keeps the parameter out of the task id (e.g. a log level). Default `true`. */
  readonly significant?: boolean;
  readonly description?: string;
}

/** `true` when options carry a default. */
export type HasDefault<O> = O extends { readonly default: infer D } ? (undefined extends D ? false : true) : false;

/**
 * Thrown by `parse`/`coerce` with a short reason ("not a whole number"); the task layer wraps it
 * into a `PipewrightError` naming the task, the parameter, the value and the expected form.
 */
export class ParamValueError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "ParamValueError";
  }
}
