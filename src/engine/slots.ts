/**
 * Worker slots: at most N tasks run at once. A task waiting for something else (a dynamic
 * requirement, another process's lease) gives its slot back and queues to take one again;
 * queued tasks go before new ones.
 */
export class Slots {
  private free: number;
  private readonly queue: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  tryTake(): boolean {
    if (this.free === 0 || this.queue.length > 0) return false;
    this.free--;
    return true;
  }

  take(): Promise<void> {
    if (this.tryTake()) return Promise.resolve();
    return new Promise((resolve) => this.queue.push(resolve));
  }

  give(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.free++;
  }
}
