import type { JsonValue } from "../util/json.js";
import { makeParam } from "./make-param.js";
import { ParamValueError, type AnyParam, type CommonParamOptions, type HasDefault, type ParamInputOf, type Param, type ValueOf } from "./param.js";
import { describeValue } from "./value-text.js";

/** Defaults may be an array of item inputs or the text form: `{ default: [1, 2] }`, `{ default: "a,b" }`. */
export type ListOptions<I extends AnyParam> = CommonParamOptions<readonly ParamInputOf<I>[] | string>;

/**
 * A list of values of one kind. Text: a JSON array (`[1,2]`) or comma-separated items
 * (`a, b`), each read by the item's own `parse`; `[a,b]`, the id form, reads back too.
 * Items are trimmed; an empty text is an empty list. In a task id: `[a,b]`.
 * @example param.list(param.int(), { default: [1, 2] })  // Param<readonly number[], true>
 */
export function listParam<I extends AnyParam, const O extends ListOptions<I> = {}>(
  item: I,
  options?: O,
): Param<readonly ValueOf<I>[], HasDefault<O>, readonly ParamInputOf<I>[]> {
  type Item = ValueOf<I>;
  const eachItem = <S>(sources: readonly S[], read: (source: S) => Item): readonly Item[] =>
    Object.freeze(
      sources.map((source, index) => {
        try {
          return read(source);
        } catch (error) {
          if (error instanceof ParamValueError) throw new ParamValueError(`item ${index + 1}: ${error.message}`);
          throw error;
        }
      }),
    );
  const fromTexts = (text: string): readonly Item[] =>
    text.trim() === "" ? Object.freeze([]) : eachItem(text.split(",").map((part) => part.trim()), (part) => item.parse(part) as Item);
  const fromArray = (values: readonly unknown[]): readonly Item[] => eachItem(values, (value) => item.coerce(value) as Item);

  return makeParam<readonly Item[], readonly ParamInputOf<I>[], HasDefault<O>>(
    {
      kind: "list",
      expected: `a comma-separated list (or JSON array) where each item is ${item.expected}`,
      parse(text) {
        const trimmed = text.trim();
        if (!trimmed.startsWith("[")) return fromTexts(trimmed);
        const parsed = tryJson(trimmed);
        if (Array.isArray(parsed)) return fromArray(parsed);
        if (!trimmed.endsWith("]")) throw new ParamValueError("starts with [ but is not a JSON array");
        return fromTexts(trimmed.slice(1, -1));
      },
      fromValue(value) {
        if (!Array.isArray(value)) throw new ParamValueError(`got ${describeValue(value)}, not a list`);
        return fromArray(value);
      },
      toJson: (values): JsonValue => values.map((value) => item.toJson(value)),
      toIdText: (values) => `[${values.map((value) => item.toIdText(value)).join(",")}]`,
    },
    options,
  );
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
