import type { JsonValue } from "../util/json.js";
import { sortStrings } from "../util/sort-strings.js";
import { checkLimit, checkRunStatus, duplicateRunHint, storeError, unknownPageHint, unknownRunHint } from "./store-error.js";
import type { LeaseHolder, LeaseRequest, LeaseResult, NewEvent, RunRecord, Store, StoredEvent, TaskRecord, TaskResult } from "./store.js";

const location = "memory";

/**
 * A store that lives in this process only: for tests and one-off runs that need no history.
 * Values are copied through JSON on the way in and out, like a database would, so a caller
 * that mutates an object after writing it (or a record after reading it) changes nothing stored.
 *
 * @example
 * const store = createMemoryStore();
 * await store.init();
 * await store.appendEvents([{ runId: "r1", type: "run_started", taskId: null, at: Date.now(), data: {} }]);
 */
export function createMemoryStore(): Store {
  // Map iteration follows insertion order, which breaks listRuns ties like the SQL drivers do.
  const runs = new Map<string, RunRecord>();
  const leases = new Map<string, LeaseHolder>();
  const tasks = new Map<string, TaskRecord>();
  const events: StoredEvent[] = [];
  let lastSeq = 0;

  function acquire(request: LeaseRequest): LeaseResult {
    const current = leases.get(request.taskId);
    if (current === undefined || current.expiresAt <= request.now || current.ownerId === request.ownerId) {
      leases.set(request.taskId, copyLease(request));
      return { acquired: true };
    }
    return { acquired: false, holder: copyLease(current) };
  }

  function release(taskIds: readonly string[], ownerId: string): void {
    for (const taskId of taskIds) if (leases.get(taskId)?.ownerId === ownerId) leases.delete(taskId);
  }

  function record(results: readonly TaskResult[]): void {
    for (const result of results) {
      const before = tasks.get(result.taskId);
      const recorded = copyTask(result);
      // A failed attempt leaves the outputs in place as they were: keep what produced them.
      tasks.set(
        result.taskId,
        result.status === "failed" ? { ...recorded, fingerprint: before?.fingerprint ?? null, inputs: before?.inputs ?? [] } : recorded,
      );
    }
  }

  function append(batch: readonly NewEvent[]): void {
    for (const event of batch) events.push({ ...copyEvent(event), seq: ++lastSeq });
  }

  return {
    kind: "memory",
    location,
    async init() {},
    async close() {},

    async recordRunStarted(run) {
      if (runs.has(run.runId)) {
        throw storeError(location, `record run ${run.runId} as started`, undefined, duplicateRunHint);
      }
      runs.set(run.runId, {
        runId: run.runId,
        rootTaskIds: [...run.rootTaskIds],
        status: "running",
        startedAt: run.startedAt,
        finishedAt: null,
        exitCode: null,
        host: run.host,
        pid: run.pid,
        heartbeatAt: run.startedAt,
        summary: null,
      });
    },
    async recordRunFinished(finish) {
      const run = runs.get(finish.runId);
      if (run === undefined) {
        throw storeError(location, `record run ${finish.runId} as finished`, undefined, unknownRunHint);
      }
      const { status, finishedAt, exitCode } = finish;
      runs.set(run.runId, { ...run, status, finishedAt, exitCode, summary: copyJson(finish.summary) });
    },
    async recordRunHeartbeat(runId, at) {
      const run = runs.get(runId);
      if (run === undefined) throw storeError(location, `record a heartbeat of run ${runId}`, undefined, unknownRunHint);
      if (run.status === "running" || run.status === "crashed") {
        runs.set(runId, { ...run, status: "running", finishedAt: null, summary: null, heartbeatAt: at });
      }
    },
    async recordRunCrashed(crash) {
      const run = runs.get(crash.runId);
      if (run === undefined) throw storeError(location, `record run ${crash.runId} as crashed`, undefined, unknownRunHint);
      if (run.status !== "running" || run.heartbeatAt !== crash.heartbeatAt) return false;
      runs.set(run.runId, { ...run, status: "crashed", finishedAt: run.heartbeatAt, exitCode: null, summary: copyJson(crash.summary) });
      return true;
    },
    async getRun(runId) {
      const run = runs.get(runId);
      return run === undefined ? undefined : copyRun(run);
    },
    async listRuns(query = {}) {
      const limit = checkLimit(location, query.limit);
      checkRunStatus(location, query.status);
      const newestFirst = [...runs.values()].reverse().sort((a, b) => b.startedAt - a.startedAt);
      let from = 0;
      if (query.before !== undefined) {
        from = newestFirst.findIndex((run) => run.runId === query.before) + 1;
        if (from === 0) throw storeError(location, `list the runs before ${query.before}`, undefined, unknownPageHint);
      }
      const page = newestFirst.slice(from).filter((run) => query.status === undefined || run.status === query.status);
      return page.slice(0, limit).map(copyRun);
    },

    async acquireLease(request) {
      return acquire(request);
    },
    async renewLeases(ownerId, taskIds, expiresAt) {
      const lost: string[] = [];
      for (const taskId of taskIds) {
        const current = leases.get(taskId);
        if (current === undefined || current.ownerId !== ownerId) lost.push(taskId);
        else leases.set(taskId, { ...current, expiresAt });
      }
      return lost;
    },
    async releaseLease(taskId, ownerId) {
      release([taskId], ownerId);
    },
    async acquireLeases(requests) {
      return requests.map(acquire);
    },
    async releaseLeases(taskIds, ownerId) {
      release(taskIds, ownerId);
    },
    async breakLease(taskId, ownerId) {
      release([taskId], ownerId);
    },
    async getLease(taskId) {
      const current = leases.get(taskId);
      return current === undefined ? undefined : copyLease(current);
    },

    async recordTaskResults(results) {
      record(results);
    },
    async listConsumers(taskIds) {
      const wanted = new Set(taskIds);
      return [...tasks.values()]
        .filter((record) => record.inputs.some((id) => wanted.has(id)))
        .sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0))
        .map(copyTask);
    },
    async getFingerprints(taskIds) {
      const found = new Map<string, JsonValue>();
      for (const taskId of taskIds) {
        const fingerprint = tasks.get(taskId)?.fingerprint;
        if (fingerprint !== undefined && fingerprint !== null) found.set(taskId, copyJson(fingerprint));
      }
      return found;
    },
    async getTaskRecords(taskIds) {
      const found = new Map<string, TaskRecord>();
      for (const taskId of taskIds) {
        const record = tasks.get(taskId);
        if (record !== undefined) found.set(taskId, copyTask(record));
      }
      return found;
    },

    async appendEvents(batch) {
      append(batch);
    },
    async listEvents(query = {}) {
      const limit = checkLimit(location, query.limit);
      const afterSeq = query.afterSeq ?? 0;
      const matching = events.filter(
        (event) =>
          event.seq > afterSeq &&
          (query.runId === undefined || event.runId === query.runId) &&
          (query.taskId === undefined || event.taskId === query.taskId),
      );
      return matching.slice(0, limit).map((event) => ({ ...copyEvent(event), seq: event.seq }));
    },

    async recordProgress(progress) {
      // Atomic as it is: nothing else runs between these synchronous steps.
      if (progress.results) record(progress.results);
      if (progress.released) release(progress.released.taskIds, progress.released.ownerId);
      if (progress.events) append(progress.events);
    },
  };
}

function copyLease(lease: LeaseHolder): LeaseHolder {
  const { taskId, ownerId, runId, host, pid, expiresAt } = lease;
  return { taskId, ownerId, runId, host, pid, expiresAt };
}

function copyJson<T extends JsonValue | null>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function copyRun(run: RunRecord): RunRecord {
  return { ...run, rootTaskIds: [...run.rootTaskIds], summary: copyJson(run.summary) };
}

// Field by field, so stray properties on the caller's object are not stored (a table would drop them).
function copyTask(result: TaskResult): TaskRecord {
  return {
    taskId: result.taskId,
    taskName: result.taskName,
    params: copyJson(result.params),
    status: result.status,
    runId: result.runId,
    attempts: result.attempts,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    error: result.error,
    fingerprint: copyJson(result.fingerprint),
    inputs: sortStrings([...(result.inputs ?? [])]),
  };
}

function copyEvent(event: NewEvent): NewEvent {
  return { runId: event.runId, type: event.type, taskId: event.taskId, at: event.at, data: copyJson(event.data) };
}
