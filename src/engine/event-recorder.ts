import type { NewEvent, Store } from "../store/store.js";
import type { JsonValue } from "../util/json.js";
import type { PipelineEvent } from "./events.js";

/**
 * Sends each event to the listener at once and to the store in batches (one transaction per
 * flush), so recording history costs little per task.
 */
export class EventRecorder {
  private buffer: NewEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly listener: ((event: PipelineEvent) => void) | undefined,
    private readonly flushEveryMs = 250,
  ) {}

  emit(event: PipelineEvent): void {
    if (this.listener) {
      try {
        this.listener(event);
      } catch {
        // A listener's bug must not break the run.
      }
    }
    const { runId, type, at, ...rest } = event;
    const taskId = "taskId" in event ? event.taskId : null;
    this.buffer.push({ runId, type, at, taskId, data: rest as unknown as JsonValue });
    this.timer ??= setTimeout(() => void this.flush(), this.flushEveryMs);
  }

  /** Writes what is buffered; resolves when everything emitted so far is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length > 0) await this.store.appendEvents(batch).catch(() => undefined);
    });
    return this.flushing;
  }
}
