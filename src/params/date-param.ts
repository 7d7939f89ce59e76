import { parseIsoDate, utcDateText } from "./calendar.js";
import { makeParam } from "./make-param.js";
import { ParamValueError, type CommonParamOptions, type HasDefault, type Param } from "./param.js";
import { describeValue } from "./value-text.js";

export type DateOptions = CommonParamOptions<string | Date>;

/**
 * A calendar day as `YYYY-MM-DD`. In code a `Date` is accepted too and gives its UTC date.
 * @example param.date({ default: "2024-01-31" })
 */
export function dateParam<const O extends DateOptions = {}>(options?: O): Param<string, HasDefault<O>, string | Date> {
  return makeParam<string, string | Date, HasDefault<O>>(
    {
      kind: "date",
      expected: "a date such as 2024-01-31",
      parse: (text) => parseIsoDate(text.trim()),
      fromValue: coerceDate,
      toJson: (value) => value,
      toIdText: (value) => value,
    },
    options,
  );
}

/** A `YYYY-MM-DD` from a Date or a date text; shared by date intervals. @internal */
export function coerceDate(value: unknown): string {
  if (typeof value === "string") return parseIsoDate(value.trim());
  if (value instanceof Date) return utcDateText(value);
  throw new ParamValueError(`got ${describeValue(value)}, not a date`);
}
