import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/**
 * A memory file system of `sizeMb` mounted on a fresh folder for this test file, unmounted and
 * removed after it: a real disk that fills up or turns read-only. Mounting needs root (as on the
 * project's machines and in CI); `mounted` is false elsewhere, for `describe.runIf`.
 */
export function smallFileSystem(sizeMb: number): { readonly dir: string; readonly mounted: boolean } {
  const dir = mkdtempSync(join(tmpdir(), "pw-small-fs-"));
  let mounted = false;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", dir], { stdio: "ignore" });
    mounted = true;
  } catch {
    // not root: the tests that need it are skipped
  }
  afterAll(() => {
    if (mounted) execFileSync("umount", [dir], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, mounted };
}
