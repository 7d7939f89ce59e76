import { describe, expect, test } from "vitest";
import { datesIn, param } from "../src/params/index.js";

const reason = (message: string) => expect.objectContaining({ name: "ParamValueError", message });
const span = (start: string, end: string) => ({ start, end });

describe("param.dateInterval", () => {
  test("reads start..end, a month, a year, an ISO week and a single day", () => {
    const p = param.dateInterval();
    expect(p.parse("2024-01-01..2024-01-31")).toEqual(span("2024-01-01", "2024-01-31"));
    expect(p.parse("2024-02")).toEqual(span("2024-02-01", "2024-02-29"));
    expect(p.parse("2023-02")).toEqual(span("2023-02-01", "2023-02-28"));
    expect(p.parse("2024")).toEqual(span("2024-01-01", "2024-12-31"));
    expect(p.parse("2024-W05")).toEqual(span("2024-01-29", "2024-02-04"));
    expect(p.parse("2024-01-05")).toEqual(span("2024-01-05", "2024-01-05"));
  });

  test("puts ISO weeks on Monday to Sunday, across year ends, with week 53 only where it exists", () => {
    const p = param.dateInterval();
    expect(p.parse("2026-W01")).toEqual(span("2025-12-29", "2026-01-04"));
    expect(p.parse("2021-W01")).toEqual(span("2021-01-04", "2021-01-10"));
    expect(p.parse("2020-W53")).toEqual(span("2020-12-28", "2021-01-03"));
    expect(() => p.parse("2021-W53")).toThrow(reason("2021 has no ISO week 53 (it has 52)"));
    expect(() => p.parse("2024-W00")).toThrow(reason("2024 has no ISO week 0 (it has 52)"));
  });

  test("lets each side of .. be any form, from the start of the first to the end of the last", () => {
    expect(param.dateInterval().parse("2024-01..2024-03")).toEqual(span("2024-01-01", "2024-03-31"));
  });

  test("rejects an interval that ends before it starts, impossible days and unknown forms", () => {
    const p = param.dateInterval();
    expect(() => p.parse("2024-02-01..2024-01-31")).toThrow(reason("ends (2024-01-31) before it starts (2024-02-01)"));
    expect(() => p.parse("2024-02-30")).toThrow(reason("2024-02 has no day 30"));
    expect(() => p.parse("2024-13")).toThrow(reason("there is no month 13"));
    expect(() => p.parse("last week")).toThrow(reason(expect.stringContaining("not a date interval")));
    expect(() => p.parse("2024..2025..2026")).toThrow(reason(expect.stringContaining('more than one ".."')));
  });

  test("coerces { start, end } with strings or Dates, and the text forms from config", () => {
    const p = param.dateInterval();
    expect(p.coerce({ start: "2024-01-01", end: new Date("2024-01-03T12:00:00Z") })).toEqual(span("2024-01-01", "2024-01-03"));
    expect(p.coerce("2024-01")).toEqual(span("2024-01-01", "2024-01-31"));
    expect(() => p.coerce({ start: "2024-01-05", end: "2024-01-01" })).toThrow(reason(expect.stringContaining("before it starts")));
    expect(() => p.coerce(["2024-01-01", "2024-01-02"])).toThrow(reason(expect.stringContaining("got an array")));
  });

  test("writes start..end in ids and { start, end } in JSON, and freezes the value", () => {
    const p = param.dateInterval();
    const value = p.parse("2024-01");
    expect(p.toIdText(value)).toBe("2024-01-01..2024-01-31");
    expect(p.toJson(value)).toEqual({ start: "2024-01-01", end: "2024-01-31" });
    expect(p.parse(p.toIdText(value))).toEqual(value);
    expect(Object.isFrozen(value)).toBe(true);
  });

  test("a month given as the default becomes the interval", () => {
    const p = param.dateInterval({ default: "2024-02" });
    expect(p.defaultValue).toEqual(span("2024-02-01", "2024-02-29"));
  });
});

describe("datesIn", () => {
  test("lists every day of the interval, end included, across a leap day", () => {
    expect(datesIn(span("2024-02-27", "2024-03-01"))).toEqual(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]);
  });

  test("gives one day for a one-day interval and a full year for a year", () => {
    expect(datesIn(span("2024-01-05", "2024-01-05"))).toEqual(["2024-01-05"]);
    const year = datesIn(param.dateInterval().parse("2023"));
    expect(year).toHaveLength(365);
    expect(year.at(-1)).toBe("2023-12-31");
  });
});
