import { readFileSync } from "node:fs";
import { exitCodeForCode } from "../engine/build.js";
import { isPipewrightError } from "../errors.js";
import { systemCallHint, systemCodeOf } from "../targets/file-system-hint.js";
import type { CliIo } from "./cli-io.js";

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

// Loaded on demand: `pipewright --help` should not load the engine.
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  init: { summary: "create a ready-to-run project in a folder", load: async () => (await import("./commands/init.js")).initCommand },
  run: { summary: "build a task and what it needs", load: async () => (await import("./commands/run.js")).runCommand },
  deps: { summary: "show a task's dependency tree and each task's state", load: async () => (await import("./commands/deps.js")).depsCommand },
  fixtures: { summary: "record golden fixtures of every step, or check the steps against them", load: async () => (await import("./commands/fixtures.js")).fixturesCommand },
  logs: { summary: "show what a task logged, attempt by attempt", load: async () => (await import("./commands/logs.js")).logsCommand },
  invalidate: { summary: "move a task's outputs (and what consumed them) to the trash", load: async () => (await import("./commands/invalidate.js")).invalidateCommand },
  trash: { summary: "list, restore or empty invalidated outputs", load: async () => (await import("./commands/trash.js")).trashCommand },
};

const mainHelp = `Usage: pipewright <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(Math.max(...Object.keys(commands).map((n) => n.length)) + 2)}${c.summary}`)
  .join("\n")}

Run "pipewright <command> --help" for a command's options.`;

/**
 * Runs a command line and resolves to its exit code. Never exits the process (only the `bin`
 * entry does), so tests call this directly. Errors users cause are printed, not thrown.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(mainHelp + "\n");
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    io.stdout(pkg.version + "\n");
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${mainHelp}\n`);
    return 2;
  }
  const json = rest.includes("--json");
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (!isPipewrightError(error)) return reportSystemError(error, json, io);
    return reportFailure(io, json, error.code, error.message, exitCodeForCode(error.code), causeStack(error));
  }
}

/** A command that failed before running anything: one line on stderr, and the `--json` object if asked for. */
function reportFailure(io: CliIo, json: boolean, code: string, message: string, exitCode: number, stack = ""): number {
  if (json) io.stdout(JSON.stringify({ ok: false, exitCode, error: { code, message }, durationMs: 0, counts: null, tasks: [] }) + "\n");
  io.stderr(`error (${code}): ${message}\n${stack}`);
  return exitCode;
}

/**
 * A failed system call a command did not expect (a full disk, too many open files) is the
 * machine's state, not a bug: said as such, with what to do, and exit code 1. Anything else
 * is rethrown, to be reported as an internal error.
 */
function reportSystemError(error: unknown, json: boolean, io: CliIo): number {
  const code = systemCodeOf(error);
  if (code === undefined || !(error instanceof Error)) throw error;
  const hint = systemCallHint(error) ?? (code === "EACCES" || code === "EPERM" ? "Check that this user may read and write there." : undefined);
  if (hint === undefined) throw error;
  // Node's messages start with the code the line already shows ("ENOSPC: no space left on device, write").
  return reportFailure(io, json, code, `${error.message.replace(`${code}: `, "")}. ${hint}`, 1);
}

/** For errors in the user's own code (a module that throws, a failing requires()), its stack helps. */
function causeStack(error: Error & { code: string }): string {
  // Only these wrap an error thrown by the user's code; for the others the stack is ours.
  if (!["graph_error", "bad_usage", "bad_config"].includes(error.code)) return "";
  const cause = error.cause;
  if (!(cause instanceof Error) || isPipewrightError(cause) || !cause.stack) return "";
  const frames = cause.stack.split("\n").filter((line) => line.trim().startsWith("at ") && !line.includes("node_modules") && !line.includes("node:internal"));
  // Without frames of the user's own code, the message above already says it all.
  return frames.length ? `${frames.slice(0, 8).join("\n")}\n` : "";
}
