import { defineConfig } from "pipewright";

export default defineConfig({
  modules: ["pipeline/index.ts"],
  // Sweep variants are independent: two train at once, each in its own process.
  workers: 2,
  // Bump a step's `version` when its logic changes and that step and what follows rerun.
  staleness: "fingerprint",
});
