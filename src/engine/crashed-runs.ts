import type { RunRecord, Store } from "../store/store.js";
import { processAlive } from "../util/process-alive.js";
import { runHeartbeatMs } from "./run-heartbeat.js";

/**
 * A run on another machine that has not beaten for this long is taken for gone: thirty missed
 * heartbeats. Generous, since a run whose event loop a long synchronous task holds cannot beat;
 * a run taken for gone by mistake is `running` again at its next beat.
 */
export const runSilentLimitMs = 30 * runHeartbeatMs;

export interface CrashedRunsOptions {
  /** The run looking: never judged. */
  readonly runId: string;
  /** This machine as runs record it (`hostIdentity()`). */
  readonly host: string;
  readonly now: number;
}

/**
 * Finds the runs the store still lists as running whose process is gone, and records them as
 * `crashed`, so that the run history (and the visualiser reading it) does not show a killed run
 * as running for ever. On this machine a run is gone when its pid is; on another, when it has
 * not beaten for `runSilentLimitMs`.
 */
export async function recordCrashedRuns(store: Store, options: CrashedRunsOptions): Promise<void> {
  for (const run of await store.listRuns({ status: "running" })) {
    if (run.runId === options.runId) continue;
    const message = goneBecause(run, options);
    if (message === undefined) continue;
    const summary = { ok: false, runId: run.runId, error: { code: "crashed", message, foundBy: options.runId } };
    // False when the run beat or finished since it was listed: then it is not gone.
    await store.recordRunCrashed({ runId: run.runId, heartbeatAt: run.heartbeatAt, summary });
  }
}

/** Why the run is taken for gone, or undefined while it may still be going. */
function goneBecause(run: RunRecord, { host, now }: CrashedRunsOptions): string | undefined {
  const where = `pid ${run.pid} on ${run.host}`;
  const rest = "Tasks it finished are recorded; run again to build the rest.";
  if (run.host === host) {
    if (processAlive(run.pid)) return undefined;
    return `Its process (${where}) ended without recording the run's end: it was killed or crashed. ${rest}`;
  }
  if (now - run.heartbeatAt < runSilentLimitMs) return undefined;
  const since = new Date(run.heartbeatAt).toISOString();
  return `Its process (${where}) has not been heard from since ${since}: it was killed, crashed, or its machine was lost. ${rest}`;
}
