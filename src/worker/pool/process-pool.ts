import { PipewrightError } from "../../errors.js";
import { childCommand } from "./child-command.js";
import { abortFailure } from "./exit-failure.js";
import { PoolProcess } from "./pool-process.js";
import type { AttemptResult, PoolAttemptHooks, PoolAttemptRequest, PoolProject, ProcessPool, ProcessPoolOptions } from "./pool-types.js";

interface Queued {
  readonly request: PoolAttemptRequest;
  readonly hooks: PoolAttemptHooks;
  readonly resolve: (result: AttemptResult) => void;
  readonly onAbort: () => void;
}

const defaultKillGraceMs = 3000;

/**
 * A pool of reusable child processes that run task attempts, so CPU-bound tasks really run in
 * parallel and a task that crashes its process (process.exit, an async throw, out of memory, a
 * signal) fails alone: its process is replaced, other attempts go on.
 *
 * At most `size` attempts run at once. An attempt waiting on a dynamic requirement does not
 * count, so the pool may start an extra process for the requirement (otherwise a pool of one
 * would wait for itself); extras are stopped once idle. Processes start on demand.
 *
 * @example
 * const pool = createProcessPool({ size: 2, modules: ["/app/pipeline.ts"], projectRoot: "/app", paramDefaults: {} });
 * const result = await pool.runAttempt({ ...taskRefOf(instance), attempt: 1, seed: "" }, hooks);
 * await pool.close();
 */
export function createProcessPool(options: ProcessPoolOptions): ProcessPool {
  return createPool(options, options);
}

/**
 * A pool whose children start now and learn what to load once `project` resolves: the CLI
 * starts them before reading the config, so they boot while it does.
 */
export function createProcessPoolEarly(options: Omit<ProcessPoolOptions, keyof PoolProject>, project: Promise<PoolProject>): ProcessPool {
  project.catch(() => undefined); // each child reports it; close() still works
  return createPool(options, project);
}

function createPool(options: Omit<ProcessPoolOptions, keyof PoolProject>, project: PoolProject | Promise<PoolProject>): ProcessPool {
  if (!Number.isInteger(options.size) || options.size < 1) {
    throw new PipewrightError("bad_usage", `A process pool needs a size of 1 or more whole processes, got ${String(options.size)}.`);
  }
  const command = childCommand();
  const processes = new Set<PoolProcess>();
  const queue: Queued[] = [];
  let closed = false;

  const killGraceMs = options.killGraceMs ?? defaultKillGraceMs;
  const start = (): PoolProcess => {
    const child = new PoolProcess({
      command,
      execArgv: options.execArgv ?? [],
      maxOldSpaceMb: options.maxOldSpaceMb,
      killGraceMs,
      init: Promise.resolve(project).then((p) => ({ type: "init" as const, modules: p.modules, projectRoot: p.projectRoot, paramDefaults: p.paramDefaults, fsync: p.fsync ?? false, killGraceMs })),
      onChange: changed,
    });
    processes.add(child);
    return child;
  };

  const activeCount = (): number => [...processes].filter((p) => p.isActive).length;

  function pump(): void {
    while (!closed && queue.length > 0 && activeCount() < options.size) {
      const job = queue.shift()!;
      job.hooks.signal.removeEventListener("abort", job.onAbort);
      const child = [...processes].find((p) => p.isFree) ?? start();
      void child.run(job.request, job.hooks).then(job.resolve);
    }
  }

  function changed(child: PoolProcess): void {
    if (child.isDead) processes.delete(child);
    pump();
    // Extras started while others waited on requirements: stop them once idle.
    if (!closed && child.isFree && processes.size > options.size) {
      processes.delete(child);
      void child.shutdown();
    }
  }

  return {
    runAttempt(request, hooks) {
      if (closed) return Promise.reject(new PipewrightError("bad_usage", "This process pool is closed; create a new one to run more tasks."));
      if (hooks.signal.aborted) return Promise.resolve(abortFailure(request.taskId));
      return new Promise<AttemptResult>((resolve) => {
        const job: Queued = {
          request,
          hooks,
          resolve,
          onAbort: () => {
            const at = queue.indexOf(job);
            if (at !== -1) queue.splice(at, 1);
            resolve(abortFailure(request.taskId));
          },
        };
        hooks.signal.addEventListener("abort", job.onAbort, { once: true });
        queue.push(job);
        pump();
      });
    },

    async warmUp() {
      while (!closed && processes.size < options.size) start();
      await Promise.all([...processes].map((p) => p.ready));
    },

    async close() {
      closed = true;
      for (const job of queue.splice(0)) {
        job.hooks.signal.removeEventListener("abort", job.onAbort);
        job.resolve(abortFailure(job.request.taskId));
      }
      await Promise.all([...processes].map((p) => p.shutdown()));
      processes.clear();
    },
  };
}
