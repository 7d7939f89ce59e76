import { describe, expect, test } from "vitest";
import { param } from "../src/params/index.js";

const reason = (message: string) => expect.objectContaining({ name: "ParamValueError", message });

describe("param.date", () => {
  test("accepts real calendar days as YYYY-MM-DD", () => {
    const p = param.date();
    expect(p.parse("2024-01-31")).toBe("2024-01-31");
    expect(p.parse("2024-02-29")).toBe("2024-02-29");
    expect(p.parse(" 2000-02-29 ")).toBe("2000-02-29");
  });

  test("rejects days the calendar does not have and other shapes", () => {
    const p = param.date();
    expect(() => p.parse("2024-02-30")).toThrow(reason("2024-02 has no day 30"));
    expect(() => p.parse("2023-02-29")).toThrow(reason("2023-02 has no day 29"));
    expect(() => p.parse("1900-02-29")).toThrow(reason("1900-02 has no day 29"));
    expect(() => p.parse("2024-13-01")).toThrow(reason("there is no month 13"));
    expect(() => p.parse("2024-1-5")).toThrow(reason("not a date in the form YYYY-MM-DD"));
    expect(() => p.parse("31/01/2024")).toThrow(reason("not a date in the form YYYY-MM-DD"));
  });

  test("takes the UTC date of a Date given in code", () => {
    const p = param.date();
    expect(p.coerce(new Date("2024-03-10T23:30:00-05:00"))).toBe("2024-03-11");
    expect(p.coerce(new Date("2024-03-11T00:30:00+01:00"))).toBe("2024-03-10");
    expect(() => p.coerce(new Date("nonsense"))).toThrow(reason("an invalid Date"));
    expect(() => p.coerce(20240101)).toThrow(reason("got a number, not a date"));
  });

  test("writes the date as is in ids and JSON, and reads like a date in messages", () => {
    const p = param.date();
    expect(p.toIdText("2024-01-01")).toBe("2024-01-01");
    expect(p.toJson("2024-01-01")).toBe("2024-01-01");
    expect(p.expected).toBe("a date such as 2024-01-31");
  });
});

describe("param.datetime", () => {
  test("normalizes ISO forms to UTC with seconds; no offset means UTC", () => {
    const p = param.datetime();
    expect(p.parse("2024-01-01T10:00")).toBe("2024-01-01T10:00:00Z");
    expect(p.parse("2024-01-01T10:00:00+02:00")).toBe("2024-01-01T08:00:00Z");
    expect(p.parse("2024-01-01T23:30-0130")).toBe("2024-01-02T01:00:00Z");
    expect(p.parse("2024-01-01 10:00:30.999z")).toBe("2024-01-01T10:00:30Z");
    expect(p.parse("2024-03-01T00:15:00+01:00")).toBe("2024-02-29T23:15:00Z");
  });

  test("rejects impossible times and text without a time", () => {
    const p = param.datetime();
    expect(() => p.parse("2024-01-01T24:00")).toThrow(reason("there is no hour 24"));
    expect(() => p.parse("2024-01-01T10:60")).toThrow(reason("there is no minute 60"));
    expect(() => p.parse("2024-02-30T10:00")).toThrow(reason("2024-02 has no day 30"));
    expect(() => p.parse("2024-01-01T10:00+25:00")).toThrow(reason("the offset +25:00 is not a time zone offset"));
    expect(() => p.parse("2024-01-01")).toThrow(reason(expect.stringContaining("not a date and time")));
  });

  test("accepts a Date in code, cut to whole seconds", () => {
    expect(param.datetime().coerce(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)))).toBe("2024-01-02T03:04:05Z");
  });
});
