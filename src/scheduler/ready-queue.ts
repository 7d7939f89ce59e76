/**
 * The ready tasks of one priority, in the order they became ready: read from `head` on. A task
 * taken from the middle (see `popFirst`) leaves a hole, skipped by every reader.
 */
interface Bucket {
  readonly priority: number;
  ids: (string | undefined)[];
  head: number;
  size: number;
}

/** Once this many ids at a bucket's head are read, and they are half of it, they are dropped. */
const compactFrom = 4096;

/**
 * Ready tasks ordered by priority (highest first), then by the order they became ready, so
 * ties run in a stable order. One first-in first-out queue per priority: pushing and popping
 * cost the same whatever the number of ready tasks, and a graph uses few priorities (most use
 * one), so finding the best queue is a short walk.
 */
export class ReadyQueue {
  /** Highest priority first; a bucket stays once made, empty or not. */
  private readonly buckets: Bucket[] = [];
  private readonly byPriority = new Map<number, Bucket>();
  private count = 0;
  private seq = 0;

  get size(): number {
    return this.count;
  }

  push(id: string, priority: number): void {
    const bucket = this.byPriority.get(priority) ?? this.addBucket(priority);
    bucket.ids.push(id);
    bucket.size++;
    this.count++;
    this.seq++;
  }

  /**
   * The first ready task (in priority order) that `accept` takes; those passed over keep their
   * place. Used when resources keep the best task waiting while a smaller one can start.
   */
  popFirst(accept: (id: string) => boolean): string | undefined {
    for (const bucket of this.buckets) {
      for (let at = bucket.head; at < bucket.ids.length; at++) {
        const id = bucket.ids[at];
        if (id === undefined || !accept(id)) continue;
        bucket.ids[at] = undefined;
        this.taken(bucket);
        return id;
      }
    }
    return undefined;
  }

  /** The task `pop()` would return, without removing it. */
  top(): string | undefined {
    const bucket = this.firstFilled();
    return bucket === undefined ? undefined : bucket.ids[bucket.head];
  }

  /** How many tasks were ever made ready: it changes when new ones are. */
  get pushed(): number {
    return this.seq;
  }

  /**
   * The first `count` ready tasks that `skip` does not name, in the order they would be popped,
   * looking at no more than `most` tasks, and leaving the queue as it is.
   */
  peek(count: number, skip?: (id: string) => boolean, most = Number.POSITIVE_INFINITY): string[] {
    const found: string[] = [];
    let looked = 0;
    for (const bucket of this.buckets) {
      for (let at = bucket.head; at < bucket.ids.length; at++) {
        if (found.length >= count || looked >= most) return found;
        const id = bucket.ids[at];
        if (id === undefined) continue;
        looked++;
        if (skip === undefined || !skip(id)) found.push(id);
      }
    }
    return found;
  }

  pop(): string | undefined {
    const bucket = this.firstFilled();
    if (bucket === undefined) return undefined;
    const id = bucket.ids[bucket.head]!;
    bucket.ids[bucket.head++] = undefined;
    this.taken(bucket);
    return id;
  }

  /** The best bucket holding a task, its head moved onto that task. */
  private firstFilled(): Bucket | undefined {
    for (const bucket of this.buckets) {
      if (bucket.size === 0) continue;
      while (bucket.ids[bucket.head] === undefined) bucket.head++;
      return bucket;
    }
    return undefined;
  }

  private taken(bucket: Bucket): void {
    bucket.size--;
    this.count--;
    if (bucket.size === 0) {
      bucket.ids = [];
      bucket.head = 0;
    } else if (bucket.head >= compactFrom && bucket.head * 2 >= bucket.ids.length) {
      bucket.ids = bucket.ids.slice(bucket.head);
      bucket.head = 0;
    }
  }

  private addBucket(priority: number): Bucket {
    const bucket: Bucket = { priority, ids: [], head: 0, size: 0 };
    this.byPriority.set(priority, bucket);
    let at = this.buckets.length;
    while (at > 0 && this.buckets[at - 1]!.priority < priority) at--;
    this.buckets.splice(at, 0, bucket);
    return bucket;
  }
}
