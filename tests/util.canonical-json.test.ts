import { describe, expect, it } from "vitest";
import { canonicalJson } from "../src/util/json.js";

// The text fingerprints are hashed from: it must never change for the same data, or every
// recorded fingerprint would look stale after an upgrade.
describe("canonicalJson()", () => {
  it("sorts keys at every level and keeps arrays in order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("writes the same text as JSON.stringify of the sorted data, for awkward values too", () => {
    const sorted = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(sorted) : value !== null && typeof value === "object" && !(value instanceof Date) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])])) : value;
    const samples: unknown[] = [
      { id: "train(lr=0.1)", version: null, params: { lr: 0.1, tags: ["a", "é", 'quote"d', "line\nbreak"] }, inputs: { "clean(day=2024-01-01)": "abc" } },
      { "": 1, "10": 2, "9": 3, B: 4, a: 5, ["__proto__"]: 6 },
      { "4294967295": 1, "4294967294": 2, "01": 3, "1": 4, "-1": 5, "1.5": 6 },
      JSON.parse('{"__proto__": {"x": 1}, "n": -0, "big": 1e21, "small": 1e-7}'),
      { when: new Date(0), nested: { toJSON: () => "custom" }, missing: undefined, list: [undefined, 1] },
      Object.assign(Object.create(null) as object, { b: 2, a: 1 }),
      [],
      {},
      "text",
      42,
      null,
      Number.NaN,
    ];
    for (const sample of samples) expect(canonicalJson(sample)).toBe(JSON.stringify(sorted(sample)));
  });
});
