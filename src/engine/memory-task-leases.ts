import type { MemoryBucket } from "../targets/memory-bucket.js";

/** A task another run of this process built while runs overlapped: its finish time and fingerprint hash. */
interface Built {
  readonly runId: string;
  readonly finishedAt: number;
  readonly hash: string;
}

interface Waiter {
  readonly runId: string;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
}

const byBucket = new WeakMap<MemoryBucket, MemoryTaskLeases>();

/**
 * Which run of this process runs a task that writes to a memory bucket. A memory output exists
 * only in the process that wrote it: another process's build of such a task makes nothing
 * complete here, so these tasks take no lease in the store, and no other process waits for
 * them or reports them as built. Runs of one process on one bucket still take turns here, and a
 * run that finds a task built by another while it waited reports it as built elsewhere.
 */
export class MemoryTaskLeases {
  /** The leases of `bucket`'s tasks, shared by every run of this process writing to it. */
  static of(bucket: MemoryBucket): MemoryTaskLeases {
    let leases = byBucket.get(bucket);
    if (!leases) byBucket.set(bucket, (leases = new MemoryTaskLeases()));
    return leases;
  }

  /** Task id → the run holding it. Only tasks running (or about to): a handful. */
  private readonly holders = new Map<string, string>();
  /** Task id → the runs waiting for it to be let go. */
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly runs = new Set<string>();
  /**
   * What runs built while another run was under way. A run alone on the bucket keeps nothing:
   * whatever it builds was built before any later run started, which that run's walk sees.
   */
  private readonly built = new Map<string, Built>();

  private constructor() {}

  /** A run starts using the bucket. */
  join(runId: string): void {
    this.runs.add(runId);
  }

  /** A run is over. Once none is under way, what they built concerns no run. */
  leave(runId: string): void {
    this.runs.delete(runId);
    if (this.runs.size === 0) this.built.clear();
  }

  /** Takes the task for `runId` if no run holds it. */
  tryTake(taskId: string, runId: string): boolean {
    if (this.holders.has(taskId)) return false;
    this.holders.set(taskId, runId);
    return true;
  }

  /**
   * Takes the task for `runId` once the run holding it lets go. Rejects with the signal's reason
   * if it is aborted already, or when the run calls `stopWaiting` (one abort listener per run, not
   * one per waiting task: a run may wait for thousands).
   */
  async take(taskId: string, runId: string, signal: AbortSignal): Promise<void> {
    while (!this.tryTake(taskId, runId)) {
      signal.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const list = this.waiting.get(taskId) ?? [];
        list.push({ runId, resolve, reject });
        this.waiting.set(taskId, list);
      });
    }
  }

  /** Every wait of `runId` rejects with `reason` (the run was interrupted). */
  stopWaiting(runId: string, reason: unknown): void {
    for (const [taskId, list] of [...this.waiting]) {
      const others = list.filter((waiter) => waiter.runId !== runId);
      for (const waiter of list) if (waiter.runId === runId) waiter.reject(reason);
      if (others.length > 0) this.waiting.set(taskId, others);
      else this.waiting.delete(taskId);
    }
  }

  /** `runId` lets go of the task, having built it (`built`) or not. */
  release(taskId: string, runId: string, built?: { readonly finishedAt: number; readonly hash: string }): void {
    if (this.holders.get(taskId) !== runId) return;
    this.holders.delete(taskId);
    if (built && this.runs.size > 1) this.built.set(taskId, { runId, ...built });
    const waiters = this.waiting.get(taskId);
    if (waiters) {
      this.waiting.delete(taskId);
      for (const waiter of waiters) waiter.resolve();
    }
  }

  /** The fingerprint hash of the task if a run other than `runId` built it at `since` or later. */
  builtSince(taskId: string, runId: string, since: number): string | undefined {
    const built = this.built.get(taskId);
    return built !== undefined && built.runId !== runId && built.finishedAt >= since ? built.hash : undefined;
  }
}
