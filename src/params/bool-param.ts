import { makeParam } from "./make-param.js";
import { ParamValueError, type CommonParamOptions, type HasDefault, type Param } from "./param.js";
import { describeValue } from "./value-text.js";

export type BoolOptions = CommonParamOptions<boolean>;

const words: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  on: true,
  off: false,
  "1": true,
  "0": false,
};

/**
 * True or false. Text forms, in any case: true/false, yes/no, on/off, 1/0.
 * @example param.bool({ default: false })
 */
export function boolParam<const O extends BoolOptions = {}>(options?: O): Param<boolean, HasDefault<O>, boolean> {
  return makeParam<boolean, boolean, HasDefault<O>>(
    {
      kind: "bool",
      expected: "true or false (or yes/no, on/off, 1/0)",
      parse(text) {
        const value = words[text.trim().toLowerCase()];
        if (value === undefined) throw new ParamValueError("not true or false");
        return value;
      },
      fromValue(value) {
        if (typeof value !== "boolean") throw new ParamValueError(`got ${describeValue(value)}, not true or false`);
        return value;
      },
      toJson: (value) => value,
      toIdText: (value) => String(value),
    },
    options,
  );
}
