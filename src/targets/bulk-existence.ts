import type { Target } from "./target.js";

/** Answers `exists()` for targets that share one key, from what was read once. */
export type ExistenceSnapshot = (target: Target) => boolean | Promise<boolean>;

/**
 * What a kind of target may offer to answer "does it exist?" for many targets at once, such as
 * one folder listing for many files instead of one `stat` each. `snapshot` reads what exists
 * under a key once; its answers must agree with each target's own `exists()` at that moment.
 */
export interface BulkExistence {
  key(target: Target): string;
  snapshot(key: string): Promise<ExistenceSnapshot>;
}

/** How many targets must share a key before one bulk read beats checking each. */
export const bulkThreshold = 16;

/**
 * Checks existence in bulk during one graph walk: targets whose key is shared by enough others
 * (or was read already in this walk) are answered from one snapshot per key; the rest are left
 * to their own `exists()`. A walk is a snapshot of the outputs anyway, so a key is read at most
 * once per checker: a layered graph's waves all writing one folder list it once, not per wave.
 */
export class BulkChecker {
  private readonly snapshots = new Map<BulkExistence, Map<string, Promise<ExistenceSnapshot>>>();

  /** What it learned about `targets`; a target missing from the result has no bulk answer. */
  async check(targets: Iterable<Target>): Promise<Map<Target, boolean>> {
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
      let taken = this.snapshots.get(bulk);
      if (!taken) this.snapshots.set(bulk, (taken = new Map()));
      for (const [key, group] of byKey) {
        let snapshot = taken.get(key);
        if (!snapshot) {
          if (group.length < bulkThreshold) continue;
          taken.set(key, (snapshot = bulk.snapshot(key)));
        }
        const answer = await snapshot;
        // Most answers are plain booleans: no promise for those (a walk checks 100,000s).
        const pending: Array<Promise<void>> = [];
        for (const target of group) {
          const exists = answer(target);
          if (typeof exists === "boolean") known.set(target, exists);
          else pending.push(exists.then((value) => void known.set(target, value)));
        }
        await Promise.all(pending);
      }
    }
    return known;
  }
}
