import { PipewrightError, isPipewrightError, messageOf } from "../errors.js";

/**
 * The one seam through which the engine calls a task's own code while building the graph
 * (`requires`, `output`, `complete`): a failure becomes a `graph_error` naming the task and the
 * function, with the original error kept as `cause` (its stack is shown to the user).
 */
export function callUser<T>(taskId: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw wrapUserError(taskId, what, error);
  }
}

export async function callUserAsync<T>(taskId: string, what: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw wrapUserError(taskId, what, error);
  }
}

function wrapUserError(taskId: string, what: string, error: unknown): PipewrightError {
  // Already wrapped by a nested call (a requirement's own `output` failing): keep the innermost.
  if (isPipewrightError(error, "graph_error") && error.context["taskId"] !== undefined) return error;
  return new PipewrightError("graph_error", `${what} of ${taskId} threw: ${messageOf(error)}`, {
    cause: error,
    context: { taskId, function: what },
  });
}
