// What one task costs the process pool in messages alone, without the engine: a parent and two
// child processes pass task-sized messages as the pool does (a "run" one way; the output markers
// on stdout and stderr and a "done" the other), each side spinning a set time for its own work
// and the child writing one tiny file. It answers how much sending each child its next task
// ahead (depth 2) or dropping the markers would save, before either is built into the pool.
// Usage: npx tsx bench/pool-exchange.ts [--tasks 20000] [--work 30] [--dir /dev/shm]
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseToolArgs } from "./tool-args.js";

interface Case {
  readonly depth: number;
  readonly markers: boolean;
  readonly workUs: number;
  readonly children: number;
}

const marker = "\u001emarker\u001e";

/** Busy for `us` microseconds: the stand-in for one side's own work on a task. */
function spin(us: number): void {
  const end = performance.now() + us / 1000;
  while (performance.now() < end);
}

function child(): void {
  const [folder, workUs, markers] = [process.env.EXCHANGE_DIR!, Number(process.env.EXCHANGE_WORK_US), process.env.EXCHANGE_MARKERS === "1"];
  const queue: number[] = [];
  let busy = false;
  // One attempt at a time, as a pool process runs them; later ones wait in the queue.
  const next = (): void => {
    if (busy || queue.length === 0) return;
    busy = true;
    const seq = queue.shift()!;
    setImmediate(() => {
      spin(workUs);
      writeFileSync(join(folder, `.t${seq}`), `${seq}\n`);
      renameSync(join(folder, `.t${seq}`), join(folder, `f${seq}`));
      if (markers) {
        process.stdout.write(marker);
        process.stderr.write(marker);
      }
      process.send!({ type: "done", seq, error: null });
      busy = false;
      next();
    });
  };
  process.on("message", (message: { seq: number }) => {
    queue.push(message.seq);
    next();
  });
}

/** Runs `tasks` tasks through `children` processes; resolves with the wall time per task in µs. */
async function measure(c: Case, tasks: number, folder: string): Promise<number> {
  const env = { ...process.env, EXCHANGE_CHILD: "1", EXCHANGE_DIR: folder, EXCHANGE_WORK_US: String(c.workUs), EXCHANGE_MARKERS: c.markers ? "1" : "0" };
  const script = fileURLToPath(import.meta.url);
  const kids: ChildProcess[] = Array.from({ length: c.children }, () => fork(script, [], { env, stdio: ["ignore", "pipe", "pipe", "ipc"] }));
  // Let them boot before timing, as the pool's processes are started ahead of the run.
  await Promise.all(kids.map((k) => new Promise((resolve) => k.once("spawn", resolve))));
  await new Promise((resolve) => setTimeout(resolve, 300));
  let sent = 0;
  let done = 0;
  const started = performance.now();
  return new Promise((resolve) => {
    const send = (k: ChildProcess): void => {
      if (sent >= tasks) return;
      sent++;
      k.send({ type: "run", seq: sent, request: { taskId: `leaf(i=${sent})`, name: "leaf", params: { i: sent }, attempt: 1, seed: "" } });
    };
    for (const k of kids) {
      k.stdout!.on("data", () => undefined);
      k.stderr!.on("data", () => undefined);
      k.on("message", () => {
        spin(c.workUs); // the scheduler's share: record the result, pick the next task
        done++;
        send(k);
        if (done === tasks) {
          for (const each of kids) each.kill();
          resolve(((performance.now() - started) * 1000) / tasks);
        }
      });
      for (let i = 0; i < c.depth; i++) send(k);
    }
  });
}

const usage = "Usage: npx tsx bench/pool-exchange.ts [--tasks 20000] [--work 30] [--dir <folder>]";

async function main(): Promise<void> {
  const { counts, dir, positionals } = parseToolArgs(process.argv.slice(2), { tasks: 20_000, work: 30 }, usage);
  const { tasks, work: workUs } = counts;
  if (positionals.length > 0 || tasks < 100) throw new Error(`--tasks takes 100 or more, and nothing else is taken.\n${usage}`);
  const folder = mkdtempSync(join(dir, "pw-exchange-"));
  try {
    const cases: Case[] = [
      { depth: 1, markers: true, workUs: 0, children: 1 },
      { depth: 2, markers: true, workUs: 0, children: 1 },
      { depth: 8, markers: true, workUs: 0, children: 1 },
      { depth: 1, markers: true, workUs: 0, children: 2 },
      { depth: 2, markers: true, workUs: 0, children: 2 },
      { depth: 1, markers: true, workUs, children: 2 },
      { depth: 2, markers: true, workUs, children: 2 },
      { depth: 1, markers: false, workUs, children: 2 },
      { depth: 2, markers: false, workUs, children: 2 },
    ];
    console.log(`pool exchange: ${tasks} tasks each, files in ${folder}`);
    console.log("children  work/side  ahead  markers   us/task");
    for (const c of cases) {
      const us = await measure(c, tasks, folder);
      console.log(`${String(c.children).padStart(8)}  ${`${c.workUs} us`.padStart(9)}  ${String(c.depth - 1).padStart(5)}  ${(c.markers ? "yes" : "no").padStart(7)}  ${us.toFixed(1).padStart(8)}`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.env.EXCHANGE_CHILD === "1") child();
else
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  });
