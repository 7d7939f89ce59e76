// pipewright/testing: test pipelines step by step, and test store drivers.
export { testStoreConformance, type ConformanceRunner } from "./store-conformance.js";
