import { addDays, checkYearMonth, dateOfDayNumber, dayNumber, dayNumberOf, daysInMonth, isLeapYear, parseIsoDate } from "./calendar.js";
import { coerceDate } from "./date-param.js";
import { makeParam } from "./make-param.js";
import { ParamValueError, type CommonParamOptions, type HasDefault, type Param } from "./param.js";
import { describeValue } from "./value-text.js";

/** A run of whole days, `end` included: `{ start: "2024-01-01", end: "2024-01-31" }`. */
export interface DateInterval {
  readonly start: string;
  readonly end: string;
}

/** What code may pass: an interval of dates or `Date`s, or one of the text forms. */
export type DateIntervalInput = { readonly start: string | Date; readonly end: string | Date } | string;

export type DateIntervalOptions = CommonParamOptions<DateInterval | DateIntervalInput>;

const textForms = "start..end, YYYY-MM, YYYY, YYYY-Www or YYYY-MM-DD";

/**
 * A date interval. Text forms: `2024-01-01..2024-01-31`, `2024-01` (a month), `2024` (a year),
 * `2024-W05` (an ISO week, Monday to Sunday), `2024-01-05` (one day); each side of `..` may be
 * any of these, so `2024-01..2024-03` is January to March. In a task id: `start..end`.
 * @example param.dateInterval({ default: "2024-01" })
 */
export function dateIntervalParam<const O extends DateIntervalOptions = {}>(
  options?: O,
): Param<DateInterval, HasDefault<O>, DateIntervalInput> {
  return makeParam<DateInterval, DateIntervalInput, HasDefault<O>>(
    {
      kind: "dateInterval",
      expected: "a date interval such as 2024-01-01..2024-01-31, 2024-01, 2024, 2024-W05 or 2024-01-05",
      parse: parseDateInterval,
      fromValue(value) {
        if (typeof value !== "object" || value === null || !("start" in value) || !("end" in value)) {
          throw new ParamValueError(`got ${describeValue(value)}, not { start, end } or text (${textForms})`);
        }
        return interval(coerceDate(value.start), coerceDate(value.end));
      },
      toJson: (value) => ({ start: value.start, end: value.end }),
      toIdText: (value) => `${value.start}..${value.end}`,
    },
    options,
  );
}

/** Every day of an interval, in order, as `YYYY-MM-DD`. */
export function datesIn(range: DateInterval): string[] {
  const first = dayNumber(range.start);
  const last = dayNumber(range.end);
  const days: string[] = [];
  for (let day = first; day <= last; day++) days.push(dateOfDayNumber(day));
  return days;
}

function parseDateInterval(text: string): DateInterval {
  const sides = text.trim().split("..");
  if (sides.length > 2) throw new ParamValueError(`more than one ".." (use ${textForms})`);
  const [left = "", right] = sides;
  const from = period(left.trim());
  return right === undefined ? from : interval(from.start, period(right.trim()).end);
}

/** One text form without `..`: a year, a month, an ISO week or a day. */
function period(text: string): DateInterval {
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})$/.exec(text))) {
    checkYearMonth(Number(match[1]), 1);
    return interval(`${text}-01-01`, `${text}-12-31`);
  }
  if ((match = /^(\d{4})-(\d{2})$/.exec(text))) {
    const [year, month] = [Number(match[1]), Number(match[2])];
    checkYearMonth(year, month);
    return interval(`${text}-01`, `${text}-${String(daysInMonth(year, month)).padStart(2, "0")}`);
  }
  if ((match = /^(\d{4})-W(\d{2})$/i.exec(text))) return isoWeek(Number(match[1]), Number(match[2]));
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return interval(parseIsoDate(text), text);
  throw new ParamValueError(`not a date interval (use ${textForms})`);
}

/** ISO 8601 week: weeks start on Monday and week 1 holds the year's first Thursday. */
function isoWeek(year: number, week: number): DateInterval {
  checkYearMonth(year, 1);
  const weekdayOf = (days: number) => ((((days + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
  const jan4 = dayNumberOf(year, 1, 4);
  const week1Monday = jan4 - (weekdayOf(jan4) - 1);
  const jan1Weekday = weekdayOf(dayNumberOf(year, 1, 1));
  const weeks = jan1Weekday === 4 || (jan1Weekday === 3 && isLeapYear(year)) ? 53 : 52;
  if (week < 1 || week > weeks) throw new ParamValueError(`${year} has no ISO week ${week} (it has ${weeks})`);
  const start = dateOfDayNumber(week1Monday + (week - 1) * 7);
  return interval(start, addDays(start, 6));
}

function interval(start: string, end: string): DateInterval {
  if (end < start) throw new ParamValueError(`ends (${end}) before it starts (${start})`);
  return Object.freeze({ start, end });
}
