import { readFileSync } from "node:fs";
import { onFirstUse } from "../firstUse.js";
import { authorize } from "../policy.js";
import type { ServiceContext } from "../context.js";
import { importMailMessages, type MailImportResult } from "./importMail.js";

// `allforall appeals fetch` and the server's mailbox polling: read new messages from an IMAP mailbox over TLS,
// import each through the same door as the form (intake.ts), then mark what is safely stored — flag it, or move
// it to a folder. A message that could not be imported is left exactly where and as it was (never deleted,
// never flagged), so the next fetch tries it again and staff still see it in the mailbox.

/** The keyword set on an imported message; a fetch skips messages that carry it. */
export const IMPORTED_KEYWORD = "$AllforallImported";

export interface MailboxSettings {
  host: string;
  port: number;
  /** "tls": TLS from the first byte (imaps, port 993); "starttls": plain connect, then STARTTLS, which is required. */
  security: "tls" | "starttls";
  user: string;
  password: string;
  mailbox: string;
  /** Move imported messages here (created if missing); null: leave them in place, flagged \Seen and $AllforallImported. */
  moveTo: string | null;
  /** Extra CA certificates to trust (a server with a private CA); the system's CAs are trusted as well. */
  ca?: string | undefined;
  /** At most this many messages per fetch (the next fetch takes the rest). */
  batch: number;
}

export interface MailboxFetchResult extends MailImportResult {
  /** Messages stored or already there, now flagged or moved. */
  marked: number;
}

/**
 * Settings from the environment (also used by `serve`): ALLFORALL_IMAP_URL = imaps://USER@HOST[:PORT][/MAILBOX]
 * (or imap://… for STARTTLS), the password in ALLFORALL_IMAP_PASSWORD or the file ALLFORALL_IMAP_PASSWORD_FILE,
 * ALLFORALL_IMAP_MOVE_TO, ALLFORALL_IMAP_CA_FILE. Null when no mailbox is configured.
 */
export function mailboxSettingsFromEnv(env: NodeJS.ProcessEnv, overrides: { url?: string | undefined; moveTo?: string | undefined } = {}): MailboxSettings | null {
  const raw = overrides.url ?? env.ALLFORALL_IMAP_URL;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ALLFORALL_IMAP_URL: not a URL (expected imaps://user@host:993/INBOX)`);
  }
  if (url.protocol !== "imaps:" && url.protocol !== "imap:") throw new Error(`ALLFORALL_IMAP_URL: expected imaps:// (TLS) or imap:// (STARTTLS, required), got ${url.protocol}//`);
  const user = decodeURIComponent(url.username);
  if (!user) throw new Error("ALLFORALL_IMAP_URL: the user is missing (imaps://USER@host/INBOX)");
  const password = url.password
    ? decodeURIComponent(url.password)
    : env.ALLFORALL_IMAP_PASSWORD_FILE
      ? readFileSync(env.ALLFORALL_IMAP_PASSWORD_FILE, "utf8").trim()
      : env.ALLFORALL_IMAP_PASSWORD;
  if (!password) throw new Error("the mailbox password is missing: set ALLFORALL_IMAP_PASSWORD or ALLFORALL_IMAP_PASSWORD_FILE");
  const security = url.protocol === "imaps:" ? "tls" : "starttls";
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, "")) || "INBOX";
  const moveTo = overrides.moveTo ?? env.ALLFORALL_IMAP_MOVE_TO ?? null;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : security === "tls" ? 993 : 143,
    security,
    user,
    password,
    mailbox,
    moveTo: moveTo || null,
    ca: env.ALLFORALL_IMAP_CA_FILE ? readFileSync(env.ALLFORALL_IMAP_CA_FILE, "utf8") : undefined,
    batch: 200,
  };
}

// The IMAP client loaded on first use: most servers have no mailbox configured, and loading it cost every start
// ~0.17 s of CPU before the person index could begin (docs/architecture.md, "Start-up").
const imapFlow = onFirstUse(() => import("imapflow").then((m) => m.ImapFlow));

export async function fetchMailbox(ctx: ServiceContext, s: MailboxSettings): Promise<MailboxFetchResult> {
  authorize(ctx.actor, "import", "appeal");
  const Client = await imapFlow();
  const client = new Client({
    host: s.host,
    port: s.port,
    secure: s.security === "tls",
    doSTARTTLS: s.security === "starttls" ? true : undefined,
    auth: { user: s.user, pass: s.password },
    // Certificates are always verified; a private CA is added, never verification turned off.
    tls: s.ca ? { ca: s.ca, rejectUnauthorized: true } : { rejectUnauthorized: true },
    logger: false,
    disableAutoIdle: true,
  });
  // A dropped connection surfaces as a rejected command; the event must not crash the process.
  client.on("error", () => {});
  await client.connect();
  try {
    const lock = await client.getMailboxLock(s.mailbox);
    try {
      const found = (await client.search({ unKeyword: IMPORTED_KEYWORD }, { uid: true })) || [];
      const uids = found.sort((a, b) => a - b).slice(0, s.batch);
      if (!uids.length) return { messages: 0, imported: 0, duplicates: 0, attachments: 0, failed: [], marked: 0 };
      // No other command may run while a FETCH streams, so the raw messages are read first, then imported.
      const sources: { uid: number; raw: Buffer }[] = [];
      for await (const m of client.fetch(uids, { uid: true, source: true }, { uid: true })) if (m.source) sources.push({ uid: m.uid, raw: m.source });
      sources.sort((a, b) => a.uid - b.uid);
      const result = await importMailMessages(ctx, sources.map((x) => x.raw), "imap");
      const failed = new Set(result.failed.map((f) => sources[f.index]!.uid));
      const stored = sources.map((x) => x.uid).filter((uid) => !failed.has(uid));
      if (stored.length) {
        await client.messageFlagsAdd(stored, ["\\Seen", IMPORTED_KEYWORD], { uid: true });
        if (s.moveTo) {
          await client.mailboxCreate(s.moveTo).catch(() => undefined); // already there
          await client.messageMove(stored, s.moveTo, { uid: true });
        }
      }
      // Report failures by UID (the operator finds them in the mailbox), not by position in this batch.
      result.failed = result.failed.map((f) => ({ index: sources[f.index]!.uid, error: f.error }));
      return { ...result, marked: stored.length };
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
