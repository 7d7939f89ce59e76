import { describe, expect, test } from "vitest";
import type { Metrics } from "../src/metrics.js";
import { gridOf, rankVariants, variantName } from "../src/sweep.js";

function metrics(accuracy: number, spamF1: number): Metrics {
  const cls = (f1: number) => ({ precision: f1, recall: f1, f1, support: 1 });
  return { accuracy, macroF1: (accuracy + spamF1) / 2, perClass: { ham: cls(accuracy), spam: cls(spamF1) }, confusion: { labels: ["ham", "spam"], matrix: [[1, 0], [0, 1]] } };
}

describe("gridOf", () => {
  test("gives every combination once, learning rates outermost", () => {
    expect(gridOf([0.1, 1, 0.1], [0, 0.01], 5)).toEqual([
      { learningRate: 0.1, epochs: 5, l2: 0 },
      { learningRate: 0.1, epochs: 5, l2: 0.01 },
      { learningRate: 1, epochs: 5, l2: 0 },
      { learningRate: 1, epochs: 5, l2: 0.01 },
    ]);
  });
});

describe("variantName", () => {
  test("names a variant by its hyper-parameters, safe in a file name", () => {
    expect(variantName({ learningRate: 0.5, epochs: 10, l2: 0.0001 })).toBe("lr0.5-e10-l2_0.0001");
  });
});

describe("rankVariants", () => {
  const a = { hyperParameters: { learningRate: 1, epochs: 5, l2: 0 }, metrics: metrics(0.95, 0.9) };
  const b = { hyperParameters: { learningRate: 2, epochs: 5, l2: 0 }, metrics: metrics(0.97, 0.85) };
  const c = { hyperParameters: { learningRate: 3, epochs: 5, l2: 0 }, metrics: metrics(0.97, 0.8) };

  test("orders the variants by the chosen metric, best first", () => {
    expect(rankVariants([a, b, c], "spamF1").map((r) => [r.name, r.score])).toEqual([
      ["lr1-e5-l2_0", 0.9],
      ["lr2-e5-l2_0", 0.85],
      ["lr3-e5-l2_0", 0.8],
    ]);
  });

  test("breaks ties by the order given, so the same sweep always picks the same model", () => {
    expect(rankVariants([a, c, b], "accuracy").map((r) => r.name)).toEqual(["lr3-e5-l2_0", "lr2-e5-l2_0", "lr1-e5-l2_0"]);
  });

  test("refuses an empty sweep", () => {
    expect(() => rankVariants([], "accuracy")).toThrow(/at least one variant/);
  });
});
