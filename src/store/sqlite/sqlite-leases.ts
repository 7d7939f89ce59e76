import type { LeaseHolder, LeaseRequest, LeaseResult } from "../store.js";
import type { SqliteQueries } from "./sqlite-queries.js";

/**
 * The SQLite store's leases, kept in sets (see migrations/004_lease_sets.sql): one row per batch
 * of leases taken at once, holding their task ids as a JSON array. A task id is in at most one
 * set, so a set answers for its ids exactly as one row per task would. The functions that write
 * run inside the caller's BEGIN IMMEDIATE transaction.
 */

interface LeaseSetRow {
  readonly set_id: number;
  readonly owner_id: string;
  readonly run_id: string;
  readonly host: string;
  readonly pid: number;
  readonly expires_at: number;
  readonly task_ids: string;
}

/** A set in memory: read from a row (with its `setId`) or new. */
interface LeaseSet {
  readonly setId: number | undefined;
  readonly holder: Omit<LeaseHolder, "taskId" | "expiresAt">;
  expiresAt: number;
  readonly taskIds: Set<string>;
  changed: boolean;
}

function fromRow(row: LeaseSetRow): LeaseSet {
  const { set_id: setId, owner_id: ownerId, run_id: runId, host, pid, expires_at: expiresAt } = row;
  return { setId, holder: { ownerId, runId, host, pid }, expiresAt, taskIds: new Set(JSON.parse(row.task_ids) as string[]), changed: false };
}

function holderOf(set: LeaseSet, taskId: string): LeaseHolder {
  return { taskId, ...set.holder, expiresAt: set.expiresAt };
}

/** Writes the sets that changed: new ones inserted, emptied ones deleted, the others updated. */
function save(queries: SqliteQueries, sets: Iterable<LeaseSet>): void {
  for (const set of sets) {
    if (!set.changed) continue;
    const empty = set.taskIds.size === 0;
    if (set.setId === undefined) {
      if (!empty) queries.insertLeaseSet.run({ ...set.holder, expiresAt: set.expiresAt, taskIds: JSON.stringify([...set.taskIds]) });
    } else if (empty) {
      queries.deleteLeaseSet.run({ setId: set.setId });
    } else {
      queries.updateLeaseSet.run({ setId: set.setId, taskIds: JSON.stringify([...set.taskIds]), expiresAt: set.expiresAt });
    }
  }
}

/** acquireLease(s): each request in order, as if alone; the leases granted become new sets. */
export function acquireLeaseSets(queries: SqliteQueries, requests: readonly LeaseRequest[]): LeaseResult[] {
  const holding = new Map<string, LeaseSet>();
  const touched = new Set<LeaseSet>();
  const wanted = new Set(requests.map((request) => request.taskId));
  // A task id asked for twice must see its own first answer.
  const repeats = wanted.size < requests.length;
  for (const row of queries.leaseSetsHolding.all({ taskIds: JSON.stringify([...wanted]) }) as LeaseSetRow[]) {
    const set = fromRow(row);
    for (const taskId of set.taskIds) holding.set(taskId, set);
  }
  // Granted leases sharing a holder and expiry go into one new set. A run's batch has one holder
  // and one expiry, so the last request's set is tried before the map.
  const created = new Map<string, LeaseSet>();
  let last: LeaseSet | undefined;
  const results = requests.map((request): LeaseResult => {
    const { taskId, ownerId } = request;
    const current = holding.get(taskId);
    if (current !== undefined && current.expiresAt > request.now && current.holder.ownerId !== ownerId) {
      return { acquired: false, holder: holderOf(current, taskId) };
    }
    // Free, expired or already ours: the task moves to the set of this request's holder.
    if (current !== undefined) {
      current.taskIds.delete(taskId);
      current.changed = true;
      if (current.setId !== undefined) touched.add(current); // a new one is saved with the others
    }
    const target = last !== undefined && sameHolder(last, request) ? last : setFor(created, request);
    target.taskIds.add(taskId);
    if (repeats) holding.set(taskId, target);
    last = target;
    return granted;
  });
  save(queries, touched);
  save(queries, created.values());
  return results;
}

const granted: LeaseResult = Object.freeze({ acquired: true });

function sameHolder(set: LeaseSet, request: LeaseRequest): boolean {
  const { holder } = set;
  return (
    set.expiresAt === request.expiresAt &&
    holder.ownerId === request.ownerId &&
    holder.runId === request.runId &&
    holder.host === request.host &&
    holder.pid === request.pid
  );
}

/** The new set for a request's holder and expiry, made on first use. */
function setFor(created: Map<string, LeaseSet>, request: LeaseRequest): LeaseSet {
  const { ownerId, runId, host, pid, expiresAt } = request;
  const key = `${ownerId}\n${runId}\n${host}\n${pid}\n${expiresAt}`;
  let set = created.get(key);
  if (set === undefined) {
    set = { setId: undefined, holder: { ownerId, runId, host, pid }, expiresAt, taskIds: new Set(), changed: true };
    created.set(key, set);
  }
  return set;
}

/** The sets an owner holds. */
function setsOf(queries: SqliteQueries, ownerId: string): LeaseSet[] {
  return (queries.leaseSetsOfOwner.all({ ownerId }) as LeaseSetRow[]).map(fromRow);
}

/** releaseLease(s) and breakLease: the owner's leases on these tasks go; nobody else's. */
export function releaseLeaseSets(queries: SqliteQueries, taskIds: readonly string[], ownerId: string): void {
  const releasing = new Set(taskIds);
  const sets = setsOf(queries, ownerId);
  for (const set of sets) {
    for (const taskId of set.taskIds) {
      if (!releasing.has(taskId)) continue;
      set.taskIds.delete(taskId);
      set.changed = true;
    }
  }
  save(queries, sets);
}

/** renewLeases: moves the expiry of the owner's leases on these tasks; returns the ids it does not hold. */
export function renewLeaseSets(queries: SqliteQueries, ownerId: string, taskIds: readonly string[], expiresAt: number): string[] {
  const renewing = new Set(taskIds);
  const held = new Set<string>();
  const sets = setsOf(queries, ownerId);
  const split: LeaseSet[] = [];
  for (const set of sets) {
    const renewed = [...set.taskIds].filter((taskId) => renewing.has(taskId));
    if (renewed.length === 0) continue;
    for (const taskId of renewed) held.add(taskId);
    set.changed = true;
    if (renewed.length === set.taskIds.size) {
      set.expiresAt = expiresAt;
      continue;
    }
    // Only some of the set's tasks are renewed: they leave it for a set of their own.
    for (const taskId of renewed) set.taskIds.delete(taskId);
    split.push({ setId: undefined, holder: set.holder, expiresAt, taskIds: new Set(renewed), changed: true });
  }
  save(queries, [...sets, ...split]);
  return taskIds.filter((taskId) => !held.has(taskId));
}

/** getLease: the holder of a task's lease, expired or not, if any. */
export function leaseHolder(queries: SqliteQueries, taskId: string): LeaseHolder | undefined {
  const row = queries.leaseSetHolding.get({ taskId }) as LeaseSetRow | undefined;
  return row === undefined ? undefined : holderOf(fromRow(row), taskId);
}
