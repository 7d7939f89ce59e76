import type { OptionSpec } from "./parse-args.js";

// Options several commands share, written once so their names and help read the same everywhere.

export const moduleOption: OptionSpec = {
  name: "module",
  kind: "list",
  valueName: "file",
  description: "a file exporting tasks (repeatable); default: the config's modules",
};
export const storeOption: OptionSpec = { name: "store", kind: "value", valueName: "url", description: "memory, or a .db file (default .pipewright/state.db)" };
export const configOption: OptionSpec = { name: "config", kind: "value", valueName: "file", description: "the config file (default pipewright.config.ts here)" };
export const helpOption: OptionSpec = { name: "help", kind: "flag", description: "show this help" };
