/**
 * pipewright/testing: test a pipeline step by step, in any test runner (vitest, node:test…).
 * Nothing here depends on a test runner; failed assertions throw plain Errors with readable
 * messages. Each export's doc comment has an example; docs/testing.md walks through them all.
 *
 * - `runTask(task, { inputs })`: one step alone, its outputs in memory.
 * - `runPipeline(root, { stubs, files })` / `withPipeline`: the whole graph in a sandbox.
 * - `stub(task, data)`: replace an upstream task (and everything above it) with data.
 * - `plan(root)` / `expectPlan(p)`: what a run would do, and why, without running.
 * - `recordFixtures` / `checkFixtures`: golden fixtures as readable text, checked step by step.
 * - `fakeClock()`: a clock the test moves; `random()` in `run` is seeded.
 * - `testStoreConformance`: the Store contract's suite, for store drivers.
 */
export { runTask, defaultSeed, type RunTaskOptions, type TaskRun } from "./run-task.js";
export type { InputData, LogEntry, OutputData, RequireAnswers } from "./data-types.js";
export { runPipeline, withPipeline, type PipelineOptions, type PipelineRun } from "./run-pipeline.js";
export type { SandboxOptions } from "./sandboxed-run.js";
export type { SeedFiles } from "./sandbox.js";
export { stub, type Stub, type StubData } from "./stub.js";
export { plan, type TestPlan, type TestPlanOptions } from "./test-plan.js";
export { expectPlan, type PlanAssertions } from "./expect-plan.js";
export { fakeClock, defaultTestTime, type ClockInput, type FakeClock } from "./fake-clock.js";
export { recordFixtures, type FixtureSummary, type RecordedFile, type RecordOptions } from "./fixtures/record-fixtures.js";
export { checkFixtures, updateFixturesVariable, type CheckOptions, type FixtureCheck } from "./fixtures/check-fixtures.js";
export { FixtureMismatchError, type FixtureMismatch } from "./fixtures/fixture-mismatch-error.js";
export type { Tolerance } from "./fixtures/compare-data.js";
export type { TaskSource } from "./fixtures/task-source.js";
export type { FixtureIndex, RecordedInput, RecordedOutput, TaskRecord, TaskRole } from "./fixtures/fixture-layout.js";
export { testStoreConformance, type ConformanceRunner } from "./store-conformance.js";
