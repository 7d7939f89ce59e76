import { PipewrightError, errorCodes, isPipewrightError, type ErrorCode } from "../../errors.js";
import type { JsonValue } from "../../util/json.js";
import type { AttemptError } from "./pool-types.js";

/**
 * Errors cross the process boundary as plain data. The `code` is what callers match on (not
 * `instanceof`), so it is kept, with the message, the stack and a JSON-safe copy of the context.
 */
export function toAttemptError(error: unknown): AttemptError {
  if (!(error instanceof Error) && !isPipewrightError(error)) return { code: null, message: String(error), stack: null };
  const { message, stack } = error as Error;
  const code = (error as { code?: unknown }).code;
  const base = { code: typeof code === "string" ? code : null, message: String(message), stack: stack ?? null };
  const context = isPipewrightError(error) ? jsonSafe(error.context) : undefined;
  return context === undefined ? base : { ...base, context };
}

/**
 * The error back as an `Error`: a `PipewrightError` when the code is one of ours (so
 * `isPipewrightError(e, "upstream_failed")` and its context work as for an inline run).
 */
export function fromAttemptError(data: AttemptError): Error {
  const error =
    data.code !== null && isErrorCode(data.code)
      ? new PipewrightError(data.code, data.message, { context: data.context ?? {} })
      : Object.assign(new Error(data.message), data.code === null ? {} : { code: data.code });
  // The stack of the place it was thrown (in the child) says more than this one.
  if (data.stack !== null) error.stack = data.stack;
  return error;
}

/** A failure the pool itself observed (the process died, was stopped…), not one the task threw. */
export function poolFailure(message: string): AttemptError {
  return { code: "task_failed", message, stack: null };
}

function isErrorCode(code: string): code is ErrorCode {
  return (errorCodes as readonly string[]).includes(code);
}

function jsonSafe(context: Readonly<Record<string, unknown>>): { [key: string]: JsonValue } | undefined {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(context)) {
    try {
      const text = JSON.stringify(value);
      if (text !== undefined) out[key] = JSON.parse(text) as JsonValue;
    } catch {
      out[key] = String(value); // a cycle or a BigInt: keep something readable
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
