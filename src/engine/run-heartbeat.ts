import type { Store } from "../store/store.js";

/** How often a run tells the store it is alive. */
export const runHeartbeatMs = 10_000;

/**
 * Beats for a run while it goes on: sets its `heartbeatAt` in the store every `runHeartbeatMs`,
 * so that runs on other machines can tell it from a run whose process is gone (see
 * `recordCrashedRuns`). A missed beat is not an error: the next one comes soon, and a run is
 * judged gone only after many.
 */
export class RunHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly runId: string,
    private readonly now: () => number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // One beat at a time: a store slow to answer gets no pile of them.
      this.beating ??= this.store
        .recordRunHeartbeat(this.runId, this.now())
        .catch(() => undefined)
        .finally(() => (this.beating = undefined));
    }, runHeartbeatMs);
    // A run's other work keeps the process alive; the heartbeat alone must not.
    this.timer.unref();
  }

  /** Stops beating; resolves once a beat under way has been written, so none is left in flight when the store closes. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
  }
}
