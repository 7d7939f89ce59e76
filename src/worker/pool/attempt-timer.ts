/**
 * An attempt's time limit that can pause: time spent waiting on dynamic requirements is the
 * requirements' time, not the task's, so it does not count. Without a limit it does nothing.
 */
export class AttemptTimer {
  private timer: NodeJS.Timeout | undefined;
  private leftMs: number | undefined;
  private startedAt = 0;

  constructor(
    limitMs: number | undefined,
    private readonly onExpired: () => void,
  ) {
    this.leftMs = limitMs;
  }

  /** Starts, or resumes after `pause`. */
  start(): void {
    if (this.leftMs === undefined || this.timer !== undefined) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(this.onExpired, Math.max(0, this.leftMs));
  }

  pause(): void {
    if (this.timer === undefined || this.leftMs === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.leftMs -= Date.now() - this.startedAt;
  }

  /** Stops for good. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.leftMs = undefined;
  }
}
