import { localFile, ndjson, task } from "pipewright";
import type { CleanMessage } from "../src/clean.js";
import { stratifiedSplit } from "../src/split.js";
import { cleanCorpus } from "./clean-corpus.js";
import { date, seed } from "./params.js";

/** The share of messages held out to measure the model on. */
export const testFraction = 0.2;

/** A stratified train/test split: both parts keep the corpus's share of spam. */
export const splitData = task("splitData", {
  params: { date, seed },
  requires: ({ date }) => cleanCorpus({ date }),
  output: ({ date, seed }) => ({
    train: localFile(`data/${date}/seed-${seed}/train.ndjson`, ndjson<CleanMessage>()),
    test: localFile(`data/${date}/seed-${seed}/test.ndjson`, ndjson<CleanMessage>()),
  }),
  async run({ input, output, log, random }) {
    // `random` is seeded from the task id, which holds `seed`: the same seed, the same split.
    const { train, test } = stratifiedSplit(await input.read(), (m) => m.label, testFraction, random);
    log(`${train.length} messages to train on, ${test.length} to test on`);
    await Promise.all([output.train.write(train), output.test.write(test)]);
  },
});
