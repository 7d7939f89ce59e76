/**
 * Ready tasks ordered by priority (highest first), then by the order they became ready, so
 * ties run in a stable order. A binary heap: picking the next task never scans pending ones.
 */
export class ReadyQueue {
  private readonly heap: Array<{ id: string; priority: number; seq: number }> = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(id: string, priority: number): void {
    this.insert({ id, priority, seq: this.seq++ });
  }

  private insert(item: { id: string; priority: number; seq: number }): void {
    this.heap.push(item);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /**
   * The first ready task (in priority order) that `accept` takes; those passed over keep their
   * place. Used when resources keep the best task waiting while a smaller one can start.
   */
  popFirst(accept: (id: string) => boolean): string | undefined {
    const passed: Array<{ id: string; priority: number; seq: number }> = [];
    let found: string | undefined;
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      this.pop();
      if (accept(top.id)) {
        found = top.id;
        break;
      }
      passed.push(top);
    }
    for (const item of passed) this.insert(item);
    return found;
  }

  /** The task `pop()` would return, without removing it. */
  top(): string | undefined {
    return this.heap[0]?.id;
  }

  /** The first `count` ready tasks in the order they would be popped, leaving the queue as it is. */
  peek(count: number): string[] {
    const taken: Array<{ id: string; priority: number; seq: number }> = [];
    while (taken.length < count && this.heap.length > 0) {
      taken.push(this.heap[0]!);
      this.pop();
    }
    for (const item of taken) this.insert(item);
    return taken.map((item) => item.id);
  }

  pop(): string | undefined {
    const top = this.heap[0];
    if (!top) return undefined;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < this.heap.length && this.before(left, best)) best = left;
        if (right < this.heap.length && this.before(right, best)) best = right;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top.id;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.priority !== y.priority ? x.priority > y.priority : x.seq < y.seq;
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a]!;
    this.heap[a] = this.heap[b]!;
    this.heap[b] = t;
  }
}
