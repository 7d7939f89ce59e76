import { makeParam } from "./make-param.js";
import { numberBounds, withoutNegativeZero, type NumberBoundsOptions } from "./number-bounds.js";
import { ParamValueError, type CommonParamOptions, type HasDefault, type Param } from "./param.js";
import { describeValue } from "./value-text.js";

export interface IntOptions extends CommonParamOptions<number>, NumberBoundsOptions {}

const digitSeparator = /(?<=\d)_(?=\d)/g;
const decimalText = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A whole number (a safe JavaScript integer). Text may use `_` between digits
 * (`1_000`); `7.0` and `1e3` are accepted because their values are whole.
 * @example param.int({ default: 7, min: 1 })
 */
export function intParam<const O extends IntOptions = {}>(options?: O): Param<number, HasDefault<O>, number> {
  const bounds = numberBounds("int", options);
  return makeParam<number, number, HasDefault<O>>(
    {
      kind: "int",
      expected: `an integer ${bounds.phrase ?? "such as 7"}`,
      extraOptions: ["min", "max"],
      parse(text) {
        const digits = text.trim().replace(digitSeparator, "");
        if (!decimalText.test(digits)) throw new ParamValueError("not a number");
        const value = Number(digits);
        if (!Number.isInteger(value)) throw new ParamValueError("not a whole number");
        return toSafeInteger(value);
      },
      fromValue(value) {
        if (typeof value !== "number") throw new ParamValueError(`got ${describeValue(value)}, not a number`);
        if (!Number.isFinite(value)) throw new ParamValueError("not a finite number");
        if (!Number.isInteger(value)) throw new ParamValueError("not a whole number");
        return toSafeInteger(value);
      },
      check: bounds.check,
      toJson: (value) => value,
      toIdText: (value) => String(value),
    },
    options,
  );
}

function toSafeInteger(value: number): number {
  // Beyond 2^53 neighbouring integers share a float, so two different ids could mean one value.
  if (!Number.isSafeInteger(value)) throw new ParamValueError("too large to be an exact integer");
  return withoutNegativeZero(value);
}
