import { plan as enginePlan, type Plan, type PlannedTask, type PlanOptions } from "../engine/plan.js";
import { asInstances } from "../engine/run-context.js";
import type { ParamDefaults } from "../task/param-defaults.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import { createSandbox, type SeedFiles } from "./sandbox.js";
import type { Stub } from "./stub.js";
import { Substitutions } from "./substitutions.js";

export interface TestPlanOptions extends Pick<PlanOptions, "force"> {
  readonly stubs?: readonly Stub[];
  /** Files present before the run (e.g. external inputs), in the empty sandbox the plan looks at. */
  readonly files?: SeedFiles;
  /** Plan against this project folder (what is already built counts) instead of an empty sandbox. */
  readonly projectRoot?: string;
  readonly params?: ParamDefaults;
}

/** The engine's plan, with what tests ask most. */
export interface TestPlan extends Plan {
  /** Ids of the tasks a run would run, dependencies first. */
  readonly willRun: readonly string[];
  /** Ids of the tasks stubs replaced. */
  readonly stubbed: readonly string[];
  /** The planned task for an instance or id, or undefined if it is not in the plan. */
  task(task: AnyTaskInstance | string): PlannedTask | undefined;
}

/**
 * What a run would do, and why, without running anything. By default the plan looks at an
 * empty sandbox (plus `files`), so it says what a fresh run does whatever is on your disk.
 *
 * @example
 * const p = await plan(report({ date: "2024-01-01" }), { stubs: [stub(rawSales, [])] });
 * expect(p.willRun).toEqual(["rawSales(date=2024-01-01)", "cleanSales(date=2024-01-01)", ...]);
 * expect(p.task(cleanSales({ date: "2024-01-01" }))?.reason).toBe("output missing: data/clean/2024-01-01.ndjson");
 */
export async function plan(root: AnyTaskInstance | readonly AnyTaskInstance[], options: TestPlanOptions = {}): Promise<TestPlan> {
  const roots = asInstances(root, "plan");
  const substitutions = new Substitutions(options.stubs ?? []);
  const sandbox = options.projectRoot === undefined ? await createSandbox(options.files) : undefined;
  try {
    const result = await enginePlan(roots, {
      projectRoot: options.projectRoot ?? sandbox!.dir,
      params: options.params ?? {},
      ...(options.force && { force: options.force }),
      substitute: substitutions.substitute,
    });
    // Against a real project, complete tasks hide their requirements: a stub there may go unused.
    if (sandbox) substitutions.checkAllUsed(roots);
    const byId = new Map(result.tasks.map((t) => [t.id, t]));
    return {
      ...result,
      willRun: result.tasks.filter((t) => t.state === "will_run").map((t) => t.id),
      stubbed: result.tasks.filter((t) => substitutions.stubbed.has(t.id)).map((t) => t.id),
      task: (task) => byId.get(typeof task === "string" ? task : task.id),
    };
  } finally {
    await sandbox?.remove();
  }
}
