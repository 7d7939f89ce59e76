import { mkdirSync, writeFileSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, normalize } from "node:path";
import { PipewrightError, isPipewrightError, messageOf } from "../errors.js";
import type { Format } from "../formats/format.js";
import { text } from "../formats/text.js";
import { isPromise, type MaybePromise } from "../util/maybe-promise.js";
import { beginAtomicWriteInKnownFolder, isMissing, type AtomicWrite } from "./atomic-file.js";
import type { BulkExistence } from "./bulk-existence.js";
import { fileSystemError } from "./file-system-hint.js";
import { folderListing } from "./folder-listing.js";
import type { DataTarget, FileWriter, PendingWrite } from "./target.js";
import { resolveInWorkspace } from "./workspace.js";

/** A file on the local disk holding data in one format. */
export interface FileTarget<T> extends DataTarget<T, FileWriter<T>> {
  readonly kind: "local-file";
  /** The path as declared (relative paths resolve against the workspace root at I/O time). */
  readonly path: string;
  readonly format: Format<T>;
  /** The absolute path in the current workspace. */
  absolutePath(): string;
}

/**
 * A local file target. Writes go to a temp file beside it and are renamed into place only when
 * the task succeeds, so a crashed task never leaves a half-written output that looks complete.
 * @example localFile(`data/clean/${date}.csv`, csv({ cast: true }))
 */
export function localFile(path: string): FileTarget<string>;
export function localFile<T>(path: string, format: Format<T>): FileTarget<T>;
export function localFile<T>(path: string, format?: Format<T>): FileTarget<T> | FileTarget<string> {
  if (typeof path !== "string" || path.trim() === "") {
    throw new PipewrightError("invalid_definition", `localFile() needs a file path, got ${JSON.stringify(path)}. Pass a path such as "data/out.json".`);
  }
  return format === undefined ? makeFileTarget(path, text()) : makeFileTarget(path, format);
}

function makeFileTarget<T>(path: string, format: Format<T>): FileTarget<T> {
  return new LocalFileTarget(path, format);
}

// A class, not an object literal of closures: a 100,000-task graph holds 100,000 targets, and
// methods on the prototype cost nothing per target (closures cost about 1.5 KB each here).
class LocalFileTarget<T> implements FileTarget<T> {
  readonly kind = "local-file" as const;
  readonly location: string;

  constructor(
    readonly path: string,
    readonly format: Format<T>,
  ) {
    const normal = normalize(path);
    this.location = normal === path ? path : normal; // one string, not two equal ones
    Object.freeze(this);
  }

  get bulkExistence(): BulkExistence {
    return folderListing;
  }

  absolutePath(): string {
    return resolveInWorkspace(this.path);
  }

  async exists(): Promise<boolean> {
    try {
      return (await stat(this.absolutePath())).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw targetError(this.path, "check", error);
    }
  }

  async read(): Promise<T> {
    const { path, format } = this;
    const file = this.absolutePath();
    let raw: Buffer;
    try {
      raw = await readFile(file);
    } catch (error) {
      if (isMissing(error)) {
        throw new PipewrightError("target_error", `File ${path} does not exist (${file}): the task that produces it has not run, or its output was removed. Run that task first.`, {
          cause: error,
          context: { path, absolutePath: file },
        });
      }
      throw targetError(path, "read", error);
    }
    try {
      return format.decode(raw);
    } catch (error) {
      throw formatFailure(`File ${path} is not valid ${format.name}`, path, format, error);
    }
  }

  async remove(): Promise<void> {
    try {
      await rm(this.absolutePath(), { force: true });
    } catch (error) {
      throw targetError(this.path, "remove", error);
    }
  }

  beginWrite(): MaybePromise<PendingWrite<FileWriter<T>>> {
    const pending = beginAtomicWriteInKnownFolder(this.absolutePath());
    return isPromise(pending) ? pending.then((begun) => this.pendingWrite(begun)) : this.pendingWrite(pending);
  }

  private pendingWrite(pending: AtomicWrite): PendingWrite<FileWriter<T>> {
    const { path, format } = this;
    const tempPath = pending.tempPath;
    // The folder is made again if it was removed since an earlier write: for code saving to
    // `path` when it asks for it, for write() when its write finds it gone.
    const writer: FileWriter<T> = Object.freeze({
      get path(): string {
        // Sync on purpose: `path` is a property, and code that saves by itself expects the folder.
        mkdirSync(dirname(tempPath), { recursive: true });
        return tempPath;
      },
      async write(data: T): Promise<void> {
        let encoded: string | Uint8Array;
        try {
          encoded = format.encode(data);
        } catch (error) {
          throw formatFailure(`Cannot write ${path} as ${format.name}`, path, format, error);
        }
        try {
          await writeData(tempPath, encoded);
        } catch (error) {
          throw targetError(path, "write", error);
        }
        pending.markWritten();
      },
    });
    return Object.freeze({
      writer,
      isWritten: () => pending.isWritten(),
      commit: () => pending.commit(),
      abort: () => pending.abort(),
    });
  }
}

/**
 * Small data is written with one synchronous call: the asynchronous API makes three round
 * trips through libuv's thread pool (open, write, close), which cost more than writing a few
 * kilobytes, and made tiny outputs twice as slow. Large data goes asynchronously, so a big
 * write never holds up other tasks running inline.
 */
const syncWriteLimit = 64 * 1024;

async function writeData(file: string, data: string | Uint8Array): Promise<void> {
  try {
    if (data.length <= syncWriteLimit) writeFileSync(file, data);
    else await writeFile(file, data);
  } catch (error) {
    if (!isMissing(error)) throw error;
    // Its folder was removed since this process last wrote into it: make it again, once.
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
  }
}

function targetError(path: string, action: string, error: unknown): PipewrightError {
  return fileSystemError(`Could not ${action} file ${path}`, error, "Check the path and its permissions.", { path, absolutePath: resolveInWorkspace(path) });
}

/** Name the file: a format error alone does not say which of many outputs is bad. */
function formatFailure(summary: string, path: string, format: Format<unknown>, error: unknown): PipewrightError {
  return new PipewrightError("format_error", `${summary}: ${messageOf(error)}`, {
    cause: error,
    context: { ...(isPipewrightError(error) ? error.context : {}), format: format.name, path, absolutePath: resolveInWorkspace(path) },
  });
}
