import type { GraphNode } from "../graph/task-graph.js";
import { fingerprintHash, unrecordedHash } from "./fingerprint.js";

/**
 * The current fingerprint hash of each settled task: what a task that runs records of the
 * inputs it consumed. A task with no hash here was made outside Pipewright (`unrecordedHash`).
 * A complete wrapper without a recorded fingerprint gets its hash when first asked: a rerun of
 * 100,000 complete tasks under one wrapper asks for none, and computing it eagerly sorted and
 * hashed 100,000 ids (about a tenth of the rerun).
 */
export class InputHashes {
  private readonly known = new Map<string, string>();
  /** Complete wrappers whose hash is computed on first use. */
  private readonly deferred = new Map<string, GraphNode>();

  set(taskId: string, hash: string): void {
    this.known.set(taskId, hash);
    if (this.deferred.size > 0) this.deferred.delete(taskId); // most runs defer nothing
  }

  /** A complete wrapper's hash, to compute from its requirements' when someone asks. */
  defer(node: GraphNode): void {
    this.known.delete(node.id);
    this.deferred.set(node.id, node);
  }

  get(taskId: string): string {
    const hash = this.known.get(taskId);
    if (hash !== undefined) return hash;
    if (!this.deferred.has(taskId)) return unrecordedHash(taskId);
    this.computeDeferred(taskId);
    return this.known.get(taskId)!;
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
      this.set(node.id, fingerprintHash(node.instance, node.deps, this.known));
    }
  }
}
