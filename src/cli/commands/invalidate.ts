import { relative } from "node:path";
import { resolveStore } from "../../engine/run-context.js";
import { invalidateOutputs, outputsToInvalidate } from "../../engine/trash.js";
import type { CliIo } from "../cli-io.js";
import { findDownstream, whyConsumersUnknown } from "../downstream.js";
import { listIds } from "../../util/list-ids.js";
import { openProject, requestedInstance } from "../open-project.js";
import { formatOptions, parseCommandArgs, type OptionSpec } from "../parse-args.js";
import { configOption, helpOption, moduleOption, storeOption } from "../common-options.js";

const options: OptionSpec[] = [
  { name: "downstream", kind: "flag", description: "also invalidate what consumed it, as recorded in the store" },
  { name: "dry-run", kind: "flag", description: "list what would be moved to the trash, move nothing" },
  storeOption,
  moduleOption,
  configOption,
  helpOption,
];

export const invalidateHelp = `Usage: pipewright invalidate <task> [--<param> <value>]… [options]

Moves the outputs of <task> (and with --downstream, of every task that consumed them) to the
trash in .pipewright/trash/, so the next run rebuilds them. Only the tasks' declared outputs are
touched. Bring them back with "pipewright trash restore"; delete them with "pipewright trash empty".

Options:
${formatOptions(options)}`;

export async function invalidateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(argv, options, invalidateHelp, io);
  if (!args) return 0;
  const project = await openProject(io, args);
  const root = requestedInstance(project, args, "invalidate");
  const instances = [root];
  if (args.options["downstream"]) {
    const { store, owned } = resolveStore((args.options["store"] as string | undefined) ?? project.config.store, project.root);
    try {
      await store.init();
      const found = await findDownstream(store, project, [root.id]);
      for (const instance of found.instances) instances.push(instance);
      if (found.unknown.length > 0) io.stderr(`note: ${listIds(found.unknown)} consumed it, but ${whyConsumersUnknown(found.unknown)}; ${found.unknown.length === 1 ? "its outputs are" : "their outputs are"} left alone\n`);
    } finally {
      if (owned) await store.close();
    }
  }
  const show = (path: string | null, location: string) => (path ? relative(project.root, path) || path : location);
  const projectOptions = { projectRoot: project.root, params: project.config.params ?? {} };
  if (args.options["dry-run"]) {
    const items = await outputsToInvalidate(instances, projectOptions);
    io.stdout(items.length === 0 ? "Nothing to invalidate: no output of these tasks exists.\n" : `Would move ${items.length} output${items.length === 1 ? "" : "s"} to the trash:\n`);
    for (const item of items) io.stdout(`  ${show(item.path, item.location)}  (${item.taskId})\n`);
    return 0;
  }
  const { entry, removed } = await invalidateOutputs(instances, projectOptions);
  const count = (entry?.items.length ?? 0) + removed.length;
  if (count === 0) {
    io.stdout("Nothing to invalidate: no output of these tasks exists.\n");
    return 0;
  }
  for (const item of entry?.items ?? []) io.stdout(`  trashed ${show(item.original, item.location)}  (${item.taskId})\n`);
  for (const item of removed) io.stdout(`  removed ${item.location}  (${item.taskId})\n`);
  if (entry) io.stdout(`Moved ${entry.items.length} output${entry.items.length === 1 ? "" : "s"} to the trash as ${entry.id}. Undo with: pipewright trash restore ${entry.id}\n`);
  return 0;
}
