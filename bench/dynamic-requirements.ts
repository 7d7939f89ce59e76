// Many tasks that each call require() at run time, over one shared graph: the cycle check of a
// dynamic requirement must not walk the shared graph each time (it did: quadratic).
// Usage: npm run -s build && npx tsx bench/dynamic-requirements.ts [requesters=8000] [shared=8000]
import { build, memory, param, task } from "../dist/index.js";

const requesters = Number(process.argv[2] ?? 8000);
const shared = Number(process.argv[3] ?? 8000);

const leaf = task("leaf", { params: { i: param.int() }, output: ({ i }) => memory<number>(`leaf-${i}`), run: ({ params, output }) => output.write(params.i) });
const base = task("base", { requires: () => Array.from({ length: shared }, (_, i) => leaf({ i })) });
const extra = task("extra", { params: { i: param.int() }, output: ({ i }) => memory<number>(`extra-${i}`), run: ({ params, output }) => output.write(params.i) });
const requester = task("requester", {
  params: { i: param.int() },
  requires: () => base(),
  output: ({ i }) => memory<number>(`requester-${i}`),
  async run({ params, output, require }) {
    await require(extra({ i: params.i }));
    await output.write(params.i);
  },
});
const all = task("all", { requires: () => Array.from({ length: requesters }, (_, i) => requester({ i })) });

const started = performance.now();
const summary = await build(all(), { store: "memory" });
const ms = performance.now() - started;
if (!summary.ok) throw new Error(`the run failed: ${JSON.stringify(summary.error ?? summary.counts)}`);
console.log(`${requesters} requesters over ${shared} shared tasks: ${Math.round(ms)} ms for ${summary.tasks.length} tasks`);
