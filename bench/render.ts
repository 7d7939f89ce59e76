// Prints the table and the target checks again from saved `--json` output, e.g. to combine the
// small sizes of one run with the 100,000 rows of another.
// Usage: npx tsx bench/render.ts run-a.jsonl [run-b.jsonl …]   (later files win for the same row)
import { readFileSync } from "node:fs";
import type { ResultRow } from "./measure.js";
import { formatHeader, formatRow, formatTargets } from "./report.js";
import { checkTargets } from "./targets.js";

const rows = new Map<string, ResultRow>();
for (const file of process.argv.slice(2)) {
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    const value = JSON.parse(line) as { kind?: string };
    if (value.kind === "meta") process.stdout.write(`${file}: ${line}\n`);
    if (value.kind === "result") {
      const row = value as ResultRow;
      rows.set(`${row.workload}@${row.n}`, row);
    }
  }
}
const sorted = [...rows.values()].sort((a, b) => a.n - b.n);
process.stdout.write(`\n${formatHeader()}\n`);
for (const row of sorted) process.stdout.write(`${formatRow(row)}\n`);
for (const text of formatTargets(checkTargets(sorted))) process.stdout.write(`${text}\n`);
