// The process pool: runs task attempts in reusable child processes (see process-pool.ts).
export { createProcessPool, createProcessPoolEarly } from "./process-pool.js";
export { fromAttemptError } from "./attempt-error.js";
export { instanceFromRef, taskRefOf, type TaskLookup } from "./task-ref.js";
export {
  type AttemptError,
  type AttemptFailureReason,
  type AttemptResult,
  type ParamsJson,
  type PoolAttemptHooks,
  type PoolAttemptRequest,
  type PoolProject,
  type ProcessPool,
  type ProcessPoolOptions,
  type TaskRef,
} from "./pool-types.js";
