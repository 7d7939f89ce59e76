import { describe, expect, test } from "vitest";
import { param } from "../src/params/index.js";

const reason = (message: string) => expect.objectContaining({ name: "ParamValueError", message });

describe("param.bool", () => {
  test("reads true/false, yes/no, on/off and 1/0 in any case", () => {
    const p = param.bool();
    for (const text of ["true", "YES", "On", "1", " true "]) expect(p.parse(text)).toBe(true);
    for (const text of ["false", "no", "OFF", "0"]) expect(p.parse(text)).toBe(false);
  });

  test("rejects other words and non-boolean values", () => {
    const p = param.bool();
    expect(() => p.parse("maybe")).toThrow(reason("not true or false"));
    expect(() => p.coerce(1)).toThrow(reason("got a number, not true or false"));
    expect(p.coerce("yes")).toBe(true);
  });

  test("writes ids as true or false", () => {
    const p = param.bool();
    expect(p.toIdText(true)).toBe("true");
    expect(p.toIdText(false)).toBe("false");
  });
});

describe("param.string", () => {
  test("keeps text exactly as given", () => {
    expect(param.string().parse("  two words ")).toBe("  two words ");
  });

  test("checks the pattern, the same way on every call even with the g flag", () => {
    const p = param.string({ pattern: /^v\d+$/g });
    expect(p.parse("v1")).toBe("v1");
    expect(p.parse("v2")).toBe("v2");
    expect(() => p.parse("x1")).toThrow(reason("does not match /^v\\d+$/"));
    expect(p.expected).toBe("text matching /^v\\d+$/");
  });

  test("rejects a number from config instead of guessing it meant text", () => {
    expect(() => param.string().coerce(2)).toThrow(reason("got a number, not text (quote it in config files)"));
  });

  test("writes plain text as is in ids and quotes anything that could be misread", () => {
    const p = param.string();
    expect(p.toIdText("eu-west_1.v2:a/b@c+d")).toBe("eu-west_1.v2:a/b@c+d");
    expect(p.toIdText("a,b")).toBe('"a,b"');
    expect(p.toIdText("two words")).toBe('"two words"');
    expect(p.toIdText("")).toBe('""');
  });
});

describe("param.enum", () => {
  test("accepts exactly the listed choices and lists them in the expected form", () => {
    const p = param.enum(["train", "test"]);
    expect(p.parse("test")).toBe("test");
    expect(p.coerce("train")).toBe("train");
    expect(p.expected).toBe("one of: train, test");
  });

  test("rejects other text with a suggestion when one is close", () => {
    const p = param.enum(["train", "test"]);
    expect(() => p.parse("tran")).toThrow(reason('not one of the choices (did you mean "train"?)'));
    expect(() => p.parse("Train")).toThrow(reason('not one of the choices (did you mean "train"?)'));
    expect(() => p.parse("validation")).toThrow(reason("not one of the choices"));
    expect(() => p.coerce(1)).toThrow(reason("got a number, not one of the choices"));
  });

  test("refuses an empty or repeated list of choices when declared", () => {
    const invalidDefinition = expect.objectContaining({ name: "PipewrightError", code: "invalid_definition" });
    expect(() => param.enum([])).toThrow(invalidDefinition);
    expect(() => param.enum(["a", "a"])).toThrow(invalidDefinition);
    expect(() => param.enum(["a", ""])).toThrow(invalidDefinition);
  });
});
