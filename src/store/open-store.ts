import path from "node:path";
import { PipewrightError } from "../errors.js";
import { currentWorkspace } from "../targets/workspace.js";
import { lazyStore } from "./lazy-store.js";
import { managed } from "./managed-store.js";
import { createMemoryStore } from "./memory-store.js";
import type { Store } from "./store.js";

export interface OpenStoreOptions {
  /**
   * Relative SQLite paths, and the default `.pipewright/state.db`, are resolved against this
   * folder. Default: the folder `build()` would use, the current one (or a test sandbox's).
   */
  readonly projectRoot?: string;
}

const acceptedForms = [
  "nothing, for the default SQLite file .pipewright/state.db in the project",
  "memory (or memory:) for a store that lasts as long as the process",
  "sqlite:<path> for a SQLite file",
  "a file path ending in .db, .sqlite or .sqlite3",
];

/**
 * Opens the store a `--store` URL names, wrapped by `managed()` so init and close happen once.
 * Nothing is opened or imported yet: the SQLite driver (and better-sqlite3) loads on `init()`
 * or on the first call. Throws `bad_usage` for a URL it cannot serve.
 *
 * @example
 * const store = openStore(undefined); // .pipewright/state.db in the current folder
 * const scratch = openStore("memory", { projectRoot: process.cwd() });
 * const shared = openStore("sqlite:../shared/state.db", { projectRoot: process.cwd() });
 */
export function openStore(url: string | undefined, options: OpenStoreOptions = {}): Store {
  const projectRoot = path.resolve(options.projectRoot ?? currentWorkspace().root);
  if (url === undefined) return openSqlite(path.join(projectRoot, ".pipewright", "state.db"));
  const text = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();

  if (text.toLowerCase() === "memory" || (scheme === "memory" && text.length === "memory:".length)) {
    return managed(createMemoryStore());
  }
  if (scheme === "sqlite") {
    // sqlite:<path>, and also sqlite://<path> as people write it by analogy with other URLs.
    const file = text.replace(/^sqlite:(\/\/)?/i, "");
    if (file === "") throw badUsage(`The store URL "${text}" names no file.`);
    return openSqlite(path.resolve(projectRoot, file));
  }
  if (scheme === "postgres" || scheme === "postgresql") {
    throw new PipewrightError(
      "bad_usage",
      "The PostgreSQL store is not available yet. Use the embedded SQLite store instead: " +
        "leave out --store, or pass --store sqlite:<path>.",
      { context: { store: redact(text) } },
    );
  }
  // A one-letter "scheme" is a Windows drive (C:\data\state.db), so that is still a path.
  const isPath = scheme === undefined || scheme.length === 1;
  if (isPath && /\.(db|sqlite|sqlite3)$/i.test(text)) return openSqlite(path.resolve(projectRoot, text));
  throw badUsage(`Unknown store "${redact(text)}".`);
}

function openSqlite(file: string): Store {
  return managed(
    lazyStore("sqlite", file, async () => {
      const { createSqliteStore } = await import("./sqlite-store.js");
      return createSqliteStore(file);
    }),
  );
}

function badUsage(problem: string): PipewrightError {
  return new PipewrightError("bad_usage", `${problem} Accepted forms: ${acceptedForms.join("; ")}.`);
}

/** Hides a password in URL-like text, so error messages and logs never show it. */
function redact(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, "$1:***@");
}
