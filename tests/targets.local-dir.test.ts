import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localDir, MemoryBucket, withWorkspace } from "../src/targets/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pw-dir-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const inDir = <R>(fn: () => Promise<R>): Promise<R> => withWorkspace({ root: dir, memory: new MemoryBucket() }, fn);

describe("localDir()", () => {
  it("writes nested files into a temp dir and shows them only after commit", async () => {
    await inDir(async () => {
      const target = localDir("models/v1");
      const pending = await target.beginWrite();
      expect(await pending.isWritten()).toBe(false);
      await pending.writer.write({ "weights.bin": new Uint8Array([1, 2, 3]), "meta/config.json": '{"layers":2}' });
      expect(await pending.isWritten()).toBe(true);
      expect(await target.exists()).toBe(false);

      await pending.commit();
      expect(await target.exists()).toBe(true);
      const path = await target.read();
      expect(path).toBe(join(dir, "models/v1"));
      expect([...(await readFile(join(path, "weights.bin")))]).toEqual([1, 2, 3]);
      expect(await readFile(join(path, "meta/config.json"), "utf8")).toBe('{"layers":2}');
      expect(await readdir(join(dir, "models"))).toEqual(["v1"]);
    });
  });

  it("creates its temp dir when code asks for the path, for libraries that save by themselves", async () => {
    await inDir(async () => {
      const pending = await localDir("ckpt").beginWrite();
      const path = pending.writer.path;
      expect(await pending.isWritten()).toBe(true);
      await writeFile(join(path, "step-1.bin"), "x");
      await pending.commit();
      expect(await readdir(join(dir, "ckpt"))).toEqual(["step-1.bin"]);
    });
  });

  it("replaces the previous directory as a whole", async () => {
    await mkdir(join(dir, "out"));
    await writeFile(join(dir, "out", "old.txt"), "old");
    await inDir(async () => {
      const pending = await localDir("out").beginWrite();
      await pending.writer.write({ "new.txt": "new" });
      expect(await readdir(join(dir, "out"))).toEqual(["old.txt"]);
      await pending.commit();
    });
    expect(await readdir(join(dir, "out"))).toEqual(["new.txt"]);
    expect(await readdir(dir)).toEqual(["out"]);
  });

  it("rejects file names that would escape the directory and writes none of the batch", async () => {
    await inDir(async () => {
      const pending = await localDir("out").beginWrite();
      for (const name of ["../evil.txt", "a/../../evil.txt", join(dir, "abs.txt"), ""]) {
        await expect(pending.writer.write({ "ok.txt": "fine", [name]: "bad" })).rejects.toMatchObject({ code: "target_error" });
      }
      expect(await pending.isWritten()).toBe(false);
      await pending.abort();
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it("says the producing task has not run when reading a missing directory", async () => {
    await expect(inDir(() => localDir("nowhere").read())).rejects.toMatchObject({
      code: "target_error",
      message: expect.stringContaining("has not run"),
    });
  });

  it("does not count a file at its path as an existing directory, and removes a whole tree", async () => {
    await writeFile(join(dir, "plain"), "x");
    await mkdir(join(dir, "tree/sub"), { recursive: true });
    await writeFile(join(dir, "tree/sub/f.txt"), "x");
    await inDir(async () => {
      expect(await localDir("plain").exists()).toBe(false);
      const tree = localDir("tree");
      expect(await tree.exists()).toBe(true);
      await tree.remove?.();
      expect(await tree.exists()).toBe(false);
    });
  });
});
