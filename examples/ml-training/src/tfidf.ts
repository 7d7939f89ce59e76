/** What TF-IDF learns from the training documents: which words count, and how rare each is. */
export interface Vectorizer {
  /** The kept words, alphabetical; a word's index is its feature number. */
  readonly vocabulary: string[];
  /** Inverse document frequency of each word, by feature number. */
  readonly idf: number[];
}

/** A document as features: only the words it has, by ascending feature number. */
export interface SparseVector {
  readonly indices: number[];
  readonly values: number[];
}

export interface TfidfOptions {
  /** Keep at most this many words: those in the most documents. */
  readonly vocabularySize: number;
  /** Ignore words seen in fewer documents than this (typos, names). Default 2. */
  readonly minDocumentFrequency?: number;
}

/**
 * Learns the vocabulary and the IDF weights from tokenised training documents. Fit on the
 * training split only: fitting on test documents would leak them into the model.
 * IDF is smoothed as if one extra document held every word: ln((1 + n) / (1 + df)) + 1.
 */
export function fitTfidf(documents: readonly (readonly string[])[], options: TfidfOptions): Vectorizer {
  const minDf = options.minDocumentFrequency ?? 2;
  const df = new Map<string, number>();
  for (const words of documents) for (const word of new Set(words)) df.set(word, (df.get(word) ?? 0) + 1);
  const kept = [...df]
    .filter(([, count]) => count >= minDf)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, options.vocabularySize)
    .map(([word]) => word)
    .sort();
  const n = documents.length;
  return { vocabulary: kept, idf: kept.map((word) => Math.log((1 + n) / (1 + (df.get(word) ?? 0))) + 1) };
}

/**
 * A document's TF-IDF vector: (1 + ln count) × idf for each known word, scaled to length 1 so
 * long and short e-mails weigh the same. Words outside the vocabulary are ignored.
 */
export function transformTfidf(vectorizer: Vectorizer, words: readonly string[], index = indexOf(vectorizer)): SparseVector {
  const counts = new Map<number, number>();
  for (const word of words) {
    const feature = index.get(word);
    if (feature !== undefined) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  }
  const indices = [...counts.keys()].sort((a, b) => a - b);
  const raw = indices.map((feature) => (1 + Math.log(counts.get(feature) ?? 1)) * (vectorizer.idf[feature] ?? 0));
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1;
  // Six decimals are plenty for a linear model and keep the feature files a third of the size.
  return { indices, values: raw.map((value) => Math.round((value / norm) * 1e6) / 1e6) };
}

/** Word → feature number; build it once when transforming many documents. */
export function indexOf(vectorizer: Vectorizer): Map<string, number> {
  return new Map(vectorizer.vocabulary.map((word, feature) => [word, feature]));
}
