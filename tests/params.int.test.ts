import { describe, expect, test } from "vitest";
import { param } from "../src/params/index.js";

const reason = (message: string) => expect.objectContaining({ name: "ParamValueError", message });

describe("param.int", () => {
  test("parses whole numbers from command-line text, with optional sign, spaces and _ separators", () => {
    const p = param.int();
    expect(p.parse("7")).toBe(7);
    expect(p.parse(" -12 ")).toBe(-12);
    expect(p.parse("+3")).toBe(3);
    expect(p.parse("1_000_000")).toBe(1_000_000);
    expect(p.parse("7.0")).toBe(7);
  });

  test("rejects text that is not a whole number, saying why", () => {
    const p = param.int();
    expect(() => p.parse("7.5")).toThrow(reason("not a whole number"));
    expect(() => p.parse("seven")).toThrow(reason("not a number"));
    expect(() => p.parse("")).toThrow(reason("not a number"));
    expect(() => p.parse("0x10")).toThrow(reason("not a number"));
    expect(() => p.parse("99999999999999999999")).toThrow(reason("too large to be an exact integer"));
  });

  test("coerces numbers from code and text from config, and rejects other values", () => {
    const p = param.int();
    expect(p.coerce(42)).toBe(42);
    expect(p.coerce("42")).toBe(42);
    expect(() => p.coerce(4.2)).toThrow(reason("not a whole number"));
    expect(() => p.coerce(true)).toThrow(reason("got a boolean, not a number"));
    expect(() => p.coerce(Number.NaN)).toThrow(reason("not a finite number"));
    expect(() => p.coerce(2 ** 53)).toThrow(reason("too large to be an exact integer"));
  });

  test("enforces min and max from both text and code, and names them in the expected form", () => {
    const p = param.int({ min: 1, max: 10 });
    expect(p.parse("1")).toBe(1);
    expect(p.coerce(10)).toBe(10);
    expect(() => p.parse("0")).toThrow(reason("below the minimum 1"));
    expect(() => p.coerce(11)).toThrow(reason("above the maximum 10"));
    expect(p.expected).toBe("an integer from 1 to 10");
    expect(param.int({ min: 0 }).expected).toBe("an integer of at least 0");
    expect(param.int().expected).toBe("an integer such as 7");
  });

  test("writes ids and JSON as plain numbers, with one spelling for zero", () => {
    const p = param.int();
    expect(p.toIdText(p.parse("-0"))).toBe("0");
    expect(Object.is(p.coerce(-0), 0)).toBe(true);
    expect(p.toIdText(-15)).toBe("-15");
    expect(p.toJson(7)).toBe(7);
  });
});

describe("param.float", () => {
  test("parses decimal and exponent notation", () => {
    const p = param.float();
    expect(p.parse("0.5")).toBe(0.5);
    expect(p.parse(".25")).toBe(0.25);
    expect(p.parse("-1e-3")).toBe(-0.001);
    expect(p.parse("3")).toBe(3);
  });

  test("rejects text JavaScript would read loosely, and non-finite values", () => {
    const p = param.float();
    expect(() => p.parse("0x1f")).toThrow(reason("not a number"));
    expect(() => p.parse("Infinity")).toThrow(reason("not a number"));
    expect(() => p.parse("")).toThrow(reason("not a number"));
    expect(() => p.parse("1e999")).toThrow(reason("not a finite number"));
    expect(() => p.coerce(Number.POSITIVE_INFINITY)).toThrow(reason("not a finite number"));
    expect(() => p.coerce([1])).toThrow(reason("got an array, not a number"));
  });

  test("enforces bounds and prints ids as JavaScript prints the number", () => {
    const p = param.float({ min: 0, max: 1 });
    expect(() => p.parse("1.5")).toThrow(reason("above the maximum 1"));
    expect(p.toIdText(p.parse("0.10"))).toBe("0.1");
    expect(p.expected).toBe("a number from 0 to 1");
  });
});
