import { resolve } from "node:path";
import { PipewrightError } from "../errors.js";
import { managed } from "../store/managed-store.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { MemoryBucket, currentWorkspace, withWorkspace } from "../targets/workspace.js";
import { withParamDefaults, type ParamDefaults } from "../task/param-defaults.js";
import { isTaskInstance, type AnyTaskInstance } from "../task/task-types.js";

/** Options shared by `build`, `plan` and `load`: where the project is and what it is configured with. */
export interface ProjectOptions {
  /** Relative target paths resolve here; the embedded store lives in its `.pipewright/`. Default: the current folder. */
  readonly projectRoot?: string;
  /** Default parameter values per task name, as in the config file's `params`. */
  readonly params?: ParamDefaults;
  /** Where `memory()` targets keep data. Default: one bucket shared by the process. */
  readonly memory?: MemoryBucket;
  /** Flush each file output to disk before it is renamed into place (default false): survives power cuts, costs several times each write. */
  readonly fsync?: boolean;
}

/** Runs `fn` with relative paths resolving in the project and configured parameter defaults applied. */
export function inProject<T>(options: ProjectOptions, fn: () => T): T {
  const root = resolve(options.projectRoot ?? currentWorkspace().root);
  const memory = options.memory ?? currentWorkspace().memory;
  return withWorkspace({ root, memory, ...(options.fsync !== undefined && { fsync: options.fsync }) }, () => withParamDefaults(options.params ?? {}, fn));
}

/** A store given as an object is used as is (and left open); a URL or nothing opens one (closed after). */
export function resolveStore(store: Store | string | undefined, projectRoot: string | undefined): { store: Store; owned: boolean } {
  if (store !== undefined && typeof store !== "string") return { store: managed(store), owned: false };
  return { store: openStore(store, { projectRoot }), owned: true };
}

/** `build(x)` takes one task instance or a list; anything else is a programming mistake. */
export function asInstances(tasks: AnyTaskInstance | readonly AnyTaskInstance[], what: string): AnyTaskInstance[] {
  const list = Array.isArray(tasks) ? [...(tasks as readonly AnyTaskInstance[])] : [tasks as AnyTaskInstance];
  for (const item of list) {
    if (!isTaskInstance(item)) {
      const hint = typeof item === "function" ? " It looks like a task factory: call it with parameters first, e.g. total({ n: 3 })." : "";
      throw new PipewrightError("bad_usage", `${what}() takes task instances.${hint}`);
    }
  }
  return list;
}
