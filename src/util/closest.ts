import { distance } from "fastest-levenshtein";

/** The candidates closest to `word` (typo suggestions), best first. */
export function closestNames(word: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = word.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const d = c.includes(lower) || lower.includes(c) ? 1 : distance(lower, c);
    if (d <= Math.max(2, Math.floor(word.length / 3))) scored.push([candidate, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, max).map(([name]) => name);
}

/** ` Did you mean "a" or "b"?` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const close = closestNames(word, candidates);
  if (close.length === 0) return "";
  return ` Did you mean ${close.map((c) => `"${c}"`).join(" or ")}?`;
}
