import { ReadyQueue } from "./ready-queue.js";

/** A task's place in the schedule. `blocked`: a requirement failed, so it will not run. */
export type ScheduleState = "waiting" | "ready" | "running" | "done" | "failed" | "blocked";

interface Entry {
  state: ScheduleState;
  remaining: number;
  priority: number;
  // Both made on first use: a 100,000-task graph would otherwise hold 200,000 mostly empty arrays.
  /** One dependent as itself (most tasks have one: think of a fan-in's leaves), more in an array. */
  dependents?: string | string[];
  /** For blocked tasks: the failed requirements that blocked them, in order. A set: a wrapper over 100,000 failing tasks gathers as many. */
  blockedBy?: Set<string>;
}

const noneReady: readonly string[] = Object.freeze([]);
const acceptAll = () => true;

/**
 * Which task may run next: pure bookkeeping, no I/O. Each task counts its unfinished
 * requirements; finishing one decrements its dependents and moves those reaching zero to the
 * ready queue, so the whole run costs O(tasks + edges).
 */
export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly ready = new ReadyQueue();
  private unsettled = 0;

  /**
   * `groupOf` names the group of a task as it becomes ready: tasks of one group can start, or
   * not, together (see `next`). Without it, all tasks are in one group.
   */
  constructor(private readonly groupOf?: (id: string) => string) {}

  /** Adds a task that must run after `deps`, and says where it stands. Already finished requirements count as met. */
  add(id: string, deps: readonly string[], priority = 0): ScheduleState {
    const known = this.entries.get(id);
    if (known) return known.state;
    const entry: Entry = { state: "waiting", remaining: 0, priority };
    this.entries.set(id, entry);
    this.unsettled++;
    for (const dep of deps) {
      const required = this.entries.get(dep);
      if (!required) throw new Error(`internal: ${id} requires ${dep}, which was not added first`);
      addDependent(required, id);
      if (required.state === "failed" || required.state === "blocked") {
        for (const cause of this.rootCauses(dep)) (entry.blockedBy ??= new Set()).add(cause);
      }
      else if (required.state !== "done") entry.remaining++;
    }
    if (entry.blockedBy) this.settle(id, entry, "blocked");
    else if (entry.remaining === 0) this.makeReady(id, entry);
    return entry.state;
  }

  /** Adds a task that needs no running (already complete). */
  addDone(id: string): void {
    if (this.entries.has(id)) return;
    this.entries.set(id, { state: "done", remaining: 0, priority: 0 });
  }

  /** Adds a task that cannot run (e.g. missing external input): its dependents get blocked. */
  addFailed(id: string): void {
    if (this.entries.has(id)) return;
    this.entries.set(id, { state: "failed", remaining: 0, priority: 0 });
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  state(id: string): ScheduleState | undefined {
    return this.entries.get(id)?.state;
  }

  blockedBy(id: string): readonly string[] {
    const causes = this.entries.get(id)?.blockedBy;
    return causes ? [...causes] : [];
  }

  /**
   * The next ready task that `accept` takes (default: any), in a group `acceptGroup` takes (a
   * group it refuses is passed over whole), marked running; `undefined` when none.
   */
  next(accept?: (id: string) => boolean, acceptGroup?: (group: string) => boolean): string | undefined {
    const id = accept || acceptGroup ? this.ready.popFirst(accept ?? acceptAll, acceptGroup) : this.ready.pop();
    if (id === undefined) return undefined;
    this.entries.get(id)!.state = "running";
    return id;
  }

  /** The ready task that would start next, without starting it. */
  topReady(): string | undefined {
    return this.ready.top();
  }

  /** The next `count` ready tasks in priority order that `skip` does not name, among the next `most`, without starting them. */
  peekReady(count: number, skip?: (id: string) => boolean, most?: number): string[] {
    return this.ready.peek(count, skip, most);
  }

  /** How many tasks were ever made ready: it changes when new ones are. */
  get readiedCount(): number {
    return this.ready.pushed;
  }

  get readyCount(): number {
    return this.ready.size;
  }

  /** Tasks neither finished, failed nor blocked. */
  get unsettledCount(): number {
    return this.unsettled;
  }

  /** Marks a running task done; returns the tasks that became ready. */
  succeed(id: string): readonly string[] {
    const entry = this.expect(id, "running");
    this.settle(id, entry, "done");
    const dependents = entry.dependents;
    if (dependents === undefined) return noneReady;
    if (typeof dependents === "string") return this.requirementDone(dependents) ? [dependents] : noneReady;
    let nowReady: string[] | undefined; // made only when needed: most tasks free none, or one wrapper
    for (const dependent of dependents) if (this.requirementDone(dependent)) (nowReady ??= []).push(dependent);
    return nowReady ?? noneReady;
  }

  /** One of a task's requirements is done; returns whether the task became ready. */
  private requirementDone(id: string): boolean {
    const entry = this.entries.get(id)!;
    if (entry.state !== "waiting" || --entry.remaining !== 0 || entry.blockedBy) return false;
    this.makeReady(id, entry);
    return true;
  }

  /** Marks a running task failed; returns every task now blocked because of it. */
  fail(id: string): string[] {
    const entry = this.expect(id, "running");
    this.settle(id, entry, "failed");
    return this.blockDependents(id, entry);
  }

  private blockDependents(cause: string, from: Entry): string[] {
    const blocked: string[] = [];
    const stack: string[] = [];
    pushDependents(from, stack);
    while (stack.length > 0) {
      const id = stack.pop()!;
      const entry = this.entries.get(id)!;
      (entry.blockedBy ??= new Set()).add(cause);
      if (entry.state !== "waiting") continue;
      this.settle(id, entry, "blocked");
      blocked.push(id);
      pushDependents(entry, stack);
    }
    return blocked;
  }

  private rootCauses(id: string): Iterable<string> {
    const entry = this.entries.get(id)!;
    return entry.state === "blocked" ? (entry.blockedBy ?? []) : [id];
  }

  private makeReady(id: string, entry: Entry): void {
    entry.state = "ready";
    this.ready.push(id, entry.priority, this.groupOf?.(id));
  }

  private settle(_id: string, entry: Entry, state: "done" | "failed" | "blocked"): void {
    entry.state = state;
    this.unsettled--;
  }

  private expect(id: string, state: ScheduleState): Entry {
    const entry = this.entries.get(id);
    if (!entry || entry.state !== state) throw new Error(`internal: ${id} is ${entry?.state ?? "unknown"}, expected ${state}`);
    return entry;
  }
}

function addDependent(entry: Entry, id: string): void {
  const dependents = entry.dependents;
  if (dependents === undefined) entry.dependents = id;
  else if (typeof dependents === "string") entry.dependents = [dependents, id];
  else dependents.push(id);
}

function pushDependents(entry: Entry, onto: string[]): void {
  const dependents = entry.dependents;
  if (typeof dependents === "string") onto.push(dependents);
  else if (dependents) for (const dependent of dependents) onto.push(dependent); // no spread: lists can be huge
}
