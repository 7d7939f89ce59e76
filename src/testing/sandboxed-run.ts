import { build } from "../engine/build.js";
import type { PipelineEvent } from "../engine/events.js";
import { asInstances } from "../engine/run-context.js";
import type { RunSummary } from "../engine/summary.js";
import type { ParamDefaults } from "../task/param-defaults.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import { toClock, type ClockInput } from "./fake-clock.js";
import { defaultSeed } from "./run-task.js";
import { createSandbox, type Sandbox, type SeedFiles } from "./sandbox.js";
import type { Stub } from "./stub.js";
import { Substitutions } from "./substitutions.js";
import { listIds } from "../util/list-ids.js";
import { copyExternalsFrom } from "./externals-from.js";

/** What every sandboxed run accepts (runPipeline, recordFixtures). */
export interface SandboxOptions {
  /** Upstream tasks replaced by data: `[stub(task, data)]`. */
  readonly stubs?: readonly Stub[];
  /** Files written into the sandbox first, by relative path (e.g. external inputs). */
  readonly files?: SeedFiles;
  /** Copy external tasks' data (inputs made outside the pipeline) from this project folder. */
  readonly externalsFrom?: string;
  /** How many tasks run at once (default 1). */
  readonly workers?: number;
  /** Configured parameter defaults per task name, as in the config's `params`. */
  readonly params?: ParamDefaults;
  /** The run's clock (default: fixed at 2024-01-01T00:00:00Z). */
  readonly now?: ClockInput;
  /** Seeds `random()` in every task (default "pipewright", as `build()`). */
  readonly seed?: string;
  /** Called for every event of the run. */
  readonly onEvent?: (event: PipelineEvent) => void;
}

export interface SandboxedRun {
  readonly roots: readonly AnyTaskInstance[];
  readonly sandbox: Sandbox;
  readonly summary: RunSummary;
  readonly events: readonly PipelineEvent[];
  readonly substitutions: Substitutions;
}

/**
 * Builds `roots` in a fresh sandbox with an in-memory store. The sandbox is removed if this
 * throws; otherwise the caller owns it. `wrap` may replace tasks the stubs leave alone.
 */
export async function sandboxedRun(
  tasks: AnyTaskInstance | readonly AnyTaskInstance[],
  options: SandboxOptions,
  what: string,
  wrap?: (instance: AnyTaskInstance) => AnyTaskInstance | undefined,
): Promise<SandboxedRun> {
  const roots = asInstances(tasks, what);
  const externals = options.externalsFrom === undefined ? undefined : copyExternalsFrom(options.externalsFrom);
  const substitutions = new Substitutions(options.stubs ?? [], (instance) => externals?.(instance) ?? wrap?.(instance));
  const sandbox = await createSandbox(options.files);
  const events: PipelineEvent[] = [];
  try {
    const summary = await build(roots, {
      store: "memory",
      projectRoot: sandbox.dir,
      memory: sandbox.memory,
      params: options.params ?? {},
      workers: options.workers ?? 1,
      now: toClock(options.now),
      seed: options.seed ?? defaultSeed,
      substitute: substitutions.substitute,
      onEvent: (event) => {
        events.push(event);
        options.onEvent?.(event);
      },
    });
    substitutions.checkAllUsed(roots);
    return { roots, sandbox, summary, events, substitutions };
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
}

/** A readable account of a failed run, for the error a test sees. */
export function describeFailure(summary: RunSummary, what: string): string {
  const lines = [`${what} did not succeed (exit code ${summary.exitCode}).`];
  if (summary.error) lines.push(`  ${summary.error.code}: ${summary.error.message}`);
  for (const t of summary.tasks) {
    if (t.status === "failed") lines.push(`  ✖ ${t.id} failed:`, ...(t.error ?? "").split("\n").map((l) => `      ${l}`));
    if (t.status === "missing_input") lines.push(`  ✖ ${t.id}: missing input ${(t.missing ?? []).join(", ")} (seed it with files, or stub it)`);
    if (t.status === "upstream_failed") lines.push(`  ⊘ ${t.id} not run: blocked by ${listIds([...new Set(t.blockedBy ?? [])]) || "a failed requirement"}`);
  }
  return lines.join("\n");
}
