import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { isPipewrightError, type PipewrightError } from "../src/errors.js";
import { csv, json } from "../src/formats/index.js";
import { describeTarget, isDataTarget, localFile, MemoryBucket, withWorkspace, type FileWriter, type WriterOf } from "../src/targets/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pw-file-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const inDir = <R>(fn: () => Promise<R>): Promise<R> => withWorkspace({ root: dir, memory: new MemoryBucket() }, fn);

async function rejection(promise: Promise<unknown>): Promise<PipewrightError> {
  try {
    await promise;
  } catch (error) {
    if (isPipewrightError(error)) return error;
    throw error;
  }
  throw new Error("expected a PipewrightError");
}

describe("localFile()", () => {
  it("writes through a temp file and shows the data at its path only after commit", async () => {
    await inDir(async () => {
      const target = localFile("data/features.json", json<{ rows: number }>());
      const pending = await target.beginWrite();
      await pending.writer.write({ rows: 3 });
      expect(await pending.isWritten()).toBe(true);
      expect(await target.exists()).toBe(false);
      expect(await readdir(join(dir, "data"))).toEqual([expect.stringMatching(/^\.features\.json\.pw-tmp-/)]);

      await pending.commit();
      expect(await target.exists()).toBe(true);
      expect(await target.read()).toEqual({ rows: 3 });
      expect(await readFile(join(dir, "data/features.json"), "utf8")).toBe('{\n  "rows": 3\n}\n');
    });
  });

  it("stores text by default", async () => {
    await inDir(async () => {
      const target = localFile("notes.txt");
      expect(target.format.name).toBe("text");
      const pending = await target.beginWrite();
      await pending.writer.write("hello\n");
      await pending.commit();
      expect(await target.read()).toBe("hello\n");
    });
  });

  it("offers the temp path to code that saves the file by itself", async () => {
    await inDir(async () => {
      const target = localFile("model.txt");
      const pending = await target.beginWrite();
      expect(await pending.isWritten()).toBe(false);
      await writeFile(pending.writer.path, "saved by a library");
      expect(await pending.isWritten()).toBe(true);
      await pending.commit();
      expect(await target.read()).toBe("saved by a library");
    });
  });

  it("leaves no file and no temp behind when the write is aborted", async () => {
    await inDir(async () => {
      const target = localFile("out.txt");
      const pending = await target.beginWrite();
      await pending.writer.write("half");
      await pending.abort();
      expect(await target.exists()).toBe(false);
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it("writes again after its folder was removed, through the handle or the path", async () => {
    await inDir(async () => {
      const first = await localFile("out/a.txt").beginWrite();
      await first.writer.write("one");
      await first.commit();
      await rm(join(dir, "out"), { recursive: true });
      const viaHandle = await localFile("out/a.txt").beginWrite();
      await viaHandle.writer.write("two");
      await viaHandle.commit();
      await rm(join(dir, "out"), { recursive: true });
      const viaPath = await localFile("out/b.txt").beginWrite();
      await writeFile(viaPath.writer.path, "three");
      expect(await viaPath.isWritten()).toBe(true);
      await viaPath.commit();
    });
    expect(await readdir(join(dir, "out"))).toEqual(["b.txt"]);
    expect(await readFile(join(dir, "out/b.txt"), "utf8")).toBe("three");
  });

  it("a write begun before its folder was removed still lands, through the handle or the path", async () => {
    await inDir(async () => {
      const first = await localFile("out/a.txt").beginWrite();
      await first.writer.write("one");
      await first.commit();
      const viaHandle = await localFile("out/b.txt").beginWrite();
      const viaPath = await localFile("out/c.txt", json<number>()).beginWrite();
      await rm(join(dir, "out"), { recursive: true });
      await viaHandle.writer.write("two");
      await viaHandle.commit();
      expect(await readFile(join(dir, "out/b.txt"), "utf8")).toBe("two");
      await rm(join(dir, "out"), { recursive: true });
      await writeFile(viaPath.writer.path, "3");
      await viaPath.commit();
    });
    expect(await readdir(join(dir, "out"))).toEqual(["c.txt"]);
    expect(await readFile(join(dir, "out/c.txt"), "utf8")).toBe("3");
  });

  it("writes small and large data alike (small data goes in one synchronous call)", async () => {
    const small = "x".repeat(100);
    const large = "y".repeat(200 * 1024);
    await inDir(async () => {
      for (const [name, data] of [["small.txt", small], ["large.txt", large]] as const) {
        const write = await localFile(`out/${name}`).beginWrite();
        await write.writer.write(data);
        await write.commit();
        expect(await localFile(`out/${name}`).read()).toBe(data);
      }
    });
  });

  it("replaces a directory standing at its path when the write commits", async () => {
    await mkdir(join(dir, "out/a.txt/inner"), { recursive: true });
    await inDir(async () => {
      const write = await localFile("out/a.txt").beginWrite();
      await write.writer.write("file now");
      await write.commit();
    });
    expect(await readFile(join(dir, "out/a.txt"), "utf8")).toBe("file now");
    expect(await readdir(join(dir, "out"))).toEqual(["a.txt"]);
  });

  it("does not count a directory at its path as an existing file", async () => {
    await mkdir(join(dir, "out.txt"));
    expect(await inDir(() => localFile("out.txt").exists())).toBe(false);
  });

  it("says the producing task has not run when reading a missing file", async () => {
    const error = await rejection(inDir(() => localFile("data/missing.csv", csv()).read()));
    expect(error.code).toBe("target_error");
    expect(error.message).toContain("data/missing.csv");
    expect(error.message).toContain("has not run");
  });

  it("names the file in a format_error when its content cannot be decoded", async () => {
    await writeFile(join(dir, "broken.json"), "{ not json");
    const error = await rejection(inDir(() => localFile("broken.json", json()).read()));
    expect(error.code).toBe("format_error");
    expect(error.message).toContain("broken.json");
    expect(isPipewrightError(error.cause, "format_error")).toBe(true);
  });

  it("fails the write with a format_error naming the file when the data cannot be encoded", async () => {
    await inDir(async () => {
      const pending = await localFile("bad.json", json<unknown>()).beginWrite();
      const error = await rejection(pending.writer.write(undefined));
      expect(error.code).toBe("format_error");
      expect(error.message).toContain("bad.json");
      expect(await pending.isWritten()).toBe(false);
    });
  });

  it("removes its file, and removing a missing file is fine", async () => {
    await writeFile(join(dir, "old.txt"), "x");
    await inDir(async () => {
      const target = localFile("old.txt");
      await target.remove?.();
      expect(await target.exists()).toBe(false);
      await target.remove?.();
    });
  });

  it("keeps the declared path and resolves the absolute one in the current workspace", async () => {
    const target = localFile("data/./x.json", json());
    expect(target.path).toBe("data/./x.json");
    expect(target.location).toBe(join("data", "x.json"));
    expect(await inDir(async () => target.absolutePath())).toBe(join(dir, "data/x.json"));
    expect(describeTarget(target)).toBe("local-file data/x.json (json)");
  });

  it("rejects an empty path when declared", () => {
    expect(() => localFile("")).toThrow(expect.objectContaining({ code: "invalid_definition" }));
  });

  it("is a data target whose run handle is a FileWriter of its data type", () => {
    const target = localFile("x.json", json<number[]>());
    expect(isDataTarget(target)).toBe(true);
    expectTypeOf<WriterOf<typeof target>>().toEqualTypeOf<FileWriter<number[]>>();
    expectTypeOf(target.read).returns.resolves.toEqualTypeOf<number[]>();
    expectTypeOf(localFile("x.txt").read).returns.resolves.toEqualTypeOf<string>();
  });
});
