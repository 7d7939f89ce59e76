import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { Format } from "./format.js";
import { decoding, encoding, formatError } from "./format-error.js";

/** A CSV cell once decoded: text, or with `cast` a number, boolean or null. */
export type CsvCell = string | number | boolean | null;

export interface CsvOptions {
  /**
   * Decode numeric text (`42`, `-1.5`, `2e3`) to numbers, `true`/`false` to booleans and empty
   * cells to null. Text with a leading zero (`007`, a zip code) stays text: a number would lose it.
   * Off by default, since a cast changes strings such as `"42"` into `42` on a round trip.
   */
  readonly cast?: boolean;
  /**
   * Column order when encoding (also written when there are no rows). When decoding, the header
   * must name each of these columns. Default: the keys of the rows in order of first appearance.
   */
  readonly columns?: readonly string[];
}

const numeric = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Comma-separated rows with a header line. Cells with commas, quotes or newlines are quoted.
 * Encoding writes numbers as digits, booleans as `true`/`false` and null as an empty cell.
 * @example localFile("data/sales.csv", csv<{ region: string; total: number }>({ cast: true }))
 */
export function csv<Row extends Record<string, CsvCell> = Record<string, CsvCell>>(options: CsvOptions & { readonly cast: true }): Format<Row[]>;
export function csv<Row extends Record<string, CsvCell> = Record<string, string>>(options?: CsvOptions): Format<Row[]>;
export function csv<Row extends Record<string, CsvCell>>(options: CsvOptions = {}): Format<Row[]> {
  const declared = options.columns === undefined ? undefined : [...options.columns];
  return Object.freeze({
    name: "csv",
    extension: "csv",
    encode(rows: Row[]): string {
      return encoding("csv", () => {
        const columns = declared ?? columnsOf(rows);
        if (columns.length === 0) return "";
        return stringify(rows, {
          header: true,
          columns,
          // The library's default writes booleans as 1/"" which would not read back as booleans.
          cast: { boolean: (value: boolean) => (value ? "true" : "false") },
        });
      });
    },
    decode(raw: Buffer): Row[] {
      const rows = decoding("csv", () =>
        parse<Record<string, CsvCell>>(raw, {
          bom: true,
          columns: (header: string[]) => {
            checkHeader(header, declared);
            return header;
          },
          skip_empty_lines: true,
          ...(options.cast === true ? { cast: castCell } : {}),
        }),
      );
      return rows as Row[];
    },
  });
}

function castCell(value: string): CsvCell {
  if (value === "") return null;
  if (value === "true") return true;
  if (value === "false") return false;
  if (numeric.test(value)) {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
  }
  return value;
}

function columnsOf(rows: readonly Record<string, CsvCell>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function checkHeader(header: readonly string[], declared: readonly string[] | undefined): void {
  if (declared === undefined) return;
  const missing = declared.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw formatError("csv", `The CSV header lacks column(s) ${missing.join(", ")} (found: ${header.join(", ")}). Write those columns or change the declared columns.`, {
      context: { missing, header },
    });
  }
}
