import { PipewrightError, isPipewrightError } from "../errors.js";
import { formatDuration } from "../params/duration-text.js";
import { errorInfo, type ErrorInfo, type LogLevel } from "../engine/events.js";
import type { AnyTaskInstance, RequiresShape } from "../task/task-types.js";
import { createTaskLogger } from "./task-logger.js";
import { runAttempt } from "./run-attempt.js";
import { seededRandom } from "../util/seeded-random.js";

export interface ExecuteHooks {
  readonly input: unknown;
  readonly require: (requirements: RequiresShape) => Promise<unknown>;
  readonly signal: AbortSignal;
  readonly now: () => number;
  /** Seeds `random()` in the task (with the task id). */
  readonly seed: string;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly defaultRetries: number;
  readonly defaultRetryDelay: number;
  readonly onStarted: (attempt: number) => void;
  readonly onRetry: (attempt: number, delayMs: number, error: ErrorInfo) => void;
  readonly onLog: (level: LogLevel, message: string) => void;
  /** Runs an attempt elsewhere (a pool process) instead of inline; throws its failure. */
  readonly runElsewhere?: ((attempt: number) => Promise<void>) | undefined;
}

export type TaskOutcome =
  | { readonly ok: true; readonly attempts: number; readonly durationMs: number }
  | { readonly ok: false; readonly attempts: number; readonly durationMs: number; readonly error: unknown };

/**
 * Runs a task until it succeeds or its attempts are used up (`retries` extra attempts, waiting
 * `retryDelay` then doubling). Failures of dynamic requirements and interruptions are not retried.
 */
export async function executeTask(instance: AnyTaskInstance, hooks: ExecuteHooks): Promise<TaskOutcome> {
  const retries = instance.definition.retries ?? hooks.defaultRetries;
  const baseDelay = instance.definition.retryDelay ?? hooks.defaultRetryDelay;
  const log = createTaskLogger(hooks.onLog);
  const started = hooks.now();
  for (let attempt = 1; ; attempt++) {
    hooks.onStarted(attempt);
    try {
      if (hooks.runElsewhere) await hooks.runElsewhere(attempt);
      else
        await withTimeout(instance.definition.timeout, hooks.signal, (signal) =>
          runAttempt(instance, {
            input: hooks.input,
            require: hooks.require,
            log,
            attempt,
            signal,
            // Each attempt draws the same numbers: a retry must not change the result.
            random: seededRandom(`${hooks.seed}:${instance.id}`),
            now: () => new Date(hooks.now()),
          }),
        );
      return { ok: true, attempts: attempt, durationMs: hooks.now() - started };
    } catch (error) {
      const final = attempt > retries || hooks.signal.aborted || isPipewrightError(error, "upstream_failed") || isPipewrightError(error, "cycle");
      if (final) return { ok: false, attempts: attempt, durationMs: hooks.now() - started, error };
      const delayMs = baseDelay * 2 ** (attempt - 1);
      hooks.onRetry(attempt, delayMs, errorInfo(error));
      await hooks.sleep(delayMs, hooks.signal);
    }
  }
}

/**
 * Inline, a task cannot be killed: at the limit its signal is aborted and the attempt fails at
 * once; whatever it still writes goes to temporary files that are discarded.
 */
function withTimeout(timeoutMs: number | undefined, outer: AbortSignal, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  // Not async itself: without a limit, the attempt's own promise is all there is to wait for.
  return timeoutMs === undefined ? work(outer) : withinLimit(timeoutMs, outer, work);
}

async function withinLimit(timeoutMs: number, outer: AbortSignal, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const forward = () => controller.abort(outer.reason);
  outer.addEventListener("abort", forward, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new PipewrightError("timeout", `timed out after ${formatDuration(timeoutMs)}`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
    outer.removeEventListener("abort", forward);
  }
}
