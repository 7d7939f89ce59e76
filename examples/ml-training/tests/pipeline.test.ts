import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { build, load } from "pipewright";
import { bestModel, corpusStats, evaluate, report, splitData, sweep } from "../pipeline/index.js";

// One project folder for the whole file: each test builds on what the previous one left, as a
// person running the commands one after another would.
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "pipewright-ml-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const options = () => ({ projectRoot: root, store: "memory" as const });

describe("the ML training pipeline", () => {
  test("builds the report from the real corpus, with a test accuracy above 95%", async () => {
    const summary = await build(report(), options());
    expect(summary.tasks.filter((t) => t.status !== "ran")).toEqual([]);
    expect(summary.tasks.map((t) => t.name).sort()).toEqual(["cleanCorpus", "corpusStats", "evaluate", "loadMessages", "report", "splitData", "tfidfFeatures", "train"]);
    expect(summary.counts.ran).toBe(8);

    const metrics = await load(evaluate(), { projectRoot: root });
    expect(metrics.accuracy).toBeGreaterThan(0.95);
    expect(metrics.perClass["spam"]?.recall).toBeGreaterThan(0.9);
    const { markdown, chart } = await load(report(), { projectRoot: root });
    expect(markdown).toContain(`**Accuracy ${(metrics.accuracy * 100).toFixed(1)}%**`);
    expect(chart).toContain("<svg");
  });

  test("a second build runs nothing", async () => {
    const summary = await build(report(), options());
    expect(summary.counts.ran).toBe(0);
    expect(summary.counts.already_complete).toBe(8);
  });

  test("the sweep, with two workers, trains only the variants not built yet and picks the best by the metric", async () => {
    const params = { learningRates: [1, 4], l2s: [0.00001], epochs: 20 };
    const summary = await build(sweep(params), { ...options(), workers: 2 });
    expect(summary.ok).toBe(true);
    // lr=4 is the report's model, already built: only lr=1 is trained and evaluated.
    expect(summary.tasks.filter((t) => t.status === "ran").map((t) => t.name)).toEqual(["train", "evaluate", "bestModel", "sweep"]);

    const best = await load(bestModel(params), { projectRoot: root });
    const accuracies = await Promise.all(params.learningRates.map((learningRate) => load(evaluate({ learningRate, l2: 0.00001, epochs: 20 }), { projectRoot: root })));
    expect(best.model.score).toBe(Math.max(...accuracies.map((m) => m.accuracy)));
    expect(best.model.weights).toHaveLength(best.model.vectorizer.vocabulary.length);
    expect(best.summary).toContain(`Best by accuracy: **lr${best.model.hyperParameters.learningRate}-e20-l2_0.00001**`);
  });

  test("another seed gives another split of the same messages", async () => {
    await build(splitData({ seed: 7 }), options());
    const [ours, theirs] = await Promise.all([load(splitData(), { projectRoot: root }), load(splitData({ seed: 7 }), { projectRoot: root })]);
    const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id).sort();
    expect(ids(theirs.test)).not.toEqual(ids(ours.test));
    expect(ids([...theirs.train, ...theirs.test])).toEqual(ids([...ours.train, ...ours.test]));
  });

  test("the same seed gives the same model in another project folder", async () => {
    const again = await mkdtemp(join(tmpdir(), "pipewright-ml-"));
    try {
      await build(evaluate(), { projectRoot: again, store: "memory" });
      const [first, second] = await Promise.all([load(evaluate(), { projectRoot: root }), load(evaluate(), { projectRoot: again })]);
      expect(second).toEqual(first);
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });
});

describe("corpusStats (a python3 command task)", () => {
  test("summarises the cleaned messages it is given", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pipewright-ml-"));
    try {
      // The cleaned corpus is in place, so cleanCorpus counts as complete and the script reads this file.
      const messages = [
        { id: "1", label: "ham", text: "lunch at noon today" },
        { id: "2", label: "ham", text: "see you at lunch" },
        { id: "3", label: "spam", text: "free money free money now" },
      ];
      await mkdir(join(dir, "data/2024-06-01"), { recursive: true });
      await writeFile(join(dir, "data/2024-06-01/clean.ndjson"), messages.map((m) => JSON.stringify(m)).join("\n"));
      const summary = await build(corpusStats(), { projectRoot: dir, store: "memory" });
      const statusOf = (name: string) => summary.tasks.find((t) => t.name === name)?.status;
      expect([statusOf("cleanCorpus"), statusOf("corpusStats")]).toEqual(["already_complete", "ran"]);
      const stats = JSON.parse(await readFile(join(dir, "data/2024-06-01/stats.json"), "utf8"));
      expect(stats.messages).toBe(3);
      expect(stats.byLabel.ham).toEqual({ messages: 2, words: { mean: 4, median: 4, p90: 4, max: 4 }, topWords: [["lunch", 2], ["noon", 1], ["today", 1], ["see", 1]] });
      expect(stats.byLabel.spam.topWords).toEqual([["free", 2], ["money", 2], ["now", 1]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("an empty cleaned corpus fails the step with the script's message and writes no stats", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pipewright-ml-"));
    try {
      await mkdir(join(dir, "data/2024-06-01"), { recursive: true });
      await writeFile(join(dir, "data/2024-06-01/clean.ndjson"), "");
      const summary = await build(corpusStats(), { projectRoot: dir, store: "memory" });
      const failed = summary.tasks.find((t) => t.name === "corpusStats");
      expect(failed?.status).toBe("failed");
      expect(failed?.error).toMatch(/^python3 exited with code 1 \(corpusStats\(date=2024-06-01\)\); last line of its stderr:\n {2}\S+clean\.ndjson holds no messages: run the clean step first\./);
      expect(existsSync(join(dir, "data/2024-06-01/stats.json"))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
