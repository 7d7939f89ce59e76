import { localFile, param, task, text } from "pipewright";
import { renderReport } from "../src/words.js";
import { wordCounts } from "./word-counts.js";
import { topWords } from "./top-words.js";

/** The Markdown report: the task `npm run pipeline` builds. */
export const report = task("report", {
  version: "1",
  params: { source: param.string({ default: "sample" }), top: param.int({ default: 5, min: 1 }) },
  requires: ({ source, top }) => ({ counts: wordCounts({ source }), top: topWords({ source, top }) }),
  output: ({ source, top }) => localFile(`data/reports/${source}-${top}.md`, text()),
  async run({ input, output, params }) {
    const [counts, top] = await Promise.all([input.counts.read(), input.top.read()]);
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    await output.write(renderReport(params.source, total, top));
  },
});
