import type { ParamInput, ParamSpecs, ParamValues } from "../params/param.js";
import type { Target, WriterOf } from "../targets/target.js";

/** A task instance: a task definition with its parameter values. Its `id` is its identity. */
export interface TaskInstance<P extends ParamSpecs = ParamSpecs, Out = unknown, R = RequiresShape | undefined> {
  readonly [taskInstanceBrand]: true;
  /** Stable and readable: `features(date=2024-01-01,window=7)`. */
  readonly id: string;
  readonly name: string;
  readonly params: ParamValues<P>;
  readonly definition: TaskDefinition<P, RequiresShape | undefined, Out>;
  /** The declared outputs (computed once). */
  output(): Out;
  /** The declared requirements (computed once). */
  requires(): R;
}

export const taskInstanceBrand: unique symbol = Symbol.for("pipewright.taskInstance") as never;
export const taskFactoryBrand: unique symbol = Symbol.for("pipewright.taskFactory") as never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest instance, for constraints only
export type AnyTaskInstance = TaskInstance<any, any, any>;

/** What `requires` may return. */
export type RequiresShape = AnyTaskInstance | readonly AnyTaskInstance[] | { readonly [key: string]: AnyTaskInstance };

/** What `output` may return: one target, a list, or a named map. */
export type OutputShape = Target | readonly Target[] | { readonly [key: string]: Target };

/** The outputs of a required task, as its dependent sees them. */
export type OutputOf<I> = I extends { output(): infer Out } ? Out : never;

/** `input` mirrors what `requires` returned: each task becomes its outputs. */
export type InputOf<R> = R extends AnyTaskInstance
  ? OutputOf<R>
  : R extends readonly AnyTaskInstance[]
    ? { readonly [K in keyof R]: OutputOf<R[K]> }
    : R extends { readonly [key: string]: AnyTaskInstance }
      ? { readonly [K in keyof R]: OutputOf<R[K]> }
      : undefined;

type HandleOf<Tgt> = [WriterOf<Tgt>] extends [never] ? Tgt : WriterOf<Tgt>;

/** `output` in `run` mirrors what `output` returned: each target becomes its write handle. */
export type OutputHandles<Out> = Out extends Target
  ? HandleOf<Out>
  : Out extends readonly Target[]
    ? { readonly [K in keyof Out]: HandleOf<Out[K]> }
    : Out extends { readonly [key: string]: Target }
      ? { readonly [K in keyof Out]: HandleOf<Out[K]> }
      : undefined;

/** Messages a task writes; they are captured with its id, shown and kept with the run. */
export interface TaskLogger {
  (message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export interface RunContext<P extends ParamSpecs, R, Out> {
  readonly params: ParamValues<P>;
  readonly input: InputOf<R>;
  readonly output: OutputHandles<Out>;
  /** Ask for more tasks while running (dynamic dependencies); resolves to their outputs. */
  require<const Q extends RequiresShape>(requirements: Q): Promise<InputOf<Q>>;
  readonly log: TaskLogger;
  readonly taskId: string;
  /** 1 for the first attempt, 2 for the first retry… */
  readonly attempt: number;
  /** Aborted when the run is interrupted or the task times out. */
  readonly signal: AbortSignal;
  /**
   * Random numbers in [0, 1) seeded from the task id (and the run's `seed` option): the same on
   * every run, so results and tests are reproducible. Use it instead of `Math.random()`.
   */
  readonly random: () => number;
  /** The run's clock (faked in tests); use it instead of `new Date()`. */
  readonly now: () => Date;
}

export interface CompleteContext<P extends ParamSpecs, Out> {
  readonly params: ParamValues<P>;
  readonly output: Out;
}

/** Everything `task(name, definition)` accepts. */
export interface TaskDefinition<P extends ParamSpecs, R, Out> {
  /** Typed parameters (`param.int()`, `param.date()`…). */
  readonly params?: P;
  /** Tasks that must be complete before this one runs: one, a list, or a named map. */
  readonly requires?: (params: ParamValues<P>) => R;
  /** Where this task's data goes: one target, a list, or a named map. */
  readonly output?: (params: ParamValues<P>) => Out;
  /** The work. Outputs appear at their final place only after it resolves. */
  readonly run?: (context: RunContext<P, R, Out>) => Promise<void> | void;
  /** Overrides "complete when every output exists". */
  readonly complete?: (context: CompleteContext<P, Out>) => Promise<boolean> | boolean;
  /** Bump when the logic changes, so fingerprinting can tell outputs are stale. */
  readonly version?: string;
  readonly description?: string;
  /** Extra attempts after a failure (default 0). */
  readonly retries?: number;
  /** Milliseconds before the first retry (default 1000); doubles on each further retry. */
  readonly retryDelay?: number;
  /** Among ready tasks, higher priority starts first (default 0). */
  readonly priority?: number;
  /**
   * Stop trying a task that keeps failing, so periodic runs do not hammer a broken source:
   * after `failures` failed runs within `withinMs`, it is not started again for `forMs`
   * (a forced run still tries it).
   */
  readonly disableAfter?: DisablePolicy;
  /** Milliseconds an attempt may take; then it is stopped and counts as failed ("timed out after 30s"). */
  readonly timeout?: number;
  /**
   * Run in the scheduler's own process even when `--workers N` runs others in child processes:
   * for cheap tasks, where starting work in another process costs more than the work.
   */
  readonly inline?: boolean;
  /** Named resources held while running (`{ gpu: 1 }`); limits come from the config's `resources`. */
  readonly resources?: Readonly<Record<string, number>>;
}

export interface DisablePolicy {
  readonly failures: number;
  readonly withinMs: number;
  readonly forMs: number;
}

/** `normal` runs; `wrapper` only requires; `external` only declares outputs made elsewhere. */
export type TaskKind = "normal" | "wrapper" | "external";

/** Calling a task factory with parameters gives a task instance. */
export interface TaskFactory<P extends ParamSpecs, Out, R = RequiresShape | undefined> {
  (...args: {} extends ParamInput<P> ? [params?: ParamInput<P>] : [params: ParamInput<P>]): TaskInstance<P, Out, R>;
  readonly [taskFactoryBrand]: true;
  readonly taskName: string;
  readonly kind: TaskKind;
  readonly paramSpecs: P;
  readonly definition: TaskDefinition<P, RequiresShape | undefined, Out>;
  /** Build an instance from raw values (command line or config text); bad values throw `invalid_param`. */
  fromRaw(raw: Readonly<Record<string, unknown>>): TaskInstance<P, Out, R>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest factory, for constraints only
export type AnyTaskFactory = TaskFactory<any, any, any>;

export function isTaskInstance(value: unknown): value is AnyTaskInstance {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[taskInstanceBrand] === true;
}

export function isTaskFactory(value: unknown): value is AnyTaskFactory {
  return typeof value === "function" && (value as unknown as Record<symbol, unknown>)[taskFactoryBrand] === true;
}
