// Each step tested alone: its input given as data, its output returned in memory.
import { describe, expect, test } from "vitest";
import { runTask } from "pipewright/testing";
import { report } from "../pipeline/report.js";
import { topWords } from "../pipeline/top-words.js";
import { wordCounts } from "../pipeline/word-counts.js";

describe("pipeline steps", () => {
  test("wordCounts counts the words of the source text", async () => {
    const { outputs, logs } = await runTask(wordCounts(), { inputs: "The cat saw the other cat." });
    expect(outputs).toEqual({ the: 2, cat: 2, saw: 1, other: 1 });
    expect(logs.map((l) => l.message)).toEqual(["6 words"]);
  });

  test("topWords keeps only the requested number of words", async () => {
    const { outputs } = await runTask(topWords({ top: 1 }), { inputs: { cat: 2, saw: 1 } });
    expect(outputs).toEqual([{ word: "cat", count: 2 }]);
  });

  test("report shows the total number of words and the top words", async () => {
    const { outputs } = await runTask(report({ top: 1 }), {
      inputs: { counts: { cat: 2, saw: 1 }, top: [{ word: "cat", count: 2 }] },
    });
    expect(outputs).toContain("3 words in all.");
    expect(outputs).toContain("| cat | 2 |");
  });
});
