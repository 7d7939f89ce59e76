import { describe, expect, test } from "vitest";
import { evaluatePredictions } from "../src/metrics.js";
import { metricBars, renderModelReport, renderSweepReport, strongestWords, sweepBars, type CorpusStats } from "../src/report.js";
import { rankVariants } from "../src/sweep.js";

const metrics = evaluatePredictions(["ham", "ham", "spam", "spam"], ["ham", "spam", "spam", "spam"], ["ham", "spam"]);
const stats: CorpusStats = {
  messages: 4,
  distinctWords: 12,
  byLabel: {
    ham: { messages: 2, words: { mean: 10, median: 10, p90: 12, max: 12 }, topWords: [["meeting", 3], ["lunch", 2]] },
    spam: { messages: 2, words: { mean: 20, median: 20, p90: 25, max: 25 }, topWords: [["free", 5]] },
  },
};
const model = { weights: [2, -1, 0.5, -3], bias: 0, lossHistory: [0.6, 0.2] };
const vocabulary = ["free", "lunch", "money", "meeting"];

describe("strongestWords", () => {
  test("lists the words with the largest weights towards spam and the smallest towards ham", () => {
    expect(strongestWords(model, vocabulary, 2)).toEqual({
      spam: [{ word: "free", weight: 2 }, { word: "money", weight: 0.5 }],
      ham: [{ word: "meeting", weight: -3 }, { word: "lunch", weight: -1 }],
    });
  });
});

describe("metricBars", () => {
  test("shows accuracy first, highlighted, then precision and recall per class", () => {
    expect(metricBars(metrics).map((b) => [b.label, b.value, b.highlight ?? false])).toEqual([
      ["accuracy", 0.75, true],
      ["ham precision", 1, false],
      ["ham recall", 0.5, false],
      ["spam precision", 2 / 3, false],
      ["spam recall", 1, false],
    ]);
  });
});

describe("renderModelReport", () => {
  test("reports the data, the accuracy, the per-class table, the confusion matrix, the chart and the strongest words", () => {
    const markdown = renderModelReport({
      date: "2024-06-01",
      seed: 7,
      vocabularySize: 4,
      hyperParameters: { learningRate: 0.5, epochs: 2, l2: 0 },
      stats,
      metrics,
      model,
      vocabulary,
      chartFile: "metrics.svg",
    });
    expect(markdown).toContain("# Spam classifier — 2024-06-01");
    expect(markdown).toContain("Seed 7, vocabulary 4 words, learning rate 0.5, 2 epochs, L2 0.");
    expect(markdown).toContain("| ham | 2 | 10 | 12 | meeting, lunch |");
    expect(markdown).toContain("**Accuracy 75.0%**");
    expect(markdown).toContain("| spam | 66.7% | 100.0% | 80.0% | 2 |");
    expect(markdown).toContain("| ham | 1 | 1 |\n| spam | 0 | 2 |");
    expect(markdown).toContain("![Accuracy, precision and recall](metrics.svg)");
    expect(markdown).toContain("| free | 2.00 | meeting | -3.00 |");
    expect(markdown).toContain("Training loss: 0.6000 after the first epoch, 0.2000 after the last.");
  });
});

describe("sweep report", () => {
  const worse = evaluatePredictions(["ham", "spam"], ["spam", "spam"], ["ham", "spam"]);
  const ranking = rankVariants(
    [
      { hyperParameters: { learningRate: 1, epochs: 2, l2: 0 }, metrics: worse },
      { hyperParameters: { learningRate: 4, epochs: 2, l2: 0 }, metrics },
    ],
    "accuracy",
  );

  test("charts each variant's error, the best highlighted", () => {
    expect(sweepBars(ranking)).toEqual([
      { label: "lr4-e2-l2_0", value: 0.25, highlight: true },
      { label: "lr1-e2-l2_0", value: 0.5, highlight: false },
    ]);
  });

  test("names the best variant and lists every variant, best first", () => {
    const markdown = renderSweepReport("2024-06-01", "accuracy", ranking, "sweep.svg");
    expect(markdown).toContain("Best by accuracy: **lr4-e2-l2_0** (75.0%).");
    expect(markdown.indexOf("| lr4-e2-l2_0 |")).toBeLessThan(markdown.indexOf("| lr1-e2-l2_0 |"));
    expect(markdown).toContain("![Error (1 − accuracy) of each variant](sweep.svg)");
  });
});
