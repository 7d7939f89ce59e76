// Dynamic requirements at scale: require() must cost the same per task however many came before.
// - many requesters over one shared graph: the cycle check must not walk the shared graph each
//   time (it did: quadratic);
// - one requester requiring many tasks, in one call and one call at a time: recording each new
//   requirement must not copy the requester's list of requirements (it did: quadratic).
// Usage: npm run -s build && npx tsx bench/dynamic-requirements.ts [requesters=8000] [shared=8000] [wide=20000]
import { build, memory, param, task } from "../dist/index.js";

const requesters = Number(process.argv[2] ?? 8000);
const shared = Number(process.argv[3] ?? 8000);
const wide = Number(process.argv[4] ?? 20000);

/** Tasks named `name`, each keeping its number in memory: each scenario has its own, so none finds them complete. */
const numbered = (name: string) =>
  task(name, { params: { i: param.int() }, output: ({ i }) => memory<number>(`${name}-${i}`), run: ({ params, output }) => output.write(params.i) });
const leaf = numbered("leaf");
const extra = numbered("extra");

async function timed(what: string, root: Parameters<typeof build>[0]): Promise<void> {
  const started = performance.now();
  const summary = await build(root, { store: "memory" });
  const ms = performance.now() - started;
  if (!summary.ok) throw new Error(`${what}: the run failed: ${JSON.stringify(summary.error ?? summary.counts)}`);
  console.log(`${what}: ${Math.round(ms)} ms for ${summary.tasks.length} tasks`);
}

const base = task("base", { requires: () => Array.from({ length: shared }, (_, i) => leaf({ i })) });
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
await timed(`${requesters} requesters over ${shared} shared tasks`, all());

const atOnce = numbered("atOnce");
const gatherAtOnce = task("gatherAtOnce", {
  output: () => memory<number>("gather-at-once"),
  async run({ output, require }) {
    await require(Array.from({ length: wide }, (_, i) => atOnce({ i })));
    await output.write(wide);
  },
});
await timed(`one task requiring ${wide} tasks in one call`, gatherAtOnce());

const oneByOne = numbered("oneByOne");
const gatherOneByOne = task("gatherOneByOne", {
  output: () => memory<number>("gather-one-by-one"),
  async run({ output, require }) {
    for (let i = 0; i < wide; i++) await require(oneByOne({ i }));
    await output.write(wide);
  },
});
await timed(`one task requiring ${wide} tasks one call at a time`, gatherOneByOne());
