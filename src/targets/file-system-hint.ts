import { PipewrightError, messageOf } from "../errors.js";

/**
 * The `target_error` of a failed file-system call: `summary` (what could not be done to what),
 * the system's message, and what to do, from the error's code: a full disk or a read-only file
 * system is not fixed by checking a path's permissions, so `fallback` serves the other codes. The
 * system code goes into the context too, where it survives the trip from a pool process.
 */
export function fileSystemError(summary: string, error: unknown, fallback: string, context: Readonly<Record<string, unknown>>): PipewrightError {
  return new PipewrightError("target_error", `${summary}: ${messageOf(error)}. ${fileSystemHint(error, fallback)}`, {
    cause: error,
    context: { ...context, ...systemCodeContext(error) },
  });
}

function fileSystemHint(error: unknown, fallback: string): string {
  return systemCallHint(error) ?? fallback;
}

/** What to do about a failed system call whose cause is not the path it was given; undefined for the others. */
export function systemCallHint(error: unknown): string | undefined {
  const code = systemCodeOf(error);
  if (code === "ENOSPC" || code === "EDQUOT") return "The disk is full (or its quota used up): free some space, then run again (finished tasks are skipped).";
  if (code === "EROFS") return "That file system is read-only: point the output at a folder that can be written.";
  if (code === "EMFILE" || code === "ENFILE") return "Too many files are open at once: raise the limit of open files (ulimit -n 4096), then run again.";
  return undefined;
}

/** The error code of a failed system call (`ENOSPC`, …). */
export function systemCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * Whether an error comes from a full disk (or a used-up quota): its own code, a cause's, or the
 * system code a target error recorded in its context.
 */
export function isDiskFull(error: unknown): boolean {
  for (let current = error, depth = 0; current != null && depth < 8; current = (current as { cause?: unknown }).cause, depth++) {
    const code = systemCodeOf(current) ?? (current as { context?: { systemCode?: unknown } }).context?.systemCode;
    if (code === "ENOSPC" || code === "EDQUOT") return true;
  }
  return false;
}

/** `{ systemCode }` when the error (or its cause) has one, else nothing. */
function systemCodeContext(error: unknown): { readonly systemCode?: string } {
  const systemCode = systemCodeOf(error) ?? systemCodeOf((error as { cause?: unknown } | null)?.cause);
  return systemCode === undefined ? {} : { systemCode };
}
