// Whether the benchmark's folder has room for its largest workload, checked before anything runs:
// on a full disk a run of every workload would otherwise fail only after minutes of work.
import { statfsSync } from "node:fs";
import type { Workload } from "./workloads.js";

/**
 * Bytes one task of a workload takes on disk at its largest: a file workload keeps two copies
 * of every tiny output (the floor's and the engine's, a 4 KB block each on ext4 and tmpfs) and
 * the store's rows; a memory workload the store alone. Measured at 10,000 tasks: 8.6 KB per
 * task for the file workloads (--keep, then du), with some room for the store's WAL.
 */
export function bytesPerTask(workload: Workload): number {
  if (workload.what === "unavailable") return 0;
  return workload.what === "memory" ? 2 * 1024 : 10 * 1024;
}

/** Workloads run one at a time and their folders are removed in between: the largest counts. */
export function bytesNeeded(workloads: readonly Workload[], sizes: readonly number[]): number {
  const largest = Math.max(0, ...sizes);
  return Math.max(0, ...workloads.map((w) => bytesPerTask(w) * largest));
}

/** A message saying what is missing and what to do, or undefined when there is room. */
export function lackOfSpace(folder: string, workloads: readonly Workload[], sizes: readonly number[], freeBytes = freeBytesIn(folder)): string | undefined {
  const needed = bytesNeeded(workloads, sizes);
  if (freeBytes === undefined || freeBytes >= needed) return undefined;
  return (
    `${folder} has ${megabytes(freeBytes)} free, and the largest workload at N=${Math.max(...sizes).toLocaleString("en-US")} needs about ${megabytes(needed)} ` +
    `(two copies of every output, and the store). Free some space, give another folder with --dir, or use smaller --sizes.`
  );
}

function freeBytesIn(folder: string): number | undefined {
  try {
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined; // cannot tell here: measure and let a full disk speak for itself
  }
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024).toLocaleString("en-US")} MB`;
}
