import { ParamValueError } from "./param.js";

/**
 * Calendar arithmetic on `YYYY-MM-DD` strings (proleptic Gregorian, UTC, years 1 to 9999).
 * Dates travel as strings because a string has one meaning everywhere; a JS `Date` carries a
 * time and a time zone that would make `2024-01-01` a different day on another machine.
 * @internal
 */
export const dayMs = 86_400_000;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a valid date. */
export function dayNumberOf(year: number, month: number, day: number): number {
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.floor(date.getTime() / dayMs);
}

/** Checks a `YYYY-MM-DD` text is a real calendar day; returns it unchanged. */
export function parseIsoDate(text: string): string {
  const match = isoDate.exec(text);
  if (!match) throw new ParamValueError("not a date in the form YYYY-MM-DD");
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  checkYearMonth(year, month);
  if (day < 1 || day > daysInMonth(year, month)) {
    throw new ParamValueError(`${match[1]}-${match[2]} has no day ${day}`);
  }
  return text;
}

export function checkYearMonth(year: number, month: number): void {
  if (year < 1) throw new ParamValueError("year 0 is not supported");
  if (month < 1 || month > 12) throw new ParamValueError(`there is no month ${month}`);
}

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`. */
export function dayNumber(isoDateText: string): number {
  const [year, month, day] = isoDateText.split("-").map(Number);
  return dayNumberOf(year ?? 1970, month ?? 1, day ?? 1);
}

/** The `YYYY-MM-DD` of a day number. */
export function dateOfDayNumber(days: number): string {
  return utcDateText(new Date(days * dayMs));
}

/** The date `days` after (or before, when negative) a `YYYY-MM-DD`. */
export function addDays(isoDateText: string, days: number): string {
  return dateOfDayNumber(dayNumber(isoDateText) + days);
}

/** The UTC calendar date of an instant. */
export function utcDateText(date: Date): string {
  return utcIsoText(date).slice(0, 10);
}

/** `YYYY-MM-DDTHH:MM:SSZ` of an instant, cut to whole seconds. */
export function utcDateTimeText(date: Date): string {
  return `${utcIsoText(date).slice(0, 19)}Z`;
}

function utcIsoText(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new ParamValueError("an invalid Date");
  const year = date.getUTCFullYear();
  // toISOString writes other years as +275760 or -000001, which no `YYYY-` reader accepts.
  if (year < 1 || year > 9999) throw new ParamValueError(`year ${year} is outside 1 to 9999`);
  return date.toISOString();
}
