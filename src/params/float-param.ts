import { makeParam } from "./make-param.js";
import { numberBounds, withoutNegativeZero, type NumberBoundsOptions } from "./number-bounds.js";
import { ParamValueError, type CommonParamOptions, type HasDefault, type Param } from "./param.js";
import { describeValue } from "./value-text.js";

export interface FloatOptions extends CommonParamOptions<number>, NumberBoundsOptions {}

// Plain decimal notation only: Number() would also take "0x1f", "Infinity" and "" (as 0).
const decimalText = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A finite number.
 * @example param.float({ default: 0.001, min: 0 })
 */
export function floatParam<const O extends FloatOptions = {}>(options?: O): Param<number, HasDefault<O>, number> {
  const bounds = numberBounds("float", options);
  return makeParam<number, number, HasDefault<O>>(
    {
      kind: "float",
      expected: `a number ${bounds.phrase ?? "such as 0.5"}`,
      extraOptions: ["min", "max"],
      parse(text) {
        const trimmed = text.trim();
        if (!decimalText.test(trimmed)) throw new ParamValueError("not a number");
        return finite(Number(trimmed));
      },
      fromValue(value) {
        if (typeof value !== "number") throw new ParamValueError(`got ${describeValue(value)}, not a number`);
        return finite(value);
      },
      check: bounds.check,
      toJson: (value) => value,
      toIdText: (value) => String(value),
    },
    options,
  );
}

function finite(value: number): number {
  if (!Number.isFinite(value)) throw new ParamValueError("not a finite number");
  return withoutNegativeZero(value);
}
