// The floor: the same I/O as a workload, in a plain Node loop with no engine. The engine's
// cost is judged against it, measured in the same run on the same disk.
import { renameSync, statSync, writeFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes each file as the engine does, one after another: a temp file beside it, then a rename,
 * both with synchronous calls as the engine makes them for small outputs. With `viaPromises`,
 * the same through fs.promises (three thread-pool round trips per write, one per rename): how
 * the engine wrote before, kept as a reference column.
 */
export async function writeFloor(root: string, paths: readonly string[], viaPromises: boolean): Promise<void> {
  await makeFolders(root, paths);
  for (let i = 0; i < paths.length; i++) {
    const final = join(root, paths[i]!);
    const temp = join(dirname(final), `.${basename(final)}.pw-tmp-${i.toString(16)}`);
    if (viaPromises) {
      await writeFile(temp, `${i}\n`);
      await rename(temp, final);
    } else {
      writeFileSync(temp, `${i}\n`);
      renameSync(temp, final);
    }
  }
}

/** One existence check per output, one after another (synchronous `stat`, the cheapest). Throws if an output is missing. */
export async function statFloor(root: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    if (!statSync(join(root, path)).isFile()) throw new Error(`${path} is not a file`);
  }
}

/** The in-memory floor: the same values put in a map, one per task. */
export async function memoryFloor(n: number): Promise<number> {
  const values = new Map<string, number>();
  for (let i = 0; i < n; i++) values.set(`cell-${i}`, i);
  return values.size;
}

/** Writes every output directly (no temp file): the "every output present" state of a rerun. */
export async function prepareOutputs(root: string, paths: readonly string[]): Promise<void> {
  await makeFolders(root, paths);
  for (let i = 0; i < paths.length; i++) await writeFile(join(root, paths[i]!), `${i}\n`);
}

async function makeFolders(root: string, paths: readonly string[]): Promise<void> {
  const folders = new Set(paths.map((p) => dirname(join(root, p))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
}
