// Every step against its recorded inputs and outputs in tests/fixtures, recorded from a corpus of
// 22 hand-written e-mails (the stubbed loader's output, outputs/loadMessages(...).ndjson) so the
// whole set stays a few tens of kB of reviewable text.
// Accept intended changes of outputs: PIPEWRIGHT_UPDATE_FIXTURES=1 npx vitest run examples/ml-training
// Record again after a structural change: RECORD_ML_FIXTURES=1 npx vitest run examples/ml-training/tests/fixtures.test.ts
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { checkFixtures, recordFixtures, stub } from "pipewright/testing";
import * as pipeline from "../pipeline/index.js";
import { loadMessages, report, sweep } from "../pipeline/index.js";
import type { Message } from "../src/corpus.js";

const dir = fileURLToPath(new URL("./fixtures", import.meta.url));
const features = { date: "2024-06-01", seed: 42, vocabularySize: 50 };
const roots = [report({ ...features, learningRate: 4, epochs: 20, l2: 0.00001 }), sweep({ ...features, epochs: 20, learningRates: [1, 4], l2s: [0.00001] })];

/** The data of an output as recorded (read before recording again replaces the set). */
async function recorded(id: string, file: string): Promise<string> {
  return readFile(join(dir, "outputs", `${id}${file}`), "utf8");
}

test.runIf(process.env["RECORD_ML_FIXTURES"] === "1")("records the fixtures again from the recorded sample e-mails", async () => {
  const loader = loadMessages({ date: features.date });
  const messages = (await recorded(loader.id, ".ndjson")).split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as Message);
  const summary = await recordFixtures(roots, { dir, stubs: [stub(loadMessages, messages)] });
  expect(summary.warnings).toEqual([]);
});

test("every ml-training step still gives its recorded outputs", async () => {
  const { checked } = await checkFixtures(dir, { tasks: pipeline });
  // cleanCorpus, corpusStats (python3), splitData, tfidfFeatures, 2 × train, 2 × evaluate, report, bestModel.
  expect(checked).toHaveLength(10);
});
