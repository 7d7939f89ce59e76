import type { Metrics } from "./metrics.js";

/** What one model of the sweep was trained with. */
export interface HyperParameters {
  readonly learningRate: number;
  readonly epochs: number;
  readonly l2: number;
}

/** Metrics a sweep can pick its best model by. */
export const selectionMetrics = ["accuracy", "macroF1", "spamF1"] as const;
export type SelectionMetric = (typeof selectionMetrics)[number];

export interface VariantResult {
  readonly hyperParameters: HyperParameters;
  readonly metrics: Metrics;
}

export interface RankedVariant extends VariantResult {
  readonly name: string;
  readonly score: number;
}

/** Every combination of the given values, in a stable order, without repeats. */
export function gridOf(learningRates: readonly number[], l2s: readonly number[], epochs: number): HyperParameters[] {
  const unique = <T>(values: readonly T[]) => [...new Set(values)];
  return unique(learningRates).flatMap((learningRate) => unique(l2s).map((l2) => ({ learningRate, epochs, l2 })));
}

/** A short, file-name-safe name for a variant: `lr0.5-e10-l2_0.0001`. */
export function variantName(h: HyperParameters): string {
  return `lr${h.learningRate}-e${h.epochs}-l2_${h.l2}`;
}

export function scoreOf(metrics: Metrics, metric: SelectionMetric): number {
  if (metric === "spamF1") return metrics.perClass["spam"]?.f1 ?? 0;
  return metrics[metric];
}

/**
 * The variants from best to worst by `metric`. Ties keep the given order, so the same sweep
 * always picks the same model.
 */
export function rankVariants(results: readonly VariantResult[], metric: SelectionMetric): RankedVariant[] {
  if (results.length === 0) throw new RangeError("A sweep needs at least one variant to pick from.");
  return results
    .map((result, order) => ({ ...result, name: variantName(result.hyperParameters), score: scoreOf(result.metrics, metric), order }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ order: _order, ...ranked }) => ranked);
}
