import type { GraphNode } from "../graph/task-graph.js";
import { fingerprintHash, unrecordedHash, type HashLookup } from "./fingerprint.js";

/**
 * The current fingerprint hash of each settled task: what a task that runs records of the
 * inputs it consumed. A task with no hash was made outside Pipewright (`unrecordedHash`).
 * Hashes are kept on the graph's nodes (`GraphNode.hash`), not in a map of their own: one
 * map of 100,000 entries fewer to fill and hold.
 * A wrapper (complete without a recorded fingerprint, or done in this run) gets its hash when
 * first asked: a rerun of 100,000 complete tasks under one wrapper asks for none, and computing
 * it eagerly sorted and hashed 100,000 ids (about a tenth of the rerun). Its requirements are
 * settled by then, so their hashes no longer change.
 */
export class InputHashes implements HashLookup {
  /** Complete wrappers whose hash is computed on first use. */
  private readonly deferred = new Map<string, GraphNode>();
  /** The hashes known now, without computing deferred ones (what a deferred wrapper's own hash reads). */
  private readonly known: HashLookup = { get: (taskId) => this.nodes.get(taskId)?.hash };

  constructor(private readonly nodes: ReadonlyMap<string, GraphNode>) {}

  set(node: GraphNode, hash: string): void {
    node.hash = hash;
    if (this.deferred.size > 0) this.deferred.delete(node.id); // most runs defer nothing
  }

  /** A wrapper's hash, to compute from its requirements' when someone asks. */
  defer(node: GraphNode): void {
    node.hash = undefined;
    this.deferred.set(node.id, node);
  }

  get(taskId: string): string {
    const hash = this.nodes.get(taskId)?.hash;
    if (hash !== undefined) return hash;
    if (!this.deferred.has(taskId)) return unrecordedHash(taskId);
    this.computeDeferred(taskId);
    return this.nodes.get(taskId)!.hash!;
  }

  /** Computes a deferred wrapper's hash, the deferred wrappers below it first; a loop, since wrappers may nest deeply. */
  private computeDeferred(taskId: string): void {
    const stack: Array<{ id: string; expanded: boolean }> = [{ id: taskId, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop()!;
      const node = this.deferred.get(top.id);
      if (node === undefined) continue; // computed meanwhile
      if (!top.expanded) {
        stack.push({ id: top.id, expanded: true });
        for (const dep of node.deps) if (this.deferred.has(dep)) stack.push({ id: dep, expanded: false });
        continue;
      }
      // Every deferred requirement is known by now; the others are known or unrecorded.
      this.set(node, fingerprintHash(node.instance, node.deps, this.known));
    }
  }
}
