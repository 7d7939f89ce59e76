// Each step of the spam classifier alone, with runTask: a few hand-made messages or feature rows
// in, the step's outputs back in memory. Nothing upstream runs; the real corpus is never read.
import { describe, expect, test } from "vitest";
import { runTask } from "pipewright/testing";
import { bestModel, cleanCorpus, corpusStats, evaluate, report, splitData, tfidfFeatures, train } from "../pipeline/index.js";
import type { CleanMessage } from "../src/clean.js";
import type { Label } from "../src/corpus.js";
import type { FeatureRow } from "../src/features.js";
import type { Metrics } from "../src/metrics.js";
import type { CorpusStats } from "../src/report.js";
import type { TrainedModel } from "../src/spam-model.js";
import type { Vectorizer } from "../src/tfidf.js";

const date = "2024-06-01";
const features = { date, seed: 42, vocabularySize: 10 };
const model = { ...features, learningRate: 4, epochs: 20, l2: 0.00001 };

const clean = (id: string, label: Label, text: string): CleanMessage => ({ id, label, text });
/** Ten spam and ten ham messages, each with its own last word so no two are alike. */
const corpus: CleanMessage[] = Array.from({ length: 20 }, (_, i) =>
  i % 2 === 0 ? clean(`s${i}`, "spam", `win free money now offer w${String.fromCharCode(97 + i)}`) : clean(`h${i}`, "ham", `lunch meeting notes tomorrow team w${String.fromCharCode(97 + i)}`),
);

// Two words, two obvious classes: "free" (feature 0) means spam, "lunch" (feature 1) means ham.
const vectorizer: Vectorizer = { vocabulary: ["free", "lunch"], idf: [1, 1] };
const row = (id: string, label: Label, feature: number): FeatureRow => ({ id, label, indices: [feature], values: [1] });
const obvious = [row("s1", "spam", 0), row("s2", "spam", 0), row("s3", "spam", 0), row("h1", "ham", 1), row("h2", "ham", 1), row("h3", "ham", 1)];
const handMadeModel: TrainedModel = { hyperParameters: { learningRate: 4, epochs: 20, l2: 0.00001 }, weights: [3, -3], bias: 0, lossHistory: [0.6, 0.1] };

const metricsWith = (accuracy: number): Metrics => ({
  accuracy,
  macroF1: accuracy,
  perClass: { ham: { precision: accuracy, recall: accuracy, f1: accuracy, support: 5 }, spam: { precision: accuracy, recall: accuracy, f1: accuracy, support: 5 } },
  confusion: { labels: ["ham", "spam"], matrix: [[5, 0], [0, 5]] },
});
const stats: CorpusStats = {
  messages: 20,
  distinctWords: 29,
  byLabel: { ham: { messages: 10, words: { mean: 6, median: 6, p90: 6, max: 6 }, topWords: [["lunch", 10]] }, spam: { messages: 10, words: { mean: 6, median: 6, p90: 6, max: 6 }, topWords: [["free", 10]] } },
};

describe("ml-training steps", () => {
  test("cleanCorpus normalises messages to words and drops empty ones and duplicates", async () => {
    const message = (id: string, subject: string, body: string) => ({ id, label: "ham" as const, subject, body });
    const { outputs, logs } = await runTask(cleanCorpus({ date }), {
      inputs: [message("a", "Lunch?", "<p>See you at NOON, $5 each</p>"), message("b", "", "ok"), message("c", "lunch?", "see you at noon, $5 each")],
    });
    expect(outputs).toEqual([{ id: "a", label: "ham", text: "lunch see you at noon dollar number each" }]);
    expect(logs).toEqual([{ level: "info", message: "kept 1 messages; dropped 1 empty and 1 duplicates" }]);
  });

  test("corpusStats counts messages and words per class with its python3 script", async () => {
    const { outputs } = await runTask(corpusStats({ date }), {
      inputs: [clean("1", "ham", "lunch at noon today"), clean("2", "ham", "see you at lunch"), clean("3", "spam", "free money free money now")],
    });
    expect(outputs.messages).toBe(3);
    expect(outputs.byLabel["ham"]).toEqual({ messages: 2, words: { mean: 4, median: 4, p90: 4, max: 4 }, topWords: [["lunch", 2], ["noon", 1], ["today", 1], ["see", 1]] });
    expect(outputs.byLabel["spam"]?.topWords).toEqual([["free", 2], ["money", 2], ["now", 1]]);
  });

  test("splitData holds out a fifth of each class, the same way for the same seed", async () => {
    const { outputs } = await runTask(splitData({ date, seed: 42 }), { inputs: corpus });
    const labelsOf = (rows: readonly CleanMessage[]) => rows.map((m) => m.label).sort();
    expect(labelsOf(outputs.test)).toEqual(["ham", "ham", "spam", "spam"]);
    expect([...outputs.train, ...outputs.test].map((m) => m.id).sort()).toEqual(corpus.map((m) => m.id).sort());
    const ids = (rows: readonly CleanMessage[]) => rows.map((m) => m.id);
    const again = await runTask(splitData({ date, seed: 42 }), { inputs: corpus });
    expect(ids(again.outputs.test)).toEqual(ids(outputs.test));
    const other = await runTask(splitData({ date, seed: 7 }), { inputs: corpus });
    expect(ids(other.outputs.test)).not.toEqual(ids(outputs.test));
  });

  test("tfidfFeatures learns at most vocabularySize words from the training split and gives unit-length rows", async () => {
    const words = ["free", "money", "now", "offer", "win", "click", "prize", "cash", "lunch", "notes", "team", "today"];
    // Each word is in two training messages (kept), "rare" in one (dropped): 12 candidates for 10 places.
    const trainSplit = words.flatMap((w, i) => [clean(`a${i}`, "spam", `${w} rare${i} x`), clean(`b${i}`, "ham", `${w} y z`)]);
    const { outputs } = await runTask(tfidfFeatures(features), { inputs: { train: trainSplit, test: [clean("t", "spam", "free money unknownword")] } });
    expect(outputs.vectorizer.vocabulary).toHaveLength(10);
    expect(outputs.train).toHaveLength(trainSplit.length);
    for (const r of [...outputs.train, ...outputs.test]) expect(r.indices.every((i) => i < 10)).toBe(true);
    const [testRow] = outputs.test;
    expect(testRow?.indices.map((i) => outputs.vectorizer.vocabulary[i])).toEqual(["free", "money"]);
    expect(Math.hypot(...(testRow?.values ?? []))).toBeCloseTo(1, 5);
  });

  test("train gives a model that separates two obvious classes", async () => {
    const { outputs, logs } = await runTask(train(model), { inputs: { vectorizer, train: obvious, test: [] } });
    expect(outputs.hyperParameters).toEqual({ learningRate: 4, epochs: 20, l2: 0.00001 });
    expect(outputs.weights).toHaveLength(2);
    expect(outputs.weights[0]).toBeGreaterThan(0); // "free" pushes towards spam
    expect(outputs.weights[1]).toBeLessThan(0); // "lunch" towards ham
    expect(outputs.lossHistory.at(-1)).toBeLessThan(outputs.lossHistory[0] ?? 0);
    expect(logs[0]?.message).toMatch(/^training loss \d\.\d{4} after epoch 1, \d\.\d{4} after epoch 20$/);
  });

  test("evaluate measures the given model on the test features", async () => {
    // One ham message uses the spam word: the model gets 5 of 6 right.
    const test = [...obvious.slice(0, 5), row("h4", "ham", 0)];
    const { outputs } = await runTask(evaluate(model), { inputs: { model: handMadeModel, features: { vectorizer, train: [], test } } });
    expect(outputs.accuracy).toBeCloseTo(5 / 6, 10);
    expect(outputs.confusion).toEqual({ labels: ["ham", "spam"], matrix: [[2, 1], [0, 3]] });
    expect(outputs.perClass["spam"]).toMatchObject({ precision: 0.75, recall: 1, support: 3 });
  });

  test("report shows the accuracy, the data and the strongest words, with an SVG chart", async () => {
    const { outputs } = await runTask(report(model), {
      inputs: { stats, features: { vectorizer, train: [], test: [] }, model: handMadeModel, metrics: metricsWith(0.9) },
    });
    expect(outputs.markdown).toContain("**Accuracy 90.0%**");
    expect(outputs.markdown).toContain("20 messages after cleaning, 29 distinct words.");
    expect(outputs.markdown).toContain("| free | 3.00 | lunch | -3.00 |");
    expect(outputs.chart).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  test("bestModel picks the best evaluation and asks only for the winner's weights", async () => {
    const sweep = { ...features, epochs: 20, learningRates: [1, 4, 16], l2s: [0.00001] };
    const winner = train({ ...features, learningRate: 4, epochs: 20, l2: 0.00001 });
    const { outputs, logs } = await runTask(bestModel(sweep), {
      inputs: [metricsWith(0.8), metricsWith(0.95), metricsWith(0.9)],
      // Keyed by id: asking for another variant's training would fail the test.
      require: { [winner.id]: handMadeModel, [tfidfFeatures(features).id]: { vectorizer, train: [], test: [] } },
    });
    expect(outputs.model).toMatchObject({ chosenBy: "accuracy", score: 0.95, hyperParameters: { learningRate: 4 }, vectorizer, weights: [3, -3] });
    expect(outputs.summary).toContain("Best by accuracy: **lr4-e20-l2_0.00001** (95.0%).");
    expect(outputs.chart).toContain("<svg");
    expect(logs.map((l) => l.message)).toEqual(["best of 3 by accuracy: lr4-e20-l2_0.00001 (0.9500)"]);
  });
});
