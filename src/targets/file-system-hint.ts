/**
 * What to do about a failed file-system call, from its error code: a full disk or a read-only
 * file system is not fixed by checking a path's permissions. `fallback` for anything else.
 */
export function fileSystemHint(error: unknown, fallback: string): string {
  const code = systemCodeOf(error);
  if (code === "ENOSPC" || code === "EDQUOT") return "The disk is full (or its quota used up): free some space, then run again (finished tasks are skipped).";
  if (code === "EROFS") return "That file system is read-only: point the output at a folder that can be written.";
  return fallback;
}

/** The error code of a failed system call (`ENOSPC`, …), kept in a target error's context so it survives the trip from a pool process. */
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

/** `{ systemCode }` for a target error's context when the error has one, else nothing. */
export function systemCodeContext(error: unknown): { readonly systemCode?: string } {
  const systemCode = systemCodeOf(error) ?? systemCodeOf((error as { cause?: unknown } | null)?.cause);
  return systemCode === undefined ? {} : { systemCode };
}
