import type { Plan } from "../../engine/plan.js";
import type { CliIo } from "../cli-io.js";

/** `run --dry-run`: what would run and why. Exit 3 if an external input is missing, else 0. */
export function printPlan(plan: Plan, io: CliIo, json: boolean): number {
  const count = (state: string) => plan.tasks.filter((t) => t.state === state).length;
  const missing = count("missing_input");
  const exitCode = missing > 0 ? 3 : 0;
  if (json) {
    const counts = { will_run: count("will_run"), complete: count("complete"), missing_input: missing, blocked: count("blocked") };
    io.stdout(JSON.stringify({ ok: exitCode === 0, exitCode, dryRun: true, roots: plan.roots, counts, tasks: plan.tasks }) + "\n");
    return exitCode;
  }
  const willRun = plan.tasks.filter((t) => t.state === "will_run");
  io.stdout(`Dry run: ${willRun.length} task${willRun.length === 1 ? "" : "s"} would run, ${count("complete")} already complete.\n`);
  for (const t of plan.tasks) {
    if (t.state === "complete") continue;
    io.stdout(`  ${t.state === "will_run" ? "would run" : t.state.replace("_", " ")}: ${t.id} (${t.reason})\n`);
  }
  return exitCode;
}
