import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { currentWorkspace, localFile, MemoryBucket, resolveInWorkspace, withWorkspace } from "../src/targets/index.js";

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), "pw-ws-"));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("workspaces", () => {
  it("default to the process folder outside withWorkspace", () => {
    expect(currentWorkspace().root).toBe(process.cwd());
    expect(resolveInWorkspace("data/x.json")).toBe(join(process.cwd(), "data/x.json"));
    expect(resolveInWorkspace("/abs/x.json")).toBe("/abs/x.json");
  });

  it("resolve every kind of path as path.resolve does (dot segments, doubled slashes, a root of /)", () => {
    const paths = ["out/a.txt", "a", "./a", "a/./b", "a/../b", "..", ".", "../a", "a/..", "a//b", "a/", "/abs", "...", "a/.../b", ".hidden", "a/.b/c", "..a", "a/..b", ""];
    for (const root of [base, "/"]) {
      withWorkspace({ root, memory: new MemoryBucket() }, () => {
        for (const path of paths) expect(resolveInWorkspace(path), `${root} + ${JSON.stringify(path)}`).toBe(resolve(root, path));
      });
    }
  });

  it("resolve the same relative path to two roots when two run at once", async () => {
    const target = localFile("out/result.txt");
    const run = (root: string, content: string) =>
      withWorkspace({ root, memory: new MemoryBucket() }, async () => {
        await new Promise((done) => setTimeout(done, 5));
        const pending = await target.beginWrite();
        await new Promise((done) => setTimeout(done, 5));
        await pending.writer.write(content);
        await pending.commit();
        return target.absolutePath();
      });
    const [a, b] = await Promise.all([run(join(base, "a"), "from a"), run(join(base, "b"), "from b")]);
    expect(a).toBe(join(base, "a/out/result.txt"));
    expect(b).toBe(join(base, "b/out/result.txt"));
    expect(await readFile(join(base, "a/out/result.txt"), "utf8")).toBe("from a");
    expect(await readFile(join(base, "b/out/result.txt"), "utf8")).toBe("from b");
  });

  it("resolve a target's path when it is used, not when it is declared", async () => {
    const target = localFile("late.txt");
    const inside = await withWorkspace({ root: base, memory: new MemoryBucket() }, async () => target.absolutePath());
    expect(inside).toBe(join(base, "late.txt"));
    expect(target.absolutePath()).toBe(join(process.cwd(), "late.txt"));
  });

  it("resolve a relative root against the enclosing workspace", () => {
    const nested = withWorkspace({ root: base, memory: new MemoryBucket() }, () =>
      withWorkspace({ root: "child", memory: new MemoryBucket() }, () => currentWorkspace().root),
    );
    expect(nested).toBe(join(base, "child"));
  });
});
