import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { build, load, param, task } from "pipewright";
import { gzipJson } from "../examples/custom-target/gzip-json.js";
import { withTempDir } from "./helpers/temp-dir.js";

// The custom target of docs/concepts.md, used as a pipeline would use it.
const totals = task("totals", {
  params: { n: param.int(), fail: param.bool({ default: false }) },
  output: ({ n }) => gzipJson<{ n: number; squares: number[] }>(`out/totals-${n}.json.gz`),
  async run({ params, output }) {
    await output.write({ n: params.n, squares: Array.from({ length: params.n }, (_, i) => i * i) });
    if (params.fail) throw new Error("failed after writing");
  },
});

describe("a target written outside Pipewright (examples/custom-target)", () => {
  it("is written transactionally, skipped when it exists, and read back typed", async () => {
    await withTempDir(async (dir) => {
      const first = await build(totals({ n: 4 }), { projectRoot: dir, store: "memory" });
      expect(first.tasks.map((t) => t.status)).toEqual(["ran"]);
      const raw = JSON.parse(gunzipSync(await readFile(join(dir, "out/totals-4.json.gz"))).toString("utf8"));
      expect(raw).toEqual({ n: 4, squares: [0, 1, 4, 9] });
      expect((await load(totals({ n: 4 }), { projectRoot: dir })).squares).toEqual([0, 1, 4, 9]);

      const again = await build(totals({ n: 4 }), { projectRoot: dir, store: "memory" });
      expect(again.tasks.map((t) => t.status)).toEqual(["already_complete"]);

      const failed = await build(totals({ n: 5, fail: true }), { projectRoot: dir, store: "memory" });
      expect(failed.tasks.map((t) => t.status)).toEqual(["failed"]);
      expect(await readdir(join(dir, "out"))).toEqual(["totals-4.json.gz"]);
    });
  });
});
