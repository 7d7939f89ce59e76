import { describe, expect, test } from "vitest";
import { param, ParamValueError } from "../src/params/index.js";

const invalidDefinition = (message: string | RegExp) =>
  expect.objectContaining({ name: "PipewrightError", code: "invalid_definition", message: expect.stringMatching(message) });

describe("declaring parameters", () => {
  test("a parameter without a default is required and has no default value", () => {
    const p = param.int();
    expect(p.hasDefault).toBe(false);
    expect(p.defaultValue).toBeUndefined();
  });

  test("a default is coerced like any value and makes the parameter optional", () => {
    const p = param.date({ default: new Date("2024-01-31T12:00:00Z") });
    expect(p.hasDefault).toBe(true);
    expect(p.defaultValue).toBe("2024-01-31");
    expect(param.bool({ default: false }).hasDefault).toBe(true);
  });

  test("an undefined default leaves the parameter required", () => {
    expect(param.int({ default: undefined }).hasDefault).toBe(false);
  });

  test("a bad default fails when declared, naming the reason and the expected form", () => {
    expect(() => param.int({ default: 1.5 })).toThrow(
      invalidDefinition("Invalid int parameter: its default 1.5 is invalid: not a whole number. Give a default that is an integer such as 7."),
    );
    expect(() => param.int({ default: 0, min: 1 })).toThrow(invalidDefinition("below the minimum 1"));
    expect(() => param.date({ default: "2024-02-30" })).toThrow(invalidDefinition("2024-02 has no day 30"));
    expect(() => param.json<{ f: symbol }>({ default: { f: Symbol("x") } })).toThrow(invalidDefinition("a symbol at \\$.f is not JSON"));
  });

  test("the error for a bad default keeps the reason as its cause and the default in its context", () => {
    try {
      param.enum(["a", "b"], { default: "c" as "a" });
      expect.unreachable("the default is not a choice");
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid_definition", context: { kind: "enum", default: "c" } });
      expect((error as Error).cause).toBeInstanceOf(ParamValueError);
    }
  });

  test("a misspelt or unknown option fails instead of being ignored", () => {
    // @ts-expect-error -- "defualt" is not an option; the point is the runtime check
    expect(() => param.int({ defualt: 7 })).toThrow(invalidDefinition('unknown option "defualt"'));
    expect(() => param.string({ min: 1 } as object)).toThrow(invalidDefinition('unknown option "min"'));
  });

  test("contradictory bounds fail when declared", () => {
    expect(() => param.float({ min: 2, max: 1 })).toThrow(invalidDefinition('"min" \\(2\\) is greater than "max" \\(1\\)'));
    expect(() => param.int({ max: Number.NaN })).toThrow(invalidDefinition('"max" must be a finite number'));
  });

  test("significant and description are kept, significant by default", () => {
    expect(param.string().significant).toBe(true);
    const p = param.enum(["debug", "info"], { default: "info", significant: false, description: "log level" });
    expect(p.significant).toBe(false);
    expect(p.description).toBe("log level");
  });

  test("every factory reports its kind", () => {
    const kinds = [
      param.int(), param.float(), param.bool(), param.string(), param.enum(["a"]), param.date(), param.datetime(),
      param.dateInterval(), param.duration(), param.list(param.int()), param.json(), param.path(),
    ].map((p) => p.kind);
    expect(kinds).toEqual(["int", "float", "bool", "string", "enum", "date", "datetime", "dateInterval", "duration", "list", "json", "path"]);
  });

  test("parameters are frozen so one declaration cannot be changed by a task that shares it", () => {
    expect(Object.isFrozen(param.int({ default: 7 }))).toBe(true);
  });
});
