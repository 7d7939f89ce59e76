/**
 * What to do about a failed file-system call, from its error code: a full disk or a read-only
 * file system is not fixed by checking a path's permissions. `fallback` for anything else.
 */
export function fileSystemHint(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOSPC" || code === "EDQUOT") return "The disk is full (or its quota used up): free some space, then run again (finished tasks are skipped).";
  if (code === "EROFS") return "That file system is read-only: point the output at a folder that can be written.";
  return fallback;
}
