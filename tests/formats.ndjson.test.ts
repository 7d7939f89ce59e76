import { describe, expect, it } from "vitest";
import { isPipewrightError, type PipewrightError } from "../src/errors.js";
import { ndjson } from "../src/formats/index.js";

describe("ndjson()", () => {
  it("writes one compact JSON value per line with a trailing newline", () => {
    const encoded = ndjson<{ id: number; note: string }>().encode([
      { id: 1, note: "first\nline" },
      { id: 2, note: "second" },
    ]);
    expect(encoded).toBe('{"id":1,"note":"first\\nline"}\n{"id":2,"note":"second"}\n');
  });

  it("reads back what it wrote, newlines inside strings included", () => {
    const format = ndjson<{ id: number; note: string }>();
    const records = [
      { id: 1, note: "multi\nline" },
      { id: 2, note: "" },
    ];
    expect(format.decode(Buffer.from(format.encode(records)))).toEqual(records);
  });

  it("writes an empty list as an empty file and reads it back as an empty list", () => {
    const format = ndjson<number>();
    expect(format.encode([])).toBe("");
    expect(format.decode(Buffer.from(""))).toEqual([]);
  });

  it("skips blank lines and Windows line endings when reading", () => {
    expect(ndjson().decode(Buffer.from('{"a":1}\r\n\r\n   \n{"a":2}\n\n'))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("names the line number of a bad line", () => {
    let caught: unknown;
    try {
      ndjson().decode(Buffer.from('{"a":1}\n\n{"a":\n'));
    } catch (error) {
      caught = error;
    }
    expect(isPipewrightError(caught, "format_error")).toBe(true);
    expect((caught as PipewrightError).message).toContain("Line 3");
    expect((caught as PipewrightError).context).toMatchObject({ line: 3 });
    expect((caught as PipewrightError).cause).toBeInstanceOf(SyntaxError);
  });
});
