import { localFile, ndjson, task } from "pipewright";
import { loadCorpus, type Message } from "../src/corpus.js";
import { date } from "./params.js";

/** Reads the SpamAssassin corpus from its npm package and parses each e-mail into subject and body. */
export const loadMessages = task("loadMessages", {
  params: { date },
  output: ({ date }) => localFile(`data/${date}/messages.ndjson`, ndjson<Message>()),
  async run({ output, log }) {
    const messages = loadCorpus();
    const spam = messages.filter((m) => m.label === "spam").length;
    log(`loaded ${messages.length} e-mails: ${spam} spam, ${messages.length - spam} ham`);
    await output.write(messages);
  },
});
