import { describe, expect, expectTypeOf, it } from "vitest";
import { isPipewrightError } from "../src/errors.js";
import { json, type Format } from "../src/formats/index.js";
import type { JsonValue } from "../src/util/json.js";

describe("json()", () => {
  it("writes pretty JSON with two spaces, a trailing newline and keys in the order given", () => {
    const encoded = json().encode({ zeta: 1, alpha: [true, null], mid: { b: "x", a: "y" } });
    expect(encoded).toBe('{\n  "zeta": 1,\n  "alpha": [\n    true,\n    null\n  ],\n  "mid": {\n    "b": "x",\n    "a": "y"\n  }\n}\n');
  });

  it("reads back what it wrote", () => {
    const format = json<{ name: string; scores: number[] }>();
    const value = { name: "a \"quoted\" name", scores: [1, 2.5, -3] };
    expect(format.decode(Buffer.from(format.encode(value)))).toEqual(value);
  });

  it("reads a file that starts with a byte-order mark", () => {
    expect(json().decode(Buffer.from('\uFEFF{"a":1}'))).toEqual({ a: 1 });
  });

  it("fails on invalid JSON with a format_error that keeps the parser's error as cause", () => {
    let caught: unknown;
    try {
      json().decode(Buffer.from('{"a": 1,'));
    } catch (error) {
      caught = error;
    }
    expect(isPipewrightError(caught, "format_error")).toBe(true);
    expect((caught as Error).message).toContain("json");
    expect((caught as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it("refuses to encode undefined instead of writing an empty file", () => {
    expect(() => json<unknown>().encode(undefined)).toThrow(expect.objectContaining({ code: "format_error" }));
  });

  it("refuses to encode a circular value with a format_error", () => {
    const value: Record<string, unknown> = {};
    value.self = value;
    expect(() => json<unknown>().encode(value)).toThrow(expect.objectContaining({ code: "format_error" }));
  });

  it("defaults its data type to JsonValue", () => {
    expectTypeOf(json()).toEqualTypeOf<Format<JsonValue>>();
    expectTypeOf(json<number[]>().decode).returns.toEqualTypeOf<number[]>();
  });
});
