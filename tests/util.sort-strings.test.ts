import { expect, test } from "vitest";
import { sortStrings } from "../src/util/sort-strings.js";
import { seededRandom } from "../src/util/seeded-random.js";

test("sortStrings orders strings as the built-in sort does, for short and long lists", () => {
  const random = seededRandom("sort-strings");
  // Upper and lower case, digits, an emoji (surrogate pair), a letter beyond it, and repeats.
  const pieces = ["a", "B", "b", "10", "9", "L0(i=1)", "L0(i=10)", "😀", "ｚ", "", "é"];
  for (let round = 0; round < 500; round++) {
    const length = Math.floor(random() * 14);
    const list = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]! + pieces[Math.floor(random() * pieces.length)]!);
    const expected = [...list].sort();
    const sorted = sortStrings(list);
    expect(sorted).toBe(list); // in place, as Array.prototype.sort
    expect(sorted).toEqual(expected);
  }
});
