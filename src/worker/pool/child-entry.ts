// A pool process: loads the pipeline modules once, then runs attempts one after another as the
// parent (process-pool.ts) asks, over the IPC channel. Spawned by pool-process.ts; not imported.
import { register } from "tsx/esm/api";
import { loadTasks } from "../../task/task-registry.js";
import { PipewrightError } from "../../errors.js";
import { fromAttemptError, toAttemptError } from "./attempt-error.js";
import { runChildAttempt, type ChildChannel, type ChildProject } from "./child-attempt.js";
import { isParentMessage, markerEnv, outputMarker, type ChildMessage, type ParentMessage } from "./messages.js";
import type { AttemptError, TaskRef } from "./pool-types.js";

// Pipelines are TypeScript loaded as they are (as bin/pipewright.js does for the scheduler).
register();
process.title = "pipewright-worker";

interface Running {
  readonly seq: number;
  readonly controller: AbortController;
  readonly settled: Promise<AttemptError | null>;
}

const marker = outputMarker(process.env[markerEnv] ?? "");
const waitingRequires = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
let project: ChildProject | undefined;
let graceMs = 3000;
let running: Running | undefined;
let nextRequestId = 1;
let exiting = false;

function send(message: ChildMessage, then?: () => void): void {
  if (!process.connected) return then?.();
  process.send?.(message, undefined, {}, () => then?.());
}

process.on("message", (raw: unknown) => {
  if (!isParentMessage(raw)) return;
  if (raw.type === "init") void init(raw);
  else if (raw.type === "run") void run(raw);
  else settleRequire(raw);
});

async function init(message: Extract<ParentMessage, { type: "init" }>): Promise<void> {
  try {
    const tasks = await loadTasks(message.modules, message.projectRoot);
    project = { tasks, projectRoot: message.projectRoot, paramDefaults: message.paramDefaults, fsync: message.fsync };
    graceMs = message.killGraceMs;
    send({ type: "ready" });
  } catch (error) {
    send({ type: "load_failed", error: toAttemptError(error) }, () => process.exit(1));
  }
}

async function run({ seq, request }: Extract<ParentMessage, { type: "run" }>): Promise<void> {
  const controller = new AbortController();
  const channel: ChildChannel = {
    log: (level, message) => send({ type: "log", seq, level, message }),
    require: (requirements: readonly TaskRef[]) =>
      new Promise<void>((resolve, reject) => {
        const requestId = nextRequestId++;
        waitingRequires.set(requestId, { resolve, reject });
        send({ type: "require", seq, requestId, requirements });
      }),
  };
  const attempt = project
    ? runChildAttempt(project, request, channel, controller.signal)
    : Promise.reject(new PipewrightError("bad_usage", "A pool process was asked to run a task before loading the pipeline modules."));
  const settled = attempt.then(
    () => null,
    (error: unknown) => toAttemptError(error),
  );
  running = { seq, controller, settled };
  const error = await settled;
  // End this attempt's output on both streams before saying it is done (see outputMarker).
  await Promise.all([writeMarker(process.stdout), writeMarker(process.stderr)]);
  if (running?.seq === seq) running = undefined;
  send({ type: "done", seq, error });
}

function writeMarker(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write(marker, () => resolve()));
}

function settleRequire(message: Extract<ParentMessage, { type: "required" }>): void {
  const waiting = waitingRequires.get(message.requestId);
  waitingRequires.delete(message.requestId);
  if (message.error === null) waiting?.resolve();
  else waiting?.reject(fromAttemptError(message.error));
}

/** Stop: abort the attempt's signal so it can discard its temporary outputs, then exit. */
async function stop(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  const current = running;
  if (current) {
    current.controller.abort();
    const interrupted = new PipewrightError("interrupted", "The attempt was stopped while waiting for its requirements.");
    for (const waiting of waitingRequires.values()) waiting.reject(interrupted);
    // A task that ignores its signal gets the grace period, as from the parent's SIGKILL; this
    // also bounds an orphan's life when the parent died.
    await Promise.race([current.settled, new Promise((resolve) => setTimeout(resolve, graceMs))]);
  }
  process.exit(code);
}

function crash(error: unknown): void {
  if (exiting) return;
  exiting = true;
  // The process may be in any state now: report, and let the pool start a fresh one.
  send({ type: "crashed", seq: running?.seq ?? null, error: toAttemptError(error) }, () => process.exit(70));
  setTimeout(() => process.exit(70), 1000);
}

process.on("SIGTERM", () => void stop(143));
// The parent going away (closing the pool, or dying) leaves this process with nothing to do.
process.on("disconnect", () => void stop(0));
// Ctrl-C in a terminal reaches the whole process group; the scheduler decides what stops.
process.on("SIGINT", () => undefined);
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);
