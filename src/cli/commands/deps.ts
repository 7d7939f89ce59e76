import { plan } from "../../engine/plan.js";
import { PipewrightError } from "../../errors.js";
import type { CliIo } from "../cli-io.js";
import { openProject, requestedInstance } from "../open-project.js";
import { formatOptions, parseCommandArgs, type OptionSpec } from "../parse-args.js";
import { configOption, helpOption, moduleOption, storeOption } from "../common-options.js";
import { graphFormats, renderPlan, type GraphFormat } from "../render-graph.js";
import { stalenessOption } from "../staleness-option.js";

const options: OptionSpec[] = [
  { name: "format", kind: "value", valueName: "tree|json|dot|mermaid", description: "output form (default tree)" },
  { name: "staleness", kind: "value", valueName: "outputs|fingerprint", description: "what makes a task complete (default outputs, or the config's)" },
  storeOption,
  moduleOption,
  configOption,
  helpOption,
];

export const depsHelp = `Usage: pipewright deps <task> [--<param> <value>]… [options]

Prints the dependency tree of <task> with each task's state and why it would run.

Options:
${formatOptions(options)}`;

export async function depsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(argv, options, depsHelp, io);
  if (!args) return 0;
  const format = (args.options["format"] as string | undefined) ?? "tree";
  if (!(graphFormats as readonly string[]).includes(format)) {
    throw new PipewrightError("bad_usage", `Unknown --format "${format}". Use one of: ${graphFormats.join(", ")}.`);
  }
  const staleness = stalenessOption(args.options["staleness"]);
  const project = await openProject(io, args);
  const root = requestedInstance(project, args, "deps");
  const result = await plan(root, {
    projectRoot: project.root,
    params: project.config.params ?? {},
    staleness: staleness ?? project.config.staleness ?? "outputs",
    store: (args.options["store"] as string | undefined) ?? project.config.store,
  });
  io.stdout(renderPlan(result, format as GraphFormat) + "\n");
  return 0;
}
