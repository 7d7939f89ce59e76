import { ParamValueError, type ParamKind } from "./param.js";
import { definitionError } from "./make-param.js";

export interface NumberBoundsOptions {
  /** Smallest accepted value (inclusive). */
  readonly min?: number;
  /** Largest accepted value (inclusive). */
  readonly max?: number;
}

export interface NumberBounds {
  /** `from 1 to 10`, `of at least 1`, `of at most 10`, or undefined without bounds. */
  readonly phrase: string | undefined;
  check(value: number): void;
}

/** The inclusive range shared by int and float parameters, checked once when declared. */
export function numberBounds(kind: ParamKind, options: NumberBoundsOptions | undefined): NumberBounds {
  const min = options?.min;
  const max = options?.max;
  for (const [name, bound] of [["min", min], ["max", max]] as const) {
    if (bound !== undefined && (typeof bound !== "number" || !Number.isFinite(bound))) {
      throw definitionError(kind, `"${name}" must be a finite number`);
    }
  }
  if (min !== undefined && max !== undefined && min > max) {
    throw definitionError(kind, `"min" (${min}) is greater than "max" (${max})`);
  }
  const phrase =
    min !== undefined && max !== undefined
      ? `from ${min} to ${max}`
      : min !== undefined
        ? `of at least ${min}`
        : max !== undefined
          ? `of at most ${max}`
          : undefined;
  return {
    phrase,
    check(value) {
      if (min !== undefined && value < min) throw new ParamValueError(`below the minimum ${min}`);
      if (max !== undefined && value > max) throw new ParamValueError(`above the maximum ${max}`);
    },
  };
}

/** -0 prints as "0" in ids but not in every JSON tool; one zero keeps ids and JSON in step. */
export function withoutNegativeZero(value: number): number {
  return Object.is(value, -0) ? 0 : value;
}
