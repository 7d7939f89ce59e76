import { describe, expect, test } from "vitest";
import { labelOfGroup, loadCorpus, toMessages } from "../src/corpus.js";

describe("corpus", () => {
  test("labels the SpamAssassin groups: spam-* are spam, *-ham-* are ham", () => {
    expect(["spam-1", "spam-2", "easy-ham-1", "easy-ham-2", "hard-ham-1"].map(labelOfGroup)).toEqual(["spam", "spam", "ham", "ham", "ham"]);
    expect(() => labelOfGroup("other")).toThrow(/Unknown SpamAssassin group "other"/);
  });

  test("turns raw e-mails into messages with a corpus-wide id", () => {
    expect(toMessages([{ id: "00042", group: "spam-2", text: "Subject: Win\n\nNow!" }])).toEqual([{ id: "spam-2/00042", label: "spam", subject: "Win", body: "Now!" }]);
  });

  test("loads the whole corpus shipped by the npm package: 6,046 e-mails of which 1,896 spam", () => {
    const messages = loadCorpus();
    expect(messages).toHaveLength(6046);
    expect(messages.filter((m) => m.label === "spam")).toHaveLength(1896);
    expect(new Set(messages.map((m) => m.id)).size).toBe(6046);
    // Parsing worked: almost every message has a body.
    expect(messages.filter((m) => m.body.trim() === "").length).toBeLessThan(20);
  });
});
