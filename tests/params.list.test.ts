import { describe, expect, test } from "vitest";
import { param } from "../src/params/index.js";

const reason = (message: string) => expect.objectContaining({ name: "ParamValueError", message });

describe("param.list", () => {
  test("reads comma-separated items with the item's own parser", () => {
    const p = param.list(param.int());
    expect(p.parse("1, 2,3")).toEqual([1, 2, 3]);
    expect(param.list(param.duration()).parse("30s,1h")).toEqual([30_000, 3_600_000]);
    expect(param.list(param.dateInterval()).parse("2024-01,2024-W05")).toEqual([
      { start: "2024-01-01", end: "2024-01-31" },
      { start: "2024-01-29", end: "2024-02-04" },
    ]);
  });

  test("reads a JSON array, and the [a,b] form used in ids", () => {
    expect(param.list(param.int()).parse("[1, 2]")).toEqual([1, 2]);
    expect(param.list(param.string()).parse('["a,b", "c"]')).toEqual(["a,b", "c"]);
    expect(param.list(param.string()).parse("[a,b]")).toEqual(["a", "b"]);
  });

  test("reads empty text as an empty list", () => {
    expect(param.list(param.int()).parse("")).toEqual([]);
    expect(param.list(param.int()).parse("[]")).toEqual([]);
  });

  test("names the bad item by its position", () => {
    const p = param.list(param.int());
    expect(() => p.parse("1,x,3")).toThrow(reason("item 2: not a number"));
    expect(() => p.coerce([1, 2.5])).toThrow(reason("item 2: not a whole number"));
    expect(() => p.parse("[1,2")).toThrow(reason("starts with [ but is not a JSON array"));
  });

  test("coerces arrays of item inputs from code, such as Dates for a list of dates", () => {
    const p = param.list(param.date());
    expect(p.coerce([new Date("2024-01-01T00:00:00Z"), "2024-01-02"])).toEqual(["2024-01-01", "2024-01-02"]);
    expect(() => p.coerce("2024-01-01,nope")).toThrow(reason("item 2: not a date in the form YYYY-MM-DD"));
    expect(() => p.coerce({ 0: "2024-01-01" })).toThrow(reason("got an object, not a list"));
  });

  test("writes ids as [a,b] from the items' id texts, and JSON from the items' JSON", () => {
    const durations = param.list(param.duration());
    expect(durations.toIdText(durations.parse("90m,PT30S"))).toBe("[1h30m,30s]");
    expect(durations.toJson([1_000])).toEqual([1_000]);
    const strings = param.list(param.string());
    expect(strings.toIdText(["a", "b c"])).toBe('[a,"b c"]');
  });

  test("freezes the list it returns and describes its items in the expected form", () => {
    const p = param.list(param.int(), { default: [1, 2] });
    expect(Object.isFrozen(p.defaultValue)).toBe(true);
    expect(p.expected).toBe("a comma-separated list (or JSON array) where each item is an integer such as 7");
  });
});
