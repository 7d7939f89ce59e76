import { param } from "pipewright";
import { selectionMetrics } from "../src/sweep.js";

// The parameters every step shares, declared once so the steps agree on names, defaults and ids.

/** The run's date: every output lives under data/<date>/, so each run keeps its own results. */
export const date = param.date({ default: "2024-06-01", description: "Run date; outputs go under data/<date>/." });
/** Seeds the train/test split and the training order (through each task's `random`). */
export const seed = param.int({ default: 42, description: "Seed of the split and of training." });
export const vocabularySize = param.int({ default: 5000, min: 10, description: "Most frequent words kept as features." });
export const learningRate = param.float({ default: 4, min: 1e-9, description: "Gradient descent step size." });
export const epochs = param.int({ default: 20, min: 1, max: 1000, description: "Passes over the training data." });
export const l2 = param.float({ default: 0.00001, min: 0, description: "L2 penalty on the weights." });

/** Parameters of the steps up to the features. */
export const featureParams = { date, seed, vocabularySize };
/** Parameters of one trained model. */
export const modelParams = { ...featureParams, learningRate, epochs, l2 };
/** Parameters of a sweep: lists of values whose every combination is trained. */
export const sweepParams = {
  ...featureParams,
  epochs,
  learningRates: param.list(param.float({ min: 1e-9 }), { default: [1, 4, 16], description: "Learning rates to try." }),
  l2s: param.list(param.float({ min: 0 }), { default: [0.00001, 0.0001], description: "L2 penalties to try." }),
  metric: param.enum(selectionMetrics, { default: "accuracy", description: "What the best model is chosen by." }),
};

/** Where the outputs of one seed and vocabulary go. */
export function featureDir(p: { date: string; seed: number; vocabularySize: number }): string {
  return `data/${p.date}/seed-${p.seed}/vocab-${p.vocabularySize}`;
}
