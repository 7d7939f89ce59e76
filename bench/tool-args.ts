// The options the profiling tools share, parsed by Node's own `parseArgs`.
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";

export interface ToolArgs<Count extends string> {
  /** The whole numbers the tool takes (`--top`: how many rows to print; `--turns`: …), by name. */
  readonly counts: Readonly<Record<Count, number>>;
  /** Where to make the temp folder (`--dir`; default: the system's temp folder). */
  readonly dir: string;
  readonly positionals: readonly string[];
}

/**
 * Parses the whole-number options named in `defaults` (`--top N`, …, each 1 or more), `--dir
 * <folder>` and positionals; anything else, or a bad value, throws with `usage`.
 */
export function parseToolArgs<Count extends string>(argv: readonly string[], defaults: Readonly<Record<Count, number>>, usage: string): ToolArgs<Count> {
  const names = Object.keys(defaults) as Count[];
  const options = Object.fromEntries([...names, "dir"].map((name) => [name, { type: "string" as const }]));
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
  const counts: Record<Count, number> = { ...defaults };
  for (const name of names) {
    const given = values[name];
    if (given === undefined) continue;
    const count = Number(given);
    if (!Number.isInteger(count) || count < 1) throw new Error(`--${name} takes a whole number, 1 or more, got ${String(given)}.\n${usage}`);
    counts[name] = count;
  }
  const dir = typeof values["dir"] === "string" ? values["dir"] : tmpdir();
  if (!existsSync(dir)) throw new Error(`--dir ${dir} does not exist: give a folder that does, such as /dev/shm or ${tmpdir()}.\n${usage}`);
  return { counts, dir, positionals };
}
