import { json, localFile, param, task } from "pipewright";
import { countWords, tokenize } from "../src/words.js";
import { sourceText } from "./source-text.js";

/** Counts each word of the text. */
export const wordCounts = task("wordCounts", {
  // Bump when the logic changes: with staleness "fingerprint", this step and those after it rerun.
  version: "1",
  params: { source: param.string({ default: "sample" }) },
  requires: ({ source }) => sourceText({ source }),
  output: ({ source }) => localFile(`data/counts/${source}.json`, json<Record<string, number>>()),
  async run({ input, output, log }) {
    const words = tokenize(await input.read());
    log(`${words.length} words`);
    await output.write(countWords(words));
  },
});
