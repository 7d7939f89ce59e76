export {
  isDataTarget,
  isTarget,
  type AnyDataTarget,
  type DataOf,
  type DataTarget,
  type DataWriter,
  type FileWriter,
  type PendingWrite,
  type Target,
  type WriterOf,
} from "./target.js";
export { currentWorkspace, MemoryBucket, resolveInWorkspace, withWorkspace, type Workspace } from "./workspace.js";
export { beginAtomicWrite, staleTempAgeMs, tempPrefix, type AtomicWrite } from "./atomic-file.js";
export { localFile, type FileTarget } from "./local-file.js";
export { localDir, type DirTarget, type DirWriter } from "./local-dir.js";
export { memory, type MemoryTarget } from "./memory.js";
export { describeTarget } from "./describe-target.js";
export type { BulkExistence, ExistenceSnapshot } from "./bulk-existence.js";
