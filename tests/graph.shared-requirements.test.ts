import { describe, expect, it } from "vitest";
import { memory, param, task, type AnyTaskInstance } from "pipewright";
import { TaskGraph } from "../src/graph/task-graph.js";

describe("requirements declared by several tasks", () => {
  it("are one instance after the walk, the graph's own", async () => {
    const base = task("base", { params: { i: param.int() }, output: ({ i }) => memory<number>(`base-${i}`), run: ({ output, params }) => output.write(params.i) });
    const left = task("left", { requires: () => ({ base: base({ i: 1 }) }), output: () => memory<number>("left"), run: ({ output }) => output.write(1) });
    const right = task("right", { requires: () => [base({ i: 1 })], output: () => memory<number>("right"), run: ({ output }) => output.write(2) });
    const top = task("top", { requires: () => [left(), right()] });
    const graph = new TaskGraph();
    await graph.extend([top()]);
    const shared = graph.get("base(i=1)").instance;
    const fromLeft = (graph.get("left()").instance.requires() as { base: AnyTaskInstance }).base;
    const fromRight = (graph.get("right()").instance.requires() as AnyTaskInstance[])[0];
    expect(fromLeft).toBe(shared);
    expect(fromRight).toBe(shared);
    // The shape a task declared is kept: a named map stays a named map, a list a list.
    expect(Object.keys(graph.get("left()").instance.requires() as object)).toEqual(["base"]);
  });

  it("a task that requires one task twice lists it once, and both places get the graph's instance", async () => {
    const base = task("base", { params: { i: param.int() }, output: ({ i }) => memory<number>(`base-${i}`), run: ({ output, params }) => output.write(params.i) });
    const few = task("few", { requires: () => [base({ i: 1 }), base({ i: 2 }), base({ i: 1 })] });
    // A short list and a long one (a set of ids once found repeats above 16 requirements).
    const many = task("many", { requires: () => [...Array.from({ length: 20 }, (_, i) => base({ i })), base({ i: 2 })] });
    const graph = new TaskGraph();
    await graph.extend([few(), many()]);
    expect(graph.get("few()").deps).toEqual(["base(i=1)", "base(i=2)"]);
    expect(graph.get("many()").deps).toEqual(Array.from({ length: 20 }, (_, i) => `base(i=${i})`));
    // The nodes it is pointed at, as its ids: each once.
    expect(graph.get("few()").requirements.map((node) => node.id)).toEqual(graph.get("few()").deps);
    expect(graph.get("many()").requirements.map((node) => node.id)).toEqual(graph.get("many()").deps);
    const fromFew = graph.get("few()").instance.requires() as AnyTaskInstance[];
    expect(fromFew.map((dep) => dep === graph.get(dep.id).instance)).toEqual([true, true, true]);
    const fromMany = graph.get("many()").instance.requires() as AnyTaskInstance[];
    expect(fromMany.every((dep) => dep === graph.get(dep.id).instance)).toBe(true);
  });

  it("a requirement met under a substitute keeps the instance its task declared", async () => {
    const base = task("base", { output: () => memory<number>("base"), run: ({ output }) => output.write(1) });
    const stub = task("base", { output: () => memory<number>("base-stub"), run: ({ output }) => output.write(2) });
    const top = task("top", { requires: () => [base(), base()] });
    const graph = new TaskGraph({ substitute: (instance) => (instance.name === "base" ? stub() : undefined) });
    await graph.extend([top()]);
    expect(graph.get("base()").instance.definition).toBe(stub().definition);
    // The graph runs the stub; the task's own requirements stay the tasks it declared.
    const declared = graph.get("top()").instance.requires() as AnyTaskInstance[];
    expect(declared.map((dep) => dep.definition === base().definition)).toEqual([true, true]);
  });
});
