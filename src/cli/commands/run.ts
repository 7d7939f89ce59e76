import { build } from "../../engine/build.js";
import { plan } from "../../engine/plan.js";
import type { CliIo } from "../cli-io.js";
import { formatSummary } from "../human-report.js";
import { listIds } from "../../util/list-ids.js";
import { LiveProgress } from "../live-progress.js";
import { openProject, projectConfig, requestedInstance } from "../open-project.js";
import { createProcessPool, createProcessPoolEarly, type PoolProject, type ProcessPool } from "../../worker/pool/index.js";
import { formatOptions, intOption, parseCommandArgs, type OptionSpec, type ParsedArgs } from "../parse-args.js";
import { configOption, helpOption, moduleOption, storeOption } from "../common-options.js";
import { printPlan } from "./print-plan.js";
import { PipewrightError } from "../../errors.js";
import { stalenessOption } from "../staleness-option.js";
import type { StalenessMode } from "../../engine/staleness.js";
import { resolveStore } from "../../engine/run-context.js";
import type { AnyTaskInstance } from "../../task/task-types.js";
import { findDownstream, whyConsumersUnknown } from "../downstream.js";
import type { OpenedProject } from "../open-project.js";

async function downstreamOf(root: AnyTaskInstance, storeUrl: string | undefined, project: OpenedProject, io: CliIo): Promise<AnyTaskInstance[]> {
  const { store, owned } = resolveStore(storeUrl, project.root);
  try {
    await store.init();
    const found = await findDownstream(store, project, [root.id]);
    if (found.unknown.length > 0) io.stderr(`note: not rerunning ${listIds(found.unknown)}: ${whyConsumersUnknown(found.unknown)}\n`);
    return found.instances;
  } finally {
    if (owned) await store.close();
  }
}

const options: OptionSpec[] = [
  moduleOption,
  { name: "workers", kind: "value", valueName: "N", description: "run up to N tasks at once (default 1, or the config's)" },
  storeOption,
  { name: "retries", kind: "value", valueName: "N", description: "extra attempts for tasks that set none (default 0)" },
  { name: "staleness", kind: "value", valueName: "outputs|fingerprint", description: "what makes a task complete (default outputs, or the config's)" },
  { name: "force", kind: "flag", description: "rerun the named task even if it is complete" },
  { name: "downstream", kind: "flag", description: "with --force: also rerun what consumed it (as recorded in the store)" },
  { name: "json", kind: "flag", description: "print one JSON summary on stdout (progress goes to stderr)" },
  { name: "dry-run", kind: "flag", description: "show what would run and why, run nothing" },
  configOption,
  helpOption,
];

export const runHelp = `Usage: pipewright run <task> [--<param> <value>]… [options]

Builds <task> and whatever it needs that is not complete yet, in dependency order.

Options:
${formatOptions(options)}

Exit codes: 0 all complete; 1 a task failed or was blocked by one; 2 bad usage;
3 missing external input; 4 graph error (cycle, a task that cannot be built); 130 interrupted.`;

export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(argv, options, runHelp, io);
  if (!args) return 0;
  const flags: RunFlags = {
    json: args.options["json"] === true,
    workers: intOption(args.options["workers"], "workers", 1),
    retries: intOption(args.options["retries"], "retries", 0),
    staleness: stalenessOption(args.options["staleness"]),
  };
  if (args.options["downstream"] && !args.options["force"]) {
    throw new PipewrightError("bad_usage", "--downstream goes with --force: pipewright run <task> --force --downstream.");
  }
  // Worker processes boot (Node, tsx) while this process reads the config and loads the
  // modules: a short run of CPU-bound tasks should not wait for them afterwards. With
  // --workers on the command line they start before the config is even read.
  const dryRun = args.options["dry-run"] === true;
  let settleProject: { resolve: (project: PoolProject) => void; reject: (error: unknown) => void } | undefined;
  const project = new Promise<PoolProject>((resolve, reject) => (settleProject = { resolve, reject }));
  project.catch(() => undefined); // the command reports the error itself
  let pool = flags.workers !== undefined && flags.workers > 1 && !dryRun ? createProcessPoolEarly({ size: flags.workers }, project) : undefined;
  try {
    const config = await projectConfig(io, args);
    const workers = flags.workers ?? config.config.workers ?? 1;
    const poolProject = { modules: config.moduleFiles, projectRoot: config.root, paramDefaults: config.config.params ?? {}, fsync: config.config.fsync ?? false };
    settleProject!.resolve(poolProject);
    if (!pool && workers > 1 && !dryRun) pool = createProcessPool({ size: workers, ...poolProject });
    pool?.warmUp().catch(() => undefined);
    return await runProject(await openProject(io, args, config), args, flags, workers, pool, io);
  } catch (error) {
    settleProject!.reject(error);
    throw error;
  } finally {
    await pool?.close();
  }
}

interface RunFlags {
  readonly json: boolean;
  readonly workers: number | undefined;
  readonly retries: number | undefined;
  readonly staleness: StalenessMode | undefined;
}

async function runProject(project: OpenedProject, args: ParsedArgs, flags: RunFlags, workers: number, pool: ProcessPool | undefined, io: CliIo): Promise<number> {
  const root = requestedInstance(project, args, "run");
  const projectOptions = { projectRoot: project.root, params: project.config.params ?? {}, fsync: project.config.fsync ?? false };
  const storeUrl = (args.options["store"] as string | undefined) ?? project.config.store;
  const forced = args.options["force"] ? [root, ...(args.options["downstream"] ? await downstreamOf(root, storeUrl, project, io) : [])] : [];
  const common = { ...projectOptions, store: storeUrl, staleness: flags.staleness ?? project.config.staleness ?? "outputs", force: forced };

  if (args.options["dry-run"]) {
    const result = await plan(forced.length > 0 ? forced : root, common);
    return printPlan(result, io, flags.json);
  }

  const progress = new LiveProgress(io.stderr, !io.isTTY || Boolean(io.env["CI"]));
  progress.start();
  const summary = await build(forced.length > 0 ? forced : root, {
    ...common,
    workers,
    retries: flags.retries ?? project.config.retries ?? 0,
    ...(project.config.retryDelay !== undefined && { retryDelay: project.config.retryDelay }),
    ...(project.config.resources && { resources: project.config.resources }),
    modules: project.registry.modules,
    ...(pool && { processPool: pool }),
    signal: io.signal,
    onEvent: (event) => progress.onEvent(event),
  }).finally(() => progress.stop());
  io.stdout((flags.json ? JSON.stringify(summary) : formatSummary(summary)) + "\n");
  return summary.exitCode;
}

