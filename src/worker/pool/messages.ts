import type { LogLevel } from "../../engine/events.js";
import type { ParamDefaults } from "../../task/param-defaults.js";
import type { AttemptError, PoolAttemptRequest, TaskRef } from "./pool-types.js";

/**
 * The IPC protocol between the pool (parent) and a pool process (child). A child runs one
 * attempt at a time; `seq` numbers the attempts a child has run, so a late message of an
 * earlier attempt is never taken for the current one.
 */
export type ParentMessage =
  | {
      readonly type: "init";
      readonly modules: readonly string[];
      readonly projectRoot: string;
      readonly paramDefaults: ParamDefaults;
      readonly fsync: boolean;
      /** How long the child waits for a stopped attempt to wind up before exiting anyway. */
      readonly killGraceMs: number;
    }
  | { readonly type: "run"; readonly seq: number; readonly request: Omit<PoolAttemptRequest, "timeoutMs"> }
  | { readonly type: "required"; readonly seq: number; readonly requestId: number; readonly error: AttemptError | null };

export type ChildMessage =
  /** Modules loaded: ready for attempts. */
  | { readonly type: "ready" }
  /** The modules could not be loaded; the child exits. */
  | { readonly type: "load_failed"; readonly error: AttemptError }
  | { readonly type: "log"; readonly seq: number; readonly level: LogLevel; readonly message: string }
  | { readonly type: "require"; readonly seq: number; readonly requestId: number; readonly requirements: readonly TaskRef[] }
  /** The attempt settled; `error` null on success. The output markers follow on stdout and stderr. */
  | { readonly type: "done"; readonly seq: number; readonly error: AttemptError | null }
  /** An uncaught exception or unhandled rejection; the child exits right after. */
  | { readonly type: "crashed"; readonly seq: number | null; readonly error: AttemptError };

const childTypes = new Set(["ready", "load_failed", "log", "require", "done", "crashed"]);
const parentTypes = new Set(["init", "run", "required"]);

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === "object" && value !== null && childTypes.has((value as { type?: unknown }).type as string);
}

export function isParentMessage(value: unknown): value is ParentMessage {
  return typeof value === "object" && value !== null && parentTypes.has((value as { type?: unknown }).type as string);
}

/** Env variable giving a child the marker it writes on stdout and stderr after each attempt. */
export const markerEnv = "PIPEWRIGHT_POOL_MARKER";

/**
 * What ends an attempt's output on a stream. stdout/stderr are pipes apart from the IPC channel,
 * so "done" may arrive before the last lines: the parent waits for the marker on both streams.
 */
export function outputMarker(token: string): string {
  return `\u001e${token}\u001e`;
}
