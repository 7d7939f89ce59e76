import { describe, expect, test } from "vitest";
import { predictProbability, trainLogisticRegression, type Example } from "../src/logistic-regression.js";
import { seededRandom } from "./helpers/seeded-random.js";

// Feature 0 means spam, feature 1 means ham, feature 2 appears in both: a separable toy problem.
const examples: Example[] = Array.from({ length: 40 }, (_, i) =>
  i % 2 === 0 ? { x: { indices: [0, 2], values: [0.9, 0.4] }, y: 1 } : { x: { indices: [1, 2], values: [0.9, 0.4] }, y: 0 },
);
const options = { learningRate: 1, epochs: 30, l2: 0, batchSize: 4 };

describe("trainLogisticRegression", () => {
  test("learns a separable problem: every example on the right side of 0.5, loss going down", () => {
    const model = trainLogisticRegression(examples, 3, options, seededRandom(1));
    for (const { x, y } of examples) expect(predictProbability(model, x) >= 0.5 ? 1 : 0).toBe(y);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeLessThan(0);
    expect(model.lossHistory).toHaveLength(30);
    expect(model.lossHistory.at(-1)).toBeLessThan(model.lossHistory[0]! / 2);
  });

  test("the same random numbers give the same model", () => {
    const a = trainLogisticRegression(examples, 3, options, seededRandom(9));
    const b = trainLogisticRegression(examples, 3, options, seededRandom(9));
    expect(a).toEqual(b);
  });

  test("an L2 penalty keeps the weights smaller", () => {
    const free = trainLogisticRegression(examples, 3, options, seededRandom(1));
    const penalised = trainLogisticRegression(examples, 3, { ...options, l2: 0.1 }, seededRandom(1));
    const size = (w: number[]) => Math.hypot(...w);
    expect(size(penalised.weights)).toBeLessThan(size(free.weights) / 2);
  });

  test("rejects options that cannot train", () => {
    expect(() => trainLogisticRegression(examples, 3, { ...options, learningRate: 0 }, seededRandom(1))).toThrow(/learningRate > 0/);
    expect(() => trainLogisticRegression(examples, 3, { ...options, epochs: 1.5 }, seededRandom(1))).toThrow(/epochs a whole number/);
  });
});
