import { cp } from "node:fs/promises";
import { PipewrightError } from "../errors.js";
import type { LoadedData } from "../engine/load.js";
import type { ParamSpecs, ParamValues } from "../params/param.js";
import { isDataTarget, isTarget, type Target } from "../targets/target.js";
import { keyedItemsOf } from "../task/shape.js";
import {
  isTaskFactory,
  isTaskInstance,
  taskInstanceBrand,
  type AnyTaskFactory,
  type AnyTaskInstance,
  type OutputOf,
  type TaskFactory,
} from "../task/task-types.js";

/** Data for a stubbed task's outputs, or a function of its parameters giving it. */
export type StubData<Data, Params> = Data | ((params: Params) => Data | Promise<Data>);

/**
 * A replacement for an upstream task in `runPipeline`, `plan` and `recordFixtures`: same id and
 * outputs, no requirements (its ancestors are never walked), and a `run` that writes the given data.
 */
export interface Stub {
  /** What it replaces: a task id, or `name (every instance)`. */
  readonly replaces: string;
  readonly taskName: string;
  /** `instance` stubs win over `factory` stubs for the same task. */
  readonly scope: "instance" | "factory";
  /** Whether it replaces this instance. */
  matches(instance: AnyTaskInstance): boolean;
  /** The replacement for a matching instance (same id, outputs and parameters). */
  replacement(instance: AnyTaskInstance): AnyTaskInstance;
}

/**
 * Replaces a task with given data: one instance, or every instance of a factory (then the data
 * may be a function of the instance's parameters). Pass stubs as `stubs: [...]`.
 *
 * @example
 * await runPipeline(report({ date: "2024-01-01" }), {
 *   stubs: [stub(cleanSales, ({ date }) => [{ orderId: 1, region: "east", product: "pen", quantity: 2, unitPrice: 1.5 }])],
 * });
 */
export function stub<P extends ParamSpecs, Out>(factory: TaskFactory<P, Out>, data: StubData<LoadedData<Out>, ParamValues<P>>): Stub;
export function stub<I extends AnyTaskInstance>(instance: I, data: StubData<LoadedData<OutputOf<I>>, I["params"]>): Stub;
export function stub(what: AnyTaskFactory | AnyTaskInstance, data: unknown): Stub {
  if (isTaskFactory(what)) {
    return makeStub({ replaces: `${what.taskName} (every instance)`, taskName: what.taskName, scope: "factory" }, (i) => i.definition === what.definition, data);
  }
  if (isTaskInstance(what)) {
    return makeStub({ replaces: what.id, taskName: what.name, scope: "instance" }, (i) => i.id === what.id && i.definition === what.definition, data);
  }
  throw new PipewrightError("bad_usage", "stub() takes a task instance, e.g. stub(cleanSales({ date }), rows), or a task factory, e.g. stub(cleanSales, rows).");
}

function makeStub(about: Pick<Stub, "replaces" | "taskName" | "scope">, matches: (instance: AnyTaskInstance) => boolean, data: unknown): Stub {
  return Object.freeze({ ...about, matches, replacement: (instance: AnyTaskInstance) => stubInstance(instance, data) });
}

/** A task with the original's id, parameters and outputs whose run writes `data`. */
function stubInstance(original: AnyTaskInstance, data: unknown): AnyTaskInstance {
  return replaceRun(original, async ({ output, params }) => {
    const value = typeof data === "function" ? await (data as (p: unknown) => unknown)(params) : data;
    await writeOutputs(original, output, value, `stub(${original.id})`);
  });
}

/**
 * The instance with a new `run`; unless `keepRequirements`, also without requirements (nor
 * `complete()`). The graph keys nodes by id, so make one replacement per id.
 */
export function replaceRun(
  original: AnyTaskInstance,
  run: (context: { output: unknown; params: unknown }) => Promise<void>,
  keepRequirements = false,
): AnyTaskInstance {
  const { params, output, version, description, priority } = original.definition;
  const definition = Object.freeze(
    keepRequirements ? { ...original.definition, run: run as never } : { params, output, version, description, priority, run: run as never },
  );
  return Object.freeze({
    [taskInstanceBrand]: true as const,
    id: original.id,
    name: original.name,
    params: original.params,
    definition,
    output: () => original.output(),
    requires: () => (keepRequirements ? original.requires() : undefined),
  }) as unknown as AnyTaskInstance;
}

/** Writes `data` (shaped like the outputs) through the output handles `run` received. */
export async function writeOutputs(instance: AnyTaskInstance, handles: unknown, data: unknown, who: string): Promise<void> {
  const shape = instance.output() as Target | readonly Target[] | Record<string, Target> | undefined;
  const items = keyedItemsOf(shape, isTarget);
  const single = isTarget(shape);
  for (const [key, target] of items) {
    if (!isDataTarget(target)) continue; // nothing to write: completeness falls back on exists()
    const value = single ? data : (data as Record<string, unknown> | undefined)?.[key];
    const handle = (single ? handles : (handles as Record<string, unknown>)[key]) as { write(d: unknown): Promise<void>; path?: string };
    if (value === undefined) {
      const keys = items.map(([k]) => k).join(", ");
      throw new PipewrightError("bad_usage", `${who} gives no data for output "${key}" (${target.location}). Give data shaped like the outputs: { ${keys} }.`);
    }
    // A directory's data is its path: stub one with an existing folder, copied in.
    if (target.kind === "local-dir" && typeof value === "string") await cp(value, handle.path!, { recursive: true });
    else await handle.write(value);
  }
}
