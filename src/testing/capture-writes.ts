import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { PipewrightError, messageOf } from "../errors.js";
import type { AnyDataTarget, PendingWrite } from "../targets/target.js";
import type { BeginWrite } from "../worker/open-outputs.js";
import type { ScratchDir } from "./scratch-dir.js";

/** Whether runTask can hold this output in memory (else it is written for real, in a folder). */
export function capturable(target: AnyDataTarget): boolean {
  return target.kind === "memory" || target.format !== undefined;
}

/**
 * Opens outputs so that `write(data)` keeps the data in `captured` (by output key) instead of
 * writing a file. A task that saves to `output.path` instead gets a file in the scratch folder,
 * decoded with the target's format when the attempt commits. Other targets (directories, custom
 * targets without a format) are written with their own `beginWrite` and read back after commit.
 */
export function captureWrites(scratch: ScratchDir, captured: Map<string, unknown>): BeginWrite {
  return async (target, key) => {
    if (!capturable(target)) return readBackAfterCommit(target, key, captured);
    const format = target.format;
    let written: { readonly data: unknown } | undefined;
    let file: string | undefined;
    const writer: Record<string, unknown> = {
      async write(data: unknown): Promise<void> {
        // Encode anyway: data the real target could not store must fail here too.
        if (format) {
          try {
            format.encode(data);
          } catch (error) {
            throw new PipewrightError("format_error", `Cannot write ${target.location} as ${format.name}: ${messageOf(error)}`, {
              cause: error,
              context: { location: target.location, format: format.name },
            });
          }
        }
        written = { data };
      },
    };
    if (format) {
      Object.defineProperty(writer, "path", {
        enumerable: true,
        get(): string {
          // scratch.ensure() creates the folder.
          file ??= join(scratch.ensure("outputs", key === "" ? "output" : key), basename(target.location));
          return file;
        },
      });
    }
    const pending: PendingWrite<unknown> = {
      writer: Object.freeze(writer),
      isWritten: async () => written !== undefined || (file !== undefined && existsSync(file)),
      async commit() {
        if (written) captured.set(key, written.data);
        else if (file !== undefined && format) captured.set(key, format.decode(await readFile(file)));
      },
      abort: async () => undefined,
    };
    return pending;
  };
}

async function readBackAfterCommit(target: AnyDataTarget, key: string, captured: Map<string, unknown>): Promise<PendingWrite<unknown>> {
  const pending = await target.beginWrite();
  return {
    writer: pending.writer,
    isWritten: () => pending.isWritten(),
    async commit() {
      await pending.commit();
      captured.set(key, await target.read());
    },
    abort: () => pending.abort(),
  };
}
