import { mkdirSync } from "node:fs";
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, normalize, relative, resolve, sep } from "node:path";
import { PipewrightError } from "../errors.js";
import { beginAtomicWrite, isMissing } from "./atomic-file.js";
import { fileSystemError } from "./file-system-hint.js";
import type { DataTarget, PendingWrite } from "./target.js";
import { resolveInWorkspace } from "./workspace.js";

/**
 * The handle for a directory output. Use `path` for libraries that save many files themselves
 * (a model checkpoint), or `write()` for a map of relative names to contents.
 */
export interface DirWriter {
  /** A temporary directory beside the final one, created when first read; renamed into place on success. */
  readonly path: string;
  /** Write files under the directory; `a/b.txt` creates `a/`. Names must stay inside the directory. */
  write(files: Readonly<Record<string, string | Uint8Array>>): Promise<void>;
}

/** A directory on the local disk; reading it gives its absolute path. */
export interface DirTarget extends DataTarget<string, DirWriter> {
  readonly kind: "local-dir";
  /** The path as declared. */
  readonly path: string;
  absolutePath(): string;
}

/**
 * A local directory target, written as a whole: the task fills a temp directory, which replaces
 * the final one only on success, so readers never see a mix of old and new files.
 * @example localDir(`models/${date}`)
 */
export function localDir(path: string): DirTarget {
  if (typeof path !== "string" || path.trim() === "") {
    throw new PipewrightError("invalid_definition", `localDir() needs a directory path, got ${JSON.stringify(path)}. Pass a path such as "models/latest".`);
  }
  const absolutePath = (): string => resolveInWorkspace(path);
  const isDirectory = async (): Promise<boolean> => {
    try {
      return (await stat(absolutePath())).isDirectory();
    } catch (error) {
      if (isMissing(error)) return false;
      throw dirError(path, "check", error);
    }
  };

  return Object.freeze({
    kind: "local-dir" as const,
    location: normalize(path),
    path,
    absolutePath,
    exists: isDirectory,
    async read(): Promise<string> {
      if (await isDirectory()) return absolutePath();
      throw new PipewrightError("target_error", `Directory ${path} does not exist (${absolutePath()}): the task that produces it has not run, or its output was removed. Run that task first.`, {
        context: { path, absolutePath: absolutePath() },
      });
    },
    async remove(): Promise<void> {
      try {
        await rm(absolutePath(), { recursive: true, force: true });
      } catch (error) {
        throw dirError(path, "remove", error);
      }
    },
    async beginWrite(): Promise<PendingWrite<DirWriter>> {
      const pending = await beginAtomicWrite(absolutePath());
      const tempDir = pending.tempPath;
      const writer: DirWriter = Object.freeze({
        get path(): string {
          // Sync on purpose: `path` is a property, and code that saves by itself expects the folder.
          mkdirSync(tempDir, { recursive: true });
          return tempDir;
        },
        async write(files: Readonly<Record<string, string | Uint8Array>>): Promise<void> {
          const targets = Object.entries(files).map(([name, data]) => [insideDir(path, tempDir, name), data] as const);
          await mkdir(tempDir, { recursive: true });
          for (const [file, data] of targets) {
            try {
              await mkdir(dirname(file), { recursive: true });
              await writeFile(file, data);
            } catch (error) {
              throw dirError(path, "write into", error);
            }
          }
        },
      });
      return Object.freeze({
        writer,
        isWritten: () => pending.isWritten(),
        commit: () => pending.commit(),
        abort: () => pending.abort(),
      });
    },
  });
}

/** The absolute file for `name` under `dir`; rejects names that would land outside it. */
function insideDir(declared: string, dir: string, name: string): string {
  const file = resolve(dir, name);
  const rel = relative(dir, file);
  if (name === "" || isAbsolute(name) || rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new PipewrightError("target_error", `Cannot write ${JSON.stringify(name)} into directory ${declared}: file names must be relative paths inside the directory, such as "part-0.csv" or "sub/part-0.csv".`, {
      context: { path: declared, name },
    });
  }
  return file;
}

function dirError(path: string, action: string, error: unknown): PipewrightError {
  return fileSystemError(`Could not ${action} directory ${path}`, error, "Check the path and its permissions.", { path, absolutePath: resolveInWorkspace(path) });
}
