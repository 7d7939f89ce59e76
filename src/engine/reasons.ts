import type { Incompleteness } from "../graph/completeness.js";

/** Why a task would run (or not), in words for people. */
export function describeIncompleteness(state: Incompleteness): string {
  if (state.complete) return "complete";
  switch (state.reason) {
    case "output_missing":
      return `output missing: ${state.missing.join(", ")}`;
    case "no_output":
      return "declares no output, so it runs every time";
    case "complete_false":
      return "complete() returned false";
    case "requires_incomplete":
      return "requirements incomplete";
    case "stale":
      return `stale: ${state.why}`;
    case "forced":
      return "forced";
  }
}
