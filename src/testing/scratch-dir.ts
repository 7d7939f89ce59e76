import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A temporary folder that exists only once something needs it: `runTask` keeps data in memory
 * and touches the disk only for a task that saves to a path, or reads an input by path.
 */
export class ScratchDir {
  readonly path = join(tmpdir(), `pipewright-task-${randomUUID()}`);
  private created = false;

  /** The folder (created now if needed), or a sub-folder of it. */
  ensure(...parts: string[]): string {
    const dir = join(this.path, ...parts);
    mkdirSync(dir, { recursive: true });
    this.created = true;
    return dir;
  }

  async remove(): Promise<void> {
    if (this.created) await rm(this.path, { recursive: true, force: true });
  }
}
