import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { PipewrightError, messageOf } from "../errors.js";
import type { ParamSpecs, ParamValues } from "../params/param.js";
import { isTarget, type Target } from "../targets/target.js";
import { currentWorkspace, resolveInWorkspace } from "../targets/workspace.js";
import { lineReader } from "../util/line-reader.js";
import { task } from "./task.js";
import type { InputOf, OutputShape, RequiresShape, TaskDefinition, TaskFactory, TaskLogger } from "./task-types.js";

/** A shape of targets (or of their write handles) with every file or directory replaced by its path. */
export type PathsOf<T> = T extends Target
  ? string
  : T extends readonly unknown[]
    ? { readonly [K in keyof T]: PathsOf<T[K]> }
    : T extends object
      ? { readonly [K in keyof T]: PathsOf<T[K]> }
      : T;

/** The program to run: its argv (program first), optionally a working folder and extra environment. */
export type CommandSpec =
  | readonly string[]
  | { readonly argv: readonly string[]; readonly cwd?: string; readonly env?: Readonly<Record<string, string>> };

export interface CommandContext<P extends ParamSpecs, R, Out> {
  readonly params: ParamValues<P>;
  /** Absolute paths of the required tasks' files and directories, in the shape of `requires`. */
  readonly input: PathsOf<InputOf<R>>;
  /** Temporary paths to write the outputs to, in the shape of `output`; moved into place on success. */
  readonly output: PathsOf<Out>;
}

/** Everything `commandTask(name, definition)` accepts: a task definition with `command` instead of `run`. */
export interface CommandTaskDefinition<P extends ParamSpecs, R, Out> extends Omit<TaskDefinition<P, R, Out>, "run"> {
  readonly command: (context: CommandContext<P, R, Out>) => CommandSpec;
}

/** How many lines of a failed program's stderr its error shows. */
export const stderrTailLines = 20;
// A program that ignores SIGTERM after an interruption gets this long before SIGKILL.
const killGraceMs = 5000;

/**
 * Declare a task that runs an external program. `command` gets the inputs' paths and the
 * outputs' temporary paths: the program writes there and the outputs appear at their final
 * place only if it exits with 0. Its stdout and stderr lines go to the task's log; the working
 * folder defaults to the project root.
 * @example
 * export const stats = commandTask("stats", {
 *   params: { date: param.date() },
 *   requires: ({ date }) => clean({ date }),
 *   output: ({ date }) => localFile(`data/${date}/stats.json`, json<Stats>()),
 *   command: ({ input, output }) => ["python3", "scripts/stats.py", input, output],
 * });
 */
export function commandTask<
  const P extends ParamSpecs = {},
  R extends RequiresShape | undefined = undefined,
  Out extends OutputShape | undefined = undefined,
>(name: string, definition: CommandTaskDefinition<P, R, Out>): TaskFactory<P, Out, R> {
  const { command, ...rest } = definition;
  if (typeof command !== "function") {
    throw new PipewrightError("invalid_definition", `Command task "${name}": "command" must be a function returning the program and its arguments, e.g. ({ input, output }) => ["python3", "script.py", input, output].`, { context: { task: name } });
  }
  return task<P, R, Out>(name, {
    ...rest,
    async run({ params, input, output, log, signal, taskId }) {
      const spec = command({ params, input: inputPaths(taskId, input, "input") as never, output: outputPaths(taskId, output, "output") as never });
      await runProgram(taskId, normalize(taskId, spec), log, signal);
    },
  } as TaskDefinition<P, R, Out>);
}

interface Program {
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

function normalize(taskId: string, spec: CommandSpec): Program {
  const { argv, cwd, env } = Array.isArray(spec) ? { argv: spec as readonly string[], cwd: undefined, env: undefined } : (spec as Exclude<CommandSpec, readonly string[]>);
  if (!Array.isArray(argv) || argv.length === 0 || argv.some((arg) => typeof arg !== "string") || argv[0] === "") {
    throw new PipewrightError("invalid_definition", `command() of ${taskId} must return a non-empty list of strings, program first (e.g. ["python3", "train.py"]), got ${JSON.stringify(argv)}.`, { context: { taskId } });
  }
  const folder = cwd === undefined ? currentWorkspace().root : resolveInWorkspace(cwd);
  if (!isFolder(folder)) {
    throw new PipewrightError("task_failed", `Cannot run ${argv[0]} for ${taskId}: its working folder ${folder} does not exist. Create it or fix "cwd" in command().`, { context: { taskId, cwd: folder } });
  }
  return { argv: argv as unknown as Program["argv"], cwd: folder, env: { ...process.env, ...env } };
}

/** Runs the program to its end; rejects with the exit code and the tail of stderr unless it exits with 0. */
function runProgram(taskId: string, program: Program, log: TaskLogger, signal: AbortSignal): Promise<void> {
  const [file, ...args] = program.argv;
  const context = { taskId, program: file, argv: program.argv, cwd: program.cwd };
  if (signal.aborted) return Promise.reject(interrupted(context));
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    const stdout = lineReader((line) => log.info(line));
    const stderr = lineReader((line) => {
      log.warn(line);
      tail.push(line);
      if (tail.length > stderrTailLines) tail.shift();
    });
    const child = spawn(file, args, { cwd: program.cwd, env: program.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.setEncoding("utf8").on("data", stdout.push);
    child.stderr.setEncoding("utf8").on("data", stderr.push);

    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill("SIGTERM");
      killTimer = setTimeout(() => child.kill("SIGKILL"), killGraceMs);
      killTimer.unref();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      clearTimeout(killTimer);
      if (error) reject(error);
      else resolve();
    };

    child.on("error", (error) => settle(startFailure(context, error)));
    child.on("close", (code, killedBy) => {
      stdout.end();
      stderr.end();
      if (signal.aborted) return settle(interrupted(context));
      if (code === 0) return settle();
      const how = code === null ? `was killed by ${killedBy ?? "a signal"}` : `exited with code ${code}`;
      const output = tail.length > 0 ? `; last ${tail.length === 1 ? "line" : `${tail.length} lines`} of its stderr:\n${tail.map((line) => `  ${line}`).join("\n")}` : " and wrote nothing to stderr.";
      settle(
        new PipewrightError("task_failed", `${file} ${how} (${taskId})${output}\nCommand: ${quote(program.argv)}`, {
          context: { ...context, exitCode: code, signal: killedBy, stderr: [...tail] },
        }),
      );
    });
  });
}

/** Splits a text stream into lines; `end()` emits a last line without a newline. */
function startFailure(context: { taskId: string; program: string }, error: Error): PipewrightError {
  const code = (error as { code?: unknown }).code;
  const where = context.program.includes("/") ? "" : " on the PATH";
  const message =
    code === "ENOENT"
      ? `Cannot run ${context.program} for ${context.taskId}: no such program${where}. Install it, or give its full path in command().`
      : code === "EACCES"
        ? `Cannot run ${context.program} for ${context.taskId}: permission denied. Make it executable (chmod +x), or run it through its interpreter, e.g. ["python3", "script.py"].`
        : `Cannot run ${context.program} for ${context.taskId}: ${messageOf(error)}.`;
  return new PipewrightError("task_failed", message, { cause: error, context });
}

function interrupted(context: { taskId: string; program: string }): PipewrightError {
  return new PipewrightError("interrupted", `${context.program} was stopped because ${context.taskId} was interrupted.`, { context });
}

/** Inputs are targets (a task's outputs, in their shape): files and directories become absolute paths. */
function inputPaths(taskId: string, value: unknown, where: string): unknown {
  if (value === undefined || value === null) return value;
  if (isTarget(value)) {
    const absolutePath = (value as { absolutePath?: unknown }).absolutePath;
    if (typeof absolutePath === "function") return (absolutePath as () => string).call(value);
    throw notAFile(taskId, where, `a ${value.kind} target (${value.location})`);
  }
  return mapItems(value, where, (item, at) => inputPaths(taskId, item, at));
}

/** Outputs are write handles: file and directory writers become their temporary paths. */
function outputPaths(taskId: string, value: unknown, where: string): unknown {
  if (value === undefined || value === null) return value;
  const writer = value as { path?: unknown; write?: unknown };
  if (typeof writer.write === "function") {
    if (typeof writer.path === "string") return writer.path;
    throw notAFile(taskId, where, "a target without a file path");
  }
  if (isTarget(value)) throw notAFile(taskId, where, `a ${value.kind} target (${value.location})`);
  return mapItems(value, where, (item, at) => outputPaths(taskId, item, at));
}

function mapItems(value: unknown, where: string, fn: (item: unknown, at: string) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item, index) => fn(item, `${where}[${index}]`));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fn(item, `${where}.${key}`)]));
  return value;
}

function notAFile(taskId: string, where: string, what: string): PipewrightError {
  return new PipewrightError("invalid_definition", `${where} of command task ${taskId} is ${what}: a program can only read and write local files and directories. Use localFile() or localDir() for it.`, { context: { taskId, where } });
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The argv as a shell would need it, for copying into a terminal. */
function quote(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(" ");
}
