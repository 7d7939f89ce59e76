import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { PipewrightError } from "../errors.js";
import { MemoryBucket } from "../targets/workspace.js";

/** Files to put in a sandbox before a run, by path relative to it: text or bytes. */
export type SeedFiles = Readonly<Record<string, string | Uint8Array>>;

/** A temporary project folder with its own memory bucket; `remove()` deletes it. */
export interface Sandbox {
  readonly dir: string;
  readonly memory: MemoryBucket;
  remove(): Promise<void>;
}

/** Creates a sandbox under the system's temp folder and writes `files` into it. */
export async function createSandbox(files: SeedFiles = {}): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), "pipewright-test-"));
  let removed = false;
  const sandbox: Sandbox = {
    dir,
    memory: new MemoryBucket(),
    async remove() {
      if (removed) return;
      removed = true;
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const [name, content] of Object.entries(files)) {
      const file = inside(dir, name);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
  return sandbox;
}

function inside(dir: string, name: string): string {
  const file = resolve(dir, name);
  const rel = relative(dir, file);
  if (name === "" || isAbsolute(name) || rel === "" || rel === ".." || rel.startsWith(`..${sep}`)) {
    throw new PipewrightError("bad_usage", `files: ${JSON.stringify(name)} is not a path inside the sandbox. Use paths relative to the project, such as "input/sales-2024-01-01.csv".`);
  }
  return file;
}
