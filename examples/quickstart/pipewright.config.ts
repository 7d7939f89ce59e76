import { defineConfig } from "pipewright";

export default defineConfig({
  modules: ["pipeline/index.ts"],
  workers: 2,
});
