import { describe, expect, test } from "vitest";
import { ReadyQueue } from "../src/scheduler/ready-queue.js";
import { ResourcePool } from "../src/scheduler/resources.js";
import { Scheduler } from "../src/scheduler/scheduler.js";
import { seededRandom } from "../src/util/seeded-random.js";

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
    expect(scheduler.add("a", [])).toBe("ready");
    expect(scheduler.add("b", ["a"])).toBe("waiting");
    scheduler.next();
    scheduler.fail("a");
    expect(scheduler.add("c", ["b"])).toBe("blocked");
    expect(scheduler.state("c")).toBe("blocked");
    expect(scheduler.add("c", ["b"])).toBe("blocked"); // added twice: where it stands, unchanged
    expect(scheduler.blockedBy("c")).toEqual(["a"]);
  });
});

describe("the ready queue", () => {
  test("peek lists tasks in the order pop takes them, skipping those named, and leaves the queue as it was", () => {
    const random = seededRandom("ready-queue");
    const queue = new ReadyQueue();
    // Priorities with many ties, so the order among equals (first ready, first out) counts too.
    for (let i = 0; i < 500; i++) queue.push(`t${i}`, Math.floor(random() * 5));
    const skipped = (id: string) => Number(id.slice(1)) % 3 === 0;
    const peeked = queue.peek(100, skipped);
    const all = queue.peek(500);
    // Looking at no more than 30 tasks: skipped ones count among them.
    const bounded = queue.peek(100, skipped, 30);
    const popped: string[] = [];
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) popped.push(id);
    expect(all).toEqual(popped);
    expect(peeked).toEqual(popped.filter((id) => !skipped(id)).slice(0, 100));
    expect(bounded).toEqual(popped.slice(0, 30).filter((id) => !skipped(id)));
  });

  test("peek asks for more than there is and gets what there is", () => {
    const queue = new ReadyQueue();
    queue.push("a", 0);
    queue.push("b", 1);
    expect(queue.peek(10)).toEqual(["b", "a"]);
    expect(queue.peek(10, (id) => id === "b")).toEqual(["a"]);
    expect(new ReadyQueue().peek(3)).toEqual([]);
    expect(queue.size).toBe(2);
  });

  test("pop, popFirst, top and peek follow priority, then the order tasks became ready, across groups, through any mix of calls", () => {
    const random = seededRandom("ready-queue-model");
    const queue = new ReadyQueue();
    // The model: every ready task, kept sorted by priority (highest first), then arrival.
    const model: { id: string; priority: number; group: string; seq: number }[] = [];
    const before = (a: { priority: number; seq: number }, b: { priority: number; seq: number }) => a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
    const groups = ["", "gpu", "db"];
    let seq = 0;
    const push = () => {
      const entry = { id: `t${seq}`, priority: Math.floor(random() * 2), group: groups[Math.floor(random() * groups.length)]!, seq: seq++ };
      queue.push(entry.id, entry.priority, entry.group);
      let at = model.length;
      while (at > 0 && before(entry, model[at - 1]!)) at--;
      model.splice(at, 0, entry);
    };
    // Thousands ready at once, then taken: each queue drops the ids it has read, more than once.
    for (let i = 0; i < 10_000; i++) push();
    for (let step = 0; step < 20_000; step++) {
      const roll = random();
      if (roll < 0.4) push();
      else if (roll < 0.8) {
        const expected = model[0]?.id;
        expect(queue.top()).toBe(expected);
        expect(queue.pop()).toBe(expected);
        model.shift();
      } else if (roll < 0.9) {
        // Take the first whose number ends in 7, as a pick passing over tasks being claimed would.
        const at = model.findIndex((entry) => entry.id.endsWith("7"));
        expect(queue.popFirst((id) => id.endsWith("7"))).toBe(model[at]?.id);
        if (at >= 0) model.splice(at, 1);
      } else {
        // Take the first of the groups that can start, as a resource-limited pick does.
        const open = groups.filter(() => random() < 0.5);
        const at = model.findIndex((entry) => open.includes(entry.group) && !entry.id.endsWith("3"));
        expect(queue.popFirst((id) => !id.endsWith("3"), (group) => open.includes(group))).toBe(model[at]?.id);
        if (at >= 0) model.splice(at, 1);
      }
      expect(queue.size).toBe(model.length);
    }
    expect(queue.peek(model.length + 1)).toEqual(model.map((entry) => entry.id));
    expect(queue.peek(50, (id) => id.endsWith("1"), 200)).toEqual(
      model
        .slice(0, 200)
        .map((entry) => entry.id)
        .filter((id) => !id.endsWith("1"))
        .slice(0, 50),
    );
  });
});

describe("the resource pool", () => {
  /** Starts taking back `amounts` and records when it got them. */
  function takeBack(pool: ResourcePool, name: string, amounts: Record<string, number>, got: string[]): void {
    void pool.acquire(amounts).then(() => got.push(name));
  }
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  test("a task taking back one resource does not wait behind one taking back another", async () => {
    const pool = new ResourcePool({ gpu: 1, db: 1 });
    pool.take({ gpu: 1 }); // a running task holds the GPU
    const got: string[] = [];
    takeBack(pool, "gpu waiter", { gpu: 1 }, got);
    takeBack(pool, "db waiter", { db: 1 }, got);
    await settled();
    expect(got).toEqual(["db waiter"]);
    pool.give({ gpu: 1 });
    await settled();
    expect(got).toEqual(["db waiter", "gpu waiter"]);
  });

  test("waiters for one resource are served in arrival order, and a waiter for several is not overtaken on any of them", async () => {
    const pool = new ResourcePool({ gpu: 1, db: 1 });
    pool.take({ gpu: 1 });
    const got: string[] = [];
    takeBack(pool, "both", { gpu: 1, db: 1 }, got); // waits for the GPU
    takeBack(pool, "db only", { db: 1 }, got); // the database is free, but "both" asked first
    takeBack(pool, "gpu only", { gpu: 1 }, got);
    await settled();
    expect(got).toEqual([]);
    // A task not started yet that needs the database waits behind them too.
    expect(pool.groupCanStart(pool.groupOf({ db: 1 }))).toBe(false);
    pool.give({ gpu: 1 });
    await settled();
    expect(got).toEqual(["both"]);
    pool.give({ gpu: 1, db: 1 });
    await settled();
    expect(got).toEqual(["both", "db only", "gpu only"]);
    expect(pool.fits({ gpu: 1 })).toBe(false);
    expect(pool.fits({ db: 1 })).toBe(false);
  });

  test("a resource without a limit never makes one task wait behind another", async () => {
    const pool = new ResourcePool({ gpu: 1 }); // "scratch" has no limit
    pool.take({ gpu: 1 });
    const got: string[] = [];
    takeBack(pool, "gpu and scratch", { gpu: 1, scratch: 1 }, got);
    takeBack(pool, "scratch only", { scratch: 1 }, got);
    await settled();
    expect(got).toEqual(["scratch only"]);
    expect(pool.groupCanStart(pool.groupOf({ scratch: 2 }))).toBe(true);
    expect(pool.groupCanStart(pool.groupOf({ gpu: 1 }))).toBe(false);
  });
});
