import { defineConfig } from "pipewright";

export default defineConfig({
  // The files whose exported tasks the command line can name.
  modules: ["pipeline/index.ts"],
  // Rebuild an output when the task's version, parameters or inputs changed since it was made,
  // not only when it is missing.
  staleness: "fingerprint",
});
