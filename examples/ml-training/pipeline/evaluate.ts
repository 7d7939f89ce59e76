import { json, localFile, task } from "pipewright";
import { labels } from "../src/corpus.js";
import { evaluatePredictions, type Metrics } from "../src/metrics.js";
import { percent } from "../src/report.js";
import { predictLabels } from "../src/spam-model.js";
import { variantName } from "../src/sweep.js";
import { featureDir, modelParams } from "./params.js";
import { tfidfFeatures } from "./tfidf-features.js";
import { train } from "./train.js";

/** Measures one model on the held-out test split. */
export const evaluate = task("evaluate", {
  params: modelParams,
  requires: (p) => ({ model: train(p), features: tfidfFeatures({ date: p.date, seed: p.seed, vocabularySize: p.vocabularySize }) }),
  output: (p) => localFile(`${featureDir(p)}/metrics/${variantName(p)}.json`, json<Metrics>()),
  async run({ input, output, log }) {
    const [model, test] = await Promise.all([input.model.read(), input.features.test.read()]);
    const metrics = evaluatePredictions(test.map((row) => row.label), predictLabels(model, test), labels);
    log(`accuracy ${percent(metrics.accuracy)}, spam precision ${percent(metrics.perClass["spam"]?.precision ?? 0)}, recall ${percent(metrics.perClass["spam"]?.recall ?? 0)}`);
    await output.write(metrics);
  },
});
