import type { Store } from "../store/store.js";
import type { DisablePolicy } from "../task/task-types.js";

/**
 * Until when a task is disabled by its `disableAfter` policy: the time its latest failure plus
 * `forMs` ends, if it failed (as a whole run, after retries) at least `failures` times within
 * `withinMs` before that; otherwise undefined. Read from the events the store kept.
 */
export async function disabledUntil(store: Store, taskId: string, policy: DisablePolicy, now: number): Promise<number | undefined> {
  const events = await store.listEvents({ taskId });
  // Failures of real attempts only: refusing to start a disabled task must not extend its disabling.
  const failures = events.filter((e) => e.type === "task_failed" && Number((e.data as { attempt?: unknown }).attempt) > 0).map((e) => e.at);
  const latest = failures.at(-1);
  if (latest === undefined || latest + policy.forMs <= now) return undefined;
  const recent = failures.filter((at) => at > latest - policy.withinMs);
  return recent.length >= policy.failures ? latest + policy.forMs : undefined;
}
