// Every task the command line can name is exported here, in pipeline order.
export { loadMessages } from "./load-messages.js";
export { cleanCorpus } from "./clean-corpus.js";
export { corpusStats } from "./corpus-stats.js";
export { splitData } from "./split-data.js";
export { tfidfFeatures } from "./tfidf-features.js";
export { train } from "./train.js";
export { evaluate } from "./evaluate.js";
export { report } from "./report.js";
export { bestModel } from "./best-model.js";
export { sweep } from "./sweep.js";
