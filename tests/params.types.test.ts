import { describe, expect, expectTypeOf, test } from "vitest";
import { param, type DateInterval, type Param, type ParamInput, type ParamValues, type ValueOf, type ParamInputOf } from "../src/params/index.js";

// These tests are checked by `tsc`; at run time they only confirm the objects exist.
describe("parameter types", () => {
  test("an enum's value type is the union of its choices", () => {
    const split = param.enum(["a", "b"]);
    expectTypeOf<ValueOf<typeof split>>().toEqualTypeOf<"a" | "b">();
    // @ts-expect-error -- a default must be one of the choices
    expect(() => param.enum(["a", "b"], { default: "c" })).toThrow();
  });

  test("a default makes a parameter optional in the input and required in the values", () => {
    const specs = { n: param.int(), w: param.int({ default: 7 }) };
    expectTypeOf<ParamInput<typeof specs>>().toEqualTypeOf<{ readonly n: number; readonly w?: number }>();
    expectTypeOf<ParamValues<typeof specs>>().toEqualTypeOf<{ readonly n: number; readonly w: number }>();
    expect(specs.w.defaultValue).toBe(7);
  });

  test("HasDefault is true exactly when the options carry a default", () => {
    expectTypeOf(param.int()).toEqualTypeOf<Param<number, false, number>>();
    expectTypeOf(param.int({ min: 1 })).toEqualTypeOf<Param<number, false, number>>();
    expectTypeOf(param.int({ default: 7 })).toEqualTypeOf<Param<number, true, number>>();
    expectTypeOf(param.duration({ default: "30s" })).toEqualTypeOf<Param<number, true, number | string>>();
    expectTypeOf(param.json<{ depth: number }>()).toEqualTypeOf<Param<{ depth: number }, false, { depth: number }>>();
    expectTypeOf(param.json<{ depth: number }>({ default: { depth: 3 } })).toEqualTypeOf<Param<{ depth: number }, true, { depth: number }>>();
  });

  test("dates accept a string or a Date as input and give a string", () => {
    const date = param.date();
    expectTypeOf<ParamInputOf<typeof date>>().toEqualTypeOf<string | Date>();
    expectTypeOf<ValueOf<typeof date>>().toEqualTypeOf<string>();
    const specs = { day: date };
    expectTypeOf<{ day: Date }>().toMatchTypeOf<ParamInput<typeof specs>>();
    expectTypeOf<{ day: number }>().not.toMatchTypeOf<ParamInput<typeof specs>>();
  });

  test("lists carry their item's value and input types", () => {
    const days = param.list(param.date());
    expectTypeOf<ValueOf<typeof days>>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<ParamInputOf<typeof days>>().toEqualTypeOf<readonly string[] | readonly (string | Date)[]>();
    const modes = param.list(param.enum(["fast", "slow"]), { default: ["fast"] });
    expectTypeOf<ValueOf<typeof modes>>().toEqualTypeOf<readonly ("fast" | "slow")[]>();
    expectTypeOf(modes.hasDefault).toEqualTypeOf<true>();
  });

  test("each kind gives the value type run() sees", () => {
    const specs = {
      rate: param.float(),
      dry: param.bool({ default: false }),
      name: param.string(),
      at: param.datetime(),
      period: param.dateInterval(),
      timeout: param.duration(),
      config: param.json(),
      file: param.path(),
    };
    type Values = ParamValues<typeof specs>;
    expectTypeOf<Values["rate"]>().toEqualTypeOf<number>();
    expectTypeOf<Values["dry"]>().toEqualTypeOf<boolean>();
    expectTypeOf<Values["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Values["at"]>().toEqualTypeOf<string>();
    expectTypeOf<Values["period"]>().toEqualTypeOf<DateInterval>();
    expectTypeOf<Values["timeout"]>().toEqualTypeOf<number>();
    expectTypeOf<Values["file"]>().toEqualTypeOf<string>();
    expect(Object.keys(specs)).toHaveLength(8);
  });
});
