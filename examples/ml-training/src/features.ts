import { tokenize, type CleanMessage } from "./clean.js";
import type { Label } from "./corpus.js";
import { fitTfidf, indexOf, transformTfidf, type SparseVector, type TfidfOptions, type Vectorizer } from "./tfidf.js";

/** One message as the model sees it: its label and its TF-IDF vector. */
export interface FeatureRow extends SparseVector {
  readonly id: string;
  readonly label: Label;
}

export interface Features {
  readonly vectorizer: Vectorizer;
  readonly train: FeatureRow[];
  readonly test: FeatureRow[];
}

/** Fits TF-IDF on the training messages only, then turns both splits into feature rows. */
export function buildFeatures(train: readonly CleanMessage[], test: readonly CleanMessage[], options: TfidfOptions): Features {
  const vectorizer = fitTfidf(
    train.map((m) => tokenize(m.text)),
    options,
  );
  const index = indexOf(vectorizer);
  const rows = (messages: readonly CleanMessage[]) =>
    messages.map((m) => ({ id: m.id, label: m.label, ...transformTfidf(vectorizer, tokenize(m.text), index) }));
  return { vectorizer, train: rows(train), test: rows(test) };
}
