import type { Bar } from "./bar-chart.js";
import type { LogisticModel } from "./logistic-regression.js";
import type { Metrics } from "./metrics.js";
import { variantName, type HyperParameters, type RankedVariant, type SelectionMetric } from "./sweep.js";

/** What scripts/corpus_stats.py writes. */
export interface CorpusStats {
  readonly messages: number;
  readonly distinctWords: number;
  readonly byLabel: Readonly<
    Record<string, { readonly messages: number; readonly words: { readonly mean: number; readonly median: number; readonly p90: number; readonly max: number }; readonly topWords: [string, number][] }>
  >;
}

export interface WeightedWord {
  readonly word: string;
  readonly weight: number;
}

/** The words that push a message most towards spam (largest weights) and towards ham (smallest). */
export function strongestWords(model: Pick<LogisticModel, "weights">, vocabulary: readonly string[], count: number): { spam: WeightedWord[]; ham: WeightedWord[] } {
  const words = vocabulary.map((word, i) => ({ word, weight: model.weights[i] ?? 0 }));
  words.sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : 1));
  return { spam: words.slice(0, count), ham: words.slice(-count).reverse() };
}

/** The bars of a model's chart: accuracy, then precision and recall of each class. */
export function metricBars(metrics: Metrics): Bar[] {
  return [
    { label: "accuracy", value: metrics.accuracy, highlight: true },
    ...Object.entries(metrics.perClass).flatMap(([label, m]) => [
      { label: `${label} precision`, value: m.precision },
      { label: `${label} recall`, value: m.recall },
    ]),
  ];
}

export interface ModelReportInput {
  readonly date: string;
  readonly seed: number;
  readonly vocabularySize: number;
  readonly hyperParameters: HyperParameters;
  readonly stats: CorpusStats;
  readonly metrics: Metrics;
  readonly model: LogisticModel;
  readonly vocabulary: readonly string[];
  /** File name of the chart, beside the report. */
  readonly chartFile: string;
}

/** The Markdown report of one trained model. */
export function renderModelReport(input: ModelReportInput): string {
  const { metrics, stats, model, hyperParameters: h } = input;
  const words = strongestWords(model, input.vocabulary, 10);
  const losses = model.lossHistory;
  return [
    `# Spam classifier — ${input.date}`,
    "",
    `Logistic regression on TF-IDF features of the SpamAssassin public corpus. Seed ${input.seed}, ` +
      `vocabulary ${input.vocabularySize} words, learning rate ${h.learningRate}, ${h.epochs} epochs, L2 ${h.l2}.`,
    "",
    "## Data",
    "",
    table(
      ["class", "messages", "words (median)", "words (90th pct.)", "most frequent words"],
      Object.entries(stats.byLabel).map(([label, s]) => [label, String(s.messages), String(s.words.median), String(s.words.p90), s.topWords.slice(0, 6).map(([w]) => w).join(", ")]),
    ),
    "",
    `${stats.messages} messages after cleaning, ${stats.distinctWords} distinct words.`,
    "",
    "## Results on the test split",
    "",
    `**Accuracy ${percent(metrics.accuracy)}**, macro F1 ${percent(metrics.macroF1)}.`,
    "",
    `![Accuracy, precision and recall](${input.chartFile})`,
    "",
    table(
      ["class", "precision", "recall", "F1", "messages"],
      Object.entries(metrics.perClass).map(([label, m]) => [label, percent(m.precision), percent(m.recall), percent(m.f1), String(m.support)]),
    ),
    "",
    "Confusion matrix (rows: actual class, columns: predicted class):",
    "",
    table(["", ...metrics.confusion.labels], metrics.confusion.labels.map((label, i) => [label, ...(metrics.confusion.matrix[i] ?? []).map(String)])),
    "",
    "## What the model learned",
    "",
    table(["towards spam", "weight", "towards ham", "weight"], words.spam.map((s, i) => [s.word, s.weight.toFixed(2), words.ham[i]?.word ?? "", words.ham[i]?.weight.toFixed(2) ?? ""])),
    "",
    `Training loss: ${losses[0]?.toFixed(4) ?? "-"} after the first epoch, ${losses.at(-1)?.toFixed(4) ?? "-"} after the last.`,
    "",
  ].join("\n");
}

/**
 * The bars of a sweep's chart: each variant's error (1 − score), the chosen one highlighted.
 * Errors, not scores: 96% and 98% look alike on a bar from zero, 4% and 2% do not.
 */
export function sweepBars(ranking: readonly RankedVariant[]): Bar[] {
  return ranking.map((r, i) => ({ label: r.name, value: 1 - r.score, highlight: i === 0 }));
}

/** The Markdown summary of a sweep: every variant by score, the chosen one first. */
export function renderSweepReport(date: string, metric: SelectionMetric, ranking: readonly RankedVariant[], chartFile: string): string {
  const best = ranking[0];
  return [
    `# Hyper-parameter sweep — ${date}`,
    "",
    best ? `Best by ${metric}: **${variantName(best.hyperParameters)}** (${percent(best.score)}).` : "No variants.",
    "",
    `![Error (1 − ${metric}) of each variant](${chartFile})`,
    "",
    table(
      ["variant", "learning rate", "L2", "epochs", "accuracy", "macro F1", "spam F1"],
      ranking.map((r) => {
        const h = r.hyperParameters;
        return [r.name, String(h.learningRate), String(h.l2), String(h.epochs), percent(r.metrics.accuracy), percent(r.metrics.macroF1), percent(r.metrics.perClass["spam"]?.f1 ?? 0)];
      }),
    ),
    "",
  ].join("\n");
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
