import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, localFile, memory, param, task, withWorkspace, MemoryBucket } from "pipewright";
import { BulkChecker, bulkThreshold } from "../src/targets/bulk-existence.js";
import { withTempDir } from "./helpers/temp-dir.js";

describe("checking many file outputs at once", () => {
  it("agrees with exists() for files, missing names, folders and symbolic links", async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, "out/sub"), { recursive: true });
      const names = Array.from({ length: bulkThreshold + 4 }, (_, i) => `f${i}.txt`);
      for (const name of names.slice(0, 10)) await writeFile(join(dir, "out", name), "x");
      await mkdir(join(dir, "out", names[10]!)); // a folder where a file is expected
      await symlink(join(dir, "out", names[0]!), join(dir, "out", names[11]!)); // link to a file
      await symlink(join(dir, "nowhere"), join(dir, "out", names[12]!)); // dangling link
      await withWorkspace({ root: dir, memory: new MemoryBucket() }, async () => {
        const targets = [...names.map((n) => localFile(`out/${n}`)), ...names.slice(0, bulkThreshold).map((n) => localFile(`gone/${n}`))];
        const known = await new BulkChecker().check(targets);
        expect(known.size).toBe(targets.length);
        for (const target of targets) expect([target.location, known.get(target)]).toEqual([target.location, await target.exists()]);
        expect([...known.values()].filter(Boolean)).toHaveLength(11);
      });
    });
  });

  it("agrees with exists() however a path names its folder: relative, absolute, with dots, or none", async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, "out"), { recursive: true });
      const count = bulkThreshold + 2;
      for (let i = 0; i < count; i += 2) {
        await writeFile(join(dir, "out", `f${i}.txt`), "x");
        await writeFile(join(dir, `top${i}.txt`), "x");
      }
      await withWorkspace({ root: dir, memory: new MemoryBucket() }, async () => {
        const targets = Array.from({ length: count }, (_, i) => [
          localFile(`out/f${i}.txt`),
          localFile(join(dir, "out", `f${i}.txt`)),
          localFile(`./out/f${i}.txt`),
          localFile(`gone/../out/f${i}.txt`),
          localFile(`top${i}.txt`),
        ]).flat();
        const known = await new BulkChecker().check(targets);
        expect(known.size).toBe(targets.length);
        for (const target of targets) expect([target.location, known.get(target)]).toEqual([target.location, await target.exists()]);
        expect([...known.values()].filter(Boolean)).toHaveLength(5 * (count / 2));
      });
    });
  });

  it("leaves folders with few outputs to exists()", async () => {
    await withTempDir(async (dir) => {
      await withWorkspace({ root: dir, memory: new MemoryBucket() }, async () => {
        const few = Array.from({ length: bulkThreshold - 1 }, (_, i) => localFile(`a/${i}.txt`));
        expect((await new BulkChecker().check(few)).size).toBe(0);
      });
    });
  });

  it("reads a folder once per checker (one graph walk), answering later questions from that reading", async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, "out"));
      await withWorkspace({ root: dir, memory: new MemoryBucket() }, async () => {
        const wave = Array.from({ length: bulkThreshold }, (_, i) => localFile(`out/${i}.txt`));
        const checker = new BulkChecker();
        await checker.check(wave);
        await writeFile(join(dir, "out/late.txt"), "x");
        const late = localFile("out/late.txt");
        expect((await checker.check([late])).get(late)).toBe(false); // the walk's snapshot
        expect((await new BulkChecker().check([...wave, late])).get(late)).toBe(true); // a new walk
      });
    });
  });

  it("lets a run rebuild exactly the outputs deleted from a large folder", async () => {
    await withTempDir(async (dir) => {
      const runs: number[] = [];
      const leaf = task("leaf", {
        params: { i: param.int() },
        output: ({ i }) => localFile(`out/leaf-${i}.txt`),
        run: async ({ params, output }) => {
          runs.push(params.i);
          await output.write(String(params.i));
        },
      });
      const all = task("all", { requires: () => Array.from({ length: 50 }, (_, i) => leaf({ i })) });
      const options = { projectRoot: dir, store: "memory" } as const;
      expect((await build(all(), options)).counts.ran).toBe(51);
      const { rm } = await import("node:fs/promises");
      for (const i of [3, 17, 42]) await rm(join(dir, `out/leaf-${i}.txt`));
      runs.length = 0;
      await build(all(), options);
      expect(runs.sort((a, b) => a - b)).toEqual([3, 17, 42]);
    });
  });
});

describe("checking many memory outputs at once", () => {
  it("answers from the current workspace's bucket, as exists() does", async () => {
    const bucket = new MemoryBucket();
    const other = new MemoryBucket();
    for (let i = 0; i < bulkThreshold; i += 2) bucket.set(`m${i}`, i);
    other.set("m1", 1);
    await withWorkspace({ root: ".", memory: bucket }, async () => {
      const targets = Array.from({ length: bulkThreshold + 2 }, (_, i) => memory<number>(`m${i}`));
      const known = await new BulkChecker().check(targets);
      expect(known.size).toBe(targets.length);
      for (const target of targets) expect([target.location, known.get(target)]).toEqual([target.location, await target.exists()]);
      expect([...known.values()].filter(Boolean)).toHaveLength(bulkThreshold / 2);
    });
  });

  it("lets a run rebuild exactly the memory outputs that are missing", async () => {
    const cell = task("bulkCell", { params: { i: param.int() }, output: ({ i }) => memory<number>(`cell-${i}`), run: async ({ params, output }) => output.write(params.i * 2) });
    const all = task("bulkCells", { requires: () => Array.from({ length: 40 }, (_, i) => cell({ i })) });
    const bucket = new MemoryBucket();
    for (let i = 0; i < 40; i++) if (i % 4 !== 0) bucket.set(`cell-${i}`, -1);
    const summary = await build(all(), { store: "memory", memory: bucket });
    const ran = summary.tasks.filter((t) => t.status === "ran" && t.name === "bulkCell").map((t) => t.params["i"]);
    expect(ran).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36]);
    expect(bucket.get("cell-8")).toBe(16);
    expect(bucket.get("cell-9")).toBe(-1);
  });
});
