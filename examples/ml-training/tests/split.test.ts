import { describe, expect, test } from "vitest";
import { shuffle, stratifiedSplit } from "../src/split.js";
import { seededRandom as seeded } from "./helpers/seeded-random.js";

const rows = [...Array.from({ length: 80 }, (_, i) => ({ id: i, label: "ham" })), ...Array.from({ length: 20 }, (_, i) => ({ id: 80 + i, label: "spam" }))];

describe("stratifiedSplit", () => {
  test("keeps each class's share in the test part and uses every row exactly once", () => {
    const { train, test } = stratifiedSplit(rows, (r) => r.label, 0.25, seeded(1));
    expect(test.filter((r) => r.label === "ham")).toHaveLength(20);
    expect(test.filter((r) => r.label === "spam")).toHaveLength(5);
    expect(train).toHaveLength(75);
    expect([...train, ...test].map((r) => r.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id));
  });

  test("the same seed gives the same split, another seed another one", () => {
    const ids = (seed: number) => stratifiedSplit(rows, (r) => r.label, 0.2, seeded(seed)).test.map((r) => r.id);
    expect(ids(7)).toEqual(ids(7));
    expect(ids(7)).not.toEqual(ids(8));
  });

  test("a class with two rows puts one in each part; a single row stays in train", () => {
    const few = [{ id: 1, label: "x" }, { id: 2, label: "x" }, { id: 3, label: "y" }];
    const { train, test } = stratifiedSplit(few, (r) => r.label, 0.1, seeded(3));
    expect(test.map((r) => r.label)).toEqual(["x"]);
    expect(train.map((r) => r.label).sort()).toEqual(["x", "y"]);
  });

  test("rejects a test fraction outside (0, 1)", () => {
    expect(() => stratifiedSplit(rows, (r) => r.label, 1, seeded(1))).toThrow(/between 0 and 1/);
  });
});

describe("shuffle", () => {
  test("returns a reordered copy and leaves its input alone", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = shuffle(items, seeded(5));
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(items[0]).toBe(0);
  });
});
