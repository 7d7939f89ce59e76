/** A V8 profile's call frame, as CPU and heap profiles both give it. */
export interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

/** "name path:line", the path from src/, dist/, bench/ or node_modules/ on: short, and the same in every checkout. */
export function frameLabel({ functionName, url, lineNumber }: CallFrame): string {
  const where = url ? `${url.replace(/^file:\/\//, "").replace(/^.*?\/(src|dist|bench|node_modules)\//, "$1/")}:${lineNumber + 1}` : "";
  return `${functionName || "(anonymous)"} ${where}`.trim();
}
