import { describe, expect, it } from "vitest";
import { firstDifference, toTolerance } from "../src/testing/fixtures/compare-data.js";
import { describeDifference } from "../src/testing/fixtures/describe-difference.js";

const describeFirst = (expected: unknown, actual: unknown, tolerance?: number) => {
  const d = firstDifference(expected, actual, toTolerance(tolerance));
  return d && describeDifference(d, { expected, actual });
};

describe("comparing recorded and new data", () => {
  it("names the first differing row and field of a list of records, with both rows", () => {
    const expected = [{ id: 1, score: 0.5 }, { id: 2, score: 0.52 }, { id: 3, score: 0.1 }];
    const actual = [{ id: 1, score: 0.5 }, { id: 2, score: 0.61 }, { id: 3, score: 0.9 }];
    expect(describeFirst(expected, actual)).toBe(
      'row 2 field "score": expected 0.52, got 0.61\n      expected row 2: {"id":2,"score":0.52}\n      actual row 2:   {"id":2,"score":0.61}',
    );
  });

  it("compares numbers within an absolute or a relative tolerance", () => {
    expect(firstDifference(1, 1 + 1e-12)).toBeUndefined();
    expect(firstDifference(1, 1 + 1e-7)).toBeDefined();
    expect(firstDifference(1, 1 + 1e-7, toTolerance(1e-6))).toBeUndefined();
    expect(firstDifference(1e6, 1e6 + 0.5, toTolerance({ absolute: 0, relative: 1e-6 }))).toBeUndefined();
    expect(firstDifference(1e-3, 2e-3, toTolerance({ absolute: 0, relative: 1e-6 }))).toBeDefined();
    expect(() => toTolerance(-1)).toThrow("tolerance.absolute must be a number of 0 or more, got -1.");
  });

  it("compares numbers inside text within the tolerance, but never 007 with 7", () => {
    expect(firstDifference("score 0.5200000001", "score 0.52", toTolerance(1e-6))).toBeUndefined();
    expect(firstDifference("id 007", "id 7", toTolerance(1))).toBeDefined();
  });

  it("names the first differing line of text", () => {
    expect(describeFirst("# Report\n| east | 3.00 |\n", "# Report\n| east | 4.00 |\n")).toBe('line 2: expected "| east | 3.00 |", got "| east | 4.00 |"');
    expect(describeFirst("a\nb", "a")).toBe('line 2: missing (1 line instead of 2), expected "b"');
  });

  it("names missing and unexpected fields and rows", () => {
    expect(describeFirst({ east: 1, west: 2 }, { east: 1 })).toBe('field "west": missing, expected 2');
    expect(describeFirst({ east: 1 }, { east: 1, north: 3 })).toBe('field "north": not expected, got 3');
    expect(describeFirst([{ a: 1 }], [{ a: 1 }, { a: 2 }])).toBe('row 2: not expected (2 rows instead of 1), got {"a":2}');
    expect(describeFirst({ stats: { means: [1, 2] } }, { stats: { means: [1, 3] } })).toBe('field "stats.means[1]": expected 2, got 3');
  });

  it("describes bytes by size and hash, with the first differing offset", () => {
    const text = describeFirst(Buffer.from([1, 2, 3]), Buffer.from([1, 9, 3]));
    expect(text).toMatch(/^expected 3 bytes \(sha256 [0-9a-f]{12}…\), got 3 bytes \(sha256 [0-9a-f]{12}…\) \(first differing byte at offset 1\)$/);
    expect(firstDifference(Buffer.from([1]), Buffer.from([1]))).toBeUndefined();
  });
});
