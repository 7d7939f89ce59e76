import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests import the package by name, like users do; point that name at the sources
// so a test never runs against a stale build.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^pipewright\/testing$/, replacement: fileURLToPath(new URL("./src/testing/index.ts", import.meta.url)) },
      { find: /^pipewright$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts", "examples/**/tests/**/*.test.ts"],
    globalSetup: ["tests/setup/build-dist.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
