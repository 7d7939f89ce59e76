import { localFile, ndjson, task } from "pipewright";
import { cleanMessages, type CleanMessage } from "../src/clean.js";
import { loadMessages } from "./load-messages.js";
import { date } from "./params.js";

/** Normalises each message to words and drops empty messages and duplicates. */
export const cleanCorpus = task("cleanCorpus", {
  params: { date },
  requires: ({ date }) => loadMessages({ date }),
  output: ({ date }) => localFile(`data/${date}/clean.ndjson`, ndjson<CleanMessage>()),
  async run({ input, output, log }) {
    const { messages, dropped } = cleanMessages(await input.read());
    log(`kept ${messages.length} messages; dropped ${dropped.empty} empty and ${dropped.duplicate} duplicates`);
    await output.write(messages);
  },
});
