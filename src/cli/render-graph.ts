import type { Plan, PlannedTask } from "../engine/plan.js";

export const graphFormats = ["tree", "json", "dot", "mermaid"] as const;
export type GraphFormat = (typeof graphFormats)[number];

const stateLabel: Record<PlannedTask["state"], string> = {
  complete: "complete",
  will_run: "would run",
  missing_input: "MISSING INPUT",
  blocked: "blocked",
};

/** The dependency tree with each task's state and why; a shared subtree is printed once. */
export function renderTree(plan: Plan): string {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const printed = new Set<string>();
  const lines: string[] = [];
  const walk = (id: string, prefix: string, childPrefix: string) => {
    const t = byId.get(id);
    if (!t) return;
    const why = t.state === "complete" ? "" : ` — ${t.reason}`;
    if (printed.has(id) && t.requires.length > 0) {
      lines.push(`${prefix}${id}  [${stateLabel[t.state]}] (dependencies shown above)`);
      return;
    }
    printed.add(id);
    lines.push(`${prefix}${id}  [${stateLabel[t.state]}]${why}`);
    t.requires.forEach((dep, i) => {
      const last = i === t.requires.length - 1;
      walk(dep, `${childPrefix}${last ? "└─ " : "├─ "}`, `${childPrefix}${last ? "   " : "│  "}`);
    });
  };
  for (const root of plan.roots) walk(root, "", "");
  return lines.join("\n");
}

export function renderDot(plan: Plan): string {
  const color: Record<PlannedTask["state"], string> = { complete: "palegreen", will_run: "lightgoldenrod", missing_input: "salmon", blocked: "lightgray" };
  const lines = ["digraph pipeline {", "  rankdir=LR;", '  node [shape=box, style="rounded,filled"];'];
  for (const t of plan.tasks) lines.push(`  ${JSON.stringify(t.id)} [fillcolor=${color[t.state]}, tooltip=${JSON.stringify(t.reason)}];`);
  for (const t of plan.tasks) for (const dep of t.requires) lines.push(`  ${JSON.stringify(dep)} -> ${JSON.stringify(t.id)};`);
  lines.push("}");
  return lines.join("\n");
}

export function renderMermaid(plan: Plan): string {
  const key = new Map(plan.tasks.map((t, i) => [t.id, `t${i}`]));
  const lines = ["flowchart LR"];
  for (const t of plan.tasks) lines.push(`  ${key.get(t.id)}["${t.id.replaceAll('"', "#quot;")}"]:::${t.state}`);
  for (const t of plan.tasks) for (const dep of t.requires) lines.push(`  ${key.get(dep)} --> ${key.get(t.id)}`);
  lines.push(
    "  classDef complete fill:#c8f7c5;",
    "  classDef will_run fill:#fff3b0;",
    "  classDef missing_input fill:#f7c5c5;",
    "  classDef blocked fill:#e0e0e0;",
  );
  return lines.join("\n");
}

export function renderPlan(plan: Plan, format: GraphFormat): string {
  switch (format) {
    case "tree":
      return renderTree(plan);
    case "json":
      return JSON.stringify(plan, null, 2);
    case "dot":
      return renderDot(plan);
    case "mermaid":
      return renderMermaid(plan);
  }
}
