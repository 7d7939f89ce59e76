/**
 * Every error Pipewright raises on purpose is a `PipewrightError` with a stable `code`.
 * Match on `code` (it survives process and HTTP boundaries), not on `instanceof`.
 * Messages say what went wrong and what to do next.
 */
export const errorCodes = [
  "bad_usage",
  "bad_config",
  "unknown_task",
  "unknown_param",
  "missing_param",
  "invalid_param",
  "invalid_definition",
  "graph_error",
  "cycle",
  "missing_input",
  "missing_output",
  "task_failed",
  "upstream_failed",
  "target_error",
  "format_error",
  "store_error",
  "not_complete",
  "interrupted",
  "timeout",
  "disk_full",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface PipewrightErrorOptions {
  readonly cause?: unknown;
  /** Facts about the failure (task id, parameter, path…), for programs and logs. */
  readonly context?: Readonly<Record<string, unknown>>;
}

export class PipewrightError extends Error {
  readonly code: ErrorCode;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: PipewrightErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PipewrightError";
    this.code = code;
    this.context = Object.freeze({ ...options.context });
  }
}

/** True for a PipewrightError, also one made by another copy of the library. */
export function isPipewrightError(error: unknown, code?: ErrorCode): error is PipewrightError {
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown };
  if (candidate.name !== "PipewrightError" || typeof candidate.code !== "string") return false;
  return code === undefined || candidate.code === code;
}

/** The message of anything thrown, for summaries. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
