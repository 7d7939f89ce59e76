import type { Spread } from "./combine-repeats.js";
import type { ResultRow } from "./measure.js";

/** One of the figures, checked against this run's rows. */
export interface TargetCheck {
  readonly kind: "target";
  readonly target: string;
  readonly status: "PASS" | "FAIL" | "SKIP";
  readonly detail: string;
  /** A figure of the benchmark's own, beyond the (see `oursNote`). */
  readonly ours: boolean;
}

/** Why a figure marked "(ours)" is printed among the issue's. */
export const oursNote = "(ours): not one of the issue's figures: the layered rerun with fingerprint staleness, held to the rerun's.";

const big = 100_000;
const small = 10_000;

/** The figures to reach (issue 6), on the embedded SQLite store, inline. */
export function checkTargets(rows: readonly ResultRow[]): TargetCheck[] {
  const find = (workload: string, n: number) => rows.find((r) => r.workload === workload && r.n === n);
  const checks: TargetCheck[] = [];
  // `also`: another size the figure compares with; a size left out of this run (`--sizes`) skips
  // the figure, a size that ran and did not complete fails it.
  const check = (figure: string, workload: string, n: number, test: (row: ResultRow) => { pass: boolean; detail: string }, also?: number) => {
    const ours = workload === "rerun-fingerprint";
    const target = ours ? `${figure} (ours)` : figure;
    const row = find(workload, n);
    const absent = (also === undefined ? [n] : [n, also]).find((size) => !find(workload, size));
    const push = (status: TargetCheck["status"], detail: string) => checks.push({ kind: "target", target, status, detail, ours });
    if (!row || absent !== undefined) push("SKIP", `${workload} at N=${absent ?? n} was not run`);
    else if (row.status === "timeout") push("FAIL", `timed out (${row.note ?? ""})`);
    else if (row.status !== "ok") push("FAIL", `did not complete: ${row.note ?? row.status}`);
    else {
      const { pass, detail } = test(row);
      push(pass ? "PASS" : "FAIL", detail);
    }
  };

  for (const workload of ["fan-in", "layered"]) {
    check(`${workload} 100k within 1.5x floor`, workload, big, (r) =>
      r.ratio === null
        ? { pass: false, detail: "no floor measured" }
        : { pass: r.ratio <= 1.5, detail: `${fmt(r.ratio)}x the floor (${ms(r.wallMs)} vs ${ms(r.floorMs)})${medianOf(r.ratioSpread, r.repeats, "x")}` },
    );
    check(`${workload} 100k peak RSS < 500 MB`, workload, big, (r) => ({ pass: (r.peakRssMB ?? Infinity) < 500, detail: `${r.peakRssMB} MB` }));
  }
  // rerun-fingerprint is ours (marked so): the rerun with fingerprint staleness, held to the same figure.
  for (const workload of ["rerun-fan-in", "rerun-layered", "rerun-fingerprint"]) {
    check(`${workload} 100k < 2 s`, workload, big, (r) => ({ pass: (r.wallMs ?? Infinity) < 2000, detail: ms(r.wallMs) }));
  }
  check("engine-only < 20 us/task at 100k", "engine-only", big, (r) => ({ pass: (r.perTaskUs ?? Infinity) < 20, detail: `${fmt(r.perTaskUs)} us/task${medianOf(r.perTaskUsSpread, r.repeats, " us/task")}` }));
  for (const workload of ["fan-in", "layered", "rerun-fan-in", "rerun-layered", "rerun-fingerprint", "engine-only"]) {
    check(`${workload} 100k <= 12x the time of 10k`, workload, big, (r) => {
      const ten = find(workload, small)!;
      if (ten.status !== "ok" || ten.wallMs === null) return { pass: false, detail: `the run at N=${small} did not complete: nothing to compare with` };
      const growth = r.wallMs! / ten.wallMs;
      // The disk's own cost per file may grow with the run (a larger folder, more to write back):
      // the floor's growth, measured beside it, says how much of the ratio is the disk's.
      const floorGrowth = workload !== "engine-only" && r.floorMs && ten.floorMs ? `; the floor grew ${fmt(r.floorMs / ten.floorMs)}x` : "";
      return { pass: growth <= 12, detail: `${fmt(growth)}x (${ms(r.wallMs)} vs ${ms(ten.wallMs)})${floorGrowth}` };
    }, small);
  }
  for (const workload of ["fan-in", "layered", "engine-only"]) {
    check(`${workload} first task within 1 s at 100k`, workload, big, (r) => ({ pass: (r.firstTaskMs ?? Infinity) <= 1000, detail: ms(r.firstTaskMs) }));
  }
  return checks;
}

/** The status follows the best repeat; the median says whether it was typical. */
function medianOf(spread: Spread | undefined, repeats: number, unit: string): string {
  return spread ? `; median of ${repeats}: ${fmt(spread.median)}${unit}` : "";
}

export function fmt(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return "-";
  return value >= 100 ? value.toFixed(0) : value.toFixed(digits);
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return "-";
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}
