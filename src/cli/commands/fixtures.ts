import { relative, resolve } from "node:path";
import { PipewrightError } from "../../errors.js";
import { checkFixtures, updateFixturesVariable } from "../../testing/fixtures/check-fixtures.js";
import { isFixtureMismatch } from "../../testing/fixtures/fixture-mismatch-error.js";
import { recordFixtures, type FixtureSummary } from "../../testing/fixtures/record-fixtures.js";
import type { CliIo } from "../cli-io.js";
import { openProject, requestedInstance } from "../open-project.js";
import { formatOptions, intOption, parseCommandArgs, rejectUnknownOptions, type OptionSpec } from "../parse-args.js";
import { configOption, helpOption, moduleOption } from "../common-options.js";

const common: OptionSpec[] = [
  { name: "dir", kind: "value", valueName: "folder", description: "the fixture folder (default tests/fixtures)" },
  moduleOption,
  configOption,
  helpOption,
];
const recordOptions: OptionSpec[] = [
  ...common,
  { name: "workers", kind: "value", valueName: "N", description: "run up to N tasks at once (default 1)" },
];
const checkOptions: OptionSpec[] = [
  ...common,
  { name: "update", kind: "flag", description: `accept the new outputs (also: ${updateFixturesVariable}=1)` },
  { name: "tolerance", kind: "value", valueName: "x", description: "how close numbers must be, absolute and relative (default 1e-9)" },
];

export const fixturesHelp = `Usage: pipewright fixtures record <task> [--<param> <value>]… [--dir tests/fixtures]
       pipewright fixtures check [--dir tests/fixtures] [--update] [--tolerance 1e-6]

record  runs <task> and what it needs in a sandbox on the project's sample data (external
        inputs are copied from the project) and writes every step's inputs and outputs as
        readable files; the project's own data is left alone.
check   reruns every recorded step alone from its recorded inputs and compares its outputs.

Record options:
${formatOptions(recordOptions)}

Check options:
${formatOptions(checkOptions.slice(common.length))}

Exit codes: 0 recorded, or every step matches; 1 a step differs or failed; 2 bad usage.`;

export async function fixturesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "record") return record(rest, io);
  if (sub === "check") return check(rest, io);
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(fixturesHelp + "\n");
    return sub === undefined ? 2 : 0;
  }
  throw new PipewrightError("bad_usage", `Unknown fixtures command "${sub}". Use: pipewright fixtures record <task> or pipewright fixtures check.`);
}

async function record(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(argv, recordOptions, fixturesHelp, io);
  if (!args) return 0;
  const project = await openProject(io, args);
  const root = requestedInstance(project, args, "fixtures record");
  const dir = resolve(io.cwd, (args.options["dir"] as string | undefined) ?? "tests/fixtures");
  const summary = await recordFixtures(root, {
    dir,
    externalsFrom: project.root,
    params: project.config.params ?? {},
    workers: intOption(args.options["workers"], "workers", 1) ?? 1,
  });
  io.stdout(describeRecording(summary, io.cwd) + "\n");
  return 0;
}

async function check(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(argv, checkOptions, fixturesHelp, io);
  if (!args) return 0;
  if (args.positionals.length > 0) throw new PipewrightError("bad_usage", `fixtures check takes no task ("${args.positionals[0]}"): it checks every step recorded in --dir.`);
  rejectUnknownOptions(args, checkOptions, "fixtures check");
  const tolerance = numberOption(args.options["tolerance"], "tolerance");
  const project = await openProject(io, args);
  const dir = resolve(io.cwd, (args.options["dir"] as string | undefined) ?? "tests/fixtures");
  const update = args.options["update"] === true || ["1", "true", "yes"].includes(io.env[updateFixturesVariable] ?? "");
  const tasks = project.registry.names().map((name) => project.registry.get(name));
  try {
    const result = await checkFixtures(dir, { tasks, update, ...(tolerance !== undefined && { tolerance }) });
    const where = shown(dir, io.cwd);
    if (result.updated.length > 0) {
      io.stdout(`Updated ${result.updated.length} file(s) in ${where}:\n${result.differences.map((d) => `  ${d.taskId}: output ${d.output} ${d.difference}`).join("\n")}\n`);
    } else {
      io.stdout(`✔ ${result.checked.length} step(s) match the fixtures in ${where}.\n`);
    }
    return 0;
  } catch (error) {
    if (!isFixtureMismatch(error)) throw error;
    io.stdout(`✖ ${error.message}\n`);
    return 1;
  }
}

/** What was recorded: tasks by role, files by kind, total size, warnings. */
export function describeRecording(summary: FixtureSummary, cwd: string): string {
  const where = shown(summary.dir, cwd);
  const roles = new Map<string, number>();
  for (const t of summary.tasks) roles.set(t.role, (roles.get(t.role) ?? 0) + 1);
  const roleText = [...roles].map(([role, n]) => `${n} ${role === "step" ? "step(s) to check" : role === "external" ? "external input(s)" : role === "stub" ? "stub(s)" : "given output(s)"}`);
  const kinds = Object.entries(summary.kinds).map(([kind, n]) => `${n} ${kind}`);
  const lines = [
    `Recorded fixtures for ${summary.roots.join(", ")} in ${where}:`,
    `  ${summary.tasks.length} task(s): ${roleText.join(", ")}`,
    `  ${summary.files.length} file(s), ${formatBytes(summary.totalBytes)}: ${kinds.join(", ")}`,
    ...summary.warnings.map((w) => `  warning: ${w}`),
    `Check them with: pipewright fixtures check --dir ${where}`,
  ];
  return lines.join("\n");
}

/** A folder as the user would type it: relative when inside the current folder. */
function shown(dir: string, cwd: string): string {
  const rel = relative(cwd, dir);
  return rel === "" ? "." : rel.startsWith("..") ? dir : rel;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function numberOption(value: string | boolean | string[] | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new PipewrightError("bad_usage", `--${name} must be a number of 0 or more, such as 1e-6; got "${String(value)}".`);
  }
  return n;
}
