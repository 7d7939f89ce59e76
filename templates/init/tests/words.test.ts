import { describe, expect, test } from "vitest";
import { countWords, mostFrequent, renderReport, tokenize } from "../src/words.js";

describe("words", () => {
  test("tokenize keeps lower-case words and drops punctuation and single letters", () => {
    expect(tokenize("A step, then ANOTHER step: it's done.")).toEqual(["step", "then", "another", "step", "it's", "done"]);
  });

  test("countWords counts each word", () => {
    expect(countWords(["b", "a", "b"])).toEqual({ a: 1, b: 2 });
  });

  test("mostFrequent puts the most frequent first and breaks ties alphabetically", () => {
    expect(mostFrequent({ pear: 1, apple: 3, fig: 1 }, 2)).toEqual([
      { word: "apple", count: 3 },
      { word: "fig", count: 1 },
    ]);
  });

  test("renderReport writes the total and one table row per word", () => {
    const report = renderReport("sample", 4, [{ word: "step", count: 2 }]);
    expect(report).toContain("4 words in all.");
    expect(report).toContain("| step | 2 |");
  });
});
