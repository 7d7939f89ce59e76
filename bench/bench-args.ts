/** What `npm run bench -- …` was asked to do. */
export interface BenchArgs {
  /** One JSON object per line on stdout instead of a table. */
  readonly json: boolean;
  /** Graph sizes (tasks), smallest first. */
  readonly sizes: readonly number[];
  /** Workload names or groups to run (`fan-in`, `rerun`, …); undefined: all. */
  readonly only: readonly string[] | undefined;
  /** A workload's child process is killed after this many seconds and reported as timed out. */
  readonly timeoutSec: number;
  /** `flat`: every output in one folder (what a naive pipeline does); `sharded`: 1,000 per folder. */
  readonly layout: Layout;
  /** Also measure the floor written with the asynchronous fs API (for reference). */
  readonly asyncFloor: boolean;
  /** Write a V8 CPU profile of each engine child here. */
  readonly profileDir: string | undefined;
  /** Measure each workload this many times and keep the best figures. */
  readonly repeat: number;
  /** Keep the temp folders (their paths are printed). */
  readonly keep: boolean;
  /** Where the temp folders go; undefined: the system's temp folder. */
  readonly dir: string | undefined;
}

export type Layout = "flat" | "sharded";

export const usage = `Usage: npm run bench -- [options]
  --sizes 1000,10000,100000   graph sizes (default: all three)
  --only fan-in,rerun         workloads or groups: fan-in, layered, rerun (rerun-fan-in, rerun-layered,
                              rerun-fingerprint), engine-only, workers-2, postgres
  --json                      one JSON object per line (meta, result, target)
  --repeat 3                  measure each workload 3 times, keep the best (the machine is shared);
                              the spread (min–max, median) of time per task and x floor follows the row
  --timeout 3600              seconds before a workload is killed and reported as timed out
  --layout flat|sharded       outputs in one folder (default) or 1,000 per folder
  --no-async-floor            skip the reference floor written with the asynchronous fs API
  --profile <dir>             write a .cpuprofile of each timed engine run (summarise: npx tsx bench/profile-summary.ts <file>)
  --keep                      keep the temp folders
  --dir /dev/shm              make the temp folders there (default: the system's temp folder); on a
                              memory file system the floors and the engine run without the disk`;

/** Parses `--flag value`, `--flag=value` and bare flags; throws a message naming the bad argument. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let json = false;
  let sizes: number[] = [1_000, 10_000, 100_000];
  let only: string[] | undefined;
  let timeoutSec = 3_600;
  let layout: Layout = "flat";
  let asyncFloor = true;
  let profileDir: string | undefined;
  let keep = false;
  let repeat = 1;
  let dir: string | undefined;
  const args = [...argv];
  while (args.length > 0) {
    const arg = args.shift()!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined || v === "") throw new Error(`${flag} needs a value.\n${usage}`);
      return v;
    };
    switch (flag) {
      case "--json":
        json = true;
        break;
      case "--sizes":
        sizes = value()
          .split(",")
          .map((s) => Number(s.replace(/_/g, "")));
        if (sizes.some((n) => !Number.isInteger(n) || n < 10 || n % 10 !== 0)) throw new Error(`--sizes takes whole numbers of tasks, multiples of 10 (10 or more), e.g. 1000,10000.`);
        sizes.sort((a, b) => a - b);
        break;
      case "--only":
        only = value().split(",").map((s) => s.trim()).filter(Boolean);
        break;
      case "--timeout":
        timeoutSec = Number(value());
        if (!(timeoutSec > 0)) throw new Error(`--timeout takes a number of seconds above 0.`);
        break;
      case "--repeat":
        repeat = Number(value());
        if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat takes a whole number, 1 or more.`);
        break;
      case "--layout": {
        const v = value();
        if (v !== "flat" && v !== "sharded") throw new Error(`--layout is flat or sharded, got ${v}.`);
        layout = v;
        break;
      }
      case "--no-async-floor":
        asyncFloor = false;
        break;
      case "--profile":
        profileDir = value();
        break;
      case "--keep":
        keep = true;
        break;
      case "--dir":
        dir = value();
        break;
      case "--help":
      case "-h":
        throw new Error(usage);
      default:
        throw new Error(`Unknown argument ${arg}.\n${usage}`);
    }
  }
  return { json, sizes, only, timeoutSec, layout, asyncFloor, profileDir, keep, repeat, dir };
}
