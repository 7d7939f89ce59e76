import type { StalenessMode } from "../engine/staleness.js";
import type { ParamDefaults } from "../task/param-defaults.js";

/**
 * `pipewright.config.ts`: what every command in the project starts from. Environment variables
 * (`PIPEWRIGHT_STORE`, `PIPEWRIGHT_WORKERS`, `PIPEWRIGHT_MODULES`, `PIPEWRIGHT_RETRIES`,
 * `PIPEWRIGHT_STALENESS`, `PIPEWRIGHT_FSYNC`) override
 * it, and command-line flags override both.
 */
export interface PipewrightConfig {
  /** Files that export tasks, relative to the config file. Default: `pipeline.ts` or `pipeline/index.ts`. */
  readonly modules?: readonly string[];
  /** Store URL: `memory`, a `.db` file, `sqlite:<file>`. Default: `.pipewright/state.db`. */
  readonly store?: string;
  /** How many tasks run at once. Default 1. */
  readonly workers?: number;
  /** Extra attempts for tasks that set no `retries`. Default 0. */
  readonly retries?: number;
  /** First retry delay (ms) for tasks that set no `retryDelay`. Default 1000. */
  readonly retryDelay?: number;
  /**
   * `"outputs"` (default): a task is complete when its outputs exist. `"fingerprint"`: and when
   * its version, parameters and inputs are what produced them; stale outputs are rebuilt.
   */
  readonly staleness?: StalenessMode;
  /** Limits of named resources that tasks declare (`resources: { gpu: 1 }`), e.g. `{ gpu: 1, db: 4 }`. */
  readonly resources?: Readonly<Record<string, number>>;
  /**
   * Flush each file output to disk before it is renamed into place. Default false: outputs are
   * still never left half-written by a crashed or killed process; this adds safety against
   * power cuts and OS crashes, at several times the cost of each write.
   */
  readonly fsync?: boolean;
  /** Default parameter values per task: `{ features: { window: 14 } }`. */
  readonly params?: ParamDefaults;
}

/**
 * Types a config file's default export.
 * @example
 * export default defineConfig({ modules: ["pipeline/index.ts"], workers: 2, params: { features: { window: 14 } } });
 */
export function defineConfig(config: PipewrightConfig): PipewrightConfig {
  return config;
}
