import { describe, expect, test } from "vitest";
import { cleanMessages, cleanText, tokenize } from "../src/clean.js";
import type { Message } from "../src/corpus.js";

describe("cleanText", () => {
  test("lower-cases, strips HTML and decodes entities", () => {
    expect(cleanText("Great OFFER", "<html><style>p { color: red }</style><p>Buy&nbsp;NOW &amp; save</p><!-- hidden --></html>")).toBe("great offer buy now save");
  });

  test("replaces links, e-mail addresses, money and numbers by placeholder words", () => {
    expect(cleanText("", "Visit http://example.com/x?y=1 or www.shop.biz, mail me@example.org: $1,000.50 for 3 items")).toBe(
      "visit url or url mail emailaddr dollar number for number items",
    );
  });

  test("drops one-letter words and very long junk words", () => {
    expect(cleanText("a b ok", `x ${"q".repeat(21)} fine`)).toBe("ok fine");
  });
});

describe("tokenize", () => {
  test("splits a cleaned text into words; an empty text has none", () => {
    expect(tokenize("buy now")).toEqual(["buy", "now"]);
    expect(tokenize("")).toEqual([]);
  });
});

describe("cleanMessages", () => {
  const message = (id: string, body: string, label: "spam" | "ham" = "ham"): Message => ({ id, label, subject: "", body });

  test("keeps messages in order and drops empty ones and exact duplicates", () => {
    const result = cleanMessages([
      message("a", "Meeting at noon tomorrow"),
      message("b", "<img src='x.gif'>"),
      message("c", "meeting AT noon tomorrow!", "spam"),
      message("d", "Lunch is on me today"),
    ]);
    expect(result.messages).toEqual([
      { id: "a", label: "ham", text: "meeting at noon tomorrow" },
      { id: "d", label: "ham", text: "lunch is on me today" },
    ]);
    expect(result.dropped).toEqual({ empty: 1, duplicate: 1 });
  });
});
