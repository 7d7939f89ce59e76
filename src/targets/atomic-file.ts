import { randomBytes } from "node:crypto";
import { renameSync, statSync } from "node:fs";
import { lstat, mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, sep } from "node:path";
import { PipewrightError } from "../errors.js";
import type { MaybePromise } from "../util/maybe-promise.js";
import { fileSystemError } from "./file-system-hint.js";
import { currentWorkspace } from "./workspace.js";

/** Leftovers of killed processes older than this are removed when the same path is written again. */
export const staleTempAgeMs = 60 * 60 * 1000;

/**
 * One write of `finalPath` in progress. The writer fills `tempPath` (a file or a directory, in the
 * same folder so the rename stays on one file system and is atomic); `commit()` moves it into place.
 */
export interface AtomicWrite {
  readonly finalPath: string;
  readonly tempPath: string;
  /** Whether something exists at `tempPath` (at once after `markWritten()`). */
  isWritten(): MaybePromise<boolean>;
  /** Tells the write that the writer put data at `tempPath` itself (saves a `stat` later). */
  markWritten(): void;
  /** Move the temp into place (at once in the common case). Fails with `target_error` if nothing was written. */
  commit(): MaybePromise<void>;
  /** Remove the temp; a no-op after `commit()` or a previous `abort()`. */
  abort(): Promise<void>;
}

/** Prefix of every temp name for `finalPath`: `.<basename>.pw-tmp-`. */
export function tempPrefix(finalPath: string): string {
  return `.${basename(finalPath)}.pw-tmp-`;
}

/**
 * Start writing `finalPath` (absolute): create its folder, clear stale temps of earlier killed
 * writes, and pick a fresh temp path. Nothing is created at the temp path itself. Answers at
 * once when the folder is there and was swept already, as it is for all but a folder's first write.
 */
export function beginAtomicWrite(finalPath: string): MaybePromise<AtomicWrite> {
  const folder = dirname(finalPath);
  let folderThere: boolean;
  try {
    // A synchronous check (no thread-pool round trip) finds the folder almost always there.
    folderThere = statSync(folder, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch (error) {
    return Promise.reject(error);
  }
  if (folderThere && sweptFolders.has(folder)) return atomicWrite(finalPath, folder);
  return (async () => {
    if (!folderThere) await guard(finalPath, "create the folder for", () => mkdir(folder, { recursive: true }));
    await removeStaleTemps(finalPath);
    return atomicWrite(finalPath, folder);
  })();
}

/**
 * @internal `beginAtomicWrite` without checking again that a folder this process already wrote
 * into is still there, for writers that make it again when they find it gone (a local file's
 * writer does, and its `path` makes sure of it). That check, a `stat` on every write, cost a
 * tenth of writing a tiny output.
 */
export function beginAtomicWriteInKnownFolder(finalPath: string): MaybePromise<AtomicWrite> {
  const folder = dirname(finalPath);
  return sweptFolders.has(folder) ? atomicWrite(finalPath, folder) : beginAtomicWrite(finalPath);
}

function atomicWrite(finalPath: string, folder: string): AtomicWrite {
  const tempPath = `${folder}${sep}${tempPrefix(finalPath)}${uniqueSuffix()}`;
  let state: "open" | "committed" | "aborted" = "open";
  let marked = false;
  const nothingWritten = () =>
    new PipewrightError("target_error", `Nothing was written for ${finalPath}, so there is nothing to commit. Write the output before the task finishes.`, {
      context: { path: finalPath },
    });

  // Each file-system call is a round trip through libuv's thread pool, as costly as the write
  // itself for a tiny output: the common case (a file written through the handle, nothing or
  // a file at the final path) is one rename, and the checks happen only when it fails.
  return Object.freeze({
    finalPath,
    tempPath,
    isWritten: () => marked || statOrNull(tempPath).then((stats) => stats !== null),
    markWritten: () => void (marked = true),
    commit() {
      if (state !== "open") return Promise.reject(misuse(finalPath, `commit after ${state === "committed" ? "commit" : "abort"}`));
      // The common case, at once: written through the handle, nothing to flush, one rename.
      if (marked && !currentWorkspace().fsync) {
        try {
          renameSync(tempPath, finalPath);
          state = "committed";
          return;
        } catch {
          // Replacing a folder, a missing temp, …: the careful way below sorts it out.
        }
      }
      return commitCarefully();
    },
    async abort() {
      if (state !== "open") return;
      state = "aborted";
      await guard(finalPath, "remove the temporary data of", () => rm(tempPath, { recursive: true, force: true }));
    },
  });

  async function commitCarefully(): Promise<void> {
    if (!marked && (await statOrNull(tempPath)) === null) throw nothingWritten();
    await guard(finalPath, "commit", async () => {
      if (currentWorkspace().fsync && (await statOrNull(tempPath))?.isFile()) await fsyncFile(tempPath);
      try {
        // Synchronous: a rename is one metadata operation, cheaper than a thread-pool round trip.
        renameSync(tempPath, finalPath);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === "ENOENT" && (await statOrNull(tempPath)) === null) throw nothingWritten();
        if (code !== "EISDIR" && code !== "ENOTDIR" && code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
        // rename() replaces a file atomically but refuses to replace a directory (or a file by
        // one): move the old entry aside first, then remove it once the new one is in place.
        const aside = join(folder, `${tempPrefix(finalPath)}old-${randomBytes(6).toString("hex")}`);
        await rename(finalPath, aside);
        await rename(tempPath, finalPath);
        await rm(aside, { recursive: true, force: true });
      }
      // No fsync of the folder: a rename lost in a power cut only leaves the output missing,
      // and a missing output is rebuilt. The file's own fsync (the `fsync` option) is what
      // keeps a complete-looking but empty file from appearing after a power cut.
    });
    state = "committed";
  }
}

// Temp names must not collide with another write of the same path, in this process or another:
// a random token per process and a counter are as unique as random bytes per write, and cheaper.
const processToken = randomBytes(4).toString("hex");
let writeCounter = 0;
function uniqueSuffix(): string {
  return `${processToken}${(++writeCounter).toString(36)}`;
}

// Folders already swept by this process. Listing a folder on every write would make writing
// N outputs into one folder cost O(N²); leftovers only come from killed processes, so one
// sweep per folder per process finds them all.
const sweptFolders = new Set<string>();

async function removeStaleTemps(finalPath: string): Promise<void> {
  const folder = dirname(finalPath);
  if (sweptFolders.has(folder)) return;
  sweptFolders.add(folder);
  const names = await readdir(folder).catch(() => [] as string[]);
  const cutoff = Date.now() - staleTempAgeMs;
  for (const name of names) {
    if (!name.includes(".pw-tmp-")) continue;
    const path = join(folder, name);
    const stats = await statOrNull(path);
    // Young temps may belong to a write still running in another process: leave them alone.
    if (stats !== null && stats.mtimeMs < cutoff) await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function statOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** @internal A "no such file" error (also a path through a file, ENOTDIR). */
export function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

async function guard<T>(finalPath: string, action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof PipewrightError) throw error;
    throw fileSystemError(`Could not ${action} ${finalPath}`, error, "Check that the folder exists and is writable.", { path: finalPath });
  }
}

function misuse(finalPath: string, what: string): PipewrightError {
  return new PipewrightError("target_error", `Cannot ${what} of ${finalPath}: each write is committed or aborted once. Begin a new write instead.`, {
    context: { path: finalPath },
  });
}
