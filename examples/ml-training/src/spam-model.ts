import type { Label } from "./corpus.js";
import type { FeatureRow } from "./features.js";
import { predictProbability, trainLogisticRegression, type LogisticModel, type TrainOptions } from "./logistic-regression.js";
import type { HyperParameters } from "./sweep.js";

/** A model as saved by the train step: the weights and what they were trained with. */
export interface TrainedModel extends LogisticModel {
  readonly hyperParameters: HyperParameters;
}

/** Messages whose spam probability reaches this are called spam. */
export const spamThreshold = 0.5;

/** Trains the binary model with spam as the positive class. */
export function trainSpamModel(rows: readonly FeatureRow[], features: number, options: TrainOptions, random: () => number): LogisticModel {
  const examples = rows.map((row) => ({ x: row, y: row.label === "spam" ? (1 as const) : (0 as const) }));
  return trainLogisticRegression(examples, features, options, random);
}

/** The predicted label of each row. */
export function predictLabels(model: Pick<LogisticModel, "weights" | "bias">, rows: readonly FeatureRow[]): Label[] {
  return rows.map((row) => (predictProbability(model, row) >= spamThreshold ? "spam" : "ham"));
}
