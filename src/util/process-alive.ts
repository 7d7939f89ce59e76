/**
 * Whether a process with this pid runs on this machine. `EPERM` means it exists but belongs to
 * another user: alive. A pid reused by an unrelated process reads as alive too, which errs on the
 * safe side (nothing of a live run is taken over).
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
