import { resolve, sep } from "node:path";
import { contextSlot } from "../util/context-slot.js";
import { MemoryBucket } from "./memory-bucket.js";

export { MemoryBucket };

/**
 * Where targets live for the code running now: relative paths resolve against `root`, memory
 * targets use `memory`. Held in async context rather than a global so that two sandboxes (two
 * tests, two runs) can work at once in one process without `process.chdir`.
 */
export interface Workspace {
  readonly root: string;
  readonly memory: MemoryBucket;
  /**
   * Flush each file output to disk before renaming it into place (default false). Without it a
   * crashed process never leaves a partial output (the rename is atomic), but a power cut or an
   * OS crash may; with it, that holds too, at several times the cost of each write.
   */
  readonly fsync?: boolean;
}

const workspaceSlot = contextSlot<Workspace>("workspace");

// One per process, even if two copies of the library are loaded (see contextSlot).
const shared = globalThis as { [key: symbol]: unknown };
const memoryKey = Symbol.for("pipewright.defaultMemory");
const defaultMemory = (shared[memoryKey] ??= new MemoryBucket()) as MemoryBucket;

/**
 * Run `fn` (and everything it awaits or starts) inside `workspace`. A relative root is resolved
 * against the current workspace's root now.
 * @example await withWorkspace({ root: tmp, memory: new MemoryBucket() }, () => runPipeline())
 */
export function withWorkspace<R>(workspace: Workspace, fn: () => R): R {
  const current = currentWorkspace();
  const root = resolve(current.root, workspace.root);
  return workspaceSlot.run(Object.freeze({ root, memory: workspace.memory, fsync: workspace.fsync ?? current.fsync ?? false }), fn);
}

/** The workspace of the calling code; outside any, the process's folder and a shared bucket. */
export function currentWorkspace(): Workspace {
  // Read cwd on each call, not at load: the default follows a process that changes folder.
  return workspaceSlot.get() ?? { root: process.cwd(), memory: defaultMemory };
}

// Relative, no empty, "." or ".." segment, no trailing slash, no backslash.
const plainRelative = /^(?:(?!\.{1,2}\/)[^/\\]+\/)*(?!\.{1,2}$)[^/\\]+$/;

/** An absolute path for `path`: relative paths against the current workspace root. */
export function resolveInWorkspace(path: string): string {
  const root = currentWorkspace().root;
  // Most target paths are relative and already plain ("out/leaf-7.txt"): joining them to the
  // (absolute, normal) root is enough, where `resolve` normalizes the whole string again. A
  // large graph resolves hundreds of thousands of paths.
  if (isPlainRelative(path)) return root === "/" ? `/${path}` : `${root}/${path}`;
  return resolve(root, path);
}

/** @internal Whether `path` is relative and already plain ("out/leaf-7.txt"): it joins the workspace root as it is. */
export function isPlainRelative(path: string): boolean {
  return sep === "/" && plainRelative.test(path);
}
