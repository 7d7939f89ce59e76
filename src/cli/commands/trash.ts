import { relative } from "node:path";
import { loadConfig } from "../../config/load-config.js";
import { emptyTrash, listTrash, restoreTrash, type TrashItem } from "../../engine/trash.js";
import { PipewrightError } from "../../errors.js";
import { parseDuration } from "../../params/duration-text.js";
import { listIds } from "../../util/list-ids.js";
import type { CliIo } from "../cli-io.js";
import { formatOptions, parseCommandArgs, rejectUnknownOptions, type OptionSpec } from "../parse-args.js";
import { configOption, helpOption } from "../common-options.js";

const options: OptionSpec[] = [
  { name: "older-than", kind: "value", valueName: "duration", description: "with empty: only entries older than this (e.g. 7d)" },
  configOption,
  helpOption,
];

export const trashHelp = `Usage: pipewright trash [list | restore [<id>] | empty [--older-than 7d]]

Outputs removed by "pipewright invalidate" wait in .pipewright/trash/ until restored or emptied.
  list              entries, newest first
  restore [<id>]    put an entry's outputs back (default: the newest); never overwrites
  empty             delete entries for good

Options:
${formatOptions(options)}`;

export async function trashCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(argv, options, trashHelp, io);
  if (!args) return 0;
  const { root } = await loadConfig(io.cwd, args.options["config"] as string | undefined, io.env);
  const [action = "list", id, extra] = args.positionals;
  rejectUnknownOptions(args, options, "trash");
  if (extra !== undefined) throw new PipewrightError("bad_usage", `Unexpected argument "${extra}". ${trashHelp.split("\n")[0]}`);
  switch (action) {
    case "list": {
      const entries = await listTrash(root);
      if (entries.length === 0) io.stdout("The trash is empty.\n");
      for (const entry of entries) {
        io.stdout(`${entry.id}  ${new Date(entry.createdAt).toISOString()}  ${entry.items.length} output(s)\n`);
        for (const item of entry.items) io.stdout(`    ${relative(root, item.original)}  (${item.taskId})\n`);
      }
      return 0;
    }
    case "restore": {
      const { entry, restored, inPlace, missing } = await restoreTrash(root, id);
      for (const item of restored) io.stdout(`  restored ${relative(root, item.original)}  (${item.taskId})\n`);
      const paths = (items: readonly TrashItem[]) => listIds(items.map((item) => relative(root, item.original)));
      if (inPlace.length > 0) io.stderr(`note: ${paths(inPlace)} ${inPlace.length === 1 ? "was" : "were"} in place already (the command that made or restored ${entry.id} stopped before moving ${inPlace.length === 1 ? "it" : "them"})\n`);
      if (missing.length > 0) io.stderr(`warning: ${paths(missing)} ${missing.length === 1 ? "is" : "are"} neither in the trash nor in place: deleted from ${entry.id} by hand?\n`);
      return 0;
    }
    case "empty": {
      const olderThan = args.options["older-than"];
      let ms: number | undefined;
      if (typeof olderThan === "string") {
        try {
          ms = parseDuration(olderThan);
        } catch (error) {
          throw new PipewrightError("bad_usage", `--older-than: ${(error as Error).message}. Use a duration such as 7d or 12h.`);
        }
      }
      const count = await emptyTrash(root, ms);
      io.stdout(`Deleted ${count} trash entr${count === 1 ? "y" : "ies"}.\n`);
      return 0;
    }
    default:
      throw new PipewrightError("bad_usage", `Unknown trash action "${action}". Use list, restore or empty.`);
  }
}
