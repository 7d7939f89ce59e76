import { describe, expect, it } from "vitest";
import { isPipewrightError, type PipewrightError } from "../src/errors.js";
import { csv } from "../src/formats/index.js";

function decodeError(run: () => unknown): PipewrightError {
  try {
    run();
  } catch (error) {
    if (isPipewrightError(error)) return error;
    throw error;
  }
  throw new Error("expected a PipewrightError");
}

describe("csv()", () => {
  it("writes a header row and one line per row", () => {
    expect(csv().encode([{ city: "Oslo", country: "NO" }, { city: "Lima", country: "PE" }])).toBe("city,country\nOslo,NO\nLima,PE\n");
  });

  it("quotes commas, quotes and newlines and reads them back unchanged", () => {
    const format = csv();
    const rows = [{ name: "Smith, Jane", quote: 'She said "hi"', note: "line one\nline two" }];
    const encoded = format.encode(rows);
    expect(encoded).toBe('name,quote,note\n"Smith, Jane","She said ""hi""","line one\nline two"\n');
    expect(format.decode(Buffer.from(encoded))).toEqual(rows);
  });

  it("reads every cell as text unless cast is on", () => {
    expect(csv().decode(Buffer.from("n,flag,empty\n42,true,\n"))).toEqual([{ n: "42", flag: "true", empty: "" }]);
  });

  it("with cast, turns numeric text into numbers, true/false into booleans and empty cells into null", () => {
    type Row = { int: number; neg: number; exp: number; yes: boolean; no: boolean; none: null; word: string; zip: string };
    const rows = csv<Row>({ cast: true }).decode(Buffer.from("int,neg,exp,yes,no,none,word,zip\n42,-1.5,2e3,true,false,,forty,007\n"));
    expect(rows).toEqual([{ int: 42, neg: -1.5, exp: 2000, yes: true, no: false, none: null, word: "forty", zip: "007" }]);
  });

  it("with cast, round-trips numbers, booleans and null", () => {
    const format = csv<{ id: number; ok: boolean; score: number | null; label: string }>({ cast: true });
    const rows = [
      { id: 1, ok: true, score: 0.25, label: "a, b" },
      { id: 2, ok: false, score: null, label: "c" },
    ];
    const encoded = format.encode(rows);
    expect(encoded).toBe('id,ok,score,label\n1,true,0.25,"a, b"\n2,false,,c\n');
    expect(format.decode(Buffer.from(encoded))).toEqual(rows);
  });

  it("writes declared columns in their order, including for an empty list", () => {
    const format = csv({ columns: ["b", "a"] });
    expect(format.encode([{ a: "1", b: "2" }])).toBe("b,a\n2,1\n");
    expect(format.encode([])).toBe("b,a\n");
    expect(format.decode(Buffer.from("b,a\n"))).toEqual([]);
  });

  it("uses every key seen in any row as a column when none are declared", () => {
    expect(csv<Record<string, string>>().encode([{ a: "1" }, { a: "2", b: "x" }])).toBe("a,b\n1,\n2,x\n");
  });

  it("reads a header with a byte-order mark and skips blank lines", () => {
    expect(csv().decode(Buffer.from("\uFEFFa,b\n1,2\n\n3,4\n"))).toEqual([
      { a: "1", b: "2" },
      { a: "3", b: "4" },
    ]);
  });

  it("fails with a format_error naming the missing columns when the header lacks a declared one", () => {
    const error = decodeError(() => csv({ columns: ["id", "score"] }).decode(Buffer.from("id,name\n1,x\n")));
    expect(error.code).toBe("format_error");
    expect(error.message).toContain("score");
  });

  it("fails with a format_error that keeps the parser's error when a row has too many cells", () => {
    const error = decodeError(() => csv().decode(Buffer.from("a,b\n1,2,3\n")));
    expect(error.code).toBe("format_error");
    expect(error.cause).toMatchObject({ code: "CSV_RECORD_INCONSISTENT_COLUMNS" });
  });
});
