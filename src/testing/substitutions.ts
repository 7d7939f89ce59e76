import type { Substitute } from "../graph/task-graph.js";
import { PipewrightError } from "../errors.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import type { Stub } from "./stub.js";

/**
 * The `substitute` seam of the graph walk, for a test run: stubs first (instance stubs before
 * factory stubs), then an optional fallback. Replacements are made once per id, because the
 * walk rejects two different definitions under one id. Remembers every task the walk reached.
 */
export class Substitutions {
  /** Every task the walk reached (the originals), by id, in the order reached. */
  readonly reached = new Map<string, AnyTaskInstance>();
  /** Ids replaced by a stub. */
  readonly stubbed = new Set<string>();
  private readonly replacements = new Map<string, AnyTaskInstance | null>();
  private readonly used = new Set<Stub>();
  private readonly ordered: readonly Stub[];

  constructor(
    private readonly stubs: readonly Stub[],
    private readonly fallback?: (instance: AnyTaskInstance) => AnyTaskInstance | undefined,
  ) {
    for (const s of stubs) {
      if (typeof s?.matches !== "function" || typeof s.replacement !== "function") {
        throw new PipewrightError("bad_usage", "stubs must be made with stub(task, data).");
      }
    }
    // An instance stub is more specific than a factory stub: it wins.
    this.ordered = [...stubs.filter((s) => s.scope === "instance"), ...stubs.filter((s) => s.scope !== "instance")];
  }

  readonly substitute: Substitute = (instance) => {
    const known = this.replacements.get(instance.id);
    if (known !== undefined) return known ?? undefined;
    this.reached.set(instance.id, instance);
    const matching = this.ordered.filter((s) => s.matches(instance));
    const match = matching[0];
    let replacement: AnyTaskInstance | undefined;
    if (match) {
      // A factory stub shadowed here by an instance stub still counts as used: "all but this one".
      for (const s of matching) this.used.add(s);
      this.stubbed.add(instance.id);
      replacement = match.replacement(instance);
    } else replacement = this.fallback?.(instance);
    this.replacements.set(instance.id, replacement ?? null);
    return replacement;
  };

  /** Throws when a stub replaced nothing: the test would silently run the real task. */
  checkAllUsed(roots: readonly AnyTaskInstance[]): void {
    const unused = this.stubs.filter((s) => !this.used.has(s));
    if (unused.length === 0) return;
    const lines = unused.map((s) => {
      const same = [...this.reached.values()].filter((i) => i.name === s.taskName).map((i) => i.id);
      return `  stub(${s.replaces}) replaced nothing.${same.length ? ` Tasks named ${s.taskName} that were reached: ${same.join(", ")}.` : ""}`;
    });
    throw new Error(
      `Some stubs matched no task reached from ${roots.map((r) => r.id).join(", ")}:\n${lines.join("\n")}\n` +
        `Check the stub's parameters (the ids must be equal), or remove the stub.`,
    );
  }
}
