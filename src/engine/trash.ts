import { randomBytes } from "node:crypto";
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { PipewrightError } from "../errors.js";
import { outputTargets, targetExists } from "../graph/completeness.js";
import type { Target } from "../targets/target.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import { inProject, type ProjectOptions } from "./run-context.js";

/** An output that invalidation would remove. `path` is set for files and folders, which go to the trash. */
export interface InvalidationItem {
  readonly taskId: string;
  readonly location: string;
  readonly path: string | null;
}

export interface TrashEntry {
  readonly id: string;
  readonly createdAt: number;
  readonly items: ReadonlyArray<{ readonly taskId: string; readonly location: string; readonly original: string; readonly stored: string }>;
}

const trashDir = (root: string) => join(root, ".pipewright", "trash");

/** The declared outputs of these tasks that exist now: the only things invalidation touches. */
export async function outputsToInvalidate(instances: readonly AnyTaskInstance[], options: ProjectOptions = {}): Promise<InvalidationItem[]> {
  return inProject(options, async () => {
    const items: InvalidationItem[] = [];
    for (const instance of instances) {
      for (const target of outputTargets(instance)) {
        if (!(await targetExists(instance.id, target))) continue;
        items.push({ taskId: instance.id, location: target.location, path: pathOf(target) });
      }
    }
    return items;
  });
}

/**
 * Moves the outputs of these tasks to `.pipewright/trash/<id>/` (files and folders; other
 * targets are removed through their `remove()`), so that `restoreTrash` can bring them back.
 * Nothing outside the tasks' declared outputs is touched.
 */
export async function invalidateOutputs(instances: readonly AnyTaskInstance[], projectRoot: string): Promise<{ entry: TrashEntry | null; removed: InvalidationItem[] }> {
  const items = await outputsToInvalidate(instances, { projectRoot });
  const byId = new Map(instances.map((i) => [i.id, i]));
  const id = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  const entryDir = join(trashDir(projectRoot), id);
  const moved: Array<TrashEntry["items"][number]> = [];
  const removed: InvalidationItem[] = [];
  for (const [index, item] of items.entries()) {
    if (item.path) {
      const stored = join("files", `${index}-${basename(item.path)}`);
      await mkdir(join(entryDir, "files"), { recursive: true });
      await move(item.path, join(entryDir, stored));
      moved.push({ taskId: item.taskId, location: item.location, original: item.path, stored });
    } else {
      const target = inProject({ projectRoot }, () => outputTargets(byId.get(item.taskId)!).find((t) => t.location === item.location));
      if (!target?.remove) {
        throw new PipewrightError("target_error", `Cannot invalidate ${item.location} (output of ${item.taskId}): its target cannot be removed. Remove it by hand.`, {
          context: { taskId: item.taskId, target: item.location },
        });
      }
      await inProject({ projectRoot }, () => target.remove!());
      removed.push(item);
    }
  }
  if (moved.length === 0) return { entry: null, removed };
  const entry: TrashEntry = { id, createdAt: Date.now(), items: moved };
  await writeFile(join(entryDir, "manifest.json"), JSON.stringify(entry, null, 2) + "\n");
  return { entry, removed };
}

/** Trash entries, newest first. */
export async function listTrash(projectRoot: string): Promise<TrashEntry[]> {
  const dir = trashDir(projectRoot);
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries: TrashEntry[] = [];
  for (const name of names) {
    const manifest = await readFile(join(dir, name, "manifest.json"), "utf8").catch(() => undefined);
    if (manifest) entries.push(JSON.parse(manifest) as TrashEntry);
  }
  return entries.sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
}

/** Puts a trash entry's outputs back (the newest entry by default). Refuses to overwrite what is there now. */
export async function restoreTrash(projectRoot: string, id?: string): Promise<TrashEntry> {
  const entries = await listTrash(projectRoot);
  const entry = id ? entries.find((e) => e.id === id) : entries[0];
  if (!entry) {
    throw new PipewrightError("bad_usage", id ? `No trash entry "${id}". See pipewright trash list.` : "The trash is empty: nothing to restore.");
  }
  const entryDir = join(trashDir(projectRoot), entry.id);
  const taken = [];
  for (const item of entry.items) if (await exists(item.original)) taken.push(item.original);
  if (taken.length > 0) {
    throw new PipewrightError("bad_usage", `Not restoring ${entry.id}: ${taken.join(", ")} exist${taken.length === 1 ? "s" : ""} again (rebuilt since?). Move or delete ${taken.length === 1 ? "it" : "them"} first.`);
  }
  for (const item of entry.items) await move(join(entryDir, item.stored), item.original);
  await rm(entryDir, { recursive: true, force: true });
  return entry;
}

/** Deletes trash entries for good: all, or those older than `olderThanMs`. Returns how many. */
export async function emptyTrash(projectRoot: string, olderThanMs?: number): Promise<number> {
  const entries = await listTrash(projectRoot);
  const doomed = entries.filter((e) => olderThanMs === undefined || Date.now() - e.createdAt > olderThanMs);
  for (const entry of doomed) await rm(join(trashDir(projectRoot), entry.id), { recursive: true, force: true });
  return doomed.length;
}

function pathOf(target: Target): string | null {
  const withPath = target as Target & { absolutePath?: () => string };
  return (target.kind === "local-file" || target.kind === "local-dir") && typeof withPath.absolutePath === "function" ? withPath.absolutePath() : null;
}

/** Rename, or copy then delete across file systems. */
async function move(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
