import { describe, expectTypeOf, test } from "vitest";
import { json, localFile, param, task, text } from "../src/index.js";

const numbers = task("numbers", {
  params: { n: param.int() },
  output: ({ n }) => localFile(`data/numbers-${n}.json`, json<number[]>()),
  async run({ params, output }) {
    expectTypeOf(params.n).toEqualTypeOf<number>();
    await output.write([params.n]);
  },
});

describe("type inference of the authoring API", () => {
  test("input mirrors a single requirement as its output target", () => {
    task("single", {
      params: { n: param.int() },
      requires: ({ n }) => numbers({ n }),
      output: () => localFile("x.txt"),
      async run({ input, output }) {
        expectTypeOf(await input.read()).toEqualTypeOf<number[]>();
        expectTypeOf(output.write).parameter(0).toEqualTypeOf<string>();
        expectTypeOf(output.path).toEqualTypeOf<string>();
      },
    });
  });
});

describe("type inference of requires shapes", () => {
  test("a named map of requirements gives a named map of inputs", () => {
    const label = task("label", {
      output: () => localFile("label.txt", text()),
      run: async ({ output }) => output.write("x"),
    });
    task("mapped", {
      params: { n: param.int({ default: 2 }) },
      requires: ({ n }) => ({ nums: numbers({ n }), label: label() }),
      output: () => ({ a: localFile("a.json", json<{ ok: boolean }>()), b: localFile("b.txt") }),
      async run({ input, output, params }) {
        expectTypeOf(params.n).toEqualTypeOf<number>();
        expectTypeOf(await input.nums.read()).toEqualTypeOf<number[]>();
        expectTypeOf(await input.label.read()).toEqualTypeOf<string>();
        expectTypeOf(output.a.write).parameter(0).toEqualTypeOf<{ ok: boolean }>();
      },
    });
  });

  test("a list of requirements gives a list of inputs, and require() is typed like requires", () => {
    task("listed", {
      requires: () => [numbers({ n: 1 }), numbers({ n: 2 })],
      output: () => localFile("sum.json", json<number>()),
      async run({ input, output, require }) {
        const first = input[0];
        expectTypeOf(first).not.toBeNever();
        expectTypeOf(await input[0]!.read()).toEqualTypeOf<number[]>();
        const more = await require({ extra: numbers({ n: 5 }) });
        expectTypeOf(await more.extra.read()).toEqualTypeOf<number[]>();
        await output.write(0);
      },
    });
  });

  test("calling a factory requires parameters without defaults and rejects unknown ones", () => {
    expectTypeOf(numbers).parameter(0).toEqualTypeOf<{ readonly n: number }>();
    const misuses = () => {
      // @ts-expect-error n is required
      numbers({});
      // @ts-expect-error m is not a parameter
      numbers({ n: 1, m: 2 });
    };
    expectTypeOf(misuses).toBeFunction();
  });
});
