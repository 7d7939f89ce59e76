import { PipewrightError } from "../errors.js";
import type { ParamSpecs } from "../params/param.js";
import { isTarget } from "../targets/target.js";
import { callUser } from "./call-user.js";
import { computeParamsJson, rememberedParamsJson, type ParamsJson } from "./params-json.js";
import { resolveParams } from "./resolve-params.js";
import { mapShape } from "./shape.js";
import { shareRequirements } from "./share-requirements.js";
import { taskId, type ParamEntries } from "./task-id.js";
import {
  isTaskInstance,
  taskFactoryBrand,
  taskInstanceBrand,
  type OutputShape,
  type RequiresShape,
  type TaskDefinition,
  type TaskFactory,
  type TaskInstance,
  type AnyTaskInstance,
  type TaskKind,
} from "./task-types.js";

const taskNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Declare a task. Returns a factory: call it with parameters to get a task instance.
 *
 * @example
 * export const total = task("total", {
 *   params: { n: param.int() },
 *   output: ({ n }) => localFile(`data/total-${n}.json`, json<number>()),
 *   async run({ params, output }) { await output.write(params.n * 2); },
 * });
 * total({ n: 3 }).id; // "total(n=3)"
 */
export function task<
  const P extends ParamSpecs = {},
  R extends RequiresShape | undefined = undefined,
  Out extends OutputShape | undefined = undefined,
>(name: string, definition: TaskDefinition<P, R, Out>): TaskFactory<P, Out, R> {
  const kind = validateDefinition(name, definition as unknown as TaskDefinition<ParamSpecs, unknown, unknown>);
  const specs = (definition.params ?? {}) as P;
  const widened = definition as unknown as TaskDefinition<P, RequiresShape | undefined, Out>;

  const entries: ParamEntries = Object.entries(specs);
  const significant = entries.filter(([, spec]) => spec.significant);
  const make = (given: Readonly<Record<string, unknown>> | undefined, fromText: boolean): TaskInstance<P, Out, R> => {
    const values = Object.freeze(resolveParams(name, specs, entries, given, fromText));
    return createInstance(taskId(name, significant, values), name, values, widened) as TaskInstance<P, Out, R>;
  };
  const factory = ((params?: Readonly<Record<string, unknown>>) => make(params, false)) as unknown as TaskFactory<P, Out, R>;
  Object.defineProperties(factory, {
    [taskFactoryBrand]: { value: true },
    taskName: { value: name, enumerable: true },
    kind: { value: kind, enumerable: true },
    paramSpecs: { value: specs, enumerable: true },
    definition: { value: widened },
    fromRaw: { value: (raw: Readonly<Record<string, unknown>>) => make(raw, true) },
    // Functions have a read-only `name`; make it the task's name for readable stack traces.
    name: { value: name },
  });
  return Object.freeze(factory);
}

/** What kind a definition declares; also the only place definitions are checked. */
export function kindOf(definition: TaskDefinition<ParamSpecs, unknown, unknown>): TaskKind {
  if (definition.run) return "normal";
  if (definition.output) return "external";
  return "wrapper";
}

function validateDefinition(name: string, definition: TaskDefinition<ParamSpecs, unknown, unknown>): TaskKind {
  const problem = (message: string) =>
    new PipewrightError("invalid_definition", `Task "${name}": ${message}`, { context: { task: name } });
  if (typeof name !== "string" || !taskNamePattern.test(name)) {
    throw new PipewrightError(
      "invalid_definition",
      `Invalid task name ${JSON.stringify(name)}: use letters, digits, "_", "-" or ".", starting with a letter or "_".`,
      { context: { task: String(name) } },
    );
  }
  if (typeof definition !== "object" || definition === null) throw problem("the definition must be an object with requires, output and run.");
  for (const key of ["requires", "output", "run", "complete"] as const) {
    if (definition[key] !== undefined && typeof definition[key] !== "function") throw problem(`"${key}" must be a function.`);
  }
  if (!definition.run && !definition.output && !definition.requires) {
    throw problem("declare at least one of requires (a wrapper task), output (an external task) or run.");
  }
  if (definition.retries !== undefined && (!Number.isInteger(definition.retries) || definition.retries < 0)) {
    throw problem(`"retries" must be a whole number of extra attempts (0 or more), got ${String(definition.retries)}.`);
  }
  if (definition.retryDelay !== undefined && (!(definition.retryDelay >= 0) || !Number.isFinite(definition.retryDelay))) {
    throw problem(`"retryDelay" must be a number of milliseconds (0 or more), got ${String(definition.retryDelay)}.`);
  }
  // The ready queue orders by it: a NaN (a setting read from an unset variable, say) orders nothing.
  if (definition.priority !== undefined && !Number.isFinite(definition.priority)) {
    throw problem(`"priority" must be a finite number (higher starts first among ready tasks), got ${String(definition.priority)}.`);
  }
  if (definition.timeout !== undefined && (!Number.isFinite(definition.timeout) || definition.timeout <= 0)) {
    throw problem(`"timeout" must be a positive number of milliseconds, got ${String(definition.timeout)}.`);
  }
  const disable = definition.disableAfter;
  if (disable !== undefined) {
    const ok = Number.isInteger(disable.failures) && disable.failures >= 1 && disable.withinMs > 0 && disable.forMs > 0;
    if (!ok) throw problem(`"disableAfter" needs failures (a whole number, 1 or more), withinMs and forMs (positive milliseconds), e.g. { failures: 3, withinMs: 3_600_000, forMs: 86_400_000 }.`);
  }
  for (const [resource, amount] of Object.entries(definition.resources ?? {})) {
    if (typeof amount !== "number" || !(amount >= 0)) throw problem(`resource "${resource}" must be a number of units (0 or more), got ${String(amount)}.`);
  }
  for (const [key, spec] of Object.entries(definition.params ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw problem(`parameter name "${key}" must be an identifier (letters, digits, "_").`);
    if (typeof spec !== "object" || spec === null || typeof (spec as { parse?: unknown }).parse !== "function") {
      throw problem(`parameter "${key}" must be declared with param.*(), e.g. param.int().`);
    }
  }
  return kindOf(definition);
}

function createInstance<P extends ParamSpecs, Out>(
  id: string,
  name: string,
  values: Readonly<Record<string, unknown>>,
  definition: TaskDefinition<P, RequiresShape | undefined, Out>,
): TaskInstance<P, Out> {
  return new Instance(id, name, values as TaskInstance<P, Out>["params"], definition);
}

const notYet: unique symbol = Symbol("not computed yet");

/**
 * A task instance. A class rather than an object of closures: a large graph holds one per task,
 * and methods on the prototype cost nothing per instance. `output()` and `requires()` call the
 * definition once and keep the answer (private fields stay writable in a frozen object).
 */
class Instance<P extends ParamSpecs, Out> implements TaskInstance<P, Out> {
  declare readonly [taskInstanceBrand]: true;
  // `notYet` rather than a wrapper object: a large graph holds one of each per task.
  #outputs: Out | typeof notYet = notYet;
  #requirements: RequiresShape | undefined | typeof notYet = notYet;
  #paramsJson: ParamsJson | undefined;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly params: TaskInstance<P, Out>["params"],
    readonly definition: TaskDefinition<P, RequiresShape | undefined, Out>,
  ) {
    Object.freeze(this);
  }

  output(): Out {
    if (this.#outputs === notYet) {
      const { id, definition, params } = this;
      this.#outputs = callUser(id, "output()", () => checkOutputs(id, definition.output?.(params) as Out));
    }
    return this.#outputs;
  }

  requires(): RequiresShape | undefined {
    if (this.#requirements === notYet) {
      const { id, definition, params } = this;
      this.#requirements = callUser(id, "requires()", () => checkRequires(id, definition.requires?.(params)));
    }
    return this.#requirements;
  }

  [shareRequirements](canonical: (dep: AnyTaskInstance) => AnyTaskInstance): void {
    if (this.#requirements === notYet || this.#requirements === undefined) return;
    this.#requirements = mapShape(this.#requirements, isTaskInstance, canonical) as RequiresShape;
  }

  [rememberedParamsJson](): ParamsJson {
    return (this.#paramsJson ??= computeParamsJson(this.definition.params, this.params));
  }
}
Object.defineProperty(Instance.prototype, taskInstanceBrand, { value: true });

function checkOutputs<Out>(id: string, outputs: Out): Out {
  if (outputs === undefined || outputs === null) return outputs;
  const items = isTarget(outputs) ? [outputs] : Array.isArray(outputs) ? outputs : Object.values(outputs as object);
  for (const item of items) {
    if (!isTarget(item)) {
      throw new PipewrightError("graph_error", `output() of ${id} returned something that is not a target (${describe(item)}). Return localFile(...), memory(...) or another target, a list of them, or a named map.`, { context: { taskId: id } });
    }
  }
  return outputs;
}

function checkRequires(id: string, requirements: RequiresShape | undefined): RequiresShape | undefined {
  if (requirements === undefined || requirements === null) return undefined;
  const items = isTaskInstance(requirements) ? [requirements] : Array.isArray(requirements) ? requirements : Object.values(requirements as object);
  for (const item of items) {
    if (!isTaskInstance(item)) {
      const hint = typeof item === "function" ? " It looks like a task factory: call it with parameters, e.g. clean({ date })." : "";
      throw new PipewrightError("graph_error", `requires() of ${id} returned something that is not a task instance (${describe(item)}).${hint}`, { context: { taskId: id } });
    }
  }
  return requirements;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (typeof value === "object") return `an object with keys ${Object.keys(value).join(", ") || "(none)"}`;
  return `${typeof value} ${String(value)}`;
}
