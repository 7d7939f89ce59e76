import { describe, expect, test } from "vitest";
import { decodeBody, parseEmail, splitMessage } from "../src/email.js";

describe("parseEmail", () => {
  test("takes the subject and the body of a plain message and drops the other headers", () => {
    const raw = "From someone  Thu Aug 22 2002\nReturn-Path: <a@b.c>\nSubject: Hello there\nTo: x@y.z\n\nFirst line.\nSecond line.\n";
    expect(parseEmail(raw)).toEqual({ subject: "Hello there", body: "First line.\nSecond line.\n" });
  });

  test("joins a subject folded over several lines", () => {
    const { headers } = splitMessage("Subject: a long\n   subject line\nFrom: a@b.c\n\nbody");
    expect(headers.get("subject")).toBe("a long subject line");
  });

  test("decodes a quoted-printable body", () => {
    const raw = "Subject: qp\nContent-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n<p class=3D\"x\">caf=E9 is o=\npen</p>";
    expect(parseEmail(raw).body).toBe('<p class="x">café is open</p>');
  });

  test("decodes a base64 body in its charset", () => {
    const body = Buffer.from("Grüße aus Wien", "utf8").toString("base64");
    const raw = `Subject: b64\nContent-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: base64\n\n${body}\n`;
    expect(parseEmail(raw).body).toBe("Grüße aus Wien");
  });

  test("keeps the text parts of a multipart message and leaves out attachments", () => {
    const raw = [
      'Subject: parts',
      'Content-Type: multipart/mixed; boundary="XYZ"',
      "",
      "preamble nobody reads",
      "--XYZ",
      "Content-Type: text/plain",
      "",
      "the text part",
      "--XYZ",
      "Content-Type: application/octet-stream",
      "Content-Transfer-Encoding: base64",
      "",
      "AAECAwQF",
      "--XYZ",
      "Content-Type: text/html",
      "",
      "<b>the html part</b>",
      "--XYZ--",
      "epilogue",
    ].join("\n");
    const { body } = parseEmail(raw);
    expect(body).toContain("the text part");
    expect(body).toContain("<b>the html part</b>");
    expect(body).not.toContain("AAECAwQF");
    expect(body).not.toContain("preamble");
    expect(body).not.toContain("epilogue");
  });

  test("a message without headers or body gives empty texts", () => {
    expect(parseEmail("")).toEqual({ subject: "", body: "" });
  });
});

describe("decodeBody", () => {
  test("leaves 7bit, 8bit and unknown encodings as they are", () => {
    expect(decodeBody("a=20b", "7bit")).toBe("a=20b");
    expect(decodeBody("a=20b", "x-custom")).toBe("a=20b");
    expect(decodeBody("a=20b", "Quoted-Printable")).toBe("a b");
  });
});
