import { closestNames } from "../util/closest.js";
import { definitionError, makeParam } from "./make-param.js";
import { ParamValueError, type CommonParamOptions, type HasDefault, type Param } from "./param.js";
import { describeValue, textIdText } from "./value-text.js";

export type EnumOptions<V extends string> = CommonParamOptions<V>;

/**
 * One of a fixed list of strings; the value type is their union.
 * @example param.enum(["train", "test"], { default: "train" })  // Param<"train" | "test", true>
 */
export function enumParam<const V extends readonly string[], const O extends EnumOptions<V[number]> = {}>(
  values: V,
  options?: O,
): Param<V[number], HasDefault<O>, V[number]> {
  const choices = checkedChoices(values);
  return makeParam<V[number], V[number], HasDefault<O>>(
    {
      kind: "enum",
      expected: `one of: ${choices.join(", ")}`,
      parse(text) {
        const found = choices.find((choice) => choice === text);
        if (found !== undefined) return found;
        const close = closestNames(text, choices, 1)[0];
        throw new ParamValueError(`not one of the choices${close === undefined ? "" : ` (did you mean "${close}"?)`}`);
      },
      fromValue(value) {
        throw new ParamValueError(`got ${describeValue(value)}, not one of the choices`);
      },
      toJson: (value) => value,
      toIdText: textIdText,
    },
    options,
  );
}

function checkedChoices<V extends readonly string[]>(values: V): ReadonlyArray<V[number]> {
  if (!Array.isArray(values) || values.length === 0) {
    throw definitionError("enum", "give a non-empty list of choices, e.g. param.enum([\"train\", \"test\"])");
  }
  const seen = new Set<string>();
  for (const value of values) {
    if (typeof value !== "string" || value === "") throw definitionError("enum", `every choice must be non-empty text, got ${JSON.stringify(value)}`);
    if (seen.has(value)) throw definitionError("enum", `the choice "${value}" is listed twice`);
    seen.add(value);
  }
  return Object.freeze([...values]);
}
