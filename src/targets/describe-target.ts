import type { DataTarget, Target } from "./target.js";

/**
 * A one-line name for a target in logs and messages: kind, location and format if any,
 * e.g. `local-file data/features.json (json)`.
 */
export function describeTarget(target: Target): string {
  const format = (target as Partial<DataTarget<unknown, unknown>>).format;
  const suffix = format === undefined ? "" : ` (${format.name})`;
  return `${target.kind} ${target.location}${suffix}`;
}
