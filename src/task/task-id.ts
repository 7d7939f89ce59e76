import type { ParamSpecs } from "../params/param.js";

/**
 * A task id is the task name and its significant parameters in declaration order:
 * `features(date=2024-01-01,window=7)`. Equal ids mean the same work.
 */
export function taskId(name: string, specs: ParamSpecs, values: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    if (!spec.significant) continue;
    parts.push(`${key}=${spec.toIdText(values[key])}`);
  }
  return `${name}(${parts.join(",")})`;
}
