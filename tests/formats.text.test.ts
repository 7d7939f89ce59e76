import { describe, expect, it } from "vitest";
import { bytes, text } from "../src/formats/index.js";

describe("text()", () => {
  it("round-trips UTF-8 text with accents, emoji and newlines", () => {
    const format = text();
    const value = "Zürich → 東京 🚆\nsecond line\n";
    const encoded = format.encode(value);
    expect(Buffer.from(encoded).toString("utf8")).toBe(value);
    expect(format.decode(Buffer.from(encoded))).toBe(value);
  });

  it("names itself text with the txt extension", () => {
    expect(text()).toMatchObject({ name: "text", extension: "txt" });
  });
});

describe("bytes()", () => {
  it("returns the exact bytes written, including ones that are not valid UTF-8", () => {
    const format = bytes();
    const value = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41]);
    const decoded = format.decode(Buffer.from(format.encode(value)));
    expect(Buffer.isBuffer(decoded)).toBe(true);
    expect([...decoded]).toEqual([0x00, 0xff, 0xfe, 0x80, 0x41]);
  });
});
