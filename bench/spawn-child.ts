import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { resultPrefix, type ChildResult, type ChildSpec } from "./child-protocol.js";

const childScript = fileURLToPath(new URL("./child.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export type ChildOutcome = ChildResult | { readonly timedOut: true; readonly afterMs: number };

export interface SpawnOptions {
  readonly timeoutSec: number;
}

/**
 * Runs one measurement in a fresh Node process (tsx loads the TypeScript sources) and returns
 * what it reported. The child is killed, by its pid, when it outlives the timeout.
 */
export function runChild(spec: ChildSpec, options: SpawnOptions): Promise<ChildOutcome> {
  if (spec.mode === "engine" || spec.mode === "floor" || spec.mode === "async-floor") settleDisk();
  const child = spawn(process.execPath, ["--import", "tsx", childScript, JSON.stringify(spec)], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutSec * 1000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ timedOut: true, afterMs: performance.now() - started });
      const line = stdout.split("\n").find((l) => l.startsWith(resultPrefix));
      if (line) return resolve(JSON.parse(line.slice(resultPrefix.length)) as ChildResult);
      resolve({
        ok: false,
        wallMs: 0,
        firstTaskMs: null,
        peakRssMB: 0,
        baseRssMB: 0,
        error: `child exited with ${signal ?? code} and no result. stderr:\n${stderr}`,
      });
    });
  });
}

export function isTimeout(outcome: ChildOutcome): outcome is { readonly timedOut: true; readonly afterMs: number } {
  return "timedOut" in outcome;
}

/**
 * Writes out what earlier steps left in the page cache (the last workload's 100,000 files, or
 * their deletion) before a timed run starts, so the kernel does not flush it during the run:
 * on the VM, that made the same writes cost up to 5 times more from one run to the next.
 */
function settleDisk(): void {
  try {
    execFileSync("sync", { stdio: "ignore", timeout: 120_000 });
  } catch {
    // No `sync` here (not Unix): measure as things are.
  }
}
