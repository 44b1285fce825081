import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { AddressObject } from "mailparser";
import type { AppealLanguage } from "../../db/schema/appeal.js";
import { onFirstUse } from "../firstUse.js";

// Reading appeals that arrived by e-mail: single .eml files and mbox archives. mailparser does the MIME work
// (multipart, quoted-printable, base64, RFC 2047 headers, charsets such as KOI8-R and windows-1251 through
// iconv); this module only splits mboxes and picks out what an appeal needs.

export interface ParsedMailAttachment {
  filename: string | null;
  contentType: string;
  content: Buffer;
}

export interface ParsedMail {
  messageId: string;
  fromAddress: string | null;
  fromName: string | null;
  date: Date | null;
  subject: string | null;
  text: string;
  attachments: ParsedMailAttachment[];
  language: AppealLanguage;
}

/** Guess the family's language from the letter: Ukrainian letters, then any Cyrillic, else English. */
export function guessLanguage(text: string): AppealLanguage {
  if (/[іїєґІЇЄҐ]/.test(text)) return "uk";
  if (/[а-яёА-ЯЁ]/.test(text)) return "ru";
  return "en";
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address: string | null; name: string | null } {
  const obj = Array.isArray(a) ? a[0] : a;
  const v = obj?.value[0];
  return { address: v?.address?.trim() || null, name: v?.name?.trim() || null };
}

const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;
const MESSAGE_HEADERS = /^(from|to|subject|date|message-id|received|return-path|mime-version|content-type|delivered-to|reply-to|sender|cc)$/i;

/**
 * A message starts with header lines ("Name: value"), among them at least one a mail message has (From, Subject,
 * Date, Received, …). Anything else — a photo saved as .eml, a corrupt file, random bytes — is not a message and
 * must not become an empty appeal.
 */
export function looksLikeMessage(raw: Buffer): boolean {
  const head = raw.subarray(0, 64 * 1024).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const lines = (end >= 0 ? head.slice(0, end) : head).split(/\r?\n/);
  if (!lines[0] || !HEADER_LINE.test(lines[0])) return false;
  let known = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) continue; // a folded continuation of the previous header
    if (!HEADER_LINE.test(line) || line.includes("\0")) return false;
    if (MESSAGE_HEADERS.test(line.slice(0, line.indexOf(":")).trim())) known = true;
  }
  return known;
}

export class NotAMessage extends Error {
  override name = "NotAMessage";
  constructor() {
    super("not an e-mail message: the file does not start with mail headers (From:, Subject:, Date: …)");
  }
}

// mailparser loaded on first use (imported mail, the mailbox's fetch): ~0.19 s of CPU at every start otherwise.
const mailParser = onFirstUse(() => import("mailparser").then((m) => m.simpleParser));

export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  if (!looksLikeMessage(raw)) throw new NotAMessage();
  const simpleParser = await mailParser();
  const m = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  const from = firstAddress(m.from);
  const text = (m.text ?? "").replace(/\r\n/g, "\n").trim();
  const subject = m.subject?.trim() || null;
  // A message without Message-ID still re-imports idempotently: its bytes name it.
  const messageId = m.messageId?.trim() || `<sha256-${createHash("sha256").update(raw).digest("hex")}@allforall.invalid>`;
  return {
    messageId,
    fromAddress: from.address,
    fromName: from.name,
    date: m.date && !Number.isNaN(m.date.getTime()) ? m.date : null,
    subject,
    text,
    attachments: m.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType || "application/octet-stream", content: a.content })),
    language: guessLanguage(`${subject ?? ""}\n${text}`),
  };
}

/** True when the file starts like an mbox ("From " envelope line) rather than a single message's headers. */
export async function looksLikeMbox(path: string): Promise<boolean> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(5);
    const { bytesRead } = await fh.read(buf, 0, 5, 0);
    return bytesRead === 5 && buf.toString("latin1") === "From ";
  } finally {
    await fh.close();
  }
}

/**
 * The raw messages of an mbox, one at a time (archives of a busy inbox are large). Lines are read as latin1,
 * which maps bytes one to one, so 8-bit KOI8-R or windows-1251 bodies reach mailparser unchanged.
 * Handles mboxo/mboxrd quoting: ">From " (and ">>From ") lose one ">".
 */
const ENVELOPE = /^From \S+\s+\w{3} \w{3}\s+\d{1,2} \d{1,2}:\d{2}(:\d{2})? (\d{4}|[A-Z]{3,4} \d{4})/;

export async function* splitMbox(path: string): AsyncGenerator<Buffer> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "latin1" }), crlfDelay: Infinity });
  let current: string[] | null = null;
  let prevBlank = true;
  for await (const line of lines) {
    // Envelope lines follow a blank line; some exporters omit it, so a full envelope ("From addr Mon Apr 15
    // 18:45:00 2024") also counts. A body line "From here…" after text is kept (unquoted mboxo bodies).
    if (line.startsWith("From ") && (prevBlank || ENVELOPE.test(line))) {
      if (current && current.length) yield toBuffer(current);
      current = [];
      prevBlank = false;
      continue;
    }
    if (current) current.push(/^>+From /.test(line) ? line.slice(1) : line);
    prevBlank = line === "";
  }
  if (current && current.length) yield toBuffer(current);
}

function toBuffer(lines: string[]): Buffer {
  // The blank line that separates messages belongs to the mbox, not to the message.
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return Buffer.from(lines.join("\r\n") + "\r\n", "latin1");
}
