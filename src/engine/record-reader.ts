import type { Store, TaskRecord } from "../store/store.js";
import { turnLoop } from "../util/turn-loop.js";

interface Waiter {
  readonly resolve: (record: TaskRecord | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Reads the records of tasks that ask one at a time in one store call per turn of the event
 * loop. The tasks a lease poll hands over (another run released them, usually having built them)
 * all check their records at once: one round trip for hundreds instead of one each.
 */
export class RecordReader {
  private pending = new Map<string, Waiter[]>();
  private flushing = false;

  constructor(private readonly store: Store) {}

  read(taskId: string): Promise<TaskRecord | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(taskId);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(taskId, [{ resolve, reject }]);
      if (!this.flushing) {
        this.flushing = true;
        turnLoop(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = false;
    try {
      const records = await this.store.getTaskRecords([...batch.keys()]);
      for (const [taskId, waiters] of batch) for (const waiter of waiters) waiter.resolve(records.get(taskId));
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
