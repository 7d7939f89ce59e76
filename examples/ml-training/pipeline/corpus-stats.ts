import { fileURLToPath } from "node:url";
import { commandTask, json, localFile } from "pipewright";
import type { CorpusStats } from "../src/report.js";
import { cleanCorpus } from "./clean-corpus.js";
import { date } from "./params.js";

// Resolved from this file, not the working folder: the step runs the same from any project root.
const script = fileURLToPath(new URL("../scripts/corpus_stats.py", import.meta.url));

/** Summary statistics of the cleaned corpus, computed by a Python script (standard library only). */
export const corpusStats = commandTask("corpusStats", {
  params: { date },
  requires: ({ date }) => cleanCorpus({ date }),
  output: ({ date }) => localFile(`data/${date}/stats.json`, json<CorpusStats>()),
  command: ({ input, output }) => ["python3", script, input, output],
});
