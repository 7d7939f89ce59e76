/** What a command may touch of its surroundings, so tests can run commands in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (colours and live progress). */
  readonly isTTY: boolean;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
}
