import { boolParam } from "./bool-param.js";
import { dateIntervalParam } from "./date-interval-param.js";
import { dateParam } from "./date-param.js";
import { datetimeParam } from "./datetime-param.js";
import { durationParam } from "./duration-param.js";
import { enumParam } from "./enum-param.js";
import { floatParam } from "./float-param.js";
import { intParam } from "./int-param.js";
import { jsonParam } from "./json-param.js";
import { listParam } from "./list-param.js";
import { pathParam } from "./path-param.js";
import { stringParam } from "./string-param.js";

/**
 * Typed task parameters, one factory per kind. A parameter with a `default` is optional when
 * calling the task; its value type flows into `requires`, `output` and `run`.
 * @example
 * params: { date: param.date(), window: param.int({ default: 7, min: 1 }), split: param.enum(["train", "test"]) }
 */
export const param = Object.freeze({
  int: intParam,
  float: floatParam,
  bool: boolParam,
  string: stringParam,
  enum: enumParam,
  date: dateParam,
  datetime: datetimeParam,
  dateInterval: dateIntervalParam,
  duration: durationParam,
  list: listParam,
  json: jsonParam,
  path: pathParam,
});

export {
  ParamValueError,
  paramKinds,
  type AnyParam,
  type CommonParamOptions,
  type HasDefault,
  type ParamInputOf,
  type Param,
  type ParamInput,
  type ParamKind,
  type ParamSpecs,
  type ParamValues,
  type ValueOf,
} from "./param.js";
export type { BoolOptions } from "./bool-param.js";
export { datesIn, type DateInterval, type DateIntervalInput, type DateIntervalOptions } from "./date-interval-param.js";
export type { DateOptions } from "./date-param.js";
export type { DateTimeOptions } from "./datetime-param.js";
export type { DurationOptions } from "./duration-param.js";
export { formatDuration, parseDuration } from "./duration-text.js";
export type { EnumOptions } from "./enum-param.js";
export type { FloatOptions } from "./float-param.js";
export type { IntOptions } from "./int-param.js";
export type { JsonOptions } from "./json-param.js";
export type { ListOptions } from "./list-param.js";
export type { NumberBoundsOptions } from "./number-bounds.js";
export type { PathOptions } from "./path-param.js";
export type { StringOptions } from "./string-param.js";
