import type { ResultRow } from "./measure.js";

/** The lowest, middle and highest of a figure over the repeats of one measurement. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/**
 * Several measurements of one workload at one size, as one row: the best of each figure (the
 * least disturbed by other processes: lowest times, highest peak RSS), and beside them the spread
 * of time per task and of the ratio to the floor over the repeats. Each repeat's ratio pairs its
 * engine run with the floor measured just before it, so a machine whose speed drifts between
 * repeats moves both; the best time over the best floor may come from different minutes.
 */
export function combineRepeats(rows: readonly ResultRow[]): ResultRow {
  const first = rows[0];
  if (first === undefined) throw new Error("combineRepeats: no measurement to combine");
  if (rows.length === 1) return first;
  const min = (pick: (r: ResultRow) => number | null) => {
    const values = rows.map(pick).filter((v): v is number => v !== null);
    return values.length > 0 ? Math.min(...values) : null;
  };
  const wallMs = min((r) => r.wallMs);
  const floorMs = min((r) => r.floorMs);
  const asyncFloorMs = min((r) => r.asyncFloorMs);
  // The memory figures of the repeat with the highest peak, together, so their parts add up.
  const peak = rows.reduce((a, b) => ((b.peakRssMB ?? 0) > (a.peakRssMB ?? 0) ? b : a));
  const perTaskSpread = spreadOf(rows.map((r) => r.perTaskUs));
  const ratioSpread = spreadOf(rows.map((r) => r.ratio));
  return {
    ...first,
    wallMs,
    perTaskUs: wallMs === null ? null : (wallMs * 1000) / first.n,
    peakRssMB: peak.peakRssMB,
    poolPeakRssMB: peak.poolPeakRssMB,
    poolProcesses: peak.poolProcesses,
    sampledPeakRssMB: Math.max(...rows.map((r) => r.sampledPeakRssMB ?? 0)),
    floorMs,
    ratio: wallMs !== null && floorMs ? wallMs / floorMs : null,
    asyncFloorMs,
    asyncRatio: wallMs !== null && asyncFloorMs ? wallMs / asyncFloorMs : null,
    firstTaskMs: min((r) => r.firstTaskMs),
    repeats: rows.length,
    loadAverage: Math.max(...rows.map((r) => r.loadAverage)),
    ...(perTaskSpread && { perTaskUsSpread: perTaskSpread }),
    ...(ratioSpread && { ratioSpread }),
  };
}

/** Min, median (the mean of the middle two for an even count) and max; undefined with no values. */
export function spreadOf(values: readonly (number | null)[]): Spread | undefined {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}
