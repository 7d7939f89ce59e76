import { json, localFile, ndjson, task } from "pipewright";
import { buildFeatures, type FeatureRow } from "../src/features.js";
import type { Vectorizer } from "../src/tfidf.js";
import { featureDir, featureParams } from "./params.js";
import { splitData } from "./split-data.js";

/** TF-IDF vectors of both splits, with the vocabulary and IDF weights learnt from the training split. */
export const tfidfFeatures = task("tfidfFeatures", {
  params: featureParams,
  requires: ({ date, seed }) => splitData({ date, seed }),
  output: (p) => ({
    vectorizer: localFile(`${featureDir(p)}/vectorizer.json`, json<Vectorizer>()),
    train: localFile(`${featureDir(p)}/train-features.ndjson`, ndjson<FeatureRow>()),
    test: localFile(`${featureDir(p)}/test-features.ndjson`, ndjson<FeatureRow>()),
  }),
  async run({ input, output, params, log }) {
    const [train, test] = await Promise.all([input.train.read(), input.test.read()]);
    const features = buildFeatures(train, test, { vocabularySize: params.vocabularySize });
    log(`vocabulary of ${features.vectorizer.vocabulary.length} words`);
    await Promise.all([output.vectorizer.write(features.vectorizer), output.train.write(features.train), output.test.write(features.test)]);
  },
});
