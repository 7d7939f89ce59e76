import type { LogLevel } from "../engine/events.js";
import type { TaskLogger } from "../task/task-types.js";

/** A `log` for `run`: every message goes to `sink` with its level. */
export function createTaskLogger(sink: (level: LogLevel, message: string) => void): TaskLogger {
  const log = ((message: string) => sink("info", String(message))) as TaskLogger;
  log.info = (message) => sink("info", String(message));
  log.warn = (message) => sink("warn", String(message));
  log.error = (message) => sink("error", String(message));
  log.debug = (message) => sink("debug", String(message));
  return log;
}
