// The authoring API: declare tasks, their parameters and outputs; build them from code.
export { task } from "./task/task.js";
export { commandTask, stderrTailLines, type CommandContext, type CommandSpec, type CommandTaskDefinition, type PathsOf } from "./task/command-task.js";
export {
  isTaskFactory,
  isTaskInstance,
  type AnyTaskFactory,
  type AnyTaskInstance,
  type CompleteContext,
  type InputOf,
  type OutputHandles,
  type OutputOf,
  type OutputShape,
  type RequiresShape,
  type RunContext,
  type TaskDefinition,
  type TaskFactory,
  type TaskInstance,
  type TaskKind,
  type TaskLogger,
} from "./task/task-types.js";
export * from "./params/index.js";
export * from "./formats/index.js";
export * from "./targets/index.js";
export { build, type BuildOptions } from "./engine/build.js";
export { plan, type Plan, type PlanOptions, type PlannedState, type PlannedTask } from "./engine/plan.js";
export { load, type LoadedData } from "./engine/load.js";
export { stalenessModes, type StalenessMode } from "./engine/staleness.js";
export type { ProjectOptions } from "./engine/run-context.js";
export type { ErrorInfo, EventOf, LogLevel, PipelineEvent, PipelineEventType } from "./engine/events.js";
export { taskStatuses, type RunSummary, type StatusCounts, type StoredRunSummary, type TaskStatus, type TaskSummary } from "./engine/summary.js";
export { PipewrightError, errorCodes, isPipewrightError, type ErrorCode } from "./errors.js";
export { createMemoryStore, managed, openStore, type OpenStoreOptions, type Store } from "./store/index.js";
export type * from "./store/store.js";
export type { JsonValue } from "./util/json.js";
export type { ParamDefaults } from "./task/param-defaults.js";
export { defineConfig, type PipewrightConfig } from "./config/config.js";
