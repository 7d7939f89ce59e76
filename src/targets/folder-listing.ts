import { readdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { BulkExistence } from "./bulk-existence.js";
import { isMissing } from "./atomic-file.js";
import type { Target } from "./target.js";
import { isPlainRelative, resolveInWorkspace } from "./workspace.js";

/** A target that is one file: its path as declared, and where that is in the current workspace. */
interface FileLike extends Target {
  readonly path: string;
  absolutePath(): string;
}

/**
 * Existence of many files in one folder from one listing: a `stat` per file costs far more
 * (100,000 of them took seconds here; one listing of the folder, tens of milliseconds).
 * A symbolic link is checked with its own `exists()`, which follows it, as a `stat` would.
 * A plainly relative path ("out/leaf-7.txt") gives its folder and name as it is, and the folder
 * is resolved in the workspace once per listing, not once per file: twice per output of a walk,
 * that was half the listing's cost. (A folder named both ways is listed twice, and answers the same.)
 */
export const folderListing: BulkExistence = {
  key: (target) => dirname(declaredOrAbsolute(target as FileLike)),
  async snapshot(folder) {
    let entries;
    try {
      entries = await readdir(resolveInWorkspace(folder), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return () => false;
      return (target) => target.exists();
    }
    const byName = new Map(entries.map((entry) => [entry.name, entry]));
    return (target) => {
      const entry = byName.get(basename(declaredOrAbsolute(target as FileLike)));
      if (entry === undefined) return false;
      return entry.isSymbolicLink() ? target.exists() : entry.isFile();
    };
  },
};

/** The declared path when it is plainly relative (its folder and name are those of the file), else the absolute one. */
function declaredOrAbsolute(file: FileLike): string {
  return isPlainRelative(file.path) ? file.path : file.absolutePath();
}
