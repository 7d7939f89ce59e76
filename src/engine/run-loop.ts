import { PipewrightError, isPipewrightError, messageOf } from "../errors.js";
import { hasMemoryOutput, missingOutputs } from "../graph/completeness.js";
import { TaskGraph, type GraphNode, type Substitute } from "../graph/task-graph.js";
import { formatDuration } from "../params/duration-text.js";
import { ResourcePool, type ResourceAmounts } from "../scheduler/resources.js";
import { Scheduler } from "../scheduler/scheduler.js";
import type { Store, TaskRecord } from "../store/store.js";
import { itemsOf, mapShape } from "../task/shape.js";
import { isDiskFull } from "../targets/file-system-hint.js";
import { currentWorkspace } from "../targets/workspace.js";
import { requiredInstances } from "../task/required-instances.js";
import type { TaskRegistry } from "../task/task-registry.js";
import { isTaskInstance, type AnyTaskInstance, type RequiresShape } from "../task/task-types.js";
import type { JsonValue } from "../util/json.js";
import { lineReader } from "../util/line-reader.js";
import { listIds } from "../util/list-ids.js";
import { turnLoop } from "../util/turn-loop.js";
import { executeTask } from "../worker/execute-task.js";
import { fromAttemptError, instanceFromRef, taskRefOf, type ProcessPool } from "../worker/pool/index.js";
import { disabledUntil } from "./disabled-until.js";
import { errorInfo, type PipelineEvent } from "./events.js";
import { paramsJson } from "../task/params-json.js";
import { computeFingerprint, readFingerprint, unrecordedHash } from "./fingerprint.js";
import { InputHashes } from "./input-hashes.js";
import { LeaseKeeper } from "./lease-keeper.js";
import { MemoryTaskLeases } from "./memory-task-leases.js";
import { RecordReader } from "./record-reader.js";
import { describeIncompleteness } from "./reasons.js";
import type { ProgressWriter } from "./progress-writer.js";
import { inProject, type ProjectOptions } from "./run-context.js";
import { Slots } from "./slots.js";
import { settleStaleness, type StalenessOptions } from "./staleness.js";
import { firstLines, type TaskStatus, type TaskSummary } from "./summary.js";

export interface RunLoopOptions {
  readonly store: Store;
  readonly runId: string;
  readonly workers: number;
  readonly now: () => number;
  readonly signal: AbortSignal;
  /** Where events, results and lease releases go (to the listener at once, to the store in batches). */
  readonly progress: ProgressWriter;
  readonly defaultRetries: number;
  readonly defaultRetryDelay: number;
  readonly leaseTtlMs?: number;
  readonly leasePollMs?: number;
  /** Seeds each task's `random()`. */
  readonly seed: string;
  /** Test seam: replace a task (e.g. by a stub) as the graph reaches it. */
  readonly substitute?: Substitute;
  /** What makes a task complete, and which tasks are forced to rerun. */
  readonly staleness: StalenessOptions;
  /** When the run started: records newer than this were written by runs going on alongside. */
  readonly startedAt: number;
  /** Limits of named resources (`{ gpu: 1 }`); tasks declare what they hold while running. */
  readonly resources?: ResourceAmounts;
  /** Child processes to run tasks in (with `workers > 1` and pipeline modules to load there). */
  readonly pool?: { readonly pool: ProcessPool; readonly registry: TaskRegistry; readonly project: ProjectOptions };
}

/** How long the run may keep the event loop busy before letting timers and signals in. */
const yieldEveryMs = 10;
const yieldWhileClaimingMs = 1;

/**
 * How many walked nodes the scheduler takes per turn of the run loop: a 100,000-task graph took a
 * quarter of a second to hand over in one go, before any task could start.
 */
const scheduleChunk = 4096;

/** How many ready tasks' leases are taken in one store round trip when the next task has none. */
const claimBatch = 256;

/**
 * How many ready tasks may hold leases taken ahead. Below half of it, the next claim tops it up
 * while the claimed tasks run: a store's answer must come before they are all done, and a
 * networked one's takes two round trips and a turn of the event loop. SQLite's writer thread
 * answers behind the result batches queued before the claim: 3-24 ms, against the 14 ms that 512
 * tasks of a memory pipeline last, so half of 1,024 left the run waiting for a claim one time in
 * four.
 */
const claimAheadMost = 2048;

/**
 * One run: walks the graph, feeds the scheduler, and runs ready tasks in up to `workers` slots,
 * each under a lease so no other process runs it at the same time. Tasks may extend the graph
 * while they run (dynamic dependencies). Outcomes are collected as task summaries.
 */
export class RunLoop {
  readonly graph: TaskGraph;
  private readonly scheduler: Scheduler;
  /** Every walked node, dependencies before dependents: the order of the summaries. */
  private readonly order: GraphNode[] = [];
  /** Walked nodes not handed to the scheduler yet, from `unscheduledFrom` on (see scheduleSome). */
  private unscheduled: readonly GraphNode[] = [];
  private unscheduledFrom = 0;
  private readonly waiters = new Map<string, Array<() => void>>();
  /** Running tasks waiting for dynamic requirements: how many of their `require()` calls wait. */
  private readonly dynamicWaits = new Map<string, number>();
  /**
   * Tasks the requested ones need: the roots and, recursively, what incomplete tasks require.
   * Others were reached through complete tasks: they are rebuilt if missing, but one that
   * cannot be (its external input is gone, say) is left out rather than failing the run.
   */
  private readonly required = new Set<string>();
  /** Roots whose requirements are not in `required` yet: marked when first asked, which most runs never do. */
  private requiredRootsToMark: string[] = [];
  private readonly omitted = new Set<string>();
  /** The current fingerprint hash of each settled task, for the fingerprints of what consumes it. */
  private readonly hashes: InputHashes;
  private readonly slots: Slots;
  private readonly resources: ResourcePool;
  private readonly leases: LeaseKeeper;
  /** Leases of tasks with memory outputs, among this process's runs (see MemoryTaskLeases); set when the run starts, in its workspace. */
  private memoryLeases: MemoryTaskLeases | undefined;
  /** Ready tasks whose leases this run took ahead (see claimAhead), with their records. */
  private readonly claimed = new Map<string, TaskRecord | undefined>();
  /**
   * Ready tasks whose lease another run held when claimAhead asked: they wait for the lease
   * keeper's next poll instead of being asked for again, one write transaction at a time.
   */
  private readonly refused = new Set<string>();
  /** The claim of leases under way (see `claim`), and the tasks it asks for. */
  private claiming: Promise<void> | undefined;
  private readonly beingClaimed = new Set<string>();
  /** `readiedCount` when a claim last found nothing to claim: no claiming ahead until more are ready. */
  private nothingToClaimAt = -1;
  private readonly recordReader: RecordReader;
  private inFlight = 0;
  /** The codes of task failures that decide the exit code (a cycle through a dynamic requirement: 4, a bad resource limit: 2). */
  readonly failureCodes = new Set<string>();
  /** Tasks that were running when the run was interrupted. */
  readonly interrupted: string[] = [];
  /**
   * The task whose failure stopped the run from starting more (its disk is full: every task
   * after it would fail the same way; its summary has the error). Tasks running then go on.
   */
  stoppedBy: string | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: RunLoopOptions) {
    // The whole graph is walked, below complete tasks too, so a deleted intermediate output is
    // rebuilt; what only complete tasks need is optional (see `required`).
    this.graph = new TaskGraph({ expandComplete: true, ...(options.substitute && { substitute: options.substitute }) });
    this.hashes = new InputHashes(this.graph.nodes);
    this.slots = new Slots(Math.max(1, options.workers));
    this.resources = new ResourcePool(options.resources ?? {});
    // With resource limits, ready tasks are grouped by what they declare, so that a group that
    // does not fit now is passed over whole when the next task is picked.
    this.scheduler = new Scheduler(this.resources.limited ? (id) => this.resources.groupOf(this.graph.get(id).instance.definition.resources) : undefined);
    this.recordReader = new RecordReader(options.store);
    this.leases = new LeaseKeeper({
      store: options.store,
      runId: options.runId,
      now: options.now,
      signal: options.signal,
      ...(options.leaseTtlMs !== undefined && { ttlMs: options.leaseTtlMs }),
      ...(options.leasePollMs !== undefined && { pollMs: options.leasePollMs }),
    });
  }

  /** Runs everything `roots` needs. Graph errors (cycles, failing `requires`) are thrown before anything runs. */
  async run(roots: readonly AnyTaskInstance[]): Promise<void> {
    const memoryLeases = (this.memoryLeases = MemoryTaskLeases.of(currentWorkspace().memory));
    memoryLeases.join(this.options.runId);
    try {
      await this.runJoined(roots);
    } finally {
      memoryLeases.leave(this.options.runId);
    }
  }

  private async runJoined(roots: readonly AnyTaskInstance[]): Promise<void> {
    const nodes = await this.graph.extend(roots);
    await settleStaleness(nodes, this.graph, this.options.store, this.hashes, this.options.staleness);
    this.schedule(nodes, roots.map((r) => r.id));
    this.leases.start();
    const onAbort = () => {
      // Nothing new starts; tasks waiting on dynamic requirements are released to fail, and so
      // are those waiting for a memory task another run of this process holds.
      this.releaseWaiters();
      this.memoryLeases?.stopWaiting(this.options.runId, this.options.signal.reason);
      this.wake();
    };
    this.options.signal.addEventListener("abort", onAbort, { once: true });
    try {
      await this.drain();
    } finally {
      this.options.signal.removeEventListener("abort", onAbort);
      try {
        await this.options.progress.flush();
      } finally {
        await this.leases.stop();
      }
    }
  }

  /** Tasks that were scheduled but never settled (the run was interrupted). */
  notStarted(): string[] {
    return this.order.filter((node) => node.summary === undefined && !this.omitted.has(node.id)).map((node) => node.id);
  }

  /** Task summaries, dependencies before dependents. */
  summaries(): TaskSummary[] {
    const summaries: TaskSummary[] = [];
    for (const node of this.order) if (node.summary !== undefined) summaries.push(node.summary);
    return summaries;
  }

  /**
   * Adds walked nodes (dependency-first) to the run. Their outcome order is fixed at once; the
   * scheduler gets them `scheduleChunk` at a time from the run loop (see `scheduleSome`), so the
   * first tasks start while the rest of a large graph is still being handed over.
   */
  private schedule(nodes: readonly GraphNode[], roots: readonly string[]): void {
    // What an earlier walk left to hand over goes first: the new nodes may require it.
    this.scheduleSome(Number.POSITIVE_INFINITY);
    for (const root of roots) this.requiredRootsToMark.push(root);
    // Every node `extend` returns is new to the graph, so none was scheduled before: no lookup
    // per node (a cache miss each, in a 100,000-task graph).
    let toRun = 0;
    for (let index = 0; index < nodes.length; index++) {
      const node = nodes[index]!;
      this.order.push(node);
      if (node.state === "incomplete") toRun++;
    }
    this.emit({ type: "graph_extended", added: nodes.length, toRun });
    this.unscheduled = nodes;
    this.unscheduledFrom = 0;
    this.scheduleSome(scheduleChunk);
    this.wake();
  }

  /** Whether walked nodes still wait to be handed to the scheduler. */
  private get scheduling(): boolean {
    return this.unscheduledFrom < this.unscheduled.length;
  }

  /** Hands up to `count` walked nodes to the scheduler, in dependency order. */
  private scheduleSome(count: number): void {
    const nodes = this.unscheduled;
    const end = Math.min(nodes.length, this.unscheduledFrom + count);
    while (this.unscheduledFrom < end) {
      const node = nodes[this.unscheduledFrom++]!;
      if (node.state === "complete") {
        this.scheduler.addDone(node.id);
        this.finish(node, "already_complete", { reason: "complete" });
      } else if (node.state === "missing_input") {
        this.scheduler.addFailed(node.id);
        const missing = missingOutputs(node.completeness);
        this.finish(node, "missing_input", {
          reason: describeIncompleteness(node.completeness),
          missing,
          error: `Missing input: ${missing.join(", ") || node.id}. It is made outside this pipeline; create it, then run again.`,
        });
      } else {
        if (this.scheduler.add(node.id, node.deps, node.instance.definition.priority ?? 0) === "blocked") this.block(node.id);
      }
    }
    if (!this.scheduling) this.unscheduled = [];
  }

  private isRequired(id: string): boolean {
    if (this.requiredRootsToMark.length > 0) {
      this.markRequired(this.requiredRootsToMark);
      this.requiredRootsToMark = [];
    }
    return this.required.has(id);
  }

  private markRequired(roots: readonly string[]): void {
    const stack = [...roots];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (this.required.has(id)) continue;
      this.required.add(id);
      const node = this.graph.nodes.get(id);
      // A loop, not push(...deps): spreading 100,000+ arguments overflows the call stack.
      if (node && node.state !== "complete") for (const dep of node.deps) stack.push(dep);
    }
  }

  private async drain(): Promise<void> {
    let yieldedAt = performance.now();
    for (;;) {
      // Small outputs are written synchronously, so a run of quick tasks can go on in promise
      // callbacks alone, never returning to the event loop: timers (lease heartbeats, batched
      // writes) and signals (Ctrl-C) would wait until the end. Let the loop turn every few ms.
      // While leases are being claimed, more often: their answer is handled only when the loop turns.
      if (performance.now() - yieldedAt > (this.claiming === undefined ? yieldEveryMs : yieldWhileClaimingMs)) {
        await new Promise<void>((resolve) => turnLoop(resolve));
        yieldedAt = performance.now();
      }
      // Everything is handed over even after an abort: complete tasks are still reported as such.
      if (this.scheduling) this.scheduleSome(this.mayStart ? scheduleChunk : Number.POSITIVE_INFINITY);
      const top = this.scheduler.topReady();
      if (this.mayStart && this.scheduler.readyCount > 1 && top !== undefined) {
        // The next task's lease: on its way (wait for that claim, do not ask twice), or to take now.
        // (A wrapper needs none.)
        if (this.beingClaimed.has(top)) await this.claimAnswered();
        else if (!this.notToClaim(top)) await this.claim();
        // More leases are claimed while the claimed tasks run: a networked store's round trips
        // then overlap with work instead of stopping the run between batches.
        if (
          this.claiming === undefined &&
          this.claimed.size < claimAheadMost / 2 &&
          this.scheduler.readyCount > this.claimed.size + this.refused.size &&
          this.scheduler.readiedCount !== this.nothingToClaimAt
        ) {
          void this.claim();
        }
      }
      while (this.mayStart && this.scheduler.readyCount > 0 && this.slots.tryTake()) {
        // A task whose claim is still on its way starts when the claim answers (it wakes the loop).
        const first = this.scheduler.topReady();
        if (first !== undefined && this.beingClaimed.has(first)) {
          this.slots.give();
          break;
        }
        const id = this.resources.limited ? this.scheduler.next(this.notBeingClaimed, this.groupCanStart) : this.scheduler.next();
        if (id === undefined) {
          this.slots.give();
          break;
        }
        this.inFlight++;
        void this.runTask(id);
      }
      if (this.scheduling) continue; // more to hand over: no waiting for a task to finish first
      if (this.inFlight === 0) {
        if (this.claiming === undefined) return;
        await this.claimAnswered(); // its tasks are next
        continue;
      }
      await new Promise<void>((resolve) => (this.wakeUp = resolve));
    }
  }

  /** Whether tasks may still start: the run was not interrupted, nor stopped by a full disk. */
  private get mayStart(): boolean {
    return !this.options.signal.aborted && this.stoppedBy === undefined;
  }

  /**
   * A task failed for a full disk: start no more tasks (each would fail the same way, one
   * identical message per task of a large run), let those running finish, and release the tasks
   * waiting for dynamic requirements that will not run now.
   */
  private stopStarting(taskId: string): void {
    if (this.stoppedBy !== undefined) return;
    this.stoppedBy = taskId;
    this.releaseWaiters();
    this.wake();
  }

  /** A ready task whose claim is on its way starts when the claim answers. */
  private readonly notBeingClaimed = (candidate: string): boolean => !this.beingClaimed.has(candidate);

  /** Whether the resources of a group of ready tasks are free now (see ResourcePool.groupCanStart). */
  private readonly groupCanStart = (group: string): boolean => this.resources.groupCanStart(group);

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  /**
   * Runs one task; holds a slot and the task's resources on entry and gives them back on exit,
   * then wakes the loop. Never throws.
   */
  private async runTask(id: string): Promise<void> {
    const node = this.graph.get(id);
    const instance = node.instance;
    this.resources.take(instance.definition.resources);
    /** Whose lease the task holds: the store's (shared with other processes) or this process's (memory outputs). */
    let leased: "store" | "memory" | undefined;
    let built: { finishedAt: number; hash: string } | undefined;
    try {
      const impossible = this.resources.impossible(instance.definition.resources);
      if (impossible) {
        throw new PipewrightError(
          "bad_config",
          `${id} needs ${impossible.amount} of resource "${impossible.name}", but the limit is ${impossible.limit}. Raise the limit under "resources" in the config, or lower what the task declares.`,
          { context: { taskId: id, resource: impossible.name } },
        );
      }
      if (!instance.definition.run) {
        // A wrapper: done as soon as its requirements are. Its hash waits until a consumer asks:
        // most wrappers are roots nothing consumes, and one over 100,000 tasks sorted and hashed
        // all their ids (90 ms) at the end of the run.
        this.hashes.defer(node);
        this.succeed(node, "ran", { attempts: 1, durationMs: 0 });
        return;
      }
      // Once the lease is ours, the task's record says whether another process built it since
      // the walk; it is read with other tasks' records wherever it can be. A task with a memory
      // output is built in each process that needs it: only this process's runs take turns.
      // The fingerprint hash of what another run built meanwhile, if one did.
      let builtElsewhere: string | undefined;
      if (hasMemoryOutput(instance)) {
        if (!this.memoryLeases!.tryTake(id, this.options.runId)) await this.waitForMemoryLease(instance);
        leased = "memory";
        builtElsewhere = this.memoryLeases!.builtSince(id, this.options.runId, this.options.startedAt);
      } else {
        let record: TaskRecord | undefined;
        if (this.claimed.has(id)) {
          record = this.claimed.get(id);
          this.claimed.delete(id);
          leased = "store";
        } else if (!this.refused.delete(id) && (await this.leases.tryAcquire(id))) {
          leased = "store";
          record = (await this.options.store.getTaskRecords([id])).get(id);
        } else {
          this.lend(instance);
          try {
            await this.leases.acquire(id);
            leased = "store";
            // Before taking a slot: the tasks one lease poll hands over read their records together.
            record = await this.recordReader.read(id);
          } finally {
            await this.takeBack(instance);
          }
        }
        builtElsewhere = this.builtElsewhere(node, record);
      }
      const policy = instance.definition.disableAfter;
      if (policy && !this.options.staleness.force.has(id)) {
        const until = await disabledUntil(this.options.store, id, policy, this.options.now());
        if (until !== undefined) {
          throw new PipewrightError(
            "task_failed",
            `${id} is disabled after ${policy.failures} failures within ${formatDuration(policy.withinMs)}; it will be tried again after ${new Date(until).toISOString()}. Run it with --force to try now.`,
            { context: { taskId: id, disabledUntil: until } },
          );
        }
      }
      if (builtElsewhere !== undefined) {
        this.hashes.set(node, builtElsewhere);
        this.succeed(node, "ran_elsewhere", { reason: "completed by another run" });
        return;
      }
      const reason = describeIncompleteness(node.completeness);
      const startedAt = this.options.now();
      const outcome = await executeTask(instance, {
        input: mapShape(instance.requires(), isTaskInstance, (dep) => dep.output()),
        require: (requirements) => this.requireDynamic(id, requirements),
        signal: this.options.signal,
        now: this.options.now,
        seed: this.options.seed,
        sleep,
        defaultRetries: this.options.defaultRetries,
        defaultRetryDelay: this.options.defaultRetryDelay,
        onStarted: (attempt) => this.emit({ type: "task_started", taskId: id, attempt, reason }),
        onRetry: (attempt, delayMs, error) => this.emit({ type: "task_retried", taskId: id, attempt, delayMs, error }),
        onLog: (level, message) => this.emit({ type: "task_log", taskId: id, level, message }),
        // Not spread in conditionally: an object literal with a spread is built the slow way, once per task.
        runElsewhere: this.runsInPool(instance) ? (attempt: number) => this.runInPool(id, attempt) : undefined,
      });
      const error = outcome.ok ? null : firstLines(messageOf(outcome.error));
      // Computed after the run: dynamic requirements are among the inputs by then.
      const fingerprint = outcome.ok ? computeFingerprint(instance, node.deps, this.hashes) : null;
      if (fingerprint) this.hashes.set(node, fingerprint.hash);
      const finishedAt = this.options.now();
      if (fingerprint) built = { finishedAt, hash: fingerprint.hash };
      this.options.progress.record({
        taskId: id,
        taskName: instance.name,
        params: paramsJson(instance),
        status: outcome.ok ? "succeeded" : "failed",
        runId: this.options.runId,
        attempts: outcome.attempts,
        startedAt,
        finishedAt,
        error,
        fingerprint: fingerprint as unknown as JsonValue,
        // Not copied: a task's requirements stop changing once it has run.
        inputs: fingerprint ? node.deps : undefined,
      });
      if (outcome.ok) {
        this.emit({ type: "task_succeeded", taskId: id, attempt: outcome.attempts, durationMs: outcome.durationMs });
        this.succeed(node, "ran", { attempts: outcome.attempts, durationMs: outcome.durationMs });
      } else {
        const error = this.options.signal.aborted
          ? new PipewrightError("interrupted", `Interrupted while running (${messageOf(outcome.error)}); its outputs were discarded.`, { cause: outcome.error })
          : outcome.error;
        if (this.options.signal.aborted) this.interrupted.push(id);
        this.emit({ type: "task_failed", taskId: id, attempt: outcome.attempts, durationMs: outcome.durationMs, error: errorInfo(error) });
        this.fail(id, error, { attempts: outcome.attempts, durationMs: outcome.durationMs });
      }
    } catch (error) {
      // Not the task's own failure (its outcome is a value): the store or a target broke.
      this.emit({ type: "task_failed", taskId: id, attempt: 0, durationMs: 0, error: errorInfo(error) });
      this.fail(id, error, { attempts: 0, durationMs: 0 });
    } finally {
      if (leased === "store" && this.leases.letGo(id)) this.options.progress.release(id, this.leases.ownerId);
      else if (leased === "memory") this.memoryLeases!.release(id, this.options.runId, built);
      this.slots.give();
      this.resources.give(instance.definition.resources);
      this.inFlight--;
      this.wake();
    }
  }

  /**
   * Takes the leases of the next ready tasks in one store round trip, and reads their records
   * in another, instead of two round trips per task as each starts. Leases held ahead are
   * renewed by the heartbeat like the others.
   */
  private async claimAhead(): Promise<void> {
    // Few when the next task waits for its lease, so that it starts soon; more when topping up.
    // The claimed and refused tasks ahead of them are looked at too, but not many more.
    const count = this.claimed.size === 0 ? claimBatch : claimAheadMost - this.claimed.size;
    const next = this.scheduler.peekReady(count, this.notToClaim, count + this.claimed.size + this.refused.size + claimBatch);
    if (next.length < 2) {
      this.nothingToClaimAt = this.scheduler.readiedCount;
      return;
    }
    for (const id of next) this.beingClaimed.add(id);
    try {
      const got = await this.leases.tryAcquireMany(next);
      for (const id of next) if (!got.has(id)) this.refused.add(id);
      const records = await this.options.store.getTaskRecords([...got]);
      for (const id of got) this.claimed.set(id, records.get(id));
    } finally {
      for (const id of next) this.beingClaimed.delete(id);
    }
  }

  /**
   * Ready tasks a claim passes over: claimed or refused already, wrappers (nothing to run), or
   * tasks with a memory output (no lease in the store).
   */
  private readonly notToClaim = (id: string): boolean => {
    if (this.claimed.has(id) || this.refused.has(id)) return true;
    const instance = this.graph.get(id).instance;
    return !instance.definition.run || hasMemoryOutput(instance);
  };

  /**
   * `claimAhead`, one at a time; the loop is woken when it answers, since its tasks may start
   * then. A claim made ahead may fail unawaited: its tasks are claimed again when they come up,
   * and that claim's failure fails the run.
   */
  private claim(): Promise<void> {
    if (this.claiming === undefined) {
      this.claiming = this.claimAhead().finally(() => {
        this.claiming = undefined;
        this.wake();
      });
      this.claiming.catch(() => undefined); // handled: nobody may await a claim made ahead
    }
    return this.claiming;
  }

  /** Once the claim under way has answered, however it did (see `claim`). */
  private async claimAnswered(): Promise<void> {
    await this.claiming?.catch(() => undefined);
  }

  /**
   * The fingerprint hash of the task if another run built it since this one looked, now that we
   * hold its lease: it recorded a success after this run started. A run records its results before it releases
   * their leases, so the record is there by the time the lease is ours; outputs committed by a
   * run that died before recording them are rebuilt, which is safe. (Not checking the outputs
   * again saves a file-system round trip per task.)
   */
  private builtElsewhere(node: GraphNode, record: TaskRecord | undefined): string | undefined {
    const recent = record !== undefined && record.status === "succeeded" && record.runId !== this.options.runId && record.finishedAt >= this.options.startedAt;
    return recent ? (readFingerprint(record.fingerprint)?.hash ?? unrecordedHash(node.id)) : undefined;
  }

  /**
   * Takes the lease of a task with a memory output that another run of this process holds, once
   * it lets go; lending its slot and resources meanwhile. (Not for the free case: an async call per task
   * costs two promises, each tracked by the async context of the workspace.)
   */
  private async waitForMemoryLease(instance: AnyTaskInstance): Promise<void> {
    this.lend(instance);
    try {
      await this.memoryLeases!.take(instance.id, this.options.runId, this.options.signal);
    } finally {
      await this.takeBack(instance);
    }
  }

  /**
   * A task that waits (for a lease another run holds, or for its dynamic requirements) gives up
   * its slot and its resources meanwhile: what it waits for may need them (a task holding the one
   * GPU, requiring another GPU task, waited for itself), and other tasks can use them.
   */
  private lend(instance: AnyTaskInstance): void {
    this.slots.give();
    this.resources.give(instance.definition.resources);
    this.wake();
  }

  /** Takes back what `lend` gave up: the resources first, before tasks not started yet that need them. */
  private async takeBack(instance: AnyTaskInstance): Promise<void> {
    await this.resources.acquire(instance.definition.resources);
    await this.slots.take();
  }

  /**
   * Whether a task runs in a child process: when there is a pool, the task does not ask to run
   * inline, a loaded module exports it (the child finds it by name), and no data it reads or
   * writes lives in this process's memory.
   */
  private runsInPool(instance: AnyTaskInstance): boolean {
    const pool = this.options.pool;
    if (!pool || instance.definition.inline) return false;
    if (!pool.registry.has(instance.name) || pool.registry.get(instance.name).definition !== instance.definition) return false;
    if (hasMemoryOutput(instance)) return false;
    return !itemsOf(instance.requires(), isTaskInstance).some(hasMemoryOutput);
  }

  private async runInPool(id: string, attempt: number): Promise<void> {
    const { pool, registry, project } = this.options.pool!;
    const instance = this.graph.get(id).instance;
    const timeout = instance.definition.timeout;
    // Output arrives in chunks: log whole lines, whatever the chunk boundaries.
    const lines = (stream: "stdout" | "stderr") =>
      lineReader((line) => {
        if (line.trim() !== "") this.emit({ type: "task_log", taskId: id, level: stream === "stderr" ? "warn" : "info", message: line, stream });
      });
    const output = { stdout: lines("stdout"), stderr: lines("stderr") };
    const result = await pool.runAttempt(
      { ...taskRefOf(instance), attempt, seed: this.options.seed, ...(timeout !== undefined && { timeoutMs: timeout }) },
      {
        onLog: (level, message) => this.emit({ type: "task_log", taskId: id, level, message }),
        onOutput: (stream, text) => output[stream].push(text),
        require: async (refs) => {
          const instances = inProject(project, () => refs.map((ref) => instanceFromRef(registry, ref)));
          await this.requireDynamic(id, instances);
        },
        signal: this.options.signal,
      },
    );
    output.stdout.end();
    output.stderr.end();
    if (!result.ok) throw fromAttemptError(result.error);
  }

  /** `await require(...)` inside `run`: add the tasks, wait for them, return their outputs. */
  private async requireDynamic(requester: string, requirements: RequiresShape): Promise<unknown> {
    const instances = requiredInstances(requester, requirements);
    const added = await this.graph.extend(instances, requester);
    await settleStaleness(added, this.graph, this.options.store, this.hashes, this.options.staleness);
    this.schedule(added, instances.map((i) => i.id));
    const unsettled = instances.filter((i) => !this.isSettled(i.id));
    if (unsettled.length > 0) {
      // Lent at its first wait and taken back after its last, if its code waits on several.
      const instance = this.graph.get(requester).instance;
      const waits = this.dynamicWaits.get(requester) ?? 0;
      this.dynamicWaits.set(requester, waits + 1);
      if (waits === 0) this.lend(instance);
      try {
        await Promise.all(unsettled.map((i) => new Promise<void>((resolve) => this.waitFor(i.id, resolve))));
      } finally {
        const left = this.dynamicWaits.get(requester)! - 1;
        if (left > 0) this.dynamicWaits.set(requester, left);
        else {
          this.dynamicWaits.delete(requester);
          await this.takeBack(instance);
        }
      }
    }
    if (this.options.signal.aborted) {
      throw new PipewrightError("interrupted", `${requester} was interrupted while waiting for its dynamic requirements.`, { context: { taskId: requester } });
    }
    const stopped = this.stoppedBy;
    if (stopped !== undefined && instances.some((i) => !this.isSettled(i.id))) {
      throw new PipewrightError("disk_full", `${requester} was stopped while waiting for its dynamic requirements: the disk is full (${stopped} could not write).`, {
        context: { taskId: requester },
      });
    }
    const failed = instances.filter((i) => this.scheduler.state(i.id) !== "done").map((i) => i.id);
    if (failed.length > 0) {
      throw new PipewrightError("upstream_failed", `${requester} required ${listIds(failed)} while running, and ${failed.length > 1 ? "they" : "it"} did not complete.`, {
        context: { taskId: requester, failed },
      });
    }
    return mapShape(requirements, isTaskInstance, (dep) => dep.output());
  }

  private isSettled(id: string): boolean {
    const state = this.scheduler.state(id);
    return state === "done" || state === "failed" || state === "blocked";
  }

  private waitFor(id: string, resolve: () => void): void {
    const list = this.waiters.get(id) ?? [];
    list.push(resolve);
    this.waiters.set(id, list);
  }

  private succeed(node: GraphNode, status: "ran" | "ran_elsewhere", details: Partial<TaskSummary> & { reason?: string }): void {
    this.scheduler.succeed(node.id);
    this.finish(node, status, details);
  }

  private fail(id: string, error: unknown, details: { attempts: number; durationMs: number }): void {
    const status: TaskStatus = isPipewrightError(error, "upstream_failed") ? "upstream_failed" : "failed";
    if (isPipewrightError(error)) this.failureCodes.add(error.code);
    const blocked = this.scheduler.fail(id);
    const failedBy = isPipewrightError(error, "upstream_failed") ? ((error.context["failed"] as string[] | undefined) ?? []) : undefined;
    this.finish(this.graph.get(id), status, { ...details, error: firstLines(messageOf(error)), ...(failedBy && { blockedBy: failedBy }) });
    for (const b of blocked) this.block(b);
    // Every task after it would fail the same way on a full disk.
    if (isDiskFull(error)) this.stopStarting(id);
  }

  private block(id: string): void {
    const blockedBy = this.scheduler.blockedBy(id);
    this.finish(this.graph.get(id), "upstream_failed", { blockedBy, reason: `blocked by ${listIds(blockedBy)}` });
  }

  private finish(node: GraphNode, status: TaskStatus, details: Partial<TaskSummary> & { reason?: string }): void {
    const id = node.id;
    const instance = node.instance;
    const cannotBuildOptional =
      (status === "missing_input" || (status === "upstream_failed" && (details.blockedBy ?? []).every((b) => this.omitted.has(b)))) &&
      !this.isRequired(id);
    if (cannotBuildOptional) {
      this.omitted.add(id);
      this.resolveWaiters(id);
      return;
    }
    // Spelled out rather than spread from `details`: this runs once per task.
    const summary: { -readonly [K in keyof TaskSummary]: TaskSummary[K] } = {
      id,
      name: instance.name,
      params: paramsJson(instance),
      status,
      attempts: details.attempts ?? 0,
      durationMs: details.durationMs ?? 0,
      error: details.error ?? null,
    };
    if (details.blockedBy) summary.blockedBy = details.blockedBy;
    if (details.missing) summary.missing = details.missing;
    node.summary = summary;
    if (status !== "ran" && status !== "failed") this.emit({ type: "task_skipped", taskId: id, status, reason: details.reason ?? status });
    this.resolveWaiters(id);
  }

  /** Every task waiting for dynamic requirements goes on (to fail, or to stop: see `requireDynamic`). */
  private releaseWaiters(): void {
    for (const id of [...this.waiters.keys()]) this.resolveWaiters(id);
  }

  private resolveWaiters(id: string): void {
    const waiting = this.waiters.get(id);
    if (waiting) {
      this.waiters.delete(id);
      for (const resolve of waiting) resolve();
    }
  }

  private emit(event: DistributiveOmit<PipelineEvent, "runId" | "at">): void {
    // Completed in place rather than copied: a spread of these differently shaped objects is
    // slow, and a run emits a few per task.
    const complete = event as { runId?: string; at?: number };
    complete.runId = this.options.runId;
    complete.at = this.options.now();
    this.options.progress.emit(event as PipelineEvent);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
