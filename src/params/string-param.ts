import { definitionError, makeParam } from "./make-param.js";
import { ParamValueError, type CommonParamOptions, type HasDefault, type Param } from "./param.js";
import { describeValue, textIdText } from "./value-text.js";

export interface StringOptions extends CommonParamOptions<string> {
  /** The text must match; anchor it (`/^v\d+$/`) to constrain the whole text. */
  readonly pattern?: RegExp;
}

/**
 * Any text, kept exactly as given (no trimming).
 * @example param.string({ pattern: /^[a-z]+$/, default: "eu" })
 */
export function stringParam<const O extends StringOptions = {}>(options?: O): Param<string, HasDefault<O>, string> {
  const given = options?.pattern;
  if (given !== undefined && !(given instanceof RegExp)) throw definitionError("string", `"pattern" must be a RegExp`);
  // The g and y flags make `test` remember where it stopped; a validator must not have state.
  const pattern = given && new RegExp(given.source, given.flags.replace(/[gy]/g, ""));
  return makeParam<string, string, HasDefault<O>>(
    {
      kind: "string",
      expected: pattern ? `text matching ${String(pattern)}` : "text",
      extraOptions: ["pattern"],
      parse: (text) => text,
      fromValue(value) {
        // Config files may hold `2` where "2" was meant; say so rather than guess.
        throw new ParamValueError(`got ${describeValue(value)}, not text (quote it in config files)`);
      },
      check(value) {
        if (pattern && !pattern.test(value)) throw new ParamValueError(`does not match ${String(pattern)}`);
      },
      toJson: (value) => value,
      toIdText: textIdText,
    },
    options,
  );
}
