// A target of your own: JSON kept gzip-compressed in a file. docs/concepts.md walks through it,
// and tests/targets.custom.test.ts runs it in a pipeline.
import { readFile, stat } from "node:fs/promises";
import { writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { beginAtomicWrite, resolveInWorkspace, type DataTarget, type DataWriter, type PendingWrite } from "pipewright";

export function gzipJson<T>(path: string): DataTarget<T, DataWriter<T>> {
  // Resolved when used, not when declared: relative paths follow the project (or test sandbox).
  const file = () => resolveInWorkspace(path);
  return {
    kind: "gzip-json",
    location: path,
    async exists() {
      return (await stat(file()).catch(() => undefined))?.isFile() ?? false;
    },
    async read() {
      return JSON.parse(gunzipSync(await readFile(file())).toString("utf8")) as T;
    },
    async beginWrite(): Promise<PendingWrite<DataWriter<T>>> {
      // A temporary file beside the final one, renamed into place only if the task succeeds.
      const pending = await beginAtomicWrite(file());
      return {
        writer: {
          async write(data: T) {
            writeFileSync(pending.tempPath, gzipSync(JSON.stringify(data)));
            pending.markWritten();
          },
        },
        isWritten: () => pending.isWritten(),
        commit: () => pending.commit(),
        abort: () => pending.abort(),
      };
    },
  };
}
