/**
 * Turns chunks of process output into whole lines: a line split across two chunks is emitted
 * once, `\r\n` endings are dropped, and `end()` emits an unterminated last line.
 */
export function lineReader(emit: (line: string) => void): { push: (chunk: string) => void; end: () => void } {
  let rest = "";
  return {
    push(chunk) {
      const lines = (rest + chunk).split(/\r?\n/);
      rest = lines.pop() ?? "";
      for (const line of lines) emit(line);
    },
    end() {
      if (rest !== "") emit(rest);
      rest = "";
    },
  };
}
