import { PipewrightError } from "../errors.js";
import { runStatuses, type RunStatus } from "./store.js";

/**
 * A `store_error` naming the store and what it was doing, with the driver's error as `cause`.
 * Shared by every driver so messages read alike whatever the backend.
 */
export function storeError(location: string, action: string, cause?: unknown, hint?: string): PipewrightError {
  const reason = cause === undefined ? "" : `: ${cause instanceof Error ? cause.message : String(cause)}`;
  const next = hint === undefined ? "" : ` ${hint}`;
  return new PipewrightError("store_error", `The store at ${location} could not ${action}${reason}.${next}`, {
    cause,
    context: { location, action },
  });
}

/**
 * Checks a query's `limit`: undefined means no limit; anything else must be a whole number >= 0.
 * Drivers call this so a bad limit fails the same way everywhere instead of meaning
 * "no limit" in one backend and "nothing" in another.
 */
export function checkLimit(location: string, limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 0) {
    const hint = `The limit must be a whole number of at least 0, got ${String(limit)}.`;
    throw storeError(location, "run the query", undefined, hint);
  }
  return limit;
}

/** For `listRuns({ status })` from untyped code: one of `runStatuses`. */
export function checkRunStatus(location: string, status: RunStatus | undefined): RunStatus | undefined {
  if (status === undefined || (runStatuses as readonly string[]).includes(status)) return status;
  throw storeError(location, "list runs", undefined, `There is no run status ${JSON.stringify(status)}; use one of ${runStatuses.join(", ")}.`);
}

/** Hints shared by drivers for the two ways a caller can misuse run records. */
export const duplicateRunHint = "That run id was already recorded; give each run a new id.";
export const unknownRunHint = "No run with that id was started; record its start first.";
/** For `listRuns({ before })`: the page's cursor must be a run the store holds. */
export const unknownPageHint = "No run with that id was recorded; pass the id of the last run a previous page listed.";
