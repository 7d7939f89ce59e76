import { PipewrightError } from "../errors.js";
import type { LeaseRequest, Store } from "../store/store.js";
import { hostIdentity } from "../util/host-identity.js";
import { processAlive } from "../util/process-alive.js";

export interface LeaseKeeperOptions {
  readonly store: Store;
  readonly runId: string;
  readonly now: () => number;
  /** How long a lease lives without renewal (default 30 s). */
  readonly ttlMs?: number;
  /** How often to ask again for a task another process holds (default 200 ms). */
  readonly pollMs?: number;
  /** The run's signal: when it aborts, tasks waiting for a lease stop waiting. */
  readonly signal?: AbortSignal;
}

/**
 * Holds this run's leases: one task runs in one process at a time. Renews them on a heartbeat,
 * and takes over a lease whose holder is a dead process on this machine without waiting for it
 * to expire (a killed run must not delay the next one by the lease's lifetime).
 */
export class LeaseKeeper {
  readonly ownerId: string;
  private readonly host = hostIdentity();
  private readonly held = new Set<string>();
  private readonly ttlMs: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | undefined;
  /** Tasks waiting for another process's lease (see `acquire`): id → how to settle the wait. */
  private readonly waiting = new Map<string, (error?: unknown) => void>();
  private pollTimer: NodeJS.Timeout | undefined;
  /** The poll under way, which `stop` lets finish so that what it took is released too. */
  private polling: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: LeaseKeeperOptions) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.pollMs = options.pollMs ?? 200;
    this.ownerId = `${this.host}:${process.pid}:${options.runId}`;
  }

  /** One listener for every waiting task (a listener each would be thousands on one signal). */
  private readonly onAbort = (): void => {
    for (const id of [...this.waiting.keys()]) this.settleWaiter(id, this.options.signal!.reason);
  };

  start(): void {
    this.options.signal?.addEventListener("abort", this.onAbort, { once: true });
    this.timer = setInterval(() => void this.renew(), Math.max(50, this.ttlMs / 3));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.options.signal?.removeEventListener("abort", this.onAbort);
    this.stopped = true;
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    const stopped = new PipewrightError("interrupted", "The run ended while the task waited for another run's lease.");
    for (const id of [...this.waiting.keys()]) this.settleWaiter(id, stopped);
    await this.polling;
    await this.releaseMany([...this.held]);
  }

  /** Tries once; `false` when another live process holds the task. */
  async tryAcquire(taskId: string): Promise<boolean> {
    return (await this.tryAcquireMany([taskId])).has(taskId);
  }

  /**
   * Tries many tasks in one store round trip; returns the ids this run now holds. A task held by
   * a dead process on this machine is taken over (its lease broken, then asked for again); one
   * another live process holds is left to `acquire`, which waits for it.
   */
  async tryAcquireMany(taskIds: readonly string[]): Promise<Set<string>> {
    const orphaned = await this.ask(taskIds.filter((id) => !this.held.has(id)));
    if (orphaned.length > 0) await this.ask(orphaned);
    return new Set(taskIds.filter((id) => this.held.has(id)));
  }

  /** Asks for the leases in one round trip; breaks those of dead processes on this machine and returns their ids. */
  private async ask(taskIds: readonly string[]): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const { store } = this.options;
    // One clock reading for the batch: the store writes requests sharing `now` together.
    const now = this.options.now();
    const results = await store.acquireLeases(taskIds.map((id) => this.request(id, now)));
    const orphaned: string[] = [];
    for (let index = 0; index < taskIds.length; index++) {
      const id = taskIds[index]!;
      const result = results[index]!;
      if (result.acquired) this.held.add(id);
      else if (result.holder.host === this.host && !processAlive(result.holder.pid)) {
        await store.breakLease(id, result.holder.ownerId);
        orphaned.push(id);
      }
    }
    return orphaned;
  }

  /**
   * Stops holding a task (no more renewals); returns whether it was held. The caller releases it
   * in the store, in the same batch as the task's result (see ProgressWriter).
   */
  letGo(taskId: string): boolean {
    return this.held.delete(taskId);
  }

  /** Releases several leases in one store round trip. */
  async releaseMany(taskIds: readonly string[]): Promise<void> {
    const mine = taskIds.filter((id) => this.letGo(id));
    if (mine.length > 0) await this.options.store.releaseLeases(mine, this.ownerId);
  }

  /**
   * Waits until this run holds the task, which another live process holds now. Every task
   * waiting is asked for in one store round trip per poll (see `poll`): a run that meets
   * another's leases may wait on thousands of tasks. Rejects with the run's signal's reason on
   * abort, and with the store's error if a poll fails.
   */
  acquire(taskId: string): Promise<void> {
    const { signal } = this.options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const settle = (error?: unknown) => (error === undefined ? resolve() : reject(error));
      const earlier = this.waiting.get(taskId);
      this.waiting.set(taskId, earlier ? (error) => (earlier(error), settle(error)) : settle);
      this.pollTimer ??= setTimeout(() => (this.polling = this.poll()), this.pollMs);
    });
  }

  /**
   * Asks for every waiting task at once (in batches of `pollBatch`), hands over those now free,
   * and takes over those held by dead processes on this machine. Polls again while any wait.
   */
  private async poll(): Promise<void> {
    const ids = [...this.waiting.keys()];
    try {
      for (let start = 0; start < ids.length; start += pollBatch) {
        const batch = ids.slice(start, start + pollBatch);
        const got = await this.tryAcquireMany(batch);
        for (const id of batch) if (got.has(id)) this.settleWaiter(id);
      }
    } catch (error) {
      for (const id of ids) this.settleWaiter(id, error);
    } finally {
      this.polling = undefined;
      this.pollTimer = this.waiting.size > 0 && !this.stopped ? setTimeout(() => (this.polling = this.poll()), this.pollMs) : undefined;
    }
  }

  private settleWaiter(taskId: string, error?: unknown): void {
    const settle = this.waiting.get(taskId);
    this.waiting.delete(taskId);
    settle?.(error);
  }

  private request(taskId: string, now = this.options.now()): LeaseRequest {
    return { taskId, ownerId: this.ownerId, runId: this.options.runId, host: this.host, pid: process.pid, expiresAt: now + this.ttlMs, now };
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      await this.options.store.renewLeases(this.ownerId, [...this.held], this.options.now() + this.ttlMs);
    } catch {
      // A missed heartbeat is retried on the next tick; the lease outlives several ticks.
    }
  }
}

/** How many waiting tasks one poll asks the store for in one round trip. */
const pollBatch = 1024;
