import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PipewrightError, isPipewrightError, messageOf } from "../errors.js";
import { isTaskFactory, type AnyTaskFactory } from "./task-types.js";
import { didYouMean } from "../util/closest.js";
import { moduleFormatHint } from "../util/module-format-hint.js";

/** Default pipeline entry points, looked for in the project root when no module is configured. */
export const defaultModules = ["pipeline.ts", "pipeline/index.ts", "pipeline.mts", "pipeline.js"];

/**
 * The tasks a command can name: every task factory exported by the loaded modules. Explicit
 * (built from the modules), not a global registry, so nothing needs resetting between runs.
 */
export class TaskRegistry {
  private readonly byName = new Map<string, AnyTaskFactory>();
  /** The module files the tasks came from (absolute paths). */
  readonly modules: string[] = [];

  add(factory: AnyTaskFactory, from: string): void {
    const existing = this.byName.get(factory.taskName);
    if (existing && existing !== factory) {
      throw new PipewrightError("bad_config", `Two different tasks are named "${factory.taskName}" (the second in ${from}). Task names must be unique.`, {
        context: { task: factory.taskName, module: from },
      });
    }
    this.byName.set(factory.taskName, factory);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  get(name: string): AnyTaskFactory {
    const factory = this.byName.get(name);
    if (factory) return factory;
    const names = this.names();
    throw new PipewrightError(
      "unknown_task",
      `Unknown task "${name}".${didYouMean(name, names)} ${names.length ? `Known tasks: ${names.join(", ")}.` : "No tasks were found: export them from your pipeline modules."}`,
      { context: { task: name } },
    );
  }
}

/** The module files to load: the given ones (relative to `baseDir`), else the first default that exists. */
export function moduleFiles(modules: readonly string[], baseDir: string): string[] {
  const files = modules.length > 0 ? modules.map((m) => resolve(baseDir, m)) : defaultModules.map((m) => resolve(baseDir, m)).filter(existsSync).slice(0, 1);
  if (files.length === 0) {
    throw new PipewrightError(
      "bad_usage",
      `No pipeline modules to load. Pass --module <file>, list them under "modules" in pipewright.config.ts, or create ${defaultModules[0]} in ${baseDir}.`,
    );
  }
  for (const file of files) {
    if (!existsSync(file)) throw new PipewrightError("bad_usage", `Pipeline module ${file} does not exist.`, { context: { module: file } });
  }
  return files;
}

/** Imports the pipeline modules and collects the task factories they export. */
export async function loadTasks(modules: readonly string[], baseDir: string): Promise<TaskRegistry> {
  const files = moduleFiles(modules, baseDir);
  const registry = new TaskRegistry();
  for (const file of files) {
    let exports: Record<string, unknown>;
    try {
      exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      if (isPipewrightError(error)) throw error;
      throw new PipewrightError("bad_usage", `Could not load pipeline module ${file}: ${messageOf(error)}${moduleFormatHint(error)}`, {
        cause: error,
        context: { module: file },
      });
    }
    for (const value of Object.values(exports)) if (isTaskFactory(value)) registry.add(value, file);
    registry.modules.push(file);
  }
  return registry;
}
