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
});
