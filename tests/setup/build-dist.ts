import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// CLI tests run the real `pipewright` binary, which loads the build in dist/. Rebuild it when a
// source file is newer, so `npx vitest` alone never tests a stale build.
const root = fileURLToPath(new URL("../..", import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const marker = join(root, "dist", "index.js");
  if (existsSync(marker) && statSync(marker).mtimeMs >= newestMtime(join(root, "src"))) return;
  try {
    execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  } catch (error) {
    // tsc still emits on type errors; `npm test` type-checks separately and fails on them.
    if (process.env["CI"]) throw error;
    console.warn("build-dist: the build reported errors; testing what it emitted");
  }
}
