// The options the profiling tools share, parsed by Node's own `parseArgs`.
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";

export interface ToolArgs {
  /** How many rows to print (`--top`). */
  readonly top: number;
  /** Where to make the temp folder (`--dir`; default: the system's temp folder). */
  readonly dir: string;
  readonly positionals: readonly string[];
}

/** Parses `--top N`, `--dir <folder>` and positionals; anything else, or a bad value, throws with `usage`. */
export function parseToolArgs(argv: readonly string[], defaultTop: number, usage: string): ToolArgs {
  let values: { top?: string | undefined; dir?: string | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: { top: { type: "string" }, dir: { type: "string" } }, allowPositionals: true }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
  const top = values.top === undefined ? defaultTop : Number(values.top);
  if (!Number.isInteger(top) || top < 1) throw new Error(`--top takes a whole number of rows, 1 or more, got ${values.top}.\n${usage}`);
  const dir = values.dir ?? tmpdir();
  if (!existsSync(dir)) throw new Error(`--dir ${dir} does not exist: give a folder that does, such as /dev/shm or ${tmpdir()}.\n${usage}`);
  return { top, dir, positionals };
}
