import { describe, expect, it } from "vitest";
import { currentWorkspace, describeTarget, memory, MemoryBucket, withWorkspace } from "../src/targets/index.js";

const sandbox = <R>(bucket: MemoryBucket, fn: () => Promise<R>): Promise<R> => withWorkspace({ root: process.cwd(), memory: bucket }, fn);

describe("memory()", () => {
  it("makes a written value visible only after commit", async () => {
    const bucket = new MemoryBucket();
    await sandbox(bucket, async () => {
      const target = memory<number[]>("scores");
      const pending = await target.beginWrite();
      expect(await pending.isWritten()).toBe(false);
      await pending.writer.write([1, 2, 3]);
      expect(await pending.isWritten()).toBe(true);
      expect(await target.exists()).toBe(false);
      await pending.commit();
      expect(await target.exists()).toBe(true);
      expect(await target.read()).toEqual([1, 2, 3]);
    });
    expect(bucket.keys()).toEqual(["scores"]);
  });

  it("keeps nothing when the write is aborted", async () => {
    const bucket = new MemoryBucket();
    await sandbox(bucket, async () => {
      const pending = await memory<string>("k").beginWrite();
      await pending.writer.write("v");
      await pending.abort();
      expect(await memory("k").exists()).toBe(false);
    });
    expect(bucket.size).toBe(0);
  });

  it("keeps each workspace's values apart, also while both run at once", async () => {
    const first = new MemoryBucket();
    const second = new MemoryBucket();
    const writeAndRead = (bucket: MemoryBucket, value: string) =>
      sandbox(bucket, async () => {
        const pending = await memory<string>("shared").beginWrite();
        await new Promise((done) => setTimeout(done, 5));
        await pending.writer.write(value);
        await pending.commit();
        await new Promise((done) => setTimeout(done, 5));
        return memory<string>("shared").read();
      });
    expect(await Promise.all([writeAndRead(first, "one"), writeAndRead(second, "two")])).toEqual(["one", "two"]);
    expect(first.get("shared")).toBe("one");
    expect(second.get("shared")).toBe("two");
    expect(currentWorkspace().memory.has("shared")).toBe(false);
  });

  it("says the producing task has not run when reading a missing key, and removes a key", async () => {
    await sandbox(new MemoryBucket(), async () => {
      await expect(memory("absent").read()).rejects.toMatchObject({ code: "target_error", message: expect.stringContaining("memory:absent") });
      currentWorkspace().memory.set("present", 1);
      await memory("present").remove?.();
      expect(await memory("present").exists()).toBe(false);
    });
  });

  it("names itself by key", () => {
    expect(memory("scores").location).toBe("memory:scores");
    expect(describeTarget(memory("scores"))).toBe("memory memory:scores");
  });

  it("refuses a commit when nothing was written", async () => {
    await sandbox(new MemoryBucket(), async () => {
      const pending = await memory("k").beginWrite();
      await expect(pending.commit()).rejects.toMatchObject({ code: "target_error" });
    });
  });
});
