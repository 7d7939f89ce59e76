import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { beginAtomicWrite, localFile, staleTempAgeMs, tempPrefix } from "../src/targets/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pw-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function ageBy(path: string, ms: number): Promise<void> {
  const then = new Date(Date.now() - ms);
  await utimes(path, then, then);
}

describe("beginAtomicWrite()", () => {
  it("puts the temp path beside the final path and creates missing parent folders", async () => {
    const final = join(dir, "a", "b", "out.json");
    const write = await beginAtomicWrite(final);
    expect(write.tempPath.startsWith(join(dir, "a", "b", ".out.json.pw-tmp-"))).toBe(true);
    expect((await stat(join(dir, "a", "b"))).isDirectory()).toBe(true);
  });

  it("creates the folder again when it was removed since an earlier write", async () => {
    const final = join(dir, "a", "out.txt");
    const first = await beginAtomicWrite(final);
    await writeFile(first.tempPath, "one");
    await first.commit();
    await rm(join(dir, "a"), { recursive: true });
    const second = await beginAtomicWrite(final);
    await writeFile(second.tempPath, "two"); // a custom target writes the temp path itself
    await second.commit();
    expect(await readFile(final, "utf8")).toBe("two");
  });

  it("shows nothing at the final path until commit, then the whole file", async () => {
    const final = join(dir, "out.txt");
    const write = await beginAtomicWrite(final);
    await writeFile(write.tempPath, "complete");
    await expect(stat(final)).rejects.toMatchObject({ code: "ENOENT" });
    await write.commit();
    expect(await readFile(final, "utf8")).toBe("complete");
    expect(await readdir(dir)).toEqual(["out.txt"]);
  });

  it("replaces an existing file on commit", async () => {
    const final = join(dir, "out.txt");
    await writeFile(final, "old");
    const write = await beginAtomicWrite(final);
    await writeFile(write.tempPath, "new");
    expect(await readFile(final, "utf8")).toBe("old");
    await write.commit();
    expect(await readFile(final, "utf8")).toBe("new");
  });

  it("replaces an existing directory by the new one and leaves no old copy behind", async () => {
    const final = join(dir, "model");
    await mkdir(final);
    await writeFile(join(final, "stale.bin"), "old");
    const write = await beginAtomicWrite(final);
    await mkdir(write.tempPath);
    await writeFile(join(write.tempPath, "weights.bin"), "new");
    await write.commit();
    expect(await readdir(final)).toEqual(["weights.bin"]);
    expect(await readdir(dir)).toEqual(["model"]);
  });

  it("leaves nothing behind after abort", async () => {
    const final = join(dir, "out.txt");
    const write = await beginAtomicWrite(final);
    await writeFile(write.tempPath, "partial");
    await write.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it("fails with target_error when committing although nothing was written", async () => {
    const write = await beginAtomicWrite(join(dir, "out.txt"));
    expect(await write.isWritten()).toBe(false);
    await expect(write.commit()).rejects.toMatchObject({ code: "target_error" });
  });

  it("removes leftover temps older than an hour when the folder is first written to, keeping young ones", async () => {
    const final = join(dir, "out.txt");
    const old = join(dir, `${tempPrefix(final)}deadbeef`);
    const young = join(dir, `${tempPrefix(final)}cafebabe`);
    const otherFile = join(dir, `${tempPrefix(join(dir, "other.txt"))}deadbeef`);
    for (const path of [old, young, otherFile]) await writeFile(path, "leftover");
    await ageBy(old, staleTempAgeMs + 60_000);
    await ageBy(otherFile, staleTempAgeMs + 60_000);

    await beginAtomicWrite(final);

    const names = await readdir(dir);
    expect(names).not.toContain(".out.txt.pw-tmp-deadbeef");
    expect(names).toContain(".out.txt.pw-tmp-cafebabe");
    // One sweep per folder per process: old leftovers of other outputs there go too.
    expect(names).not.toContain(".other.txt.pw-tmp-deadbeef");
  });
});

describe("a writer process killed with SIGKILL", () => {
  it("leaves no file at the final path, and its temp is ignored by exists() and cleaned later", async () => {
    const moduleUrl = new URL("../src/targets/local-file.ts", import.meta.url).href;
    // .mts: the temp dir has no package.json, and the script needs ESM for top-level await.
    const script = join(dir, "writer.mts");
    await writeFile(
      script,
      `import { createWriteStream } from "node:fs";
import { localFile } from ${JSON.stringify(moduleUrl)};
const target = localFile(${JSON.stringify(join(dir, "big.bin"))});
const pending = await target.beginWrite();
const out = createWriteStream(pending.writer.path);
const chunk = Buffer.alloc(1024 * 1024, 120);
// A large write that is slow on purpose, so the kill always lands in the middle of it.
for (let i = 0; i < 600; i++) {
  await new Promise((done) => out.write(chunk, done));
  if (i === 0) console.log("writing " + process.pid);
  await new Promise((done) => setTimeout(done, 50));
}
await new Promise((done) => out.end(done));
await pending.commit();
console.log("committed");
`,
    );
    const child = spawn("npx", ["tsx", script], { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["ignore", "pipe", "inherit"], detached: true });
    const closed = new Promise<void>((done) => child.on("close", () => done()));
    try {
      const writerPid = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (data: Buffer) => {
          out += data.toString();
          const match = /writing (\d+)/.exec(out);
          if (match?.[1] !== undefined) resolve(Number(match[1]));
        });
        child.on("close", () => reject(new Error(`writer exited before writing: ${out}`)));
      });
      process.kill(writerPid, "SIGKILL");
      await closed;
    } finally {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }

    const target = localFile(join(dir, "big.bin"));
    const leftovers = (await readdir(dir)).filter((name) => name.startsWith(".big.bin.pw-tmp-"));
    expect(leftovers).toHaveLength(1);
    await expect(stat(join(dir, "big.bin"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await target.exists()).toBe(false);

    await ageBy(join(dir, leftovers[0] ?? ""), staleTempAgeMs + 60_000);
    const next = await target.beginWrite();
    await next.writer.write("fresh");
    await next.commit();
    expect(await readdir(dir)).toEqual(["big.bin", "writer.mts"]);
    expect(await target.read()).toBe("fresh");
  });
});
