import { describe, expect, test } from "vitest";
import { fitTfidf, transformTfidf } from "../src/tfidf.js";

const documents = [
  ["free", "money", "now", "free"],
  ["meeting", "now"],
  ["free", "lunch", "meeting"],
  ["typo"],
];

describe("fitTfidf", () => {
  test("keeps the words in most documents, at least minDocumentFrequency, alphabetically", () => {
    const vectorizer = fitTfidf(documents, { vocabularySize: 2 });
    // free: 2 documents, meeting: 2, now: 2 → ties broken alphabetically; money, lunch, typo: 1 (< 2).
    expect(vectorizer.vocabulary).toEqual(["free", "meeting"]);
    expect(fitTfidf(documents, { vocabularySize: 10 }).vocabulary).toEqual(["free", "meeting", "now"]);
    expect(fitTfidf(documents, { vocabularySize: 10, minDocumentFrequency: 1 }).vocabulary).toHaveLength(6);
  });

  test("gives rarer words a larger IDF: ln((1 + n) / (1 + df)) + 1", () => {
    const { vocabulary, idf } = fitTfidf([["a", "b"], ["a"], ["a", "b"], ["a"]], { vocabularySize: 10 });
    expect(vocabulary).toEqual(["a", "b"]);
    expect(idf[0]).toBeCloseTo(Math.log(5 / 5) + 1, 10);
    expect(idf[1]).toBeCloseTo(Math.log(5 / 3) + 1, 10);
  });
});

describe("transformTfidf", () => {
  const vectorizer = { vocabulary: ["free", "meeting", "now"], idf: [1, 2, 1] };

  test("weights repeated words by 1 + ln(count) × idf and scales the vector to length 1", () => {
    const vector = transformTfidf(vectorizer, ["now", "free", "free", "unknown"]);
    expect(vector.indices).toEqual([0, 2]);
    const raw = [1 + Math.log(2), 1];
    const norm = Math.hypot(...raw);
    expect(vector.values[0]).toBeCloseTo(raw[0]! / norm, 6);
    expect(vector.values[1]).toBeCloseTo(raw[1]! / norm, 6);
    expect(Math.hypot(...vector.values)).toBeCloseTo(1, 5);
  });

  test("a document with no known word is the empty vector", () => {
    expect(transformTfidf(vectorizer, ["nothing", "known"])).toEqual({ indices: [], values: [] });
  });
});
