import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { isPipewrightError } from "../src/errors.js";
import { openStore } from "../src/store/open-store.js";
import { MemoryBucket, withWorkspace } from "../src/targets/workspace.js";

let projectRoot: string;
beforeEach(() => {
  projectRoot = mkdtempSync(path.join(tmpdir(), "pipewright-open-store-"));
});
afterEach(() => rmSync(projectRoot, { recursive: true, force: true }));

const open = (url: string | undefined) => openStore(url, { projectRoot });

function errorOf(work: () => unknown): Error & { code?: string } {
  try {
    work();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected an error");
}

describe("openStore", () => {
  test("with no URL it opens .pipewright/state.db in the project, creating the folder on init", async () => {
    const store = open(undefined);
    const file = path.join(projectRoot, ".pipewright", "state.db");
    expect(store.kind).toBe("sqlite");
    expect(store.location).toBe(file);
    expect(existsSync(file)).toBe(false); // nothing happens before init
    await store.recordRunStarted({ runId: "r1", rootTaskIds: [], startedAt: 1, host: "h", pid: 1 }); // inits first
    await store.close();
    expect(existsSync(file)).toBe(true);
  });

  test("without options, paths resolve against the folder build() would use: the current one, or a test sandbox's", () => {
    expect(openStore(undefined).location).toBe(path.join(process.cwd(), ".pipewright", "state.db"));
    withWorkspace({ root: projectRoot, memory: new MemoryBucket() }, () => {
      expect(openStore(undefined).location).toBe(path.join(projectRoot, ".pipewright", "state.db"));
      expect(openStore("runs/state.db").location).toBe(path.join(projectRoot, "runs", "state.db"));
    });
  });

  test.each(["memory", "memory:", "MEMORY"])("%s opens a memory store", async (url) => {
    const store = open(url);
    expect(store.kind).toBe("memory");
    await store.appendEvents([{ runId: "r1", type: "run_started", taskId: null, at: 1, data: null }]);
    expect(await store.listEvents()).toHaveLength(1);
    await store.close();
  });

  test.each([
    ["sqlite:data/state.db", "data/state.db"],
    ["sqlite://data/other.sqlite", "data/other.sqlite"],
    ["runs/history.db", "runs/history.db"],
    ["history.sqlite", "history.sqlite"],
  ])("%s opens SQLite at %s under the project root", async (url, relative) => {
    const store = open(url);
    expect(store.kind).toBe("sqlite");
    expect(store.location).toBe(path.join(projectRoot, relative));
    await store.init();
    await store.close();
    expect(existsSync(path.join(projectRoot, relative))).toBe(true);
  });

  test("an absolute SQLite path is used as is", () => {
    const file = path.join(tmpdir(), "elsewhere", "state.db");
    expect(open(`sqlite:${file}`).location).toBe(file);
    expect(open(file).location).toBe(file);
  });

  test.each(["postgres://user:secret@db.example/pipewright", "postgresql://db.example/pipewright"])(
    "%s is refused: PostgreSQL is not available yet, use SQLite",
    (url) => {
      const error = errorOf(() => open(url));
      expect(isPipewrightError(error, "bad_usage")).toBe(true);
      expect(error.message).toMatch(/PostgreSQL store is not available yet/);
      expect(error.message).toMatch(/SQLite/);
      expect(error.message).not.toContain("secret");
    },
  );

  test.each(["redis://localhost", "mysql://admin:hunter2@db/x", "state.json", "sqlite:", ""])(
    "%j is refused with the accepted forms listed",
    (url) => {
      const error = errorOf(() => open(url));
      expect(isPipewrightError(error, "bad_usage")).toBe(true);
      expect(error.message).toMatch(/memory/);
      expect(error.message).toMatch(/sqlite:<path>/);
      expect(error.message).toMatch(/\.db/);
      expect(error.message).not.toContain("hunter2");
    },
  );

  test("a memory-only user never loads better-sqlite3; a SQLite store loads it on init", async () => {
    const script = path.join(projectRoot, "check-lazy.mts");
    const storeIndex = fileURLToPath(new URL("../src/store/index.ts", import.meta.url));
    writeFileSync(
      script,
      `import { createRequire } from "node:module";
import { openStore } from ${JSON.stringify(storeIndex)};
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((key) => key.includes("better-sqlite3"));
const memory = openStore("memory", { projectRoot: ${JSON.stringify(projectRoot)} });
await memory.getRun("r1");
await memory.close();
const afterMemory = loaded();
const sqlite = openStore(undefined, { projectRoot: ${JSON.stringify(projectRoot)} });
const afterOpen = loaded();
await sqlite.init();
await sqlite.close();
console.log(JSON.stringify({ afterMemory, afterOpen, afterInit: loaded() }));
`,
    );
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn("npx", ["tsx", script], { cwd: fileURLToPath(new URL("..", import.meta.url)) });
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
      child.on("close", (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`exit ${code}`))));
    });
    expect(JSON.parse(output)).toEqual({ afterMemory: false, afterOpen: false, afterInit: true });
  });
});
