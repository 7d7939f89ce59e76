import type { Target } from "./target.js";

/**
 * What a kind of target may offer to answer "does it exist?" for many targets in one call, such
 * as one folder listing for many files instead of one `stat` each. Targets with the same `key`
 * are answered together; the engine uses it when many targets share a key and falls back to
 * each target's own `exists()` otherwise. Answers must agree with `exists()`.
 */
export interface BulkExistence<T extends Target = Target> {
  key(target: T): string;
  existsAll(key: string, targets: readonly T[]): Promise<boolean[]>;
}

/** How many targets must share a key before one bulk call beats checking each. */
export const bulkThreshold = 16;

/**
 * Checks `targets` in bulk where enough of them share a key; returns what it learned (targets
 * without an answer are left to their own `exists()`).
 */
export async function checkInBulk(targets: Iterable<Target>): Promise<Map<Target, boolean>> {
  const groups = new Map<BulkExistence, Map<string, Target[]>>();
  for (const target of targets) {
    const bulk = target.bulkExistence;
    if (!bulk) continue;
    let byKey = groups.get(bulk);
    if (!byKey) groups.set(bulk, (byKey = new Map()));
    const key = bulk.key(target);
    const group = byKey.get(key);
    if (group) group.push(target);
    else byKey.set(key, [target]);
  }
  const known = new Map<Target, boolean>();
  for (const [bulk, byKey] of groups) {
    for (const [key, group] of byKey) {
      if (group.length < bulkThreshold) continue;
      const answers = await bulk.existsAll(key, group);
      group.forEach((target, index) => known.set(target, answers[index]!));
    }
  }
  return known;
}
