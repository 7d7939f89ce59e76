/**
 * The ready tasks of one priority and one group, in the order they became ready: read from
 * `head` on. A task taken from the middle (see `popFirst`) leaves a hole, skipped by every reader.
 */
interface Bucket {
  readonly priority: number;
  readonly group: string;
  ids: (string | undefined)[];
  /** When each task became ready (the queue's count then): orders the groups of one priority. */
  seqs: number[];
  head: number;
  size: number;
}

/** Once this many ids at a bucket's head are read, and they are half of it, they are dropped. */
const compactFrom = 4096;

/**
 * Ready tasks ordered by priority (highest first), then by the order they became ready, so
 * ties run in a stable order. One first-in first-out queue per priority and group: pushing and
 * popping cost the same whatever the number of ready tasks, and a graph uses few priorities and
 * groups (most use one of each), so finding the best queue is a short walk.
 *
 * A group holds tasks that can start, or not, together (the run's groups are the resources tasks
 * declare): `popFirst` passes over a group that cannot start as a whole, instead of looking at
 * each of its tasks every time a task is picked, which made 10,000 tasks waiting for one GPU
 * quadratic.
 */
export class ReadyQueue {
  /** Highest priority first; a bucket stays once made, empty or not. */
  private readonly buckets: Bucket[] = [];
  private readonly byKey = new Map<string, Bucket>();
  /** The bucket of the last push: most graphs have one bucket, and a push then needs no lookup. */
  private last: Bucket | undefined;
  private count = 0;
  private seq = 0;

  get size(): number {
    return this.count;
  }

  push(id: string, priority: number, group = ""): void {
    let bucket = this.last;
    if (bucket === undefined || bucket.priority !== priority || bucket.group !== group) {
      bucket = this.byKey.get(bucketKey(priority, group)) ?? this.addBucket(priority, group);
      this.last = bucket;
    }
    bucket.ids.push(id);
    bucket.seqs.push(this.seq++);
    bucket.size++;
    this.count++;
  }

  /**
   * The first ready task (in priority order) of a group `acceptGroup` takes that `accept` takes;
   * those passed over keep their place. Used when resources keep the best task waiting while
   * another can start.
   */
  popFirst(accept: (id: string) => boolean, acceptGroup?: (group: string) => boolean): string | undefined {
    for (let level = 0; level < this.buckets.length; ) {
      const priority = this.buckets[level]!.priority;
      let best: Bucket | undefined;
      let bestAt = 0;
      for (; level < this.buckets.length && this.buckets[level]!.priority === priority; level++) {
        const bucket = this.buckets[level]!;
        if (bucket.size === 0 || (acceptGroup !== undefined && !acceptGroup(bucket.group))) continue;
        // Each bucket is in arrival order: its first accepted task is its candidate.
        for (let at = bucket.head; at < bucket.ids.length; at++) {
          const id = bucket.ids[at];
          if (id === undefined || !accept(id)) continue;
          if (best === undefined || bucket.seqs[at]! < best.seqs[bestAt]!) {
            best = bucket;
            bestAt = at;
          }
          break;
        }
      }
      if (best !== undefined) {
        const id = best.ids[bestAt]!;
        best.ids[bestAt] = undefined;
        this.taken(best);
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
    for (let level = 0; level < this.buckets.length; ) {
      // The buckets of one priority, merged by arrival (a cursor each).
      const priority = this.buckets[level]!.priority;
      const same: Bucket[] = [];
      for (; level < this.buckets.length && this.buckets[level]!.priority === priority; level++) same.push(this.buckets[level]!);
      const cursors = same.map((bucket) => bucket.head);
      for (;;) {
        let next = -1;
        for (let b = 0; b < same.length; b++) {
          const bucket = same[b]!;
          while (cursors[b]! < bucket.ids.length && bucket.ids[cursors[b]!] === undefined) cursors[b]!++;
          if (cursors[b]! < bucket.ids.length && (next < 0 || bucket.seqs[cursors[b]!]! < same[next]!.seqs[cursors[next]!]!)) next = b;
        }
        if (next < 0) break;
        if (found.length >= count || looked >= most) return found;
        const id = same[next]!.ids[cursors[next]!++]!;
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

  /** The bucket holding the next task (best priority, then earliest), its head moved onto that task. */
  private firstFilled(): Bucket | undefined {
    let best: Bucket | undefined;
    for (const bucket of this.buckets) {
      if (best !== undefined && bucket.priority < best.priority) break;
      if (bucket.size === 0) continue;
      while (bucket.ids[bucket.head] === undefined) bucket.head++;
      if (best === undefined || bucket.seqs[bucket.head]! < best.seqs[best.head]!) best = bucket;
    }
    return best;
  }

  private taken(bucket: Bucket): void {
    bucket.size--;
    this.count--;
    if (bucket.size === 0) {
      bucket.ids = [];
      bucket.seqs = [];
      bucket.head = 0;
    } else if (bucket.head >= compactFrom && bucket.head * 2 >= bucket.ids.length) {
      bucket.ids = bucket.ids.slice(bucket.head);
      bucket.seqs = bucket.seqs.slice(bucket.head);
      bucket.head = 0;
    }
  }

  private addBucket(priority: number, group: string): Bucket {
    const bucket: Bucket = { priority, group, ids: [], seqs: [], head: 0, size: 0 };
    this.byKey.set(bucketKey(priority, group), bucket);
    let at = this.buckets.length;
    while (at > 0 && this.buckets[at - 1]!.priority < priority) at--;
    this.buckets.splice(at, 0, bucket);
    return bucket;
  }
}

function bucketKey(priority: number, group: string): string {
  return `${priority}\u0000${group}`;
}
