import type { Store, TaskResult } from "../store/store.js";
import { EventRecorder } from "./event-recorder.js";
import type { PipelineEvent } from "./events.js";

export interface ProgressWriterOptions {
  /** Called with every event as it happens. */
  readonly listener?: (event: PipelineEvent) => void;
  /** A batch goes out once it holds this many results, releases and event rows together. */
  readonly maxBatch?: number;
  /** …or this long after its first entry, whichever comes first. */
  readonly maxDelayMs?: number;
}

/**
 * Everything a run writes while its tasks finish (results, lease releases, events) goes to the
 * store in batches, each in one `recordProgress` call: one transaction, one round trip, for
 * hundreds of tasks. A result and the release of its lease always travel in the same batch, so a
 * process waiting on the lease sees the result when it gets it.
 */
export class ProgressWriter {
  private readonly events: EventRecorder;
  private results: TaskResult[] = [];
  private releases: string[] = [];
  private releasedBy: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly store: Store,
    options: ProgressWriterOptions = {},
  ) {
    this.events = new EventRecorder(options.listener);
    this.maxBatch = options.maxBatch ?? 4096;
    this.maxDelayMs = options.maxDelayMs ?? 20;
  }

  emit(event: PipelineEvent): void {
    if (this.events.emit(event)) this.schedule();
  }

  record(result: TaskResult): void {
    this.results.push(result);
    this.schedule();
  }

  /** Releases a lease `ownerId` holds, after the results recorded so far. */
  release(taskId: string, ownerId: string): void {
    // One owner per batch (the contract's shape); a run has one, so this never splits in practice.
    if (this.releasedBy !== undefined && this.releasedBy !== ownerId) void this.write();
    this.releasedBy = ownerId;
    this.releases.push(taskId);
    this.schedule();
  }

  /** Writes everything queued; rethrows, once, a store failure of any batch since the last flush. */
  async flush(): Promise<void> {
    await this.write();
    const failure = this.failure;
    this.failure = undefined;
    if (failure !== undefined) throw failure;
  }

  /** Sends what is queued after the batches before it; a failure waits for the next flush(). */
  private write(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const results = this.results;
    const released = this.releasedBy === undefined ? undefined : { ownerId: this.releasedBy, taskIds: this.releases };
    const events = this.events.take();
    this.results = [];
    this.releases = [];
    this.releasedBy = undefined;
    if (results.length > 0 || released !== undefined || events.length > 0) {
      this.chain = this.chain.then(async () => {
        try {
          await this.store.recordProgress({ results, ...(released && { released }), events });
        } catch (error) {
          this.failure ??= error;
        }
      });
    }
    return this.chain;
  }

  private schedule(): void {
    if (this.results.length + this.releases.length + this.events.size >= this.maxBatch) {
      void this.write();
      return;
    }
    this.timer ??= setTimeout(() => void this.write(), this.maxDelayMs);
  }
}
