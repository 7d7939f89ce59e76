// `npm run bench [-- --json] [-- --sizes 1000,10000] [-- --only fan-in]`: times each workload
// in a fresh process and temp folder next to its floor, then checks the issue's figures.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseBenchArgs, type BenchArgs } from "./bench-args.js";
import { lackOfSpace } from "./disk-space.js";
import { measureRepeats, type ResultRow } from "./measure.js";
import { formatHeader, formatRow, formatTargets } from "./report.js";
import { checkTargets } from "./targets.js";
import { selectWorkloads } from "./workloads.js";

async function main(): Promise<void> {
  let args: BenchArgs;
  let selected: ReturnType<typeof selectWorkloads>;
  try {
    args = parseBenchArgs(process.argv.slice(2));
    selected = selectWorkloads(args.only);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const folder = resolve(args.dir ?? tmpdir());
  if (statSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) {
    process.stderr.write(`--dir ${args.dir}: there is no folder there. Create it, or give one that exists (e.g. /dev/shm, a memory file system).\n`);
    process.exitCode = 2;
    return;
  }
  const noRoom = lackOfSpace(folder, selected, args.sizes);
  if (noRoom !== undefined) {
    process.stderr.write(`${noRoom}\n`);
    process.exitCode = 2;
    return;
  }
  // Workloads run with a process pool, and its size: the others run inline (workers: 1).
  const pooled = selected.filter((w) => (w.workers ?? 1) > 1 && w.what !== "unavailable");
  const meta = {
    kind: "meta" as const,
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "?",
    memoryGB: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    commit: git(["rev-parse", "--short", "HEAD"]),
    uncommittedSrcFiles: git(["status", "--porcelain", "--", "src"]).split("\n").filter(Boolean).length,
    sizes: args.sizes,
    layout: args.layout,
    folder,
    fileSystem: fileSystemOf(folder),
    store: "sqlite (embedded, state.db in the temp folder)",
    workers: 1,
    ...(pooled.length > 0 && { processPool: Object.fromEntries(pooled.map((w) => [w.name, w.workers])) }),
    repeat: args.repeat,
  };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (args.json) out(JSON.stringify(meta));
  else {
    out(`pipewright bench ${meta.date}  node ${meta.node}  ${meta.cpus} cpus (${meta.cpuModel})  load ${meta.loadAverage.join(" ")}`);
    out(`commit ${meta.commit}${meta.uncommittedSrcFiles ? ` + ${meta.uncommittedSrcFiles} uncommitted file(s) in src/` : ""}  layout ${meta.layout}  in ${meta.folder} (${meta.fileSystem})  store sqlite  workers 1${pooled.map((w) => ` (${w.name}: ${w.workers}, process pool)`).join("")}  best of ${args.repeat}\n`);
    out(formatHeader());
  }

  const rows: ResultRow[] = [];
  // One workload at all its sizes in a row: the growth from 10,000 to 100,000 tasks then compares
  // runs a minute apart, not several, on a disk whose speed drifts within a session.
  for (const workload of selected) {
    for (const n of args.sizes) {
      const row = await measureRepeats(workload, n, args);
      rows.push(row);
      out(args.json ? JSON.stringify(row) : formatRow(row));
    }
  }
  const targets = checkTargets(rows);
  if (args.json) for (const target of targets) out(JSON.stringify(target));
  else for (const text of formatTargets(targets)) out(text);
}

/** The file system the temp folders are on (`ext4`, `tmpfs`, …), from `df`; `?` where it cannot tell. */
function fileSystemOf(folder: string): string {
  try {
    return execFileSync("df", ["--output=fstype", folder], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split("\n").pop()?.trim() || "?";
  } catch {
    return "?";
  }
}

function git(gitArgs: string[]): string {
  try {
    return execFileSync("git", gitArgs, { cwd: fileURLToPath(new URL("..", import.meta.url)), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "?";
  }
}

process.stdout.on("error", () => process.exit(0)); // piped into head
main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
