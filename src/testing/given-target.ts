import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { PipewrightError } from "../errors.js";
import { isDataTarget, isTarget, type AnyDataTarget, type Target } from "../targets/target.js";
import { mapShape } from "../task/shape.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import type { ScratchDir } from "./scratch-dir.js";

/** Data given for a required task (in the shape of its outputs), or why there is none. */
export type Given = { readonly data: unknown } | { readonly missing: string };

/**
 * The outputs of a required task as the task under test sees them: the same targets (kind,
 * location, format), whose `read()` gives the data the test supplied instead of touching files.
 */
export function givenOutputs(dep: AnyTaskInstance, given: Given, scratch: ScratchDir): unknown {
  const shape = dep.output() as Target | readonly Target[] | Record<string, Target> | undefined;
  const single = isTarget(shape);
  return mapShape(shape, isTarget, (target, key) => {
    if (!isDataTarget(target)) return target;
    if ("missing" in given) return givenTarget(target, { missing: given.missing }, scratch);
    const data = single ? given.data : (given.data as Record<string, unknown> | undefined)?.[key];
    if (data === undefined) {
      const what = `output "${key}" (${target.location}) of ${dep.id}`;
      return givenTarget(target, { missing: `No data was given for ${what}: give an object with a key per output, e.g. { ${key}: ... }.` }, scratch);
    }
    return givenTarget(target, { data }, scratch);
  });
}

function givenTarget(target: AnyDataTarget, given: Given, scratch: ScratchDir): AnyDataTarget {
  const data = (): unknown => {
    if ("missing" in given) throw new PipewrightError("bad_usage", given.missing, { context: { location: target.location } });
    return given.data;
  };
  const readOnly = (what: string) => async (): Promise<never> => {
    throw new PipewrightError("bad_usage", `${target.location} is an input of the task under test: it can be read, not ${what}.`);
  };
  let file: string | undefined;
  const fake: Record<string, unknown> = {
    ...target,
    exists: async () => !("missing" in given),
    read: async () => copy(await data()),
    beginWrite: readOnly("written"),
    remove: readOnly("removed"),
  };
  // A task that hands an input's path to a library gets a real file, written on first use.
  if (typeof (target as { absolutePath?: unknown }).absolutePath === "function" && target.format) {
    fake["absolutePath"] = (): string => {
      if (file === undefined) {
        const path = join(scratch.ensure("inputs", randomUUID()), basename(target.location));
        writeFileSync(path, target.format!.encode(copy(data())));
        file = path;
      }
      return file;
    };
  }
  return Object.freeze(fake) as unknown as AnyDataTarget;
}

/** Each read gets its own copy, as a read from a file would: a task mutating its input cannot change the test's data. */
function copy(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return Buffer.from(value); // structuredClone would give a plain Uint8Array
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
