import type { Store, TaskResult } from "../store/store.js";
import type { LeaseKeeper } from "./lease-keeper.js";

/**
 * Writes finished tasks' results and releases their leases in batches: one transaction for
 * many tasks instead of two per task. A batch goes out when it is full or a few milliseconds
 * after its first entry; results always reach the store before their leases are released, so
 * a process waiting on a lease sees the result when it gets it.
 */
export class ResultFlusher {
  private results: TaskResult[] = [];
  private releases: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly store: Store,
    private readonly leases: LeaseKeeper,
    private readonly maxBatch = 256,
    private readonly maxDelayMs = 20,
  ) {}

  record(result: TaskResult): void {
    this.results.push(result);
    this.schedule();
  }

  release(taskId: string): void {
    this.releases.push(taskId);
    this.schedule();
  }

  /** Writes everything queued; rethrows a store failure of any batch so far. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const results = this.results;
    const releases = this.releases;
    this.results = [];
    this.releases = [];
    this.chain = this.chain.then(async () => {
      try {
        if (results.length > 0) await this.store.recordTaskResults(results);
        if (releases.length > 0) await this.leases.releaseMany(releases);
      } catch (error) {
        this.failure ??= error;
      }
    });
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
  }

  private schedule(): void {
    if (this.results.length + this.releases.length >= this.maxBatch) {
      void this.flush().catch(() => undefined);
      return;
    }
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.maxDelayMs);
  }
}
