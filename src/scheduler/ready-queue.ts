interface Entry {
  readonly id: string;
  readonly priority: number;
  readonly seq: number;
}

/** Whether `x` is popped before `y`: higher priority first, then the one ready first. */
function ahead(x: Entry, y: Entry): boolean {
  return x.priority !== y.priority ? x.priority > y.priority : x.seq < y.seq;
}

/**
 * Ready tasks ordered by priority (highest first), then by the order they became ready, so
 * ties run in a stable order. A binary heap: picking the next task never scans pending ones.
 */
export class ReadyQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;
  /** Orders the peek's candidate positions as their entries are ordered. */
  private readonly positionAhead = (a: number, b: number): boolean => ahead(this.heap[a]!, this.heap[b]!);

  get size(): number {
    return this.heap.length;
  }

  push(id: string, priority: number): void {
    pushHeap(this.heap, { id, priority, seq: this.seq++ }, ahead);
  }

  /**
   * The first ready task (in priority order) that `accept` takes; those passed over keep their
   * place. Used when resources keep the best task waiting while a smaller one can start.
   */
  popFirst(accept: (id: string) => boolean): string | undefined {
    const passed: Entry[] = [];
    let found: string | undefined;
    while (this.heap.length > 0) {
      const top = popHeap(this.heap, ahead)!;
      if (accept(top.id)) {
        found = top.id;
        break;
      }
      passed.push(top);
    }
    for (const entry of passed) pushHeap(this.heap, entry, ahead);
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
      const at = popHeap(candidates, this.positionAhead)!;
      const id = this.heap[at]!.id;
      if (skip === undefined || !skip(id)) found.push(id);
      const left = 2 * at + 1;
      if (left < this.heap.length) pushHeap(candidates, left, this.positionAhead);
      if (left + 1 < this.heap.length) pushHeap(candidates, left + 1, this.positionAhead);
    }
    return found;
  }

  pop(): string | undefined {
    return popHeap(this.heap, ahead)?.id;
  }
}

// A binary heap in an array, best first by `before`: the queue's entries, and the peek's
// candidate positions.

function pushHeap<T>(heap: T[], item: T, before: (a: T, b: T) => boolean): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    swap(heap, i, parent);
    i = parent;
  }
}

function popHeap<T>(heap: T[], before: (a: T, b: T) => boolean): T | undefined {
  const top = heap[0];
  if (top === undefined) return undefined;
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      let best = i;
      if (left < heap.length && before(heap[left]!, heap[best]!)) best = left;
      if (left + 1 < heap.length && before(heap[left + 1]!, heap[best]!)) best = left + 1;
      if (best === i) break;
      swap(heap, i, best);
      i = best;
    }
  }
  return top;
}

function swap<T>(items: T[], a: number, b: number): void {
  const t = items[a]!;
  items[a] = items[b]!;
  items[b] = t;
}
