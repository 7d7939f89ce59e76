import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PipewrightError, messageOf } from "../errors.js";
import { moduleFormatHint } from "../util/module-format-hint.js";
import { stalenessModes, type StalenessMode } from "../engine/staleness.js";
import type { PipewrightConfig } from "./config.js";

export const configFileNames = ["pipewright.config.ts", "pipewright.config.mts", "pipewright.config.js", "pipewright.config.mjs"];

export interface LoadedConfig {
  readonly config: PipewrightConfig;
  /** The folder of the config file (or the current folder): the project root. */
  readonly root: string;
  /** The config file, if one was found. */
  readonly file: string | undefined;
}

/**
 * Finds and loads the project's config (the given file, or one in `cwd`), validates it, and
 * applies environment overrides. Bad values fail with `bad_config` naming the key and the fix.
 */
export async function loadConfig(cwd: string, explicitFile: string | undefined, env: NodeJS.ProcessEnv): Promise<LoadedConfig> {
  const file = explicitFile ? resolve(cwd, explicitFile) : configFileNames.map((name) => join(cwd, name)).find((f) => existsSync(f));
  if (explicitFile && !existsSync(file!)) {
    throw new PipewrightError("bad_config", `Config file ${file} does not exist. Check the --config path.`, { context: { file } });
  }
  let raw: unknown = {};
  if (file) {
    try {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      raw = mod.default ?? {};
    } catch (error) {
      throw new PipewrightError("bad_config", `Could not load ${file}: ${messageOf(error)}${moduleFormatHint(error)}`, { cause: error, context: { file } });
    }
  }
  const config = validateConfig(raw, file ?? "the configuration");
  return { config: applyEnv(config, env), root: file ? dirname(file) : cwd, file };
}

function validateConfig(raw: unknown, where: string): PipewrightConfig {
  const fail = (message: string) => new PipewrightError("bad_config", `${where}: ${message}`, { context: { file: where } });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw fail("the default export must be an object, e.g. export default defineConfig({ ... }).");
  const known = ["modules", "store", "workers", "retries", "retryDelay", "staleness", "resources", "params", "fsync"];
  for (const key of Object.keys(raw)) if (!known.includes(key)) throw fail(`unknown key "${key}". Known keys: ${known.join(", ")}.`);
  const c = raw as Record<string, unknown>;
  if (c["modules"] !== undefined && !(Array.isArray(c["modules"]) && c["modules"].every((m) => typeof m === "string"))) {
    throw fail(`"modules" must be a list of file paths, e.g. ["pipeline/index.ts"].`);
  }
  if (c["store"] !== undefined && typeof c["store"] !== "string") throw fail(`"store" must be a string such as "memory" or ".pipewright/state.db".`);
  for (const key of ["workers", "retries", "retryDelay"]) {
    const value = c[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= (key === "workers" ? 1 : 0))) {
      throw fail(`"${key}" must be a whole number${key === "workers" ? " of at least 1" : " (0 or more)"}, got ${JSON.stringify(value)}.`);
    }
  }
  if (c["staleness"] !== undefined && !(stalenessModes as readonly unknown[]).includes(c["staleness"])) {
    throw fail(`"staleness" must be one of ${stalenessModes.map((m) => `"${m}"`).join(", ")}, got ${JSON.stringify(c["staleness"])}.`);
  }
  if (c["fsync"] !== undefined && typeof c["fsync"] !== "boolean") throw fail(`"fsync" must be true or false, got ${JSON.stringify(c["fsync"])}.`);
  const resources = c["resources"];
  if (resources !== undefined) {
    if (typeof resources !== "object" || resources === null || Array.isArray(resources)) throw fail(`"resources" must map resource names to limits, e.g. { gpu: 1 }.`);
    for (const [name, limit] of Object.entries(resources)) {
      if (typeof limit !== "number" || !(limit >= 0)) throw fail(`"resources.${name}" must be a number (0 or more), got ${JSON.stringify(limit)}.`);
    }
  }
  const params = c["params"];
  if (params !== undefined) {
    if (typeof params !== "object" || params === null || Array.isArray(params)) throw fail(`"params" must map task names to parameter values, e.g. { features: { window: 14 } }.`);
    for (const [taskName, values] of Object.entries(params)) {
      if (typeof values !== "object" || values === null || Array.isArray(values)) throw fail(`"params.${taskName}" must be an object of parameter values.`);
    }
  }
  return raw as PipewrightConfig;
}

function applyEnv(config: PipewrightConfig, env: NodeJS.ProcessEnv): PipewrightConfig {
  const out: { -readonly [K in keyof PipewrightConfig]: PipewrightConfig[K] } = { ...config };
  if (env["PIPEWRIGHT_STORE"]) out.store = env["PIPEWRIGHT_STORE"];
  const staleness = env["PIPEWRIGHT_STALENESS"];
  if (staleness) {
    if (!(stalenessModes as readonly string[]).includes(staleness)) {
      throw new PipewrightError("bad_config", `Environment variable PIPEWRIGHT_STALENESS must be one of ${stalenessModes.join(", ")}, got "${staleness}".`, {
        context: { variable: "PIPEWRIGHT_STALENESS" },
      });
    }
    out.staleness = staleness as StalenessMode;
  }
  const fsync = env["PIPEWRIGHT_FSYNC"];
  if (fsync) {
    if (!["1", "0", "true", "false"].includes(fsync)) {
      throw new PipewrightError("bad_config", `Environment variable PIPEWRIGHT_FSYNC must be 1, 0, true or false, got "${fsync}".`, { context: { variable: "PIPEWRIGHT_FSYNC" } });
    }
    out.fsync = fsync === "1" || fsync === "true";
  }
  if (env["PIPEWRIGHT_MODULES"]) out.modules = env["PIPEWRIGHT_MODULES"].split(",").map((m) => m.trim()).filter(Boolean);
  for (const [name, key] of [
    ["PIPEWRIGHT_WORKERS", "workers"],
    ["PIPEWRIGHT_RETRIES", "retries"],
  ] as const) {
    const text = env[name];
    if (text === undefined || text === "") continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < (key === "workers" ? 1 : 0)) {
      throw new PipewrightError("bad_config", `Environment variable ${name} must be a whole number${key === "workers" ? " of at least 1" : ""}, got "${text}".`, {
        context: { variable: name },
      });
    }
    out[key] = value;
  }
  return out;
}
