/**
 * What to do when a TypeScript file failed to load because Node took it for CommonJS (no
 * `"type": "module"` in the nearest package.json): the raw message talks about require() cycles
 * and says nothing of the fix. Empty when the error is something else.
 */
export function moduleFormatHint(error: unknown): string {
  const text = `${(error as { code?: unknown })?.code ?? ""} ${error instanceof Error ? error.message : String(error)}`;
  const looksLikeFormat = /require\(\) ES Module|require\(esm\)|ERR_REQUIRE_ESM|ERR_REQUIRE_ASYNC_MODULE|Cannot use import statement outside a module|Top-level await is currently not supported with the "cjs"/.test(text);
  if (!looksLikeFormat) return "";
  return ' It was loaded as CommonJS: add "type": "module" to the package.json of the project (pipewright init does), or name the file with .mts.';
}
