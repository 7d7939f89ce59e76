import { stalenessModes, type StalenessMode } from "../engine/staleness.js";
import { PipewrightError } from "../errors.js";

/** `--staleness` checked against the known modes. */
export function stalenessOption(value: string | boolean | string[] | undefined): StalenessMode | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !(stalenessModes as readonly string[]).includes(value)) {
    throw new PipewrightError("bad_usage", `--staleness must be one of ${stalenessModes.join(", ")}, got "${String(value)}".`);
  }
  return value as StalenessMode;
}
