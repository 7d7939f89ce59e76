import type { PipelineEvent } from "../engine/events.js";
import type { RunSummary, TaskSummary } from "../engine/summary.js";
import { listIds } from "../util/list-ids.js";

/** One progress line for an event (stderr), or undefined for events not worth a line. */
export function formatEvent(event: PipelineEvent): string | undefined {
  switch (event.type) {
    case "task_started":
      return `▶ ${event.taskId}${event.attempt > 1 ? ` (attempt ${event.attempt})` : event.reason.startsWith("output missing") || event.reason.startsWith("declares no output") ? "" : ` — ${event.reason}`}`;
    case "task_succeeded":
      return `✔ ${event.taskId} (${formatMs(event.durationMs)})`;
    case "task_failed":
      return `✖ ${event.taskId} failed: ${event.error.message.split("\n")[0]}`;
    case "task_retried":
      return `↻ ${event.taskId} attempt ${event.attempt} failed (${event.error.message.split("\n")[0]}); retrying in ${formatMs(event.delayMs)}`;
    case "task_skipped":
      return event.status === "already_complete" ? undefined : `• ${event.taskId}: ${event.status.replace("_", " ")}${event.reason ? ` (${event.reason})` : ""}`;
    case "task_log":
      if (event.stream) return `[${event.taskId}] ${event.stream === "stderr" ? "(stderr) " : ""}${event.message}`;
      return `[${event.taskId}] ${event.level === "info" ? "" : `${event.level}: `}${event.message}`;
    default:
      return undefined;
  }
}

/** The closing summary: what ran, what was complete, what failed and why, what was blocked by what. */
export function formatSummary(summary: RunSummary): string {
  const lines: string[] = [];
  const c = summary.counts;
  const parts = [
    `${c.ran} ran`,
    `${c.already_complete} already complete`,
    c.ran_elsewhere && `${c.ran_elsewhere} ran elsewhere`,
    c.failed && `${c.failed} failed`,
    c.upstream_failed && `${c.upstream_failed} blocked`,
    c.missing_input && `${c.missing_input} missing input`,
  ].filter(Boolean);
  lines.push(`${summary.ok ? "✔ Done" : "✖ Failed"} in ${formatMs(summary.durationMs)}: ${parts.join(", ")}.`);
  if (summary.error) lines.push("", `${summary.error.code}: ${summary.error.message}`);
  const group = (status: TaskSummary["status"]) => summary.tasks.filter((t) => t.status === status);
  const ran = group("ran");
  if (ran.length > 0) lines.push(`  ran: ${listIds(ran.map((t) => t.id))}`);
  const elsewhere = group("ran_elsewhere");
  if (elsewhere.length > 0) lines.push(`  ran elsewhere (by another run): ${listIds(elsewhere.map((t) => t.id))}`);
  const failed = group("failed");
  for (const t of failed.slice(0, shownPerGroup)) {
    lines.push(`  ✖ ${t.id} failed after ${t.attempts} attempt${t.attempts === 1 ? "" : "s"}:`);
    for (const line of (t.error ?? "").split("\n")) lines.push(`      ${line}`);
  }
  moreOf(lines, failed.length, "failed");
  const missing = group("missing_input");
  for (const t of missing.slice(0, shownPerGroup)) lines.push(`  ✖ ${t.id}: missing input ${(t.missing ?? []).join(", ")}`);
  moreOf(lines, missing.length, "with missing input");
  const blocked = group("upstream_failed");
  for (const t of blocked.slice(0, shownPerGroup)) {
    lines.push(`  ⊘ ${t.id} not run: blocked by ${listIds(t.blockedBy ?? []) || "a failed requirement"}`);
  }
  moreOf(lines, blocked.length, "blocked");
  return lines.join("\n");
}

/**
 * Tasks listed one by one per group of the summary: a broken step in a 100,000-task run would
 * otherwise print 100,000 failures again after the progress lines that showed each one.
 */
const shownPerGroup = 20;

function moreOf(lines: string[], count: number, what: string): void {
  if (count <= shownPerGroup) return;
  lines.push(`  … and ${count - shownPerGroup} more ${what} (each is in the progress lines; --json lists every task)`);
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
