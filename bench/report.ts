import type { Spread } from "./combine-repeats.js";
import type { ResultRow } from "./measure.js";
import { fmt, ms, oursNote, type TargetCheck } from "./targets.js";

const columns: ReadonlyArray<[string, number]> = [
  ["workload", 17],
  ["N", 8],
  ["wall", 10],
  ["us/task", 9],
  ["peak RSS", 10],
  ["floor", 10],
  ["x floor", 8],
  ["async floor", 12],
  ["x async", 8],
  ["1st task", 10],
  ["load", 6],
];

export function formatHeader(): string {
  return `${line(columns.map(([name]) => name))}\n${line(columns.map(([, width]) => "-".repeat(width)))}`;
}

/** One table line; a row that did not produce numbers says why instead. */
export function formatRow(row: ResultRow): string {
  const n = row.n.toLocaleString("en-US");
  if (row.status === "not_available") return `${line([row.workload, n])}  not available yet: ${row.note ?? ""}`;
  const cells = [
    row.workload,
    n,
    row.status === "timeout" ? "timeout" : ms(row.wallMs),
    fmt(row.perTaskUs, 1),
    row.peakRssMB === null ? "-" : `${row.peakRssMB.toFixed(0)} MB`,
    ms(row.floorMs),
    fmt(row.ratio),
    ms(row.asyncFloorMs),
    fmt(row.asyncRatio),
    ms(row.firstTaskMs),
    row.loadAverage.toFixed(1),
  ];
  const note = row.note ? `  ${row.status === "ok" ? "" : `${row.status.toUpperCase()}: `}${row.note.split("\n")[0]}` : "";
  return `${line(cells)}${note}${poolMemory(row)}${spread(row)}`;
}

/** With repeats, how far they were apart: the table shows the best of each figure. */
function spread(row: ResultRow): string {
  const parts: string[] = [];
  if (row.perTaskUsSpread) parts.push(`us/task ${range(row.perTaskUsSpread, 1)}`);
  if (row.ratioSpread) parts.push(`x floor ${range(row.ratioSpread, 2)}`);
  return parts.length > 0 ? `  of ${row.repeats}: ${parts.join(", ")}` : "";
}

/** `1.22–1.61 (median 1.35)`. */
function range(spread: Spread, digits: number): string {
  return `${fmt(spread.min, digits)}–${fmt(spread.max, digits)} (median ${fmt(spread.median, digits)})`;
}

/** With a process pool, what the peak RSS adds up (rows saved before pools have no `workers`). */
function poolMemory(row: ResultRow): string {
  if ((row.workers ?? 1) <= 1 || row.status !== "ok" || row.peakRssMB === null) return "";
  if (row.poolPeakRssMB === null || row.poolPeakRssMB === undefined) return "  peak RSS: the scheduler's process only (pool processes not measurable here)";
  const scheduler = row.peakRssMB - row.poolPeakRssMB;
  return `  peak RSS: scheduler ${scheduler.toFixed(0)} MB + ${row.poolProcesses ?? "?"} pool processes ${row.poolPeakRssMB.toFixed(0)} MB`;
}

/** The target checks as printed after the table: a heading, one line each, what "(ours)" means. */
export function formatTargets(checks: readonly TargetCheck[]): string[] {
  if (checks.every((check) => check.status === "SKIP")) return [targetsHeading, "  SKIP  all: the figures are for N=100000 (and 10000); run those sizes to check them."];
  const lines = checks.map((check) => `  ${check.status.padEnd(4)}  ${check.target.padEnd(54)}  ${check.detail}`);
  return [targetsHeading, ...lines, ...(checks.some((check) => check.ours) ? [`  ${oursNote}`] : [])];
}

const targetsHeading = "\nTargets (issue 6):";

function line(cells: readonly string[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(columns[i]![1]) : cell.padStart(columns[i]?.[1] ?? 0))).join(" ");
}
