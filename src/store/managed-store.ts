import { PipewrightError } from "../errors.js";
import type { Store } from "./store.js";

const managedStores = new WeakSet<Store>();

/**
 * Wraps a driver so its lifecycle is safe whatever callers do:
 * - `init()` runs once; concurrent callers share one promise, and every method waits for it,
 *   so a caller that forgets `init()` still works. A failed init may be retried.
 * - `close()` runs once, after the calls in flight have settled; closing twice is fine.
 * - any call after `close()` rejects with a `store_error` saying the store was closed.
 * Wrapping a managed store again returns it unchanged.
 *
 * @example
 * const store = managed(createMemoryStore());
 * await store.getRun("r1"); // inits first
 * await store.close();
 */
export function managed(store: Store): Store {
  if (managedStores.has(store)) return store;
  let initializing: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  const inFlight = new Set<Promise<unknown>>();

  const closedError = (method: string) =>
    new PipewrightError(
      "store_error",
      `The ${store.kind} store at ${store.location} was closed, so ${method}() cannot run. ` +
        "Open the store again to keep using it.",
      { context: { kind: store.kind, location: store.location, method } },
    );

  function init(): Promise<void> {
    if (closing !== undefined) return Promise.reject(closedError("init"));
    initializing ??= store.init().catch((error: unknown) => {
      initializing = undefined; // let a later call retry, e.g. after a lock timeout
      throw error;
    });
    return initializing;
  }

  // Registered as in flight synchronously, so a call made before close() always completes.
  function call<T>(method: string, work: () => Promise<T>): Promise<T> {
    if (closing !== undefined) return Promise.reject(closedError(method));
    const running = (async () => {
      await init();
      return work();
    })();
    inFlight.add(running);
    const settled = () => inFlight.delete(running);
    running.then(settled, settled);
    return running;
  }

  async function closeOnce(): Promise<void> {
    if (initializing === undefined) return; // never opened: nothing to release
    try {
      await initializing;
    } catch {
      return; // init failed, so the driver holds nothing
    }
    await Promise.allSettled([...inFlight]);
    await store.close();
  }

  const wrapper: Store = {
    get kind() {
      return store.kind;
    },
    get location() {
      return store.location;
    },
    init,
    close: () => (closing ??= closeOnce()),
    recordRunStarted: (run) => call("recordRunStarted", () => store.recordRunStarted(run)),
    recordRunFinished: (finish) => call("recordRunFinished", () => store.recordRunFinished(finish)),
    recordRunHeartbeat: (runId, at) => call("recordRunHeartbeat", () => store.recordRunHeartbeat(runId, at)),
    recordRunCrashed: (crash) => call("recordRunCrashed", () => store.recordRunCrashed(crash)),
    getRun: (runId) => call("getRun", () => store.getRun(runId)),
    listRuns: (query) => call("listRuns", () => store.listRuns(query)),
    acquireLease: (request) => call("acquireLease", () => store.acquireLease(request)),
    acquireLeases: (requests) => call("acquireLeases", () => store.acquireLeases(requests)),
    releaseLeases: (taskIds, ownerId) => call("releaseLeases", () => store.releaseLeases(taskIds, ownerId)),
    renewLeases: (ownerId, taskIds, expiresAt) =>
      call("renewLeases", () => store.renewLeases(ownerId, taskIds, expiresAt)),
    releaseLease: (taskId, ownerId) => call("releaseLease", () => store.releaseLease(taskId, ownerId)),
    breakLease: (taskId, ownerId) => call("breakLease", () => store.breakLease(taskId, ownerId)),
    getLease: (taskId) => call("getLease", () => store.getLease(taskId)),
    recordTaskResults: (results) => call("recordTaskResults", () => store.recordTaskResults(results)),
    getTaskRecords: (taskIds) => call("getTaskRecords", () => store.getTaskRecords(taskIds)),
    getFingerprints: (taskIds) => call("getFingerprints", () => store.getFingerprints(taskIds)),
    listConsumers: (taskIds) => call("listConsumers", () => store.listConsumers(taskIds)),
    appendEvents: (events) => call("appendEvents", () => store.appendEvents(events)),
    listEvents: (query) => call("listEvents", () => store.listEvents(query)),
    recordProgress: (progress) => call("recordProgress", () => store.recordProgress(progress)),
  };
  managedStores.add(wrapper);
  return wrapper;
}
