import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fromAttemptError, poolFailure, toAttemptError } from "./attempt-error.js";
import { AttemptTimer } from "./attempt-timer.js";
import type { ChildCommand } from "./child-command.js";
import { abortFailure, exitFailure, timeoutFailure } from "./exit-failure.js";
import { isChildMessage, markerEnv, outputMarker, type ChildMessage, type ParentMessage } from "./messages.js";
import { OutputSplitter } from "./output-splitter.js";
import type { AttemptError, AttemptResult, PoolAttemptHooks, PoolAttemptRequest } from "./pool-types.js";

export interface PoolProcessOptions {
  readonly command: ChildCommand;
  readonly execArgv: readonly string[];
  readonly maxOldSpaceMb: number | undefined;
  readonly killGraceMs: number;
  /** What to load; a promise lets the process boot (Node, tsx) before the project is known. */
  readonly init: Extract<ParentMessage, { type: "init" }> | Promise<Extract<ParentMessage, { type: "init" }>>;
  /** Called when the process becomes idle, starts or stops waiting on a requirement, or dies. */
  readonly onChange: (process: PoolProcess) => void;
}

type Failure = Extract<AttemptResult, { ok: false }>;

interface Attempt {
  readonly seq: number;
  readonly request: PoolAttemptRequest;
  readonly hooks: PoolAttemptHooks;
  readonly resolve: (result: AttemptResult) => void;
  /** The child's verdict ("done"), and how many streams have shown the end marker (need 2). */
  outcome: AttemptError | null | undefined;
  markers: number;
  /** Set once the pool decided to stop the attempt (timeout, abort): the result, whatever the child says. */
  stopping: Failure | undefined;
  crashed: AttemptError | undefined;
  requiresPending: number;
  readonly timer: AttemptTimer;
}

const stderrTailChars = 8192;

/**
 * The parent's side of one pool process: starts it, runs one attempt at a time in it, cuts its
 * stdout/stderr into attempts, enforces the time limit, and turns its death into a failure.
 */
export class PoolProcess {
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private state: "starting" | "idle" | "busy" | "dead" = "starting";
  private attempt: Attempt | undefined;
  private assigned = false;
  private seq = 0;
  private stderrTail = "";
  private startError: AttemptError | undefined;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private loaded = false;

  constructor(private readonly options: PoolProcessOptions) {
    const token = randomBytes(12).toString("hex");
    const heap = options.maxOldSpaceMb === undefined ? [] : [`--max-old-space-size=${options.maxOldSpaceMb}`];
    this.child = fork(options.command.entry, [], {
      execArgv: [...options.command.execArgv, ...heap, ...options.execArgv],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...process.env, [markerEnv]: token },
      serialization: "json",
    });
    const marker = outputMarker(token);
    const stdout = new OutputSplitter(marker, (text) => this.attempt?.hooks.onOutput("stdout", text), () => this.markerSeen());
    const stderr = new OutputSplitter(marker, (text) => this.onStderr(text), () => this.markerSeen());
    this.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => stdout.push(chunk));
    this.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));

    let onReady: () => void = () => undefined;
    let onStartFailed: (error: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => ((onReady = resolve), (onStartFailed = reject)));
    this.ready.catch(() => undefined); // reported through run() or warmUp(), not as an unhandled rejection
    this.exited = new Promise<void>((resolve) => {
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        stdout.end();
        stderr.end();
        clearTimeout(this.killTimer);
        this.state = "dead";
        if (!this.loaded) {
          this.startError ??= poolFailure(this.describeEarlyExit());
          onStartFailed(fromAttemptError(this.startError));
        }
        this.finish(this.endFailure());
        this.options.onChange(this);
        resolve();
      };
      this.child.on("exit", (code, signal) => {
        this.exitInfo = { code, signal };
        // Wait for the pipes to drain (the out-of-memory report comes last), but not forever:
        // a grandchild may hold them open.
        setTimeout(end, 2000).unref();
      });
      this.child.on("close", end);
      this.child.on("error", (error) => {
        this.startError ??= toAttemptError(error);
        if (this.child.pid === undefined) end(); // it never started: no exit will come
      });
    });
    this.child.on("message", (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === "ready") {
        this.loaded = true;
        if (this.state === "starting") this.state = this.assigned ? "busy" : "idle";
        onReady();
      } else if (message.type === "load_failed") {
        this.startError = message.error;
      } else this.onAttemptMessage(message);
    });
    Promise.resolve(options.init).then(
      (init) => this.send(init),
      (error: unknown) => {
        // The project never became known (the command failed first): nothing to run here.
        this.startError ??= toAttemptError(error);
        this.child.kill("SIGKILL");
      },
    );
  }

  get isDead(): boolean {
    return this.state === "dead";
  }

  /** Free for an attempt (possibly still starting). */
  get isFree(): boolean {
    return this.state !== "dead" && !this.assigned;
  }

  /** Running an attempt that is not waiting on a dynamic requirement: it holds a slot of the pool. */
  get isActive(): boolean {
    return this.assigned && (this.attempt?.requiresPending ?? 0) === 0;
  }

  /** Runs one attempt; call only when `isFree`. Resolves with its outcome, never rejects. */
  async run(request: PoolAttemptRequest, hooks: PoolAttemptHooks): Promise<AttemptResult> {
    this.assigned = true;
    const started = await this.whenReady(hooks.signal);
    if (started !== "ready") {
      this.assigned = false;
      this.options.onChange(this);
      if (started === "aborted" || this.closing) return abortFailure(request.taskId);
      return { ok: false, reason: "threw", error: this.startError ?? poolFailure("A worker process could not start. Check that the pipeline modules import without errors (pipewright deps <task> loads them too), or mark the task inline: true to run it in the scheduler's process.") };
    }
    if (this.state === "dead") return { ok: false, reason: "exited", error: poolFailure(`The worker process for ${request.taskId} ended before the attempt started.`) };
    this.state = "busy";
    this.stderrTail = ""; // what an earlier attempt wrote says nothing about how this one ends
    return new Promise<AttemptResult>((resolve) => {
      const seq = ++this.seq;
      const attempt: Attempt = {
        seq,
        request,
        hooks,
        resolve,
        outcome: undefined,
        markers: 0,
        stopping: undefined,
        crashed: undefined,
        requiresPending: 0,
        timer: new AttemptTimer(request.timeoutMs, () => this.stop(timeoutFailure(request.taskId, request.timeoutMs ?? 0))),
      };
      this.attempt = attempt;
      hooks.signal.addEventListener("abort", this.onAbort);
      const { timeoutMs: _limit, ...forChild } = request;
      this.send({ type: "run", seq, request: forChild });
      attempt.timer.start();
    });
  }

  /** Stops the process: its attempt (if any) ends as `aborted`. Resolves once it has exited. */
  shutdown(): Promise<void> {
    this.closing = true;
    if (this.attempt) this.stop(abortFailure(this.attempt.request.taskId));
    else this.terminate();
    return this.exited;
  }

  /** Waits for the modules to load, unless the attempt is aborted first. */
  private async whenReady(signal: AbortSignal): Promise<"ready" | "aborted" | "failed"> {
    if (signal.aborted) return "aborted";
    let onAbort = (): void => undefined;
    const aborted = new Promise<"aborted">((resolve) => signal.addEventListener("abort", (onAbort = () => resolve("aborted")), { once: true }));
    try {
      return await Promise.race([this.ready.then(() => "ready" as const), aborted]);
    } catch {
      return "failed";
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  private readonly onAbort = (): void => {
    if (this.attempt) this.stop(abortFailure(this.attempt.request.taskId));
  };

  private onAttemptMessage(message: Exclude<ChildMessage, { type: "ready" | "load_failed" }>): void {
    const attempt = this.attempt;
    if (!attempt || message.seq !== attempt.seq) return;
    if (message.type === "log") attempt.hooks.onLog(message.level, message.message);
    else if (message.type === "done") {
      attempt.outcome = message.error;
      this.settleIfComplete();
    } else if (message.type === "crashed") {
      attempt.crashed = {
        ...message.error,
        message: `${message.error.message} (thrown outside the code run() awaits: an unawaited promise or a callback; the task's process was replaced)`,
      };
    } else if (!attempt.stopping) void this.answerRequire(attempt, message.requestId, message.requirements);
  }

  private async answerRequire(attempt: Attempt, requestId: number, requirements: Extract<ChildMessage, { type: "require" }>["requirements"]): Promise<void> {
    // Waiting on other tasks is not running: the time limit pauses and the pool may use the slot.
    attempt.requiresPending++;
    attempt.timer.pause();
    this.options.onChange(this);
    let error: AttemptError | null = null;
    try {
      await attempt.hooks.require(requirements);
    } catch (failure) {
      error = toAttemptError(failure);
    }
    attempt.requiresPending--;
    if (this.attempt !== attempt || attempt.stopping) return;
    if (attempt.requiresPending === 0) attempt.timer.start();
    this.send({ type: "required", seq: attempt.seq, requestId, error });
  }

  private markerSeen(): void {
    if (!this.attempt) return;
    this.attempt.markers++;
    this.settleIfComplete();
  }

  private settleIfComplete(): void {
    const attempt = this.attempt;
    if (!attempt || attempt.stopping || attempt.outcome === undefined || attempt.markers < 2) return;
    this.state = "idle";
    this.finish(attempt.outcome === null ? { ok: true } : { ok: false, reason: "threw", error: attempt.outcome });
    this.options.onChange(this);
  }

  private finish(result: AttemptResult): void {
    const attempt = this.attempt;
    if (!attempt) return;
    this.attempt = undefined;
    this.assigned = false;
    attempt.timer.clear();
    attempt.hooks.signal.removeEventListener("abort", this.onAbort);
    attempt.resolve(result);
  }

  /** The failure of the attempt the process was running when it ended. */
  private endFailure(): AttemptResult {
    const attempt = this.attempt;
    if (!attempt) return { ok: true }; // nothing was running: finish() ignores it
    if (attempt.stopping) return attempt.stopping;
    if (attempt.crashed) return { ok: false, reason: "threw", error: attempt.crashed };
    if (attempt.outcome !== undefined) return attempt.outcome === null ? { ok: true } : { ok: false, reason: "threw", error: attempt.outcome };
    return exitFailure(attempt.request.taskId, {
      code: this.exitInfo?.code ?? null,
      signal: this.exitInfo?.signal ?? null,
      stderrTail: this.stderrTail,
      maxOldSpaceMb: this.options.maxOldSpaceMb,
    });
  }

  /** SIGTERM lets the child abort the attempt's signal and discard its temporary outputs; SIGKILL if it does not exit in time. */
  private stop(failure: Failure): void {
    const attempt = this.attempt;
    if (!attempt || attempt.stopping) return;
    attempt.stopping = failure;
    attempt.timer.clear();
    this.terminate();
  }

  private terminate(): void {
    if (this.state === "dead" || this.killTimer) return;
    this.child.kill("SIGTERM");
    this.killTimer = setTimeout(() => this.child.kill("SIGKILL"), this.options.killGraceMs);
  }

  private onStderr(text: string): void {
    this.stderrTail = (this.stderrTail + text).slice(-stderrTailChars);
    this.attempt?.hooks.onOutput("stderr", text);
  }

  private describeEarlyExit(): string {
    const how = this.exitInfo?.signal ? `was killed by ${this.exitInfo.signal}` : `exited with code ${this.exitInfo?.code ?? "?"}`;
    const said = this.stderrTail.trim().split("\n").slice(-5).join("\n");
    return `A worker process ${how} while starting.${said ? `\n${said}` : ""}`;
  }

  private send(message: ParentMessage): void {
    if (!this.child.connected) return;
    this.child.send(message, (error) => {
      if (error) this.startError ??= toAttemptError(error); // the process is going away; its exit reports the failure
    });
  }
}
