import { describe, expect, test } from "vitest";
import { param, task } from "../src/index.js";
import { isPipewrightError } from "../src/errors.js";

/** The error `fn` throws, so a test can look at its code, message and context. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("task instances", () => {
  const train = task("train", {
    params: { date: param.date(), epochs: param.int({ default: 3 }), verbose: param.bool({ default: false, significant: false }) },
    run: () => undefined,
  });

  test("the id is the name and the significant parameters in declaration order", () => {
    expect(train({ epochs: 5, date: "2024-01-02" }).id).toBe("train(date=2024-01-02,epochs=5)");
    expect(train({ date: "2024-01-02", verbose: true }).id).toBe("train(date=2024-01-02,epochs=3)");
    expect(task("all", { requires: () => [] })().id).toBe("all()");
  });

  test("a parameter the task does not declare is refused, with the ones it has", () => {
    const error = thrown(() => train({ date: "2024-01-02", epoch: 5 } as never));
    expect(isPipewrightError(error, "unknown_param")).toBe(true);
    expect((error as Error).message).toBe('Task "train" has no parameter "epoch". Did you mean "epochs"? Its parameters: date, epochs, verbose.');
  });

  test("a name every object inherits (toString, constructor) is no parameter either", () => {
    for (const name of ["toString", "constructor", "hasOwnProperty"]) {
      const error = thrown(() => train({ date: "2024-01-02", [name]: 1 } as never));
      expect(isPipewrightError(error, "unknown_param")).toBe(true);
      expect((error as Error).message).toContain(`has no parameter "${name}"`);
    }
  });

  test("a missing parameter without a default is named, with where to give it", () => {
    const error = thrown(() => train({} as never));
    expect(isPipewrightError(error, "missing_param")).toBe(true);
    expect((error as Error).message).toContain('needs parameter "date"');
  });

  test("a priority that is not a finite number is refused when the task is defined, naming what it got", () => {
    for (const priority of [Number.NaN, Number.POSITIVE_INFINITY, "3"]) {
      const error = thrown(() => task("ranked", { priority: priority as number, run: () => undefined }));
      expect(isPipewrightError(error, "invalid_definition")).toBe(true);
      expect((error as Error).message).toContain(`Task "ranked": "priority" must be a finite number`);
      expect((error as Error).message).toContain(`got ${String(priority)}`);
    }
    expect(() => task("ranked", { priority: -2.5, run: () => undefined })).not.toThrow();
  });
});
