import { PipewrightError } from "../errors.js";
import { didYouMean } from "../util/closest.js";

export interface OptionSpec {
  readonly name: string;
  /** `flag`: no value; `value`: one value; `list`: may repeat. */
  readonly kind: "flag" | "value" | "list";
  readonly valueName?: string;
  readonly description: string;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Record<string, string | boolean | string[]>;
  /** `--<name> [value]` pairs not among the command's options: task parameters. */
  readonly params: Array<{ readonly name: string; readonly value: string | undefined }>;
}

/**
 * Splits a command line into positionals, the command's own options, and everything else as
 * task parameters (`--date 2024-01-01`, `--window=7`, `--verbose`). Parameters are checked
 * against the task's declaration later, where the task is known.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const positionals: string[] = [];
  const options: Record<string, string | boolean | string[]> = {};
  const params: Array<{ name: string; value: string | undefined }> = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      options["help"] = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const next = argv[i + 1];
    const takeNext = () => (next !== undefined && !next.startsWith("--") ? (i++, next) : undefined);
    const spec = byName.get(name);
    if (!spec) {
      params.push({ name, value: inline ?? takeNext() });
      continue;
    }
    if (spec.kind === "flag") {
      if (inline !== undefined) throw new PipewrightError("bad_usage", `--${name} takes no value.`);
      options[name] = true;
      continue;
    }
    const value = inline ?? takeNext();
    if (value === undefined) throw new PipewrightError("bad_usage", `--${name} needs a value${spec.valueName ? ` (${spec.valueName})` : ""}.`);
    if (spec.kind === "list") options[name] = [...((options[name] as string[] | undefined) ?? []), value];
    else options[name] = value;
  }
  return { positionals, options, params };
}

/**
 * A command's arguments, or undefined after printing `help` when they ask for it (`--help`):
 * the command then exits 0. Every command starts this way.
 */
export function parseCommandArgs(argv: readonly string[], specs: readonly OptionSpec[], help: string, io: { stdout(text: string): void }): ParsedArgs | undefined {
  const args = parseArgs(argv, specs);
  if (!args.options["help"]) return args;
  io.stdout(help + "\n");
  return undefined;
}

/**
 * For a command that takes no task parameters: an option it does not know is a usage error
 * naming the command's options (`parseArgs` keeps unknown options as task parameters).
 */
export function rejectUnknownOptions(args: ParsedArgs, specs: readonly OptionSpec[], command: string): void {
  const unknown = args.params[0];
  if (unknown === undefined) return;
  const names = specs.map((spec) => spec.name);
  throw new PipewrightError(
    "bad_usage",
    `Unknown option --${unknown.name} for ${command}.${didYouMean(unknown.name, names)} Its options: ${names.map((name) => `--${name}`).join(", ")}.`,
  );
}

/** A positive whole number option, or a clear usage error. */
export function intOption(value: string | boolean | string[] | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < min) {
    throw new PipewrightError("bad_usage", `--${name} must be a whole number of at least ${min}, got "${String(value)}".`);
  }
  return n;
}

/** The help text of a command's options. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => [`--${s.name}${s.kind === "flag" ? "" : ` <${s.valueName ?? "value"}>`}`, s.description] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}
