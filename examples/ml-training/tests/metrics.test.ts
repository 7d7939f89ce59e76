import { describe, expect, test } from "vitest";
import { evaluatePredictions } from "../src/metrics.js";

describe("evaluatePredictions", () => {
  test("computes accuracy, per-class precision / recall / F1 and the confusion matrix", () => {
    // 6 ham (5 right), 4 spam (3 right).
    const actual = ["ham", "ham", "ham", "ham", "ham", "ham", "spam", "spam", "spam", "spam"];
    const predicted = ["ham", "ham", "ham", "ham", "ham", "spam", "spam", "spam", "spam", "ham"];
    const metrics = evaluatePredictions(actual, predicted, ["ham", "spam"]);
    expect(metrics.accuracy).toBe(0.8);
    expect(metrics.confusion).toEqual({ labels: ["ham", "spam"], matrix: [[5, 1], [1, 3]] });
    expect(metrics.perClass["ham"]).toEqual({ precision: 5 / 6, recall: 5 / 6, f1: expect.closeTo(5 / 6, 10), support: 6 });
    expect(metrics.perClass["spam"]).toEqual({ precision: 3 / 4, recall: 3 / 4, f1: 3 / 4, support: 4 });
    expect(metrics.macroF1).toBeCloseTo((5 / 6 + 3 / 4) / 2, 10);
  });

  test("a class never predicted has precision 0, not NaN", () => {
    const metrics = evaluatePredictions(["ham", "spam"], ["ham", "ham"], ["ham", "spam"]);
    expect(metrics.perClass["spam"]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  test("rejects unknown labels and mismatched lengths", () => {
    expect(() => evaluatePredictions(["ham"], ["eggs"], ["ham", "spam"])).toThrow(/"eggs" is not one of ham, spam/);
    expect(() => evaluatePredictions(["ham"], [], ["ham"])).toThrow(/1 actual labels but 0 predictions/);
  });
});
