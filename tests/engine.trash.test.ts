import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localFile, param, task, type Target } from "pipewright";
import { invalidateOutputs, listTrash, outputsToInvalidate, restoreTrash } from "../src/engine/trash.js";
import { withTempDir } from "./helpers/temp-dir.js";

const part = task("part", {
  params: { i: param.int() },
  output: ({ i }) => localFile(`out/part-${i}.txt`),
  async run({ params, output }) {
    await output.write(`${params.i}\n`);
  },
});

/** An output kept by a service that is down: it exists, and removing it fails. */
const remote = task("remote", {
  output: (): Target => ({ kind: "remote", location: "remote://table", exists: async () => true, remove: async () => Promise.reject(new Error("the service is down")) }),
});

async function writeParts(dir: string, count: number): Promise<void> {
  await mkdir(join(dir, "out"), { recursive: true });
  for (let i = 0; i < count; i++) await writeFile(join(dir, `out/part-${i}.txt`), `${i}\n`);
}

const parts = (count: number) => Array.from({ length: count }, (_, i) => part({ i }));

describe("invalidating outputs and restoring them from the trash", () => {
  it("lists exactly the outputs that exist, many in one folder as well as few", async () => {
    await withTempDir(async (dir) => {
      // 200 outputs in one folder are answered by one listing of it (a bulk check); 3 in a folder are checked each.
      await writeParts(dir, 200);
      for (const i of [3, 50, 199]) await rm(join(dir, `out/part-${i}.txt`));
      const items = await outputsToInvalidate(parts(200), { projectRoot: dir });
      expect(items).toHaveLength(197);
      expect(items.map((item) => item.taskId)).toEqual(parts(200).map((p) => p.id).filter((id) => !["part(i=3)", "part(i=50)", "part(i=199)"].includes(id)));
      expect(items[0]).toEqual({ taskId: "part(i=0)", location: "out/part-0.txt", path: join(dir, "out/part-0.txt") });
      expect((await outputsToInvalidate(parts(4).slice(2), { projectRoot: dir })).map((item) => item.taskId)).toEqual(["part(i=2)"]);
    });
  });

  it("an invalidation that stops part way keeps what it moved listed in the trash, and restore brings it back", async () => {
    await withTempDir(async (dir) => {
      await writeParts(dir, 3);
      const failure = await invalidateOutputs([...parts(3), remote()], { projectRoot: dir }).catch((error: unknown) => error as Error);
      expect(failure).toBeInstanceOf(Error);
      const [entry] = await listTrash(dir);
      expect(entry).toBeDefined();
      expect((failure as Error).message).toBe(
        `Invalidation stopped: could not remove remote://table (output of remote()): the service is down. What it moved before is in the trash as ${entry!.id}; put it back with: pipewright trash restore ${entry!.id}`,
      );
      expect(entry!.items.map((item) => item.original)).toEqual([0, 1, 2].map((i) => join(dir, `out/part-${i}.txt`)));
      for (let i = 0; i < 3; i++) expect(existsSync(join(dir, `out/part-${i}.txt`))).toBe(false);

      const { restored, inPlace, missing } = await restoreTrash(dir, entry!.id);
      expect([restored.length, inPlace.length, missing.length]).toEqual([3, 0, 0]);
      for (let i = 0; i < 3; i++) expect(await readFile(join(dir, `out/part-${i}.txt`), "utf8")).toBe(`${i}\n`);
      expect(await listTrash(dir)).toEqual([]);
    });
  });

  it("an output that cannot be removed stops the invalidation before anything moves", async () => {
    await withTempDir(async (dir) => {
      await writeParts(dir, 2);
      const fixed = task("fixed", { output: (): Target => ({ kind: "fixed", location: "fixed://row", exists: async () => true }) });
      await expect(invalidateOutputs([...parts(2), fixed()], { projectRoot: dir })).rejects.toThrow(
        "Cannot invalidate fixed://row (output of fixed()): its target cannot be removed. Remove it by hand; nothing was moved.",
      );
      expect([0, 1].map((i) => existsSync(join(dir, `out/part-${i}.txt`)))).toEqual([true, true]);
      expect(await listTrash(dir)).toEqual([]);
    });
  });

  it("restores an entry left part way: what is still in the trash goes back, the rest is reported", async () => {
    await withTempDir(async (dir) => {
      await writeParts(dir, 4);
      const { entry } = await invalidateOutputs(parts(4), { projectRoot: dir });
      const [, second, third] = entry!.items;
      const entryDir = join(dir, ".pipewright/trash", entry!.id);
      // As a restore killed after moving one output back would leave it; and one deleted from the trash by hand.
      await rename(join(entryDir, second!.stored), second!.original);
      await rm(join(entryDir, third!.stored));

      const { restored, inPlace, missing } = await restoreTrash(dir);
      expect(restored.map((item) => item.taskId)).toEqual(["part(i=0)", "part(i=3)"]);
      expect(inPlace.map((item) => item.taskId)).toEqual(["part(i=1)"]);
      expect(missing.map((item) => item.taskId)).toEqual(["part(i=2)"]);
      expect([0, 1, 3].map((i) => existsSync(join(dir, `out/part-${i}.txt`)))).toEqual([true, true, true]);
      expect(existsSync(entryDir)).toBe(false);
    });
  });

  it("refuses to restore over outputs rebuilt since, naming them, and moves nothing", async () => {
    await withTempDir(async (dir) => {
      await writeParts(dir, 12);
      const { entry } = await invalidateOutputs(parts(12), { projectRoot: dir });
      await writeParts(dir, 12);
      const refusal = await restoreTrash(dir).catch((error: unknown) => (error as Error).message);
      expect(refusal).toBe(
        `Not restoring ${entry!.id}: ${[...Array(10).keys()].map((i) => join(dir, `out/part-${i}.txt`)).join(", ")} and 2 more exist again (rebuilt since?). Move or delete them first.`,
      );
      expect((await listTrash(dir))[0]!.items).toHaveLength(12);
      expect(existsSync(join(dir, ".pipewright/trash", entry!.id, entry!.items[0]!.stored))).toBe(true);
    });
  });

  it("a trash entry whose manifest is not JSON is named, with what to do", async () => {
    await withTempDir(async (dir) => {
      await writeParts(dir, 1);
      const { entry } = await invalidateOutputs(parts(1), { projectRoot: dir });
      const manifest = join(dir, ".pipewright/trash", entry!.id, "manifest.json");
      await writeFile(manifest, "{ half written");
      await expect(listTrash(dir)).rejects.toThrow(`The trash entry ${entry!.id} cannot be read: ${manifest} is not valid JSON. Mend it, or move that folder out of ${join(dir, ".pipewright/trash")}.`);
    });
  });
});
