// Peak RSS of this process's child processes (the process pool's), which `resourceUsage()` does
// not include. Linux only: read from /proc; elsewhere `available` is false.
import { readFileSync } from "node:fs";

export class ChildMemory {
  /** Highest VmHWM seen per child pid, in kB. */
  private readonly peaks = new Map<number, number>();
  private readonly childrenFile = `/proc/self/task/${process.pid}/children`;
  /** Whether the kernel lists a process's children (CONFIG_PROC_CHILDREN). */
  readonly available: boolean;

  constructor() {
    this.available = this.childPids() !== undefined;
  }

  /**
   * Records each live child's VmHWM, its own high-water mark since it started (not inherited
   * from this process, unlike maxRSS across exec). A peak is only missed if a child grows after
   * its last sample: sample once more just before the children are stopped.
   */
  sample(): void {
    for (const pid of this.childPids() ?? []) {
      let status: string;
      try {
        status = readFileSync(`/proc/${pid}/status`, "utf8");
      } catch {
        continue; // exited between the listing and the read
      }
      const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
      if (kb > 0) this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, kb));
    }
  }

  /** How many children were seen, and the sum of their peaks in kB (an upper bound of their peak together). */
  total(): { processes: number; peakKB: number } {
    let peakKB = 0;
    for (const kb of this.peaks.values()) peakKB += kb;
    return { processes: this.peaks.size, peakKB };
  }

  private childPids(): number[] | undefined {
    try {
      return readFileSync(this.childrenFile, "utf8").split(" ").filter(Boolean).map(Number);
    } catch {
      return undefined;
    }
  }
}
