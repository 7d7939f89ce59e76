import { defineConfig } from "pipewright";

export default defineConfig({
  modules: ["pipeline/index.ts"],
  // Sweep variants are independent: two train at once.
  workers: 2,
});
