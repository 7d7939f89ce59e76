import { dayMs, dayNumberOf, parseIsoDate, utcDateTimeText } from "./calendar.js";
import { makeParam } from "./make-param.js";
import { ParamValueError, type CommonParamOptions, type HasDefault, type Param } from "./param.js";
import { describeValue } from "./value-text.js";

export type DateTimeOptions = CommonParamOptions<string | Date>;

// date, `T` or a space, HH:MM, optional :SS and fraction, optional Z or ±HH:MM / ±HHMM / ±HH.
const isoDateTime = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * An instant, normalized to UTC as `YYYY-MM-DDTHH:MM:SSZ` (whole seconds; a fraction is cut).
 * Text without an offset is read as UTC, never as the machine's local time, so the same
 * command gives the same task id on every machine. In code a `Date` is accepted too.
 * @example param.datetime({ default: "2024-01-01T00:00:00Z" })
 */
export function datetimeParam<const O extends DateTimeOptions = {}>(
  options?: O,
): Param<string, HasDefault<O>, string | Date> {
  return makeParam<string, string | Date, HasDefault<O>>(
    {
      kind: "datetime",
      expected: "a date and time such as 2024-01-31T10:00:00Z",
      parse: parseDateTime,
      fromValue(value) {
        if (value instanceof Date) return utcDateTimeText(value);
        throw new ParamValueError(`got ${describeValue(value)}, not a date and time`);
      },
      toJson: (value) => value,
      toIdText: (value) => value,
    },
    options,
  );
}

function parseDateTime(text: string): string {
  const match = isoDateTime.exec(text.trim());
  if (!match) throw new ParamValueError("not a date and time in the form YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]");
  const [, date = "", hh = "", mm = "", ss = "0", zone = "Z"] = match;
  parseIsoDate(date);
  const [hours, minutes, seconds] = [Number(hh), Number(mm), Number(ss)];
  if (hours > 23) throw new ParamValueError(`there is no hour ${hours}`);
  if (minutes > 59) throw new ParamValueError(`there is no minute ${minutes}`);
  if (seconds > 59) throw new ParamValueError(`there is no second ${seconds}`);
  const [year, month, day] = date.split("-").map(Number);
  const days = dayNumberOf(year ?? 1970, month ?? 1, day ?? 1);
  const local = days * dayMs + ((hours * 60 + minutes) * 60 + seconds) * 1000;
  return utcDateTimeText(new Date(local - offsetMinutes(zone) * 60_000));
}

function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || "0");
  if (hours > 23 || minutes > 59) throw new ParamValueError(`the offset ${zone} is not a time zone offset`);
  return sign * (hours * 60 + minutes);
}
