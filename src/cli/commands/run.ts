import { build } from "../../engine/build.js";
import { plan } from "../../engine/plan.js";
import type { CliIo } from "../cli-io.js";
import { formatEvent, formatSummary } from "../human-report.js";
import { openProject, requestedInstance } from "../open-project.js";
import { formatOptions, intOption, parseArgs, type OptionSpec } from "../parse-args.js";
import { printPlan } from "./print-plan.js";

const options: OptionSpec[] = [
  { name: "module", kind: "list", valueName: "file", description: "a file exporting tasks (repeatable); default: the config's modules" },
  { name: "workers", kind: "value", valueName: "N", description: "run up to N tasks at once (default 1, or the config's)" },
  { name: "store", kind: "value", valueName: "url", description: "memory, a .db file (default .pipewright/state.db)" },
  { name: "retries", kind: "value", valueName: "N", description: "extra attempts for tasks that set none (default 0)" },
  { name: "json", kind: "flag", description: "print one JSON summary on stdout (progress goes to stderr)" },
  { name: "dry-run", kind: "flag", description: "show what would run and why, run nothing" },
  { name: "config", kind: "value", valueName: "file", description: "the config file (default pipewright.config.ts here)" },
  { name: "help", kind: "flag", description: "show this help" },
];

export const runHelp = `Usage: pipewright run <task> [--<param> <value>]… [options]

Builds <task> and whatever it needs that is not complete yet, in dependency order.

Options:
${formatOptions(options)}

Exit codes: 0 all complete; 1 a task failed or was blocked by one; 2 bad usage;
3 missing external input; 4 graph error (cycle, a task that cannot be built); 130 interrupted.`;

export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, options);
  if (args.options["help"]) {
    io.stdout(runHelp + "\n");
    return 0;
  }
  const json = args.options["json"] === true;
  const workers = intOption(args.options["workers"], "workers", 1);
  const retries = intOption(args.options["retries"], "retries", 0);
  const project = await openProject(io, args);
  const root = requestedInstance(project, args, "run");
  const projectOptions = { projectRoot: project.root, params: project.config.params ?? {} };

  if (args.options["dry-run"]) {
    const result = await plan(root, projectOptions);
    return printPlan(result, io, json);
  }

  const summary = await build(root, {
    ...projectOptions,
    store: (args.options["store"] as string | undefined) ?? project.config.store,
    workers: workers ?? project.config.workers ?? 1,
    retries: retries ?? project.config.retries ?? 0,
    ...(project.config.retryDelay !== undefined && { retryDelay: project.config.retryDelay }),
    signal: io.signal,
    onEvent: (event) => {
      const line = formatEvent(event);
      if (line !== undefined) io.stderr(line + "\n");
    },
  });
  io.stdout((json ? JSON.stringify(summary) : formatSummary(summary)) + "\n");
  return summary.exitCode;
}
