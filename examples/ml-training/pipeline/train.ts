import { json, localFile, task } from "pipewright";
import { trainSpamModel, type TrainedModel } from "../src/spam-model.js";
import { variantName } from "../src/sweep.js";
import { featureDir, modelParams } from "./params.js";
import { tfidfFeatures } from "./tfidf-features.js";

/** Trains one logistic regression model on the training features. */
export const train = task("train", {
  params: modelParams,
  requires: ({ date, seed, vocabularySize }) => tfidfFeatures({ date, seed, vocabularySize }),
  output: (p) => localFile(`${featureDir(p)}/models/${variantName(p)}.json`, json<TrainedModel>()),
  async run({ input, output, params, log, random }) {
    const [vectorizer, rows] = await Promise.all([input.vectorizer.read(), input.train.read()]);
    const hyperParameters = { learningRate: params.learningRate, epochs: params.epochs, l2: params.l2 };
    const model = trainSpamModel(rows, vectorizer.vocabulary.length, hyperParameters, random);
    log(`training loss ${model.lossHistory[0]?.toFixed(4)} after epoch 1, ${model.lossHistory.at(-1)?.toFixed(4)} after epoch ${params.epochs}`);
    await output.write({ hyperParameters, ...model });
  },
});
