// The store layer's public surface: the contract, the drivers and the lifecycle helpers.
// createSqliteStore is deliberately not re-exported: importing it loads better-sqlite3, which
// openStore() defers until a SQLite store is opened. Import it from ./sqlite-store.js.
export type {
  EventQuery,
  EventType,
  LeaseHolder,
  LeaseRequest,
  LeaseResult,
  NewEvent,
  Progress,
  RunCrash,
  RunFinish,
  RunQuery,
  RunRecord,
  RunStart,
  RunStatus,
  Store,
  StoredEvent,
  TaskRecord,
  TaskRecordStatus,
  TaskResult,
} from "./store.js";
export { eventTypes, runStatuses, taskRecordStatuses } from "./store.js";
export { createMemoryStore } from "./memory-store.js";
export { managed } from "./managed-store.js";
export { openStore, type OpenStoreOptions } from "./open-store.js";
