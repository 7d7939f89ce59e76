import { runCli } from "./main.js";

/** The process entry: wires the real process to `runCli` and is the only place that sets the exit code. */
export async function runMain(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // Output piped into a command that stops reading (`| head`): stop quietly, as other tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const controller = new AbortController();
  let interrupts = 0;
  process.on("SIGINT", () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write("\nInterrupted: stopping running tasks (Ctrl-C again to quit at once)…\n");
    controller.abort(new Error("interrupted"));
  });
  try {
    process.exitCode = await runCli(argv, {
      cwd: process.cwd(),
      env: process.env,
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
      isTTY: process.stderr.isTTY === true,
      signal: controller.signal,
    });
  } catch (error) {
    process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\nPlease report this.\n`);
    process.exitCode = 1;
  }
}
