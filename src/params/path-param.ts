import { posix } from "node:path";
import { makeParam } from "./make-param.js";
import { ParamValueError, type CommonParamOptions, type HasDefault, type Param } from "./param.js";
import { describeValue, textIdText } from "./value-text.js";

export type PathOptions = CommonParamOptions<string>;

/**
 * A file or directory path, normalized so that one place has one spelling (and one task id):
 * backslashes become slashes, `./` and `a/../` are resolved, a trailing slash is dropped.
 * The path is not resolved against the working directory and need not exist.
 * @example param.path({ default: "data/raw" })
 */
export function pathParam<const O extends PathOptions = {}>(options?: O): Param<string, HasDefault<O>, string> {
  return makeParam<string, string, HasDefault<O>>(
    {
      kind: "path",
      expected: "a file path such as data/input.csv",
      parse: normalizePath,
      fromValue(value) {
        throw new ParamValueError(`got ${describeValue(value)}, not a path`);
      },
      toJson: (value) => value,
      toIdText: textIdText,
    },
    options,
  );
}

function normalizePath(text: string): string {
  if (text === "") throw new ParamValueError("empty");
  if (text.includes("\0")) throw new ParamValueError("contains a NUL character");
  const normalized = posix.normalize(text.replaceAll("\\", "/"));
  return normalized.length > 1 && normalized.endsWith("/") ? normalized.slice(0, -1) : normalized;
}
