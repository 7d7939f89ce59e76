// Just enough of RFC 822 / MIME to get at what a person reads in an e-mail: the subject and the
// text of the body, decoded. Headers are dropped on purpose: in this corpus they give the label
// away (the collectors' own addresses), and a model that learns them learns nothing about spam.

export interface ParsedEmail {
  readonly subject: string;
  /** The text and HTML parts, decoded and joined; attachments are left out. */
  readonly body: string;
}

type Headers = ReadonlyMap<string, string>;

/** Subject and decoded body text of a raw e-mail (headers, blank line, body). */
export function parseEmail(raw: string): ParsedEmail {
  const { headers, body } = splitMessage(raw);
  return { subject: headers.get("subject") ?? "", body: textOf(headers, body, 0) };
}

/** Headers (names lower-cased, folded lines joined) and the body after the first blank line. */
export function splitMessage(raw: string): { headers: Headers; body: string } {
  const text = raw.replace(/\r\n/g, "\n");
  const end = text.indexOf("\n\n");
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? "" : text.slice(end + 2);
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of head.split("\n")) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers.set(last, `${headers.get(last) ?? ""} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue; // the mbox "From " line, or noise
    last = line.slice(0, colon).trim().toLowerCase();
    // The first occurrence wins, as mail readers show it.
    if (!headers.has(last)) headers.set(last, line.slice(colon + 1).trim());
    else last = undefined;
  }
  return { headers, body };
}

// Nested multiparts deeper than this are junk or attacks, not mail.
const maxDepth = 5;

function textOf(headers: Headers, body: string, depth: number): string {
  const contentType = (headers.get("content-type") ?? "text/plain").toLowerCase();
  if (contentType.startsWith("multipart/")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(headers.get("content-type") ?? "")?.[1];
    if (boundary === undefined || depth >= maxDepth) return "";
    return partsOf(body, boundary)
      .map((part) => {
        const inner = splitMessage(part);
        return textOf(inner.headers, inner.body, depth + 1);
      })
      .filter((text) => text.trim() !== "")
      .join("\n");
  }
  // A message with no Content-Type is plain text; anything else that is not text is an attachment.
  if (headers.has("content-type") && !contentType.startsWith("text/")) return "";
  return decodeBody(body, headers.get("content-transfer-encoding") ?? "", charsetOf(contentType));
}

function partsOf(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const sections = body.split(delimiter);
  // Before the first delimiter is the preamble; after the closing one (`--boundary--`) the epilogue.
  return sections.slice(1).filter((section) => !section.startsWith("--")).map((section) => section.replace(/^[ \t]*\n/, ""));
}

function charsetOf(contentType: string): BufferEncoding {
  return /charset="?utf-?8/i.test(contentType) ? "utf8" : "latin1";
}

/** Undoes quoted-printable or base64; 7bit, 8bit and unknown encodings are taken as they are. */
export function decodeBody(body: string, transferEncoding: string, charset: BufferEncoding = "latin1"): string {
  const encoding = transferEncoding.trim().toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64").toString(charset);
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString(charset);
  }
  return body;
}
