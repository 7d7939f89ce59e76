import { describe, expect, test } from "vitest";
import { combineRepeats, spreadOf } from "../bench/combine-repeats.js";
import type { ResultRow } from "../bench/measure.js";
import { formatRow, formatTargets } from "../bench/report.js";
import { checkTargets } from "../bench/targets.js";

/** One repeat of fan-in at 100,000: its engine run and the floor measured just before it. */
function repeat(wallMs: number, floorMs: number, peakRssMB: number): ResultRow {
  return {
    kind: "result",
    workload: "fan-in",
    n: 100_000,
    tasks: 100_001,
    status: "ok",
    workers: 1,
    wallMs,
    perTaskUs: (wallMs * 1000) / 100_000,
    peakRssMB,
    poolPeakRssMB: null,
    poolProcesses: null,
    sampledPeakRssMB: peakRssMB - 1,
    baseRssMB: 90,
    floorMs,
    ratio: wallMs / floorMs,
    asyncFloorMs: null,
    asyncRatio: null,
    firstTaskMs: wallMs / 20,
    warmupMs: 80,
    repeats: 1,
    loadAverage: 1,
  };
}

describe("the benchmark's repeats", () => {
  test("keep the best of each figure and report the spread of each repeat's ratio to its own floor", () => {
    // The machine slowed down between repeats: the second's engine run and floor both took longer.
    const rows = [repeat(10_000, 8_000, 400), repeat(16_000, 10_000, 380), repeat(12_000, 6_000, 390)];
    const combined = combineRepeats(rows);
    expect(combined.repeats).toBe(3);
    expect(combined.wallMs).toBe(10_000);
    expect(combined.floorMs).toBe(6_000);
    expect(combined.ratio).toBeCloseTo(10_000 / 6_000);
    expect(combined.peakRssMB).toBe(400);
    expect(combined.firstTaskMs).toBe(500);
    expect(combined.perTaskUsSpread).toEqual({ min: 100, median: 120, max: 160 });
    expect(combined.ratioSpread).toEqual({ min: 1.25, median: 1.6, max: 2 });
    expect(formatRow(combined)).toContain("of 3: us/task 100–160 (median 120), x floor 1.25–2.00 (median 1.60)");
    const floorTarget = checkTargets([combined]).find((t) => t.target.startsWith("fan-in 100k within 1.5x"));
    expect(floorTarget).toMatchObject({ status: "FAIL" });
    expect(floorTarget?.detail).toContain("median of 3: 1.60x");
  });

  test("the growth from 10,000 to 100,000 is skipped when 10,000 was not asked for, and fails when it did not complete", () => {
    const growth = (rows: ResultRow[]) => checkTargets(rows).find((t) => t.target === "fan-in 100k <= 12x the time of 10k");
    const big = repeat(10_000, 8_000, 400);
    expect(growth([big])).toMatchObject({ status: "SKIP", detail: "fan-in at N=10000 was not run" });
    const small = { ...repeat(1_000, 700, 200), n: 10_000 };
    expect(growth([small])).toMatchObject({ status: "SKIP", detail: "fan-in at N=100000 was not run" });
    expect(growth([big, { ...small, status: "timeout", wallMs: null }])).toMatchObject({ status: "FAIL", detail: "the run at N=10000 did not complete: nothing to compare with" });
    expect(growth([big, small])).toMatchObject({ status: "PASS", detail: "10.00x (10.0 s vs 1000 ms); the floor grew 11.43x" });
    expect(growth([{ ...big, wallMs: 13_000 }, small])).toMatchObject({ status: "FAIL" });
  });

  test("the printed targets mark the benchmark's own figures and say what that means", () => {
    const rerun = (workload: string, wallMs: number) => ({ ...repeat(wallMs, 300, 200), workload });
    const checks = checkTargets([rerun("rerun-layered", 700), rerun("rerun-fingerprint", 2_500)]);
    const printed = formatTargets(checks);
    expect(printed).toContainEqual(expect.stringMatching(/^  PASS  rerun-layered 100k < 2 s {2,}700 ms$/));
    expect(printed).toContainEqual(expect.stringMatching(/^  FAIL  rerun-fingerprint 100k < 2 s \(ours\) {2,}2500 ms$/));
    expect(printed.at(-1)).toMatch(/^  \(ours\): not one of the issue's figures/);
    expect(checks.filter((check) => check.ours).map((check) => check.target)).toEqual(["rerun-fingerprint 100k < 2 s (ours)", "rerun-fingerprint 100k <= 12x the time of 10k (ours)"]);
    expect(formatTargets(checkTargets([{ ...rerun("rerun-layered", 700), n: 1_000 }]))).toEqual([
      "\nTargets (issue 6):",
      "  SKIP  all: the figures are for N=100000 (and 10000); run those sizes to check them.",
    ]);
  });

  test("one measurement is reported as it is, without a spread", () => {
    const only = repeat(10_000, 8_000, 400);
    expect(combineRepeats([only])).toBe(only);
    expect(formatRow(only)).not.toContain("median");
  });

  test("the median of an even count is the mean of the middle two; missing figures are left out", () => {
    expect(spreadOf([4, null, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
    expect(spreadOf([null])).toBeUndefined();
  });
});
