import { describe, expectTypeOf, test } from "vitest";
import { json, localFile, memory, ndjson, param, task, text, type TaskInstance } from "pipewright";
import { runTask, stub, type InputData, type OutputData, type TaskRun } from "pipewright/testing";

interface Row {
  readonly id: number;
  readonly score: number;
}

const clean = task("clean", {
  params: { date: param.date() },
  output: ({ date }) => localFile(`data/clean/${date}.ndjson`, ndjson<Row>()),
});
const pair = task("pair", {
  output: () => ({ model: localFile("model.json", json<{ weights: number[] }>()), notes: localFile("notes.txt", text()) }),
});
const features = task("features", {
  params: { date: param.date(), window: param.int({ default: 7 }) },
  requires: ({ date }) => ({ clean: clean({ date }), trained: pair() }),
  output: ({ date }) => ({ table: localFile(`data/features/${date}.json`, json<number[]>()), count: memory<number>("count") }),
  async run({ input, output }) {
    const rows = await input.clean.read();
    await output.table.write(rows.map((r) => r.score));
    await output.count.write(rows.length);
  },
});

// Task instances carry their requirements' type: `requires()` is typed from the definition.
type TypedFeatures = ReturnType<typeof features>;

describe("runTask types", () => {
  test("inputs are typed from a plain task() instance's requires", () => {
    expectTypeOf<InputData<ReturnType<typeof features>>>().toEqualTypeOf<{
      readonly clean: Row[];
      readonly trained: { readonly model: { weights: number[] }; readonly notes: string };
    }>();
    const wrong = () =>
      // @ts-expect-error clean rows must be Row objects
      runTask(features({ date: "2024-01-01" }), { inputs: { clean: ["not a row"], trained: { model: { weights: [] }, notes: "" } } });
    expectTypeOf(wrong).toBeFunction();
  });

  test("outputs mirror the task's output shape as data", () => {
    const run = () => runTask(features({ date: "2024-01-01" }));
    expectTypeOf(run).returns.resolves.toEqualTypeOf<TaskRun<ReturnType<typeof features>>>();
    expectTypeOf<OutputData<ReturnType<typeof features>>>().toEqualTypeOf<{ readonly table: number[]; readonly count: number }>();
    expectTypeOf<OutputData<ReturnType<typeof clean>>>().toEqualTypeOf<Row[]>();
  });

  test("inputs mirror the requires shape, each task replaced by its outputs' data", () => {
    expectTypeOf<InputData<TypedFeatures>>().toEqualTypeOf<{
      readonly clean: Row[];
      readonly trained: { readonly model: { weights: number[] }; readonly notes: string };
    }>();
    type One = TaskInstance<{}, undefined> & { requires(): ReturnType<typeof clean> };
    expectTypeOf<InputData<One>>().toEqualTypeOf<Row[]>();
    type List = TaskInstance<{}, undefined> & { requires(): [ReturnType<typeof clean>, ReturnType<typeof pair>] };
    expectTypeOf<InputData<List>>().toEqualTypeOf<readonly [Row[], { readonly model: { weights: number[] }; readonly notes: string }]>();
    type None = TaskInstance<{}, undefined> & { requires(): undefined };
    expectTypeOf<InputData<None>>().toEqualTypeOf<undefined>();
  });

  test("a wrong input shape is a type error", () => {
    const typed = features({ date: "2024-01-01" }) as TypedFeatures;
    const misuse = () => {
      // @ts-expect-error score must be a number
      void runTask(typed, { inputs: { clean: [{ id: 1, score: "high" }], trained: { model: { weights: [] }, notes: "" } } });
      // @ts-expect-error the requirement is named clean, not rows
      void runTask(typed, { inputs: { rows: [], trained: { model: { weights: [] }, notes: "" } } });
    };
    expectTypeOf(misuse).toBeFunction();
  });

  test("stub data is typed from the task's outputs and parameters", () => {
    expectTypeOf(stub(clean, [{ id: 1, score: 0.5 }])).not.toBeNever();
    expectTypeOf(stub(clean, ({ date }) => [{ id: date.length, score: 0 }])).not.toBeNever();
    const misuse = () => {
      // @ts-expect-error id must be a number
      stub(clean({ date: "2024-01-01" }), [{ id: "x", score: 1 }]);
      // @ts-expect-error a map of outputs takes a map of data
      stub(pair, { model: { weights: [1] } });
    };
    expectTypeOf(misuse).toBeFunction();
  });
});
