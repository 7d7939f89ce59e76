import { json, localFile, param, task } from "pipewright";
import { mostFrequent, type WordCount } from "../src/words.js";
import { wordCounts } from "./word-counts.js";

/** The most frequent words. */
export const topWords = task("topWords", {
  version: "1",
  params: { source: param.string({ default: "sample" }), top: param.int({ default: 5, min: 1 }) },
  requires: ({ source }) => wordCounts({ source }),
  output: ({ source, top }) => localFile(`data/top/${source}-${top}.json`, json<WordCount[]>()),
  async run({ input, output, params }) {
    await output.write(mostFrequent(await input.read(), params.top));
  },
});
