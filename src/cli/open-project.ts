import { resolve } from "node:path";
import { loadConfig, type LoadedConfig } from "../config/load-config.js";
import { PipewrightError } from "../errors.js";
import { inProject } from "../engine/run-context.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import type { CliIo } from "./cli-io.js";
import type { ParsedArgs } from "./parse-args.js";
import { loadTasks, moduleFiles, type TaskRegistry } from "../task/task-registry.js";
import { taskParamsFromArgs } from "./task-params.js";

export interface OpenedProject extends LoadedConfig {
  readonly registry: TaskRegistry;
}

export interface ProjectConfig extends LoadedConfig {
  /** The pipeline module files: `--module` files, else the config's, else the defaults. */
  readonly moduleFiles: string[];
}

/** The config, and which module files to load (not loaded yet). */
export async function projectConfig(io: CliIo, args: ParsedArgs): Promise<ProjectConfig> {
  const loaded = await loadConfig(io.cwd, args.options["config"] as string | undefined, io.env);
  const fromFlags = (args.options["module"] as string[] | undefined) ?? [];
  const files = fromFlags.length > 0 ? moduleFiles(fromFlags.map((m) => resolve(io.cwd, m)), io.cwd) : moduleFiles(loaded.config.modules ?? [], loaded.root);
  return { ...loaded, moduleFiles: files };
}

/** Config, then pipeline modules loaded. */
export async function openProject(io: CliIo, args: ParsedArgs, config?: ProjectConfig): Promise<OpenedProject> {
  const loaded = config ?? (await projectConfig(io, args));
  return { ...loaded, registry: await loadTasks(loaded.moduleFiles, loaded.root) };
}

/** The task instance a command names: `<task> --param value…`, with configured defaults applied. */
export function requestedInstance(project: OpenedProject, args: ParsedArgs, command: string): AnyTaskInstance {
  const name = args.positionals[0];
  if (!name) {
    const names = project.registry.names();
    throw new PipewrightError("bad_usage", `Name the task to ${command}: pipewright ${command} <task> [--<param> <value>]…${names.length ? ` Known tasks: ${names.join(", ")}.` : ""}`);
  }
  if (args.positionals.length > 1) {
    throw new PipewrightError("bad_usage", `Unexpected argument "${args.positionals[1]}". Parameters are given as --<name> <value>.`);
  }
  const factory = project.registry.get(name);
  const raw = taskParamsFromArgs(factory, args.params);
  return inProject({ projectRoot: project.root, params: project.config.params ?? {} }, () => factory.fromRaw(raw));
}
