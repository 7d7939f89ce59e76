// Summarises a V8 .cpuprofile (from `npm run bench -- --profile <dir>`): the functions with the
// most self time, and the Pipewright functions with the most total time (their callees included).
// Usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 25] [--first <ms>]
// --first keeps the samples of the profile's first <ms> only: the graph walk, before the first task.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { frameLabel, type CallFrame } from "./frame-label.js";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error("Usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 25]");
  const topIndex = process.argv.indexOf("--top");
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
  const firstIndex = process.argv.indexOf("--first");
  const firstUs = firstIndex > 0 ? Number(process.argv[firstIndex + 1]) * 1000 : Number.POSITIVE_INFINITY;
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Self time per node id, in microseconds.
  const selfUs = new Map<number, number>();
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    elapsedUs += profile.timeDeltas[i] ?? 0;
    if (elapsedUs <= firstUs) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const name = frameLabel(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    // Each function once per stack, so recursion is not counted twice.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const caller = frameLabel(byId.get(at)!.callFrame);
      if (seen.has(caller)) continue;
      seen.add(caller);
      inclusive.set(caller, (inclusive.get(caller) ?? 0) + us);
    }
  }

  const print = (title: string, entries: Map<string, number>, keep: (name: string) => boolean) => {
    process.stdout.write(`\n${title}\n`);
    const sorted = [...entries].filter(([name]) => keep(name)).sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [name, us] of sorted) process.stdout.write(`${(us / 1000).toFixed(0).padStart(9)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${name}\n`);
  };
  process.stdout.write(`${basename(file)}: ${(totalUs / 1000).toFixed(0)} ms sampled\n`);
  print("Self time (top functions):", self, () => true);
  print("Total time of Pipewright functions (callees included):", inclusive, (name) => name.includes(" src/") || name.includes(" dist/"));
}

process.stdout.on("error", () => process.exit(0)); // piped into head
main();
