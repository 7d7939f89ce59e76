import type { NewEvent, Store } from "../store/store.js";
import type { JsonValue } from "../util/json.js";
import type { PipelineEvent } from "./events.js";

type TaskStarted = Extract<PipelineEvent, { type: "task_started" }>;

/** A row to store, or a start kept as its event until it is folded or flushed (no row made for most). */
type Buffered = NewEvent | TaskStarted;

/**
 * Sends each event to the listener at once and to the store in batches (one transaction per
 * flush), so recording history costs little per task. What is stored is kept lean, because a
 * 100,000-task run would otherwise write several rows per task:
 * - a task that starts and succeeds between two flushes, with nothing else said in between, is
 *   stored as one `task_succeeded` row carrying `startedAt` and the start's `reason`;
 * - `already_complete` skips are not stored (the run's summary in the store lists them);
 * - `run_finished` is stored without the per-task list (also in the run's summary).
 * The listener still receives every event, whole.
 */
export class EventRecorder {
  private buffer: Array<Buffered | undefined> = [];
  /** Buffered starts that may still fold into their task's success: task id → index. */
  private startsAhead = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly listener: ((event: PipelineEvent) => void) | undefined,
    private readonly flushEveryMs = 250,
    private readonly maxBuffered = 4096,
  ) {}

  emit(event: PipelineEvent): void {
    if (this.listener) {
      try {
        this.listener(event);
      } catch {
        // A listener's bug must not break the run.
      }
    }
    const row = this.rowFor(event);
    if (row === undefined) return;
    this.buffer.push(row);
    // By size too: a busy run must not hold a whole run's history in memory between flushes.
    if (this.buffer.length >= this.maxBuffered) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushEveryMs);
  }

  /** Writes what is buffered; resolves when everything emitted so far is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch: NewEvent[] = [];
    for (const entry of this.buffer) if (entry !== undefined) batch.push(isStart(entry) ? startRow(entry) : entry);
    this.buffer = [];
    this.startsAhead = new Map();
    this.flushing = this.flushing.then(async () => {
      if (batch.length > 0) await this.store.appendEvents(batch).catch(() => undefined);
    });
    return this.flushing;
  }

  /** The row to store for an event, or undefined when none is (see the class comment). */
  private rowFor(event: PipelineEvent): Buffered | undefined {
    const { runId, type, at } = event;
    switch (event.type) {
      case "task_skipped":
        if (event.status === "already_complete") return undefined;
        break;
      case "run_finished": {
        const { tasks: _tasks, ...summary } = event.summary;
        return { runId, type, at, taskId: null, data: { summary } as unknown as JsonValue };
      }
      case "task_started":
        this.startsAhead.set(event.taskId, this.buffer.length);
        return event;
      case "task_succeeded": {
        const index = this.startsAhead.get(event.taskId);
        const start = index === undefined ? undefined : this.buffer[index];
        if (start !== undefined && isStart(start) && start.attempt === event.attempt) {
          this.buffer[index!] = undefined;
          this.startsAhead.delete(event.taskId);
          return { runId, type, at, taskId: event.taskId, data: { attempt: event.attempt, durationMs: event.durationMs, startedAt: start.at, reason: start.reason } };
        }
        break;
      }
    }
    // Anything else said about a task keeps its start as a row of its own, in order.
    if ("taskId" in event) this.startsAhead.delete(event.taskId);
    const { runId: _r, type: _t, at: _a, ...rest } = event;
    return { runId, type, at, taskId: "taskId" in event ? event.taskId : null, data: rest as unknown as JsonValue };
  }
}

function isStart(entry: Buffered): entry is TaskStarted {
  return !("data" in entry);
}

function startRow(event: TaskStarted): NewEvent {
  return { runId: event.runId, type: event.type, at: event.at, taskId: event.taskId, data: { attempt: event.attempt, reason: event.reason } };
}
