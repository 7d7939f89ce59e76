import { createMemoryStore } from "../../src/store/memory-store.js";
import type { LeaseRequest, Store } from "../../src/store/store.js";
import { hostIdentity } from "../../src/util/host-identity.js";

/** A memory store that notes the task ids of each lease request call and each record read it is sent. */
export function spiedStore(): { store: Store; leaseCalls: string[][]; recordReads: string[][] } {
  const inner = createMemoryStore();
  const leaseCalls: string[][] = [];
  const recordReads: string[][] = [];
  const store = Object.create(inner) as Store;
  Object.assign(store, {
    acquireLease: (request: LeaseRequest) => (leaseCalls.push([request.taskId]), inner.acquireLease(request)),
    acquireLeases: (requests: readonly LeaseRequest[]) => (leaseCalls.push(requests.map((r) => r.taskId)), inner.acquireLeases(requests)),
    getTaskRecords: (taskIds: readonly string[]) => (recordReads.push([...taskIds]), inner.getTaskRecords(taskIds)),
  });
  return { store, leaseCalls, recordReads };
}

/**
 * Another run, on this machine and alive (`pid`, this very process by default), takes the leases
 * of `taskIds` for a minute; returns its owner id, to release them with.
 */
export async function holdLeases(store: Store, taskIds: readonly string[], pid = process.pid, host = hostIdentity()): Promise<string> {
  const ownerId = `${host}:${pid}:other-run`;
  const now = Date.now();
  const results = await store.acquireLeases(taskIds.map((taskId) => ({ taskId, ownerId, runId: "other-run", host, pid, expiresAt: now + 60_000, now })));
  if (!results.every((result) => result.acquired)) throw new Error("another run already holds some of these leases");
  return ownerId;
}
