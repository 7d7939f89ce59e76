// Every task the command line can name (`npx pipewright run <task>`) is exported here.
export { sourceText } from "./source-text.js";
export { wordCounts } from "./word-counts.js";
export { topWords } from "./top-words.js";
export { report } from "./report.js";
