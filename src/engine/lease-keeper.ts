import { hostname } from "node:os";
import type { LeaseRequest, Store } from "../store/store.js";

export interface LeaseKeeperOptions {
  readonly store: Store;
  readonly runId: string;
  readonly now: () => number;
  /** How long a lease lives without renewal (default 30 s). */
  readonly ttlMs?: number;
  /** How often to ask again for a task another process holds (default 200 ms). */
  readonly pollMs?: number;
}

/**
 * Holds this run's leases: one task runs in one process at a time. Renews them on a heartbeat,
 * and takes over a lease whose holder is a dead process on this machine without waiting for it
 * to expire (a killed run must not delay the next one by the lease's lifetime).
 */
export class LeaseKeeper {
  readonly ownerId: string;
  private readonly host = hostname();
  private readonly held = new Set<string>();
  private readonly ttlMs: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LeaseKeeperOptions) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.pollMs = options.pollMs ?? 200;
    this.ownerId = `${this.host}:${process.pid}:${options.runId}`;
  }

  start(): void {
    this.timer = setInterval(() => void this.renew(), Math.max(50, this.ttlMs / 3));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.releaseMany([...this.held]);
  }

  /** Tries once; `false` when another live process holds the task. */
  async tryAcquire(taskId: string): Promise<boolean> {
    const { store } = this.options;
    let result = await store.acquireLease(this.request(taskId));
    if (!result.acquired && result.holder.host === this.host && !processAlive(result.holder.pid)) {
      await store.breakLease(taskId, result.holder.ownerId);
      result = await store.acquireLease(this.request(taskId));
    }
    if (result.acquired) this.held.add(taskId);
    return result.acquired;
  }

  /**
   * Tries many tasks in one store round trip; returns the ids this run now holds. Tasks another
   * process holds are left to `tryAcquire`/`acquire`, which know how to wait for them.
   */
  async tryAcquireMany(taskIds: readonly string[]): Promise<Set<string>> {
    const wanted = taskIds.filter((id) => !this.held.has(id));
    // One clock reading for the batch: the store writes requests sharing `now` together.
    const now = this.options.now();
    const results = await this.options.store.acquireLeases(wanted.map((id) => this.request(id, now)));
    results.forEach((result, index) => {
      if (result.acquired) this.held.add(wanted[index]!);
    });
    return new Set(taskIds.filter((id) => this.held.has(id)));
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

  /** Waits until this run holds the task, polling while another live process does. */
  async acquire(taskId: string, signal: AbortSignal): Promise<void> {
    while (!(await this.tryAcquire(taskId))) {
      if (signal.aborted) throw signal.reason;
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
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

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
