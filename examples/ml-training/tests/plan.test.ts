// The pipeline's structure (what a sweep runs, in which order) and a whole run on a tiny corpus,
// in a sandbox: the SpamAssassin corpus is never loaded, so the run takes well under a second.
import { describe, expect, test } from "vitest";
import { expectPlan, plan, stub, withPipeline } from "pipewright/testing";
import { bestModel, cleanCorpus, corpusStats, evaluate, loadMessages, report, splitData, sweep, tfidfFeatures, train } from "../pipeline/index.js";
import type { Message } from "../src/corpus.js";

const date = "2024-06-01";
const features = { date, seed: 42, vocabularySize: 10 };
const variant = (learningRate: number) => ({ ...features, learningRate, epochs: 20, l2: 0.00001 });

const spamWords = ["win", "free", "money", "offer", "click", "prize", "cash", "now"];
const hamWords = ["lunch", "meeting", "notes", "team", "project", "review", "tomorrow", "thanks"];
/** Fifteen spam and fifteen ham e-mails: four words of their class each, and one word of their own. */
const tinyCorpus: Message[] = Array.from({ length: 30 }, (_, i) => {
  const spam = i % 2 === 0;
  const words = spam ? spamWords : hamWords;
  const own = `only${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
  return { id: `${spam ? "spam" : "ham"}/${i}`, label: spam ? "spam" : "ham", subject: words[i % 8] ?? "", body: `${words[(i + 3) % 8]} ${words[(i + 5) % 8]} ${words[(i + 6) % 8]} ${own}` };
});

describe("the ml-training plan", () => {
  test("a sweep of two learning rates trains and evaluates each before picking the best, and skips the report", async () => {
    const params = { ...features, epochs: 20, learningRates: [1, 4], l2s: [0.00001] };
    const p = await plan(sweep(params));
    const [lr1, lr4] = [variant(1), variant(4)];
    expectPlan(p).toRun([
      loadMessages({ date }), cleanCorpus({ date }), splitData({ date, seed: 42 }), tfidfFeatures(features),
      train(lr1), train(lr4), evaluate(lr1), evaluate(lr4), bestModel(params), sweep(params),
    ]);
    expectPlan(p).notToRun([corpusStats({ date }), report(lr4)]);
    expectPlan(p).toRunBefore(tfidfFeatures(features), train(lr1));
    for (const v of [lr1, lr4]) {
      expectPlan(p).toRunBefore(train(v), evaluate(v));
      expectPlan(p).toRunBefore(evaluate(v), bestModel(params));
    }
    expectPlan(p).toRunBefore(bestModel(params), sweep(params));
    expect(p.willRun.at(-1)).toBe(sweep(params).id);
  });

  test("with the loader stubbed, the report's plan writes the stub's data first and needs nothing else", async () => {
    const p = await plan(report(variant(4)), { stubs: [stub(loadMessages, tinyCorpus)] });
    // A stub is a task whose run writes the given data: it is planned, with no requirements.
    expect(p.stubbed).toEqual([loadMessages({ date }).id]);
    expect(p.task(loadMessages({ date }))?.requires).toEqual([]);
    expect(p.willRun[0]).toBe(loadMessages({ date }).id);
    expectPlan(p).toRunBefore(cleanCorpus({ date }), corpusStats({ date }));
    expectPlan(p).toRunBefore(corpusStats({ date }), report(variant(4)));
  });

  test("builds the report from a stubbed tiny corpus without loading the real one", async () => {
    const root = report(variant(4));
    await withPipeline(root, { stubs: [stub(loadMessages, tinyCorpus)] }, async (p) => {
      // The stub wrote the loader's output; the real loader (which logs what it loaded) never ran.
      expect(p.stubbed).toEqual([loadMessages({ date }).id]);
      expect(p.logs(loadMessages({ date })).map((l) => l.message).join("\n")).not.toMatch(/loaded \d+ e-mails/);
      expect(p.ran).toEqual(expect.arrayContaining([cleanCorpus({ date }).id, corpusStats({ date }).id, train(variant(4)).id, root.id]));
      expect(p.ran.at(-1)).toBe(root.id);
      expect(await p.read(cleanCorpus({ date }))).toHaveLength(30);
      const metrics = await p.read(evaluate(variant(4)));
      expect(metrics.perClass["spam"]?.support).toBe(3);
      const { markdown, chart } = await p.read(root);
      expect(markdown).toContain(`**Accuracy ${(metrics.accuracy * 100).toFixed(1)}%**`);
      expect(markdown).toContain("30 messages after cleaning");
      expect(chart).toContain("<svg");
    });
  });
});
