import { describe, expect, test } from "vitest";
import { param } from "../src/params/index.js";

const reason = (message: string) => expect.objectContaining({ name: "ParamValueError", message });

describe("param.path", () => {
  test("normalizes so one place has one spelling", () => {
    const p = param.path();
    expect(p.parse("data/./raw/../clean/")).toBe("data/clean");
    expect(p.parse("data\\raw\\2024.csv")).toBe("data/raw/2024.csv");
    expect(p.parse("./x")).toBe("x");
    expect(p.parse("/")).toBe("/");
    expect(p.parse("/tmp//out")).toBe("/tmp/out");
  });

  test("rejects empty paths, NUL characters and non-text values", () => {
    const p = param.path();
    expect(() => p.parse("")).toThrow(reason("empty"));
    expect(() => p.parse("a\0b")).toThrow(reason("contains a NUL character"));
    expect(() => p.coerce(3)).toThrow(reason("got a number, not a path"));
  });

  test("writes plain paths as is in ids and quotes paths with spaces", () => {
    const p = param.path();
    expect(p.toIdText(p.parse("data/in.csv"))).toBe("data/in.csv");
    expect(p.toIdText(p.parse("my data/in.csv"))).toBe('"my data/in.csv"');
  });

  test("normalizes its default too", () => {
    expect(param.path({ default: "data\\raw\\" }).defaultValue).toBe("data/raw");
  });
});
