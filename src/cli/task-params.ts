import { PipewrightError } from "../errors.js";
import type { AnyTaskFactory } from "../task/task-types.js";
import { didYouMean } from "../util/closest.js";

/**
 * Matches `--name value` pairs to the task's parameters: `--max-depth` finds `maxDepth` or
 * `max_depth`; a bool parameter given alone (`--shuffle`) is true. Unknown names fail with the
 * task's parameters listed.
 */
export function taskParamsFromArgs(factory: AnyTaskFactory, pairs: ReadonlyArray<{ name: string; value: string | undefined }>): Record<string, string> {
  const specs = factory.paramSpecs as Record<string, { kind: string; expected: string }>;
  const names = Object.keys(specs);
  const out: Record<string, string> = {};
  for (const { name, value } of pairs) {
    const key = [name, camel(name), name.replaceAll("-", "_")].find((k) => k in specs);
    if (!key) {
      throw new PipewrightError(
        "unknown_param",
        `Unknown option --${name} for task "${factory.taskName}".${didYouMean(name, names)} ${names.length ? `Its parameters: ${names.map((n) => `--${n}`).join(", ")}.` : "It takes no parameters."}`,
        { context: { task: factory.taskName, param: name } },
      );
    }
    if (key in out) throw new PipewrightError("bad_usage", `Parameter --${name} is given twice.`, { context: { task: factory.taskName, param: key } });
    const spec = specs[key]!;
    if (value === undefined && spec.kind !== "bool") {
      throw new PipewrightError("invalid_param", `Parameter --${name} of task "${factory.taskName}" needs a value: ${spec.expected}.`, {
        context: { task: factory.taskName, param: key },
      });
    }
    out[key] = value ?? "true";
  }
  return out;
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
