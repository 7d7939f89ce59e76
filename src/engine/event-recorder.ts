import type { NewEvent } from "../store/store.js";
import type { JsonValue } from "../util/json.js";
import type { PipelineEvent } from "./events.js";
import { storedSummary } from "./summary.js";

type TaskStarted = Extract<PipelineEvent, { type: "task_started" }>;

/** A row to store, or a start kept as its event until it is folded or taken (no row made for most). */
type Buffered = NewEvent | TaskStarted;

/**
 * Sends each event to the listener at once and keeps the rows to store until the run's
 * ProgressWriter takes them. What is stored is kept lean, because a 100,000-task run would
 * otherwise write several rows per task:
 * - a task that starts and succeeds between two writes, with nothing else said in between, is
 *   stored as one `task_succeeded` row carrying `startedAt` and the start's `reason`;
 * - `already_complete` skips are not stored (the run's stored summary counts them);
 * - `run_finished` is stored with the run's summary as the store keeps it (`storedSummary`).
 * The listener still receives every event, whole.
 */
export class EventRecorder {
  private buffer: Array<Buffered | undefined> = [];
  /** Buffered starts that may still fold into their task's success: task id → index. */
  private startsAhead = new Map<string, number>();
  /** How many rows are waiting (a folded start counts until it is taken). */
  get size(): number {
    return this.buffer.length;
  }

  constructor(private readonly listener: ((event: PipelineEvent) => void) | undefined) {}

  /** Tells the listener; returns whether a row now waits to be stored. */
  emit(event: PipelineEvent): boolean {
    if (this.listener) {
      try {
        this.listener(event);
      } catch {
        // A listener's bug must not break the run.
      }
    }
    const row = this.rowFor(event);
    if (row === undefined) return false;
    this.buffer.push(row);
    return true;
  }

  /** The rows waiting, in order; the recorder starts empty again. */
  take(): NewEvent[] {
    const rows: NewEvent[] = [];
    for (const entry of this.buffer) if (entry !== undefined) rows.push(isStart(entry) ? startRow(entry) : entry);
    this.buffer = [];
    this.startsAhead = new Map();
    return rows;
  }

  /** The row to store for an event, or undefined when none is (see the class comment). */
  private rowFor(event: PipelineEvent): Buffered | undefined {
    const { runId, type, at } = event;
    switch (event.type) {
      case "task_skipped":
        if (event.status === "already_complete") return undefined;
        break;
      case "run_finished":
        return { runId, type, at, taskId: null, data: { summary: storedSummary(event.summary) } as unknown as JsonValue };
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
