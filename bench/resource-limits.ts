// Resource limits at scale: picking the next task must not look at every task waiting for a
// resource each time (it did: quadratic). N tasks each hold one GPU, with one GPU and 4 workers,
// so N - 1 of them are always waiting, beside N tasks that need nothing.
// Usage: npm run -s build && npx tsx bench/resource-limits.ts [n=10000]
import { build, memory, param, task } from "../dist/index.js";

const n = Number(process.argv[2] ?? 10000);
const trainer = task("trainer", { params: { i: param.int() }, resources: { gpu: 1 }, output: ({ i }) => memory<number>(`trainer-${i}`), run: ({ params, output }) => output.write(params.i) });
const free = task("free", { params: { i: param.int() }, output: ({ i }) => memory<number>(`free-${i}`), run: ({ params, output }) => output.write(params.i) });
const all = task("all", { requires: () => Array.from({ length: n }, (_, i) => [trainer({ i }), free({ i })]).flat() });

const started = performance.now();
const summary = await build(all(), { store: "memory", workers: 4, resources: { gpu: 1 } });
const ms = performance.now() - started;
if (!summary.ok) throw new Error(`the run failed: ${JSON.stringify(summary.error ?? summary.counts)}`);
console.log(`${n} tasks waiting for one GPU beside ${n} free ones: ${Math.round(ms)} ms for ${summary.tasks.length} tasks (${((ms * 1000) / summary.tasks.length).toFixed(1)} us per task)`);
