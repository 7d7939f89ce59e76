// The floor: the same I/O as a workload, in a plain Node loop with no engine. The engine's
// cost is judged against it, measured in the same run on the same disk.
import { mkdir, open, rename, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Writes each file as the engine does (temp file beside it, then rename), one after another. */
export async function writeFloor(root: string, paths: readonly string[], durable: boolean): Promise<void> {
  await makeFolders(root, paths);
  for (let i = 0; i < paths.length; i++) {
    const final = join(root, paths[i]!);
    const temp = join(dirname(final), `.${basename(final)}.pw-tmp-${i.toString(16)}`);
    await writeFile(temp, `${i}\n`);
    if (durable) await syncPath(temp, "r+");
    await rename(temp, final);
    if (durable) await syncPath(dirname(final), "r");
  }
}

/** One existence check per output, one after another. Throws if an output is missing. */
export async function statFloor(root: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    if (!(await stat(join(root, path))).isFile()) throw new Error(`${path} is not a file`);
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

async function syncPath(path: string, flags: "r" | "r+"): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
