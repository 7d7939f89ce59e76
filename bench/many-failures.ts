// A broken step failing for every one of many tasks under one wrapper: each failure adds a
// cause to the wrapper's list of what blocked it, which must not cost more as the list grows
// (it did: a list searched on every failure).
// Usage: npm run -s build && npx tsx bench/many-failures.ts [tasks=100000]
import { build, memory, param, task } from "../dist/index.js";

const n = Number(process.argv[2] ?? 100_000);
const cell = task("cell", {
  params: { i: param.int() },
  output: ({ i }) => memory<number>(`cell-${i}`),
  run: () => {
    throw new Error("broken step");
  },
});
const all = task("all", { requires: () => Array.from({ length: n }, (_, i) => cell({ i })) });

const started = performance.now();
const summary = await build(all(), { store: "memory" });
const ms = performance.now() - started;
if (summary.counts.failed !== n) throw new Error(`expected ${n} failures, got ${JSON.stringify(summary.counts)}`);
console.log(`${n} failing tasks under one wrapper: ${Math.round(ms)} ms (${((ms * 1000) / n).toFixed(1)} µs per task)`);
