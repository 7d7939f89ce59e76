import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository's root: child scripts run there, so `npx tsx` and the sources resolve. */
export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** The absolute path of a source module (`src/store/sqlite-store.ts`), for a child script to import. */
export function sourceModule(relativePath: string): string {
  return fileURLToPath(new URL(`../../${relativePath}`, import.meta.url));
}

export interface ScriptResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript script in a child process (`npx tsx`), killed after `timeoutMs`. */
export function runScript(script: string, args: readonly string[] = [], options: { readonly onStdout?: (chunk: string) => void; readonly timeoutMs?: number } = {}): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", script, ...args], { cwd: projectRoot });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(chunk.toString());
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs scripts side by side and lets them go at one moment: each prints "ready" when it is,
 * then waits for `goFile`, written once every one of them is ready. Resolves with each one's last
 * line of output; rejects if one fails.
 */
export async function runTogether(runs: readonly { readonly script: string; readonly args: readonly string[] }[], goFile: string): Promise<string[]> {
  let ready = 0;
  const onStdout = (chunk: string) => {
    if (chunk.includes("ready") && ++ready === runs.length) writeFileSync(goFile, "");
  };
  const results = await Promise.all(runs.map(({ script, args }) => runScript(script, args, { onStdout })));
  return results.map(({ code, stdout, stderr }, index) => {
    if (code !== 0) throw new Error(`child ${index + 1} exited with ${code}: ${stderr}`);
    return stdout.trim().split("\n").at(-1) ?? "";
  });
}
