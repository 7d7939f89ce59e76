// The benchmark's pipelines, written the way a user would: public API only.
import * as library from "../dist/index.js";
import type { AnyTaskInstance } from "../dist/index.js";
import type { Layout } from "./bench-args.js";
import { outputPath } from "./workloads.js";

/**
 * The functions a pipeline is made with: this checkout's build by default, or another build of
 * the library (bench/side-by-side.ts makes each pipeline with the build it measures).
 */
export type Library = Pick<typeof library, "task" | "param" | "localFile" | "memory">;

/** One wrapper requiring `n` tasks; each writes one tiny file. Returns the roots to build. */
export function fanInPipeline(n: number, layout: Layout, { task, param, localFile }: Library = library): AnyTaskInstance[] {
  const leaf = task("leaf", {
    params: { i: param.int() },
    output: ({ i }) => localFile(outputPath("leaf", i, i, layout)),
    async run({ params, output }) {
      await output.write(`${params.i}\n`);
    },
  });
  const all = task("all", {
    params: { n: param.int() },
    requires: ({ n }) => Array.from({ length: n }, (_, i) => leaf({ i })),
  });
  return [all({ n })];
}

/**
 * 10 layers of `n / 10` tasks; task i of a layer requires tasks i and i+1 (wrapping) of the
 * layer below, and writes one tiny file. Returns the top layer, the roots to build.
 */
export function layeredPipeline(n: number, layout: Layout, { task, param, localFile }: Library = library): AnyTaskInstance[] {
  const width = n / 10;
  let below: ((params: { i: number }) => AnyTaskInstance) | undefined;
  for (let layer = 0; layer < 10; layer++) {
    const lower = below;
    const factory = task(`L${layer}`, {
      params: { i: param.int() },
      requires: ({ i }) => (lower ? [lower({ i }), lower({ i: (i + 1) % width })] : []),
      output: ({ i }) => localFile(outputPath(`L${layer}`, i, layer * width + i, layout)),
      async run({ params, output }) {
        await output.write(`${params.i}\n`);
      },
    });
    below = (params) => factory(params);
  }
  return Array.from({ length: width }, (_, i) => below!({ i }));
}

/** Fan-in of `n` tasks whose outputs are `memory()` targets: no file I/O at all. */
export function memoryPipeline(n: number, { task, param, memory }: Library = library): AnyTaskInstance[] {
  const cell = task("cell", {
    params: { i: param.int() },
    output: ({ i }) => memory<number>(`cell-${i}`),
    async run({ params, output }) {
      await output.write(params.i);
    },
  });
  const all = task("all", {
    params: { n: param.int() },
    requires: ({ n }) => Array.from({ length: n }, (_, i) => cell({ i })),
  });
  return [all({ n })];
}
