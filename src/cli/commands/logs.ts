import { resolveStore } from "../../engine/run-context.js";
import { PipewrightError } from "../../errors.js";
import type { StoredEvent } from "../../store/store.js";
import type { CliIo } from "../cli-io.js";
import { loadConfig, type LoadedConfig } from "../../config/load-config.js";
import { openProject, requestedInstance } from "../open-project.js";
import { formatOptions, intOption, parseCommandArgs, rejectUnknownOptions, type OptionSpec, type ParsedArgs } from "../parse-args.js";
import { configOption, helpOption, moduleOption, storeOption } from "../common-options.js";

const options: OptionSpec[] = [
  { name: "run", kind: "value", valueName: "id", description: "that run's logs (default: the latest run of the task)" },
  { name: "all", kind: "flag", description: "every recorded run of the task, oldest first" },
  { name: "limit", kind: "value", valueName: "N", description: "at most N lines (default all)" },
  storeOption,
  moduleOption,
  configOption,
  helpOption,
];

export const logsHelp = `Usage: pipewright logs <task> [--<param> <value>]… [options]
       pipewright logs '<task-id>' [options]

Prints what a task logged (log(), and its process's stdout and stderr when it ran in a worker
process), attempt by attempt, with how each attempt ended. Name the task as run does
(pipewright logs train --seed 42), or give its id as run and deps print it, quoted:
pipewright logs 'train(seed=42)'.

Options:
${formatOptions(options)}`;

export async function logsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(argv, options, logsHelp, io);
  if (!args) return 0;
  const limit = intOption(args.options["limit"], "limit", 1);
  const { taskId, loaded } = await requestedTask(args, io);
  const { config, root } = loaded;
  const { store, owned } = resolveStore((args.options["store"] as string | undefined) ?? config.store, root);
  try {
    await store.init();
    const events = await store.listEvents({ taskId });
    if (events.length === 0) {
      throw new PipewrightError("bad_usage", `No recorded events for ${taskId}. Check the id (pipewright deps <task> shows ids) and the store.`);
    }
    const runId = (args.options["run"] as string | undefined) ?? events.at(-1)!.runId;
    const chosen = args.options["all"] ? events : events.filter((e) => e.runId === runId);
    if (chosen.length === 0) throw new PipewrightError("bad_usage", `${taskId} has no events in run ${runId}.`);
    const lines = chosen.flatMap(describe);
    for (const line of limit === undefined ? lines : lines.slice(-limit)) io.stdout(line + "\n");
    return 0;
  } finally {
    if (owned) await store.close();
  }
}

/**
 * The id of the task the command names, with the project's config: an id as given
 * (`train(seed=42)`: the config alone, no modules, so a store can be read where the modules are
 * not), or a task and its parameters, made into an instance of the project's task as `run` does.
 */
async function requestedTask(args: ParsedArgs, io: CliIo): Promise<{ readonly taskId: string; readonly loaded: LoadedConfig }> {
  const named = args.positionals[0];
  if (named === undefined) {
    throw new PipewrightError("bad_usage", "Name the task: pipewright logs <task> [--<param> <value>]…, or its id as run and deps print it: pipewright logs 'features(date=2024-01-01)'.");
  }
  if (!named.includes("(")) {
    const project = await openProject(io, args);
    return { taskId: requestedInstance(project, args, "logs").id, loaded: project };
  }
  if (args.positionals.length > 1) throw new PipewrightError("bad_usage", `Unexpected argument "${args.positionals[1]}". Quote a task id that has spaces: pipewright logs '${named} …'.`);
  rejectUnknownOptions(args, options, "logs");
  return { taskId: named, loaded: await loadConfig(io.cwd, args.options["config"] as string | undefined, io.env) };
}

function describe(event: StoredEvent): string[] {
  const data = event.data as Record<string, unknown>;
  const at = new Date(event.at).toISOString();
  switch (event.type) {
    case "task_started":
      return [`== ${at} run ${event.runId} attempt ${String(data["attempt"])} started${data["reason"] ? ` (${String(data["reason"])})` : ""}`];
    case "task_log": {
      const stream = data["stream"] ? `${String(data["stream"])}` : String(data["level"]);
      return [`${at} [${stream}] ${String(data["message"])}`];
    }
    case "task_retried":
      return [`== attempt ${String(data["attempt"])} failed; retrying: ${messageOf(data["error"])}`];
    case "task_failed":
      return [`== failed after ${String(data["attempt"])} attempt(s):`, ...messageOf(data["error"]).split("\n").map((l) => `   ${l}`)];
    case "task_succeeded": {
      const done = `== succeeded (attempt ${String(data["attempt"])}, ${String(data["durationMs"])} ms)`;
      // A short task's start is stored within its success (see EventRecorder).
      if (typeof data["startedAt"] !== "number") return [done];
      return [...describe({ ...event, type: "task_started", at: data["startedAt"] }), done];
    }
    case "task_skipped":
      return [`== ${String(data["status"])}: ${String(data["reason"])}`];
    default:
      return [];
  }
}

function messageOf(error: unknown): string {
  return typeof error === "object" && error !== null && "message" in error ? String((error as { message: unknown }).message) : String(error);
}
