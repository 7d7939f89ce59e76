import { PipewrightError } from "../errors.js";
import type { Store } from "./store.js";

/**
 * A store whose driver module is imported by `init()`, not before: a memory-only user never
 * loads better-sqlite3, and an optional driver's client is needed only by those who pick it.
 * `kind` and `location` are known up front so they can be printed before anything opens.
 * Meant to be wrapped by `managed()`, which makes sure `init()` comes first.
 */
export function lazyStore(kind: string, location: string, load: () => Promise<Store>): Store {
  let loading: Promise<Store> | undefined;
  let driver: Store | undefined;

  const loaded = (): Store => {
    if (driver !== undefined) return driver;
    throw new PipewrightError("store_error", `The ${kind} store at ${location} is not open: call init() first.`, {
      context: { kind, location },
    });
  };

  return {
    kind,
    location,
    async init() {
      loading ??= load();
      const store = await loading.catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      await store.init();
      driver = store;
    },
    async close() {
      await driver?.close();
    },
    recordRunStarted: async (run) => loaded().recordRunStarted(run),
    recordRunFinished: async (finish) => loaded().recordRunFinished(finish),
    recordRunHeartbeat: async (runId, at) => loaded().recordRunHeartbeat(runId, at),
    recordRunCrashed: async (crash) => loaded().recordRunCrashed(crash),
    getRun: async (runId) => loaded().getRun(runId),
    listRuns: async (query) => loaded().listRuns(query),
    acquireLease: async (request) => loaded().acquireLease(request),
    acquireLeases: async (requests) => loaded().acquireLeases(requests),
    releaseLeases: async (taskIds, ownerId) => loaded().releaseLeases(taskIds, ownerId),
    renewLeases: async (ownerId, taskIds, expiresAt) => loaded().renewLeases(ownerId, taskIds, expiresAt),
    releaseLease: async (taskId, ownerId) => loaded().releaseLease(taskId, ownerId),
    breakLease: async (taskId, ownerId) => loaded().breakLease(taskId, ownerId),
    getLease: async (taskId) => loaded().getLease(taskId),
    recordTaskResults: async (results) => loaded().recordTaskResults(results),
    getTaskRecords: async (taskIds) => loaded().getTaskRecords(taskIds),
    getFingerprints: async (taskIds) => loaded().getFingerprints(taskIds),
    listConsumers: async (taskIds) => loaded().listConsumers(taskIds),
    appendEvents: async (events) => loaded().appendEvents(events),
    listEvents: async (query) => loaded().listEvents(query),
    recordProgress: async (progress) => loaded().recordProgress(progress),
  };
}
