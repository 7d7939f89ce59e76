import { describe, expect, test } from "vitest";
import { Scheduler } from "../src/scheduler/scheduler.js";

/** a ← b, a ← c, b ← d, c ← d: `a` has two dependents, `b` and `c` one each. */
function diamond(): Scheduler {
  const scheduler = new Scheduler();
  scheduler.add("a", []);
  scheduler.add("b", ["a"]);
  scheduler.add("c", ["a"]);
  scheduler.add("d", ["b", "c"]);
  return scheduler;
}

describe("the scheduler", () => {
  test("finishing a requirement readies each dependent once all its requirements are done", () => {
    const scheduler = diamond();
    expect(scheduler.next()).toBe("a");
    expect(scheduler.next()).toBeUndefined();
    expect(scheduler.succeed("a")).toEqual(["b", "c"]);
    expect(scheduler.next()).toBe("b");
    expect(scheduler.succeed("b")).toEqual([]);
    expect(scheduler.state("d")).toBe("waiting");
    expect(scheduler.next()).toBe("c");
    expect(scheduler.succeed("c")).toEqual(["d"]);
    expect(scheduler.next()).toBe("d");
    expect(scheduler.succeed("d")).toEqual([]);
    expect(scheduler.unsettledCount).toBe(0);
  });

  test("a failure blocks everything after it, through one dependent or several, each once", () => {
    const scheduler = diamond();
    scheduler.next();
    expect(scheduler.fail("a").sort()).toEqual(["b", "c", "d"]);
    expect(scheduler.blockedBy("d")).toEqual(["a"]);
    expect(scheduler.unsettledCount).toBe(0);
    expect(scheduler.next()).toBeUndefined();
  });

  test("a task added after its requirement failed is blocked at once, naming the root cause", () => {
    const scheduler = new Scheduler();
    scheduler.add("a", []);
    scheduler.add("b", ["a"]);
    scheduler.next();
    scheduler.fail("a");
    scheduler.add("c", ["b"]);
    expect(scheduler.state("c")).toBe("blocked");
    expect(scheduler.blockedBy("c")).toEqual(["a"]);
  });
});
