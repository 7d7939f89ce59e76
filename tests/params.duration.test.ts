import { describe, expect, test } from "vitest";
import { formatDuration, param } from "../src/params/index.js";

const reason = (message: string) => expect.objectContaining({ name: "ParamValueError", message });

describe("param.duration", () => {
  test("reads compact units and ISO 8601 durations as milliseconds", () => {
    const p = param.duration();
    expect(p.parse("250ms")).toBe(250);
    expect(p.parse("30s")).toBe(30_000);
    expect(p.parse("5m")).toBe(300_000);
    expect(p.parse("1h30m")).toBe(5_400_000);
    expect(p.parse("1h 30m")).toBe(5_400_000);
    expect(p.parse("2d")).toBe(172_800_000);
    expect(p.parse("1d2h")).toBe(93_600_000);
    expect(p.parse("1w")).toBe(604_800_000);
    expect(p.parse("PT1H30M")).toBe(5_400_000);
    expect(p.parse("P1D")).toBe(86_400_000);
    expect(p.parse("P1DT12H")).toBe(129_600_000);
    expect(p.parse("pt0.5s")).toBe(500);
  });

  test("computes fractions exactly", () => {
    const p = param.duration();
    expect(p.parse("1.1s")).toBe(1_100);
    expect(p.parse("1.5h")).toBe(5_400_000);
    expect(() => p.parse("1.5ms")).toThrow(reason("finer than a millisecond"));
  });

  test("asks for a unit when given a bare number", () => {
    expect(() => param.duration().parse("30")).toThrow(reason("a number needs a unit, e.g. 30s or 30ms"));
  });

  test("rejects negative, misordered, repeated and month-based durations", () => {
    const p = param.duration();
    expect(() => p.parse("-5s")).toThrow(reason("a duration cannot be negative"));
    expect(() => p.parse("30m1h")).toThrow(reason(expect.stringContaining("largest to smallest")));
    expect(() => p.parse("1m30m")).toThrow(reason(expect.stringContaining("largest to smallest")));
    expect(() => p.parse("P1M")).toThrow(reason(expect.stringContaining("years and months have no fixed length")));
    expect(() => p.parse("PT")).toThrow(reason(expect.stringContaining("not an ISO 8601 duration")));
    expect(() => p.parse("5 minutes")).toThrow(reason(expect.stringContaining("not a duration")));
  });

  test("takes numbers in code and config as milliseconds", () => {
    const p = param.duration();
    expect(p.coerce(1_500)).toBe(1_500);
    expect(p.coerce("1.5s")).toBe(1_500);
    expect(() => p.coerce(-1)).toThrow(reason("a duration cannot be negative"));
    expect(() => p.coerce(0.5)).toThrow(reason("not a whole number of milliseconds"));
  });

  test("accepts its default as text", () => {
    const p = param.duration({ default: "30s" });
    expect(p.defaultValue).toBe(30_000);
  });

  test("writes the canonical compact form in ids, which reads back to the same value", () => {
    const p = param.duration();
    expect(p.toIdText(p.parse("PT90M"))).toBe("1h30m");
    expect(p.toIdText(p.parse("0.25s"))).toBe("250ms");
    for (const ms of [0, 1, 999, 61_001, 90_061_001, 1_209_600_000]) expect(p.parse(p.toIdText(ms))).toBe(ms);
    expect(p.toJson(5_400_000)).toBe(5_400_000);
  });
});

describe("formatDuration", () => {
  test("prints days down to milliseconds, leaving out zero units", () => {
    expect(formatDuration(30_000)).toBe("30s");
    expect(formatDuration(1_500)).toBe("1s500ms");
    expect(formatDuration(93_600_000)).toBe("1d2h");
    expect(formatDuration(1_209_600_000)).toBe("14d");
    expect(formatDuration(0)).toBe("0s");
  });

  test("rounds measured times to whole milliseconds", () => {
    expect(formatDuration(1234.6)).toBe("1s235ms");
  });
});
