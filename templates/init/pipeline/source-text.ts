import { localFile, param, task, text } from "pipewright";

/** The text to analyse, put in input/ by you or another system: an external task (only an output). */
export const sourceText = task("sourceText", {
  params: { source: param.string({ default: "sample" }) },
  output: ({ source }) => localFile(`input/${source}.txt`, text()),
});
