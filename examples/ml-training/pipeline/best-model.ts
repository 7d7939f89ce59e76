import { json, localFile, task, type ParamValues } from "pipewright";
import { barChartSvg } from "../src/bar-chart.js";
import type { Metrics } from "../src/metrics.js";
import { renderSweepReport, sweepBars } from "../src/report.js";
import { gridOf, rankVariants, type HyperParameters, type SelectionMetric } from "../src/sweep.js";
import type { Vectorizer } from "../src/tfidf.js";
import { evaluate } from "./evaluate.js";
import { featureDir, sweepParams } from "./params.js";
import { tfidfFeatures } from "./tfidf-features.js";
import { train } from "./train.js";

type SweepParams = ParamValues<typeof sweepParams>;

/** The chosen model with everything needed to use it: the vectorizer and the weights. */
export interface BestModel {
  readonly chosenBy: SelectionMetric;
  readonly score: number;
  readonly hyperParameters: HyperParameters;
  readonly metrics: Metrics;
  readonly vectorizer: Vectorizer;
  readonly weights: number[];
  readonly bias: number;
}

/** One evaluation per combination of the sweep's hyper-parameters (each requires its training). */
export function sweepEvaluations(p: SweepParams) {
  return gridOf(p.learningRates, p.l2s, p.epochs).map((h) => evaluate({ date: p.date, seed: p.seed, vocabularySize: p.vocabularySize, ...h }));
}

function sweepDir(p: SweepParams): string {
  return `${featureDir(p)}/sweeps/lr${p.learningRates.join("_")}-l2_${p.l2s.join("_")}-e${p.epochs}-by-${p.metric}`;
}

const chartFile = "sweep.svg";

/** Picks the best model of a sweep by a metric, and writes it with a summary of every variant. */
export const bestModel = task("bestModel", {
  params: sweepParams,
  requires: (p) => sweepEvaluations(p),
  output: (p) => ({
    model: localFile(`${sweepDir(p)}/best-model.json`, json<BestModel>()),
    summary: localFile(`${sweepDir(p)}/sweep.md`),
    chart: localFile(`${sweepDir(p)}/${chartFile}`),
  }),
  async run({ input, output, params, require, log }) {
    const evaluations = sweepEvaluations(params);
    const metrics = await Promise.all(input.map((target) => target.read()));
    const ranking = rankVariants(
      evaluations.map((e, i) => ({ hyperParameters: { learningRate: e.params.learningRate, epochs: e.params.epochs, l2: e.params.l2 }, metrics: metrics[i] as Metrics })),
      params.metric,
    );
    const best = ranking[0]!;
    log(`best of ${ranking.length} by ${params.metric}: ${best.name} (${best.score.toFixed(4)})`);
    // Only the winner's weights are needed: ask for them now (its training is already done).
    const { model, features } = await require({
      model: train({ date: params.date, seed: params.seed, vocabularySize: params.vocabularySize, ...best.hyperParameters }),
      features: tfidfFeatures({ date: params.date, seed: params.seed, vocabularySize: params.vocabularySize }),
    });
    const [weights, vectorizer] = await Promise.all([model.read(), features.vectorizer.read()]);
    await output.model.write({ chosenBy: params.metric, score: best.score, hyperParameters: best.hyperParameters, metrics: best.metrics, vectorizer, weights: weights.weights, bias: weights.bias });
    await output.summary.write(renderSweepReport(params.date, params.metric, ranking, chartFile));
    const bars = sweepBars(ranking);
    const max = Math.max(...bars.map((b) => b.value)) * 1.15 || 1;
    await output.chart.write(barChartSvg(`Test error (1 − ${params.metric}) of each variant: lower is better`, bars, { max }));
  },
});
