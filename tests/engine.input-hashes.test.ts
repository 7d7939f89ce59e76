import { describe, expect, it } from "vitest";
import { param, task, type AnyTaskInstance } from "pipewright";
import { computeFingerprint, unrecordedHash } from "../src/engine/fingerprint.js";
import { InputHashes } from "../src/engine/input-hashes.js";
import type { GraphNode } from "../src/graph/task-graph.js";

const group = task("group", { params: { i: param.int() }, requires: () => [] });
/** A graph's nodes, as the run's InputHashes reads them. */
const graph = () => new Map<string, GraphNode>();
const node = (nodes: Map<string, GraphNode>, instance: AnyTaskInstance, deps: string[]) => {
  const made = { id: instance.id, instance, deps, hash: undefined } as unknown as GraphNode;
  nodes.set(made.id, made);
  return made;
};

describe("the input hashes of a run", () => {
  it("computes a complete wrapper's hash when first asked, from what its requirements' hashes are", () => {
    const nodes = graph();
    const hashes = new InputHashes(nodes);
    const made = task("made", { params: { x: param.int() }, run: () => undefined });
    hashes.set(node(nodes, made({ x: 1 }), []), "h-made");
    // by-hand(x=2) is not in the graph, nor hashed: made outside Pipewright.
    const inner = node(nodes, group({ i: 1 }), ["made(x=1)", "by-hand(x=2)"]);
    const outer = node(nodes, group({ i: 2 }), [inner.id, "made(x=1)"]);
    hashes.defer(inner);
    hashes.defer(outer);
    const innerHash = computeFingerprint(inner.instance, inner.deps, new Map([["made(x=1)", "h-made"]])).hash;
    const outerHash = computeFingerprint(outer.instance, outer.deps, new Map([[inner.id, innerHash], ["made(x=1)", "h-made"]])).hash;
    expect(hashes.get(outer.id)).toBe(outerHash);
    expect(hashes.get(inner.id)).toBe(innerHash);
    expect(hashes.get("by-hand(x=2)")).toBe(unrecordedHash("by-hand(x=2)"));
  });

  it("resolves wrappers nested 20,000 deep without running out of stack", () => {
    const nodes = graph();
    const hashes = new InputHashes(nodes);
    let below: string | undefined;
    for (let i = 0; i < 20_000; i++) {
      const wrapper = node(nodes, group({ i }), below === undefined ? [] : [below]);
      hashes.defer(wrapper);
      below = wrapper.id;
    }
    expect(hashes.get(below!)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("takes a hash set later over a deferred one", () => {
    const nodes = graph();
    const hashes = new InputHashes(nodes);
    const wrapper = node(nodes, group({ i: 1 }), []);
    hashes.defer(wrapper);
    hashes.set(wrapper, "recorded");
    expect(hashes.get(wrapper.id)).toBe("recorded");
  });
});
