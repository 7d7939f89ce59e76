import { describe, expect, test } from "vitest";
import { param } from "../src/params/index.js";

const reason = (message: string) => expect.objectContaining({ name: "ParamValueError", message });

describe("param.json", () => {
  test("parses JSON text of any shape", () => {
    const p = param.json();
    expect(p.parse('{"depth": 3, "layers": [1, 2]}')).toEqual({ depth: 3, layers: [1, 2] });
    expect(p.parse("null")).toBeNull();
    expect(p.parse('"text"')).toBe("text");
  });

  test("rejects text that is not JSON, with the parser's reason", () => {
    expect(() => param.json().parse("{depth: 3}")).toThrow(reason(expect.stringMatching(/^not valid JSON \(.+\)$/)));
  });

  test("keeps a string given in code as a JSON string instead of parsing it", () => {
    expect(param.json().coerce("[1,2]")).toBe("[1,2]");
  });

  test("rejects values JSON cannot hold, naming where they are", () => {
    const p = param.json();
    expect(() => p.coerce({ run: () => 1 })).toThrow(reason("a function at $.run is not JSON"));
    expect(() => p.coerce({ a: undefined })).toThrow(reason("undefined at $.a is not JSON"));
    expect(() => p.coerce([1, Number.NaN])).toThrow(reason("NaN at $[1] is not JSON"));
    expect(() => p.coerce({ when: new Date(0) })).toThrow(reason(expect.stringContaining("a Date at $.when is not plain data")));
    expect(() => p.coerce({ "a b": new Map() })).toThrow(reason(expect.stringContaining('a Map at $["a b"] is not plain data')));
    // eslint-disable-next-line no-sparse-arrays -- a hole is what is being tested
    expect(() => p.coerce([1, , 3])).toThrow(reason("undefined at $[1] is not JSON"));
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => p.coerce(loop)).toThrow(reason("the value refers to itself at $.self"));
  });

  test("accepts the same object twice when it is not a cycle", () => {
    const shared = { a: 1 };
    expect(param.json().coerce([shared, shared])).toEqual([{ a: 1 }, { a: 1 }]);
  });

  test("copies and freezes the value so later changes to the caller's object cannot change the task", () => {
    const given = { layers: [1, 2] };
    const value = param.json().coerce(given) as { layers: number[] };
    given.layers.push(3);
    expect(value).toEqual({ layers: [1, 2] });
    expect(Object.isFrozen(value.layers)).toBe(true);
  });

  test("writes ids as canonical JSON, so key order does not change the id", () => {
    const p = param.json();
    expect(p.toIdText(p.coerce({ b: 1, a: { d: 2, c: 3 } }))).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(p.toIdText(p.parse('{"a":{"c":3,"d":2},"b":1}'))).toBe(p.toIdText(p.coerce({ b: 1, a: { d: 2, c: 3 } })));
  });

  test("validates a typed default when declared", () => {
    const p = param.json<{ depth: number }>({ default: { depth: 3 } });
    expect(p.defaultValue).toEqual({ depth: 3 });
    expect(p.hasDefault).toBe(true);
  });
});
