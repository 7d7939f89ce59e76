import { formatDuration, parseDuration } from "./duration-text.js";
import { makeParam } from "./make-param.js";
import { ParamValueError, type CommonParamOptions, type HasDefault, type Param } from "./param.js";
import { describeValue } from "./value-text.js";

/** Defaults may be written as text: `{ default: "30s" }`. */
export type DurationOptions = CommonParamOptions<number | string>;

/**
 * A length of time in milliseconds. Text needs a unit (`30s`, `1h30m`, `PT5M`); a number given
 * in code or config is milliseconds. In a task id: the compact form, e.g. `1h30m`.
 * @example param.duration({ default: "30s" })  // value 30000
 */
export function durationParam<const O extends DurationOptions = {}>(
  options?: O,
): Param<number, HasDefault<O>, number | string> {
  return makeParam<number, number | string, HasDefault<O>>(
    {
      kind: "duration",
      expected: "a duration such as 30s, 5m, 1h30m, 250ms or PT1H",
      parse: parseDuration,
      fromValue(value) {
        if (typeof value !== "number") throw new ParamValueError(`got ${describeValue(value)}, not a duration`);
        if (!Number.isSafeInteger(value)) throw new ParamValueError("not a whole number of milliseconds");
        if (value < 0) throw new ParamValueError("a duration cannot be negative");
        return value === 0 ? 0 : value;
      },
      toJson: (value) => value,
      toIdText: formatDuration,
    },
    options,
  );
}
