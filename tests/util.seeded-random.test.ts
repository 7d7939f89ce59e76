import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/util/seeded-random.js";

describe("seededRandom", () => {
  it("draws the numbers earlier versions drew for the same seed, so a task's random choices survive an upgrade", () => {
    const random = seededRandom("42:train(day=2024-01-01)");
    expect([random(), random(), random()]).toEqual([0.3959829453378916, 0.8309104661457241, 0.2005290575325489]);
  });

  it("draws the same sequence from the same seed, another from another, each in [0, 1)", () => {
    const draws = (seed: string) => {
      const random = seededRandom(seed);
      return Array.from({ length: 1000 }, () => random());
    };
    expect(draws("a:t")).toEqual(draws("a:t"));
    expect(draws("b:t")).not.toEqual(draws("a:t"));
    expect(draws("a:t").every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
