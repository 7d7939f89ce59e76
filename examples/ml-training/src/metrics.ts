/** How well one class is found. */
export interface ClassMetrics {
  /** Of the messages predicted as this class, the share that are. */
  readonly precision: number;
  /** Of the messages of this class, the share predicted as it. */
  readonly recall: number;
  readonly f1: number;
  /** How many test messages are of this class. */
  readonly support: number;
}

export interface Metrics {
  readonly accuracy: number;
  /** Unweighted mean of the classes' F1: a rare class counts as much as a common one. */
  readonly macroF1: number;
  readonly perClass: Readonly<Record<string, ClassMetrics>>;
  /** `matrix[actual][predicted]` counts, rows and columns in the order of `labels`. */
  readonly confusion: { readonly labels: readonly string[]; readonly matrix: number[][] };
}

/** Accuracy, per-class precision / recall / F1 and the confusion matrix of predictions. */
export function evaluatePredictions(actual: readonly string[], predicted: readonly string[], labels: readonly string[]): Metrics {
  if (actual.length !== predicted.length) throw new RangeError(`Got ${actual.length} actual labels but ${predicted.length} predictions.`);
  const position = new Map(labels.map((label, i) => [label, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  actual.forEach((label, i) => {
    const row = position.get(label);
    const column = position.get(predicted[i] ?? "");
    if (row === undefined || column === undefined) throw new RangeError(`Label "${row === undefined ? label : predicted[i]}" is not one of ${labels.join(", ")}.`);
    matrix[row]![column]!++;
  });
  const correct = labels.reduce((sum, _, i) => sum + matrix[i]![i]!, 0);
  const perClass: Record<string, ClassMetrics> = {};
  labels.forEach((label, i) => {
    const truePositive = matrix[i]![i]!;
    const support = matrix[i]!.reduce((a, b) => a + b, 0);
    const predictedAs = matrix.reduce((sum, row) => sum + row[i]!, 0);
    const precision = ratio(truePositive, predictedAs);
    const recall = ratio(truePositive, support);
    perClass[label] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const macroF1 = labels.reduce((sum, label) => sum + (perClass[label]?.f1 ?? 0), 0) / (labels.length || 1);
  return { accuracy: ratio(correct, actual.length), macroF1, perClass, confusion: { labels: [...labels], matrix } };
}

/** 0 when nothing was counted, rather than NaN: "no spam predicted" has no precision to speak of. */
function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
