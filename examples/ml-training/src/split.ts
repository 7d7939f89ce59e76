export interface Split<T> {
  readonly train: T[];
  readonly test: T[];
}

/**
 * Splits rows into train and test keeping each class's share the same in both (stratified),
 * shuffled with `random` so a seed gives the same split every time. Each class with at least
 * two rows puts at least one in each part.
 */
export function stratifiedSplit<T>(rows: readonly T[], classOf: (row: T) => string, testFraction: number, random: () => number): Split<T> {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`testFraction must be between 0 and 1 (exclusive), got ${testFraction}.`);
  const byClass = new Map<string, T[]>();
  for (const row of rows) {
    const key = classOf(row);
    const group = byClass.get(key) ?? [];
    group.push(row);
    byClass.set(key, group);
  }
  const train: T[] = [];
  const test: T[] = [];
  // Classes in a fixed order: the random numbers each class draws must not depend on Map order.
  for (const key of [...byClass.keys()].sort()) {
    const group = shuffle(byClass.get(key) ?? [], random);
    const size = group.length < 2 ? 0 : Math.min(group.length - 1, Math.max(1, Math.round(group.length * testFraction)));
    test.push(...group.slice(0, size));
    train.push(...group.slice(size));
  }
  return { train: shuffle(train, random), test };
}

/** A shuffled copy (Fisher–Yates). */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
