import { readFile } from "node:fs/promises";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { authorize } from "../policy.js";
import { tx } from "../people.js";
import type { AppealContact, AppealText } from "./input.js";
import { knownMessage, storeIncomingAppeal } from "./intake.js";
import { looksLikeMbox, parseMail, splitMbox, type ParsedMail } from "./mail.js";

// `allforall appeals import-mail FILE`: every message becomes an appeal (channel "email") with the sender and
// the letter sealed, attachments sealed, idempotent by Message-ID so an inbox can be exported and imported
// again and again. Each message has its own transaction: one broken message does not lose the others. Messages
// are held and committed with their hour's batch in shuffled order (hold.ts): a mailbox's order is the order of
// arrival.

/** Larger attachments are listed in the appeal's history but not stored (scans of whole case files exist). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface MailImportResult {
  messages: number;
  /** Held for the hourly commit (src/services/appeals/hold.ts): they reach the queue when their hour is over. */
  imported: number;
  duplicates: number;
  attachments: number;
  failed: { index: number; error: string }[];
}

export async function importMailFile(ctx: ServiceContext, path: string): Promise<MailImportResult> {
  authorize(ctx.actor, "import", "appeal");
  const messages = (await looksLikeMbox(path)) ? splitMbox(path) : single(path);
  return importMailMessages(ctx, messages);
}

async function* single(path: string): AsyncGenerator<Buffer> {
  yield await readFile(path);
}

/** `source` names where the messages came from in the history and audit ("imap"); files leave it out. */
export async function importMailMessages(ctx: ServiceContext, messages: AsyncIterable<Buffer> | Iterable<Buffer>, source?: string): Promise<MailImportResult> {
  authorize(ctx.actor, "import", "appeal");
  const result: MailImportResult = { messages: 0, imported: 0, duplicates: 0, attachments: 0, failed: [] };
  for await (const raw of messages) {
    const index = result.messages++;
    try {
      const mail = await parseMail(raw);
      const r = await importOne(ctx, mail, source);
      if (r.held) {
        result.imported++;
        result.attachments += r.attachments;
      } else result.duplicates++;
    } catch (e) {
      // The error text may quote the message; keep only its class and first line for the operator.
      result.failed.push({ index, error: e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : "unreadable message" });
    }
  }
  return result;
}

async function importOne(ctx: ServiceContext, mail: ParsedMail, source?: string): Promise<{ held: boolean; attachments: number }> {
  const organisationId = actorOrganisationId(ctx.actor);
  if (await knownMessage(ctx, organisationId, mail.messageId)) return { held: false, attachments: 0 };
  // The original Message-ID goes into the sealed contact so that a reply can thread with the family's letter.
  const contact: AppealContact | null = mail.fromAddress || mail.fromName ? { method: "email", value: mail.fromAddress, safetyNote: null, name: mail.fromName, messageId: mail.messageId } : null;
  const text: AppealText = { subject: mail.subject, body: mail.text };
  const kept = mail.attachments.filter((a) => a.content.length <= MAX_ATTACHMENT_BYTES);
  const detail = {
    channel: "email",
    ...(source ? { source } : {}),
    language: mail.language,
    attachments: kept.length,
    ...(kept.length < mail.attachments.length ? { attachmentsTooLarge: mail.attachments.length - kept.length } : {}),
  };
  return tx(ctx, async (db) => {
    const r = await storeIncomingAppeal(db, ctx, {
      organisationId,
      channel: "email",
      language: mail.language,
      messageId: mail.messageId,
      writtenAt: mail.date,
      contact,
      text,
      attachments: kept,
      event: { kind: "imported", audit: "appeal.imported", detail },
    });
    // Another import of the same mailbox got there first.
    return { held: r.held, attachments: r.held ? kept.length : 0 };
  });
}
