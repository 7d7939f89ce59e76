import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The script a pool process runs, and the Node options it needs before anything else. */
export interface ChildCommand {
  readonly entry: string;
  readonly execArgv: readonly string[];
}

/**
 * Where the child entry is, relative to this module: `child-entry.js` beside it when running
 * from dist/ (built by tsc), or `child-entry.ts` when running from the sources (tests), in which
 * case the child needs tsx loaded before its entry (`--import`, by absolute URL so it does not
 * depend on the child's working folder).
 */
export function childCommand(moduleUrl: string = import.meta.url): ChildCommand {
  const fromSources = moduleUrl.endsWith(".ts");
  const entry = fileURLToPath(new URL(fromSources ? "./child-entry.ts" : "./child-entry.js", moduleUrl));
  if (!fromSources) return { entry, execArgv: [] };
  const tsxLoader = createRequire(moduleUrl).resolve("tsx");
  return { entry, execArgv: ["--import", pathToFileURL(tsxLoader).href] };
}
