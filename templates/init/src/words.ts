// Plain logic, no Pipewright in it: easy to unit-test and to reuse from a notebook or a script.

/** Lower-case words of two letters or more; apostrophes inside words are kept ("it's"). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z][a-z']*[a-z]/g) ?? [];
}

/** How many times each word occurs. */
export function countWords(words: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const word of words) counts[word] = (counts[word] ?? 0) + 1;
  return counts;
}

export interface WordCount {
  readonly word: string;
  readonly count: number;
}

/** The `n` most frequent words, most frequent first; ties in alphabetical order. */
export function mostFrequent(counts: Readonly<Record<string, number>>, n: number): WordCount[] {
  return Object.entries(counts)
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
    .slice(0, n);
}

/** A Markdown report of the most frequent words. */
export function renderReport(source: string, totalWords: number, top: readonly WordCount[]): string {
  const rows = top.map(({ word, count }) => `| ${word} | ${count} |`);
  return [`# Words in ${source}`, "", `${totalWords} words in all.`, "", "| word | count |", "| --- | --- |", ...rows, ""].join("\n");
}
