import { ParamValueError } from "./param.js";

/** Milliseconds per unit, largest first: compact text must list units in this order. */
const units = [
  ["w", 604_800_000],
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
  ["ms", 1],
] as const;
const unitMs = new Map<string, number>(units);
const unitOrder = units.map(([unit]) => unit as string);

const bareNumber = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const compactPart = /\s*(\d+(?:\.\d+)?)\s*(ms|[wdhms])/y;
const isoDuration =
  /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/**
 * Milliseconds from `250ms`, `30s`, `5m`, `1h30m`, `2d`, `1w`, `1.5h` or ISO 8601 `PT1H30M`, `P1D`.
 * A bare number is refused: `30` could mean seconds or milliseconds. Throws `ParamValueError`.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === "") throw new ParamValueError("empty (give a duration such as 30s)");
  if (trimmed.startsWith("-")) throw new ParamValueError("a duration cannot be negative");
  if (bareNumber.test(trimmed)) throw new ParamValueError(`a number needs a unit, e.g. ${trimmed}s or ${trimmed}ms`);
  return /^p/i.test(trimmed) ? parseIso(trimmed.toUpperCase()) : parseCompact(trimmed.toLowerCase());
}

/** Canonical compact text: `1h30m`, `250ms`, `1d2h`, `0s`. Rounds to whole milliseconds. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return "0s";
  let text = ms < 0 ? "-" : "";
  for (const [unit, size] of units) {
    if (unit === "w") continue; // 14d reads better than 2w in logs and ids
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}

function parseCompact(text: string): number {
  compactPart.lastIndex = 0;
  let total = 0;
  let lastUnit = -1;
  let match: RegExpExecArray | null;
  while (compactPart.lastIndex < text.length && (match = compactPart.exec(text))) {
    const [, amount = "", unit = ""] = match;
    const position = unitOrder.indexOf(unit);
    if (position <= lastUnit) throw new ParamValueError(`units must go from largest to smallest, each once (e.g. 1h30m)`);
    lastUnit = position;
    total += amountMs(amount, unitMs.get(unit) ?? 1);
  }
  if (lastUnit === -1 || compactPart.lastIndex !== text.length) {
    throw new ParamValueError("not a duration (use e.g. 250ms, 30s, 5m, 1h30m, 2d or PT1H30M)");
  }
  return checkedTotal(total);
}

function parseIso(text: string): number {
  const match = isoDuration.exec(text);
  const parts = match?.slice(1) ?? [];
  if (!match || parts.every((part) => part === undefined) || text.endsWith("T")) {
    throw new ParamValueError("not an ISO 8601 duration (e.g. PT1H30M or P1D)");
  }
  const [years, months, weeks, days, hours, minutes, seconds] = parts;
  if (years !== undefined || months !== undefined) {
    throw new ParamValueError("years and months have no fixed length; use days or weeks (e.g. P30D)");
  }
  const sizes = [604_800_000, 86_400_000, 3_600_000, 60_000, 1_000];
  const amounts = [weeks, days, hours, minutes, seconds];
  let total = 0;
  amounts.forEach((amount, i) => {
    if (amount !== undefined) total += amountMs(amount.replace(",", "."), sizes[i] ?? 1);
  });
  return checkedTotal(total);
}

/** `amount` units in ms, computed on the digits so `1.1s` is 1100 and not 1100.0000000000002. */
function amountMs(amount: string, size: number): number {
  const [whole = "0", fraction = ""] = amount.split(".");
  const scale = 10 ** fraction.length;
  const fractionMs = Number(fraction || "0") * size;
  if (fractionMs % scale !== 0) throw new ParamValueError("finer than a millisecond");
  return Number(whole) * size + fractionMs / scale;
}

function checkedTotal(total: number): number {
  if (!Number.isSafeInteger(total)) throw new ParamValueError("too long");
  return total;
}
