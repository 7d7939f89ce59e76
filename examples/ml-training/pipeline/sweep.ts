import { task } from "pipewright";
import { bestModel, sweepEvaluations } from "./best-model.js";
import { sweepParams } from "./params.js";

/**
 * Trains and evaluates every combination of the hyper-parameter lists, then picks the best.
 * A wrapper: it runs nothing itself. The variants are independent, so `--workers 2` trains two at once.
 * @example pipewright run sweep --learningRates 1,4,16 --l2s 0.00001,0.0001 --workers 2
 */
export const sweep = task("sweep", {
  params: sweepParams,
  requires: (p) => [...sweepEvaluations(p), bestModel(p)],
});
