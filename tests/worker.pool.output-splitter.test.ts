import { describe, expect, it } from "vitest";
import { OutputSplitter } from "../src/worker/pool/output-splitter.js";

/** Feeds chunks and returns what was passed on, with each marker shown as `|`. */
function split(chunks: readonly string[], marker = "<END>"): string {
  let seen = "";
  const splitter = new OutputSplitter(marker, (text) => (seen += text), () => (seen += "|"));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return seen;
}

describe("OutputSplitter", () => {
  it("passes text on and reports each marker in its place", () => {
    expect(split(["first attempt\n<END>second<END>"])).toBe("first attempt\n|second|");
  });

  it("finds a marker split across chunks", () => {
    expect(split(["one <E", "N", "D> two"])).toBe("one | two");
  });

  it("passes on held-back text that turned out not to be a marker", () => {
    expect(split(["a <EN", "x b"])).toBe("a <ENx b");
    expect(split(["ends with <EN"])).toBe("ends with <EN");
  });

  it("passes text on as it arrives, holding back only what could start a marker", () => {
    const seen: string[] = [];
    const splitter = new OutputSplitter("<END>", (text) => seen.push(text), () => seen.push("|"));
    splitter.push("progress 10%\n");
    splitter.push("progress 20%\n<");
    expect(seen).toEqual(["progress 10%\n", "progress 20%\n"]);
  });
});
