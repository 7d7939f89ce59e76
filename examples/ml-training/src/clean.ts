import type { Label, Message } from "./corpus.js";

/** A message reduced to normalised words, ready for features. */
export interface CleanMessage {
  readonly id: string;
  readonly label: Label;
  /** Lower-case words separated by single spaces. */
  readonly text: string;
}

export interface CleanResult {
  readonly messages: CleanMessage[];
  readonly dropped: { readonly empty: number; readonly duplicate: number };
}

// Fewer words than this is no message to learn from (an empty body, an attachment only).
const minWords = 3;
// Longer "words" are base64 leftovers, hashes or glued URLs: noise that would swell the vocabulary.
const maxWordLength = 20;

const entities: Readonly<Record<string, string>> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Subject and body as normalised words: HTML removed, entities decoded, lower case; URLs, e-mail
 * addresses, numbers and money become the words `url`, `emailaddr`, `number`, `dollar`, so the
 * model learns that a message has a link rather than which link.
 */
export function cleanText(subject: string, body: string): string {
  return `${subject}\n${body}`
    .replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#\d+|[a-z]+);/gi, (whole, name: string) => (name.startsWith("#") ? String.fromCharCode(Number(name.slice(1))) : (entities[name.toLowerCase()] ?? " ")))
    .toLowerCase()
    .replace(/(?:https?:\/\/|www\.)\S+/g, " url ")
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, " emailaddr ")
    .replace(/\$/g, " dollar ")
    .replace(/\d+(?:[.,]\d+)*/g, " number ")
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 2 && word.length <= maxWordLength)
    .join(" ");
}

/** The words of a cleaned text. */
export function tokenize(text: string): string[] {
  return text === "" ? [] : text.split(" ");
}

/**
 * Cleans every message and drops those too short to learn from and exact duplicates (the same
 * words, e.g. a mailing sent twice), which would otherwise land in both train and test.
 */
export function cleanMessages(messages: readonly Message[]): CleanResult {
  const seen = new Set<string>();
  const kept: CleanMessage[] = [];
  let empty = 0;
  let duplicate = 0;
  for (const message of messages) {
    const text = cleanText(message.subject, message.body);
    if (tokenize(text).length < minWords) empty++;
    else if (seen.has(text)) duplicate++;
    else {
      seen.add(text);
      kept.push({ id: message.id, label: message.label, text });
    }
  }
  return { messages: kept, dropped: { empty, duplicate } };
}
