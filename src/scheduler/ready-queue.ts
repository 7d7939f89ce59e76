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

  /** How many tasks were ever made ready: it changes when new ones are. */
  get pushed(): number {
    return this.seq;
  }

  /**
   * The first `count` ready tasks that `skip` does not name, in the order they would be popped,
   * looking at no more than `most` tasks, and leaving the queue as it is. A best-first walk of
   * the heap (each position taken offers its two children to a small heap of candidates):
   * nothing moves, and each task skipped costs a step.
   */
  peek(count: number, skip?: (id: string) => boolean, most = Number.POSITIVE_INFINITY): string[] {
    const found: string[] = [];
    const candidates: number[] = this.heap.length > 0 ? [0] : [];
    for (let looked = 0; found.length < count && candidates.length > 0 && looked < most; looked++) {
      const at = this.takeCandidate(candidates);
      const id = this.heap[at]!.id;
      if (skip === undefined || !skip(id)) found.push(id);
      const left = 2 * at + 1;
      if (left < this.heap.length) this.offerCandidate(candidates, left);
      if (left + 1 < this.heap.length) this.offerCandidate(candidates, left + 1);
    }
    return found;
  }

  /** Adds a heap position to `candidates`, a heap of positions ordered as their tasks are. */
  private offerCandidate(candidates: number[], position: number): void {
    candidates.push(position);
    let i = candidates.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(candidates[i]!, candidates[parent]!)) break;
      const swapped = candidates[i]!;
      candidates[i] = candidates[parent]!;
      candidates[parent] = swapped;
      i = parent;
    }
  }

  /** Removes and returns the best position in `candidates`. */
  private takeCandidate(candidates: number[]): number {
    const best = candidates[0]!;
    const last = candidates.pop()!;
    if (candidates.length > 0) {
      candidates[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        let next = i;
        if (left < candidates.length && this.before(candidates[left]!, candidates[next]!)) next = left;
        if (left + 1 < candidates.length && this.before(candidates[left + 1]!, candidates[next]!)) next = left + 1;
        if (next === i) break;
        const swapped = candidates[i]!;
        candidates[i] = candidates[next]!;
        candidates[next] = swapped;
        i = next;
      }
    }
    return best;
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
