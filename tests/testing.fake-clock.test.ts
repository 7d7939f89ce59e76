import { describe, expect, it } from "vitest";
import { json, localFile, param, task } from "pipewright";
import { fakeClock, runPipeline, runTask } from "pipewright/testing";

const stamp = task("stamp", {
  params: { n: param.int({ default: 3 }) },
  output: () => localFile("stamp.json", json<{ today: string; draws: number[] }>()),
  async run({ now, random, output, params }) {
    await output.write({ today: now().toISOString().slice(0, 10), draws: Array.from({ length: params.n }, () => random()) });
  },
});

describe("fakeClock", () => {
  it("moves only when told, and gives the day a date parameter holds", () => {
    const clock = fakeClock("2024-03-01T23:00:00Z");
    expect(clock.today()).toBe("2024-03-01");
    clock.advance(60 * 60 * 1000);
    expect(clock.today()).toBe("2024-03-02");
    expect(clock.date()).toEqual(new Date("2024-03-02T00:00:00Z"));
    clock.set(0);
    expect(clock.now()).toBe(0);
    expect(() => fakeClock("not a time")).toThrow('Not a time: "not a time".');
  });

  it("is what run() sees as now(), as the clock or its now function", async () => {
    const clock = fakeClock("2030-06-15T12:00:00Z");
    expect((await runTask(stamp(), { now: clock })).outputs.today).toBe("2030-06-15");
    clock.advance(24 * 60 * 60 * 1000);
    expect((await runTask(stamp(), { now: clock.now })).outputs.today).toBe("2030-06-16");
  });
});

describe("determinism", () => {
  it("gives the same now() and random() on every run, by default", async () => {
    const [a, b] = [await runTask(stamp()), await runTask(stamp())];
    expect(a.outputs).toEqual(b.outputs);
    expect(a.outputs.today).toBe("2024-01-01");
    expect(new Set(a.outputs.draws).size).toBe(3);
  });

  it("draws the numbers a real run of the pipeline draws, and others with another seed", async () => {
    const alone = await runTask(stamp());
    const p = await runPipeline(stamp());
    expect(await p.read(stamp())).toEqual(alone.outputs);
    await p.cleanup();
    expect((await runTask(stamp(), { seed: "other" })).outputs.draws).not.toEqual(alone.outputs.draws);
  });
});
