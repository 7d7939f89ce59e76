import { randomBytes } from "node:crypto";
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import pMap from "p-map";
import { PipewrightError } from "../errors.js";
import { outputTargets, targetExists } from "../graph/completeness.js";
import { beginAtomicWrite } from "../targets/atomic-file.js";
import { BulkChecker } from "../targets/bulk-existence.js";
import type { Target } from "../targets/target.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import { fileCallsAtOnce } from "../util/file-calls-at-once.js";
import { listIds } from "../util/list-ids.js";
import { inProject, type ProjectOptions } from "./run-context.js";

/** An output that invalidation would remove. `path` is set for files and folders, which go to the trash. */
export interface InvalidationItem {
  readonly taskId: string;
  readonly location: string;
  readonly path: string | null;
}

export type TrashItem = TrashEntry["items"][number];

export interface TrashEntry {
  readonly id: string;
  readonly createdAt: number;
  readonly items: ReadonlyArray<{ readonly taskId: string; readonly location: string; readonly original: string; readonly stored: string }>;
}

/** What `restoreTrash` did with each of an entry's outputs. */
export interface Restored {
  readonly entry: TrashEntry;
  /** Moved back into place. */
  readonly restored: readonly TrashItem[];
  /** Already in place and not in the trash: an invalidation or a restore stopped before reaching them. */
  readonly inPlace: readonly TrashItem[];
  /** Neither in the trash nor in place (deleted from the trash by hand). */
  readonly missing: readonly TrashItem[];
}

const trashDir = (root: string) => join(root, ".pipewright", "trash");

/** The declared outputs of these tasks that exist now: the only things invalidation touches. */
export async function outputsToInvalidate(instances: readonly AnyTaskInstance[], options: ProjectOptions = {}): Promise<InvalidationItem[]> {
  return inProject(options, async () => {
    const outputs = instances.flatMap((instance) => outputTargets(instance).map((target) => ({ instance, target })));
    // Files in one folder are answered by one listing of it, as in a run's graph walk.
    const known = await new BulkChecker().check(outputs.map((o) => o.target));
    const exists = await pMap(outputs, ({ instance, target }) => known.get(target) ?? targetExists(instance.id, target), { concurrency: fileCallsAtOnce });
    return outputs.filter((_, index) => exists[index]).map(({ instance, target }) => ({ taskId: instance.id, location: target.location, path: pathOf(target) }));
  });
}

/**
 * Moves the outputs of these tasks to `.pipewright/trash/<id>/` (files and folders; other
 * targets are removed through their `remove()`), so that `restoreTrash` can bring them back.
 * Nothing outside the tasks' declared outputs is touched. The entry's manifest is written before
 * anything moves: if the command stops part way (a failure, a kill), what it moved is listed
 * there and `restoreTrash` brings it back.
 */
export async function invalidateOutputs(
  instances: readonly AnyTaskInstance[],
  options: ProjectOptions & { readonly projectRoot: string },
): Promise<{ entry: TrashEntry | null; removed: InvalidationItem[] }> {
  const items = await outputsToInvalidate(instances, options);
  // Outputs that are not files are removed through their target: checked before anything moves,
  // so that one that cannot be removed stops the invalidation with nothing done.
  const byId = new Map(instances.map((i) => [i.id, i]));
  const removals = items.flatMap((item) => {
    if (item.path !== null) return [];
    const target = inProject(options, () => outputTargets(byId.get(item.taskId)!).find((t) => t.location === item.location));
    if (!target?.remove) {
      throw new PipewrightError("target_error", `Cannot invalidate ${item.location} (output of ${item.taskId}): its target cannot be removed. Remove it by hand; nothing was moved.`, {
        context: { taskId: item.taskId, target: item.location },
      });
    }
    return [{ item, remove: target.remove.bind(target) }];
  });
  const id = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  const entryDir = join(trashDir(options.projectRoot), id);
  const files = items.filter((item): item is InvalidationItem & { path: string } => item.path !== null);
  const moved: TrashItem[] = files.map((item, index) => ({ taskId: item.taskId, location: item.location, original: item.path, stored: join("files", `${index}-${basename(item.path)}`) }));
  const entry: TrashEntry | null = moved.length === 0 ? null : { id, createdAt: Date.now(), items: moved };
  const stopped = (what: string, item: { taskId: string; location: string }, error: unknown) =>
    new PipewrightError(
      "target_error",
      `Invalidation stopped: could not ${what} ${item.location} (output of ${item.taskId}): ${(error as Error).message}.` +
        (entry ? ` What it moved before is in the trash as ${id}; put it back with: pipewright trash restore ${id}` : ""),
      { cause: error, context: { taskId: item.taskId, target: item.location } },
    );
  if (entry) {
    await mkdir(join(entryDir, "files"), { recursive: true });
    await writeAtomically(join(entryDir, "manifest.json"), JSON.stringify(entry, null, 2) + "\n");
    await pMap(
      moved,
      async (item) => {
        try {
          await move(item.original, join(entryDir, item.stored));
        } catch (error) {
          throw stopped("move", item, error);
        }
      },
      { concurrency: fileCallsAtOnce },
    );
  }
  const removed: InvalidationItem[] = [];
  for (const { item, remove } of removals) {
    try {
      await inProject(options, remove);
    } catch (error) {
      throw stopped("remove", item, error);
    }
    removed.push(item);
  }
  return { entry, removed };
}

/** Trash entries, newest first. */
export async function listTrash(projectRoot: string): Promise<TrashEntry[]> {
  const dir = trashDir(projectRoot);
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries: TrashEntry[] = [];
  for (const name of names) {
    const file = join(dir, name, "manifest.json");
    // An entry whose manifest was never written holds nothing: its files move only after it.
    const manifest = await readFile(file, "utf8").catch(() => undefined);
    if (manifest === undefined) continue;
    try {
      entries.push(JSON.parse(manifest) as TrashEntry);
    } catch {
      throw new PipewrightError("bad_usage", `The trash entry ${name} cannot be read: ${file} is not valid JSON. Mend it, or move that folder out of ${dir}.`);
    }
  }
  return entries.sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
}

/**
 * Puts a trash entry's outputs back (the newest entry by default). Refuses to overwrite what is
 * there now. An entry an invalidation or an earlier restore left part way is restored for what is
 * still in the trash; the rest is reported as in place.
 */
export async function restoreTrash(projectRoot: string, id?: string): Promise<Restored> {
  const entries = await listTrash(projectRoot);
  const entry = id ? entries.find((e) => e.id === id) : entries[0];
  if (!entry) {
    throw new PipewrightError("bad_usage", id ? `No trash entry "${id}". See pipewright trash list.` : "The trash is empty: nothing to restore.");
  }
  const entryDir = join(trashDir(projectRoot), entry.id);
  const where = await pMap(entry.items, async (item) => ({ item, stored: await exists(join(entryDir, item.stored)), original: await exists(item.original) }), { concurrency: fileCallsAtOnce });
  const taken = where.filter((w) => w.stored && w.original).map((w) => w.item.original);
  if (taken.length > 0) {
    throw new PipewrightError("bad_usage", `Not restoring ${entry.id}: ${listIds(taken)} exist${taken.length === 1 ? "s" : ""} again (rebuilt since?). Move or delete ${taken.length === 1 ? "it" : "them"} first.`);
  }
  const restored = where.filter((w) => w.stored).map((w) => w.item);
  for (const folder of new Set(restored.map((item) => dirname(item.original)))) await mkdir(folder, { recursive: true });
  await pMap(restored, (item) => move(join(entryDir, item.stored), item.original), { concurrency: fileCallsAtOnce });
  await rm(entryDir, { recursive: true, force: true });
  return {
    entry,
    restored,
    inPlace: where.filter((w) => !w.stored && w.original).map((w) => w.item),
    missing: where.filter((w) => !w.stored && !w.original).map((w) => w.item),
  };
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

/** Rename, or copy then delete across file systems. The folder of `to` is there already. */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}

/** Whole or absent, as a task's output is: a kill while writing leaves no manifest, never half of one. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const write = await beginAtomicWrite(file);
  try {
    await writeFile(write.tempPath, text);
    write.markWritten();
    await write.commit();
  } catch (error) {
    await write.abort();
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
