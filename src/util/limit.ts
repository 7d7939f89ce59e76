/** Runs at most `concurrency` of the given async functions at once (a tiny semaphore). */
export function createLimit(concurrency: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  // A queue with a moving head: Array#shift would make draining N waiters cost O(N²).
  let waiting: Array<() => void> = [];
  let head = 0;
  const release = () => {
    active--;
    if (head < waiting.length) {
      const next = waiting[head]!;
      head++;
      if (head > 1024 && head * 2 > waiting.length) {
        waiting = waiting.slice(head);
        head = 0;
      }
      next();
    }
  };
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}
