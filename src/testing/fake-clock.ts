import { PipewrightError } from "../errors.js";

/** A clock a test controls: pass it (or its `now`) as the `now` option of runTask, runPipeline, build. */
export interface FakeClock {
  /** Milliseconds since the epoch; a plain function, so `now: clock.now` works too. */
  readonly now: () => number;
  /** The current time as a Date. */
  readonly date: () => Date;
  /** The current UTC day as `YYYY-MM-DD` (what a `param.date()` holds). */
  readonly today: () => string;
  /** Moves the clock forward (or back, with a negative number) by `ms` milliseconds. */
  readonly advance: (ms: number) => void;
  /** Sets the clock to a time: a Date, an ISO text or milliseconds since the epoch. */
  readonly set: (time: Date | string | number) => void;
}

/** The instant every test clock starts at unless told otherwise. */
export const defaultTestTime = "2024-01-01T00:00:00.000Z";

/**
 * A clock that only moves when the test moves it, so "today" and timestamps are the same on
 * every run.
 *
 * @example
 * const clock = fakeClock("2024-03-01T09:00:00Z");
 * const { outputs } = await runTask(stamp(), { now: clock });
 * clock.advance(24 * 60 * 60 * 1000); // the next day
 */
export function fakeClock(start: Date | string | number = defaultTestTime): FakeClock {
  let current = toMillis(start);
  return Object.freeze({
    now: () => current,
    date: () => new Date(current),
    today: () => new Date(current).toISOString().slice(0, 10),
    advance: (ms: number) => {
      if (!Number.isFinite(ms)) throw new PipewrightError("bad_usage", `fakeClock().advance() takes a number of milliseconds, got ${String(ms)}.`);
      current += ms;
    },
    set: (time: Date | string | number) => {
      current = toMillis(time);
    },
  });
}

/** What the toolkit's `now` options accept: a clock, a function giving milliseconds, or a fixed instant. */
export type ClockInput = FakeClock | (() => number) | Date | string | number;

/** A `() => milliseconds` for any ClockInput; undefined gives the fixed default test time. */
export function toClock(input: ClockInput | undefined): () => number {
  if (input === undefined) return fakeClock().now;
  if (typeof input === "function") return input;
  if (typeof input === "object" && !(input instanceof Date)) return input.now;
  const fixed = toMillis(input);
  return () => fixed;
}

function toMillis(time: Date | string | number): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === "string" ? Date.parse(time) : time;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new PipewrightError("bad_usage", `Not a time: ${JSON.stringify(String(time))}. Give a Date, an ISO text such as "2024-01-01T00:00:00Z", or milliseconds since the epoch.`);
  }
  return ms;
}
