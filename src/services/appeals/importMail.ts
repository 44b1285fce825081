import { readFile } from "node:fs/promises";
import { actorLabel, actorOrganisationId, type ServiceContext } from "../context.js";
import { authorize } from "../policy.js";
import { tx } from "../people.js";
import { appealMessageSeen, holdAppeal } from "./hold.js";
import type { AppealContact, AppealText } from "./input.js";
import { hourOf } from "./intakeKeys.js";
import { looksLikeMbox, parseMail, splitMbox, type ParsedMail } from "./mail.js";

// `allforall appeals import-mail FILE`: every message becomes an appeal (channel "email") with the sender and
// the letter sealed, attachments sealed, idempotent by Message-ID (kept only as keyed hashes) so an inbox can be
// exported and imported again and again. Each message has its own transaction: one broken message does not lose
// the others. Messages are held and committed with their hour's batch in shuffled order (hold.ts): the order of
// a mailbox is the order of arrival.

/** Larger attachments are listed in the appeal's history but not stored (scans of whole case files exist). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface MailImportResult {
  messages: number;
  /** Held for the next hourly commit (src/services/appeals/hold.ts): they reach the queue within the hour. */
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

export async function importMailMessages(ctx: ServiceContext, messages: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<MailImportResult> {
  authorize(ctx.actor, "import", "appeal");
  const result: MailImportResult = { messages: 0, imported: 0, duplicates: 0, attachments: 0, failed: [] };
  for await (const raw of messages) {
    const index = result.messages++;
    try {
      const mail = await parseMail(raw);
      const r = await importOne(ctx, mail);
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

async function importOne(ctx: ServiceContext, mail: ParsedMail): Promise<{ held: boolean; attachments: number }> {
  const organisationId = actorOrganisationId(ctx.actor);
  if (await appealMessageSeen(ctx, organisationId, mail.messageId)) return { held: false, attachments: 0 };
  const contact: AppealContact | null = mail.fromAddress || mail.fromName ? { method: "email", value: mail.fromAddress, safetyNote: null, name: mail.fromName } : null;
  const text: AppealText = { subject: mail.subject, body: mail.text };
  const kept = mail.attachments.filter((a) => a.content.length <= MAX_ATTACHMENT_BYTES);
  const detail = { channel: "email", language: mail.language, attachments: kept.length, ...(kept.length < mail.attachments.length ? { attachmentsTooLarge: mail.attachments.length - kept.length } : {}) };
  // The letter's Date header to the hour, like the form (an exact time could be matched with mail servers' logs).
  const receivedAt = hourOf(mail.date ?? ctx.now()).toISOString();
  const r = await tx(ctx, (db) =>
    holdAppeal(
      ctx,
      db,
      {
        codeHash: null,
        language: mail.language,
        channel: "email",
        heldName: null,
        heldBirthDate: null,
        heldWhere: null,
        heldArticle: null,
        heldSince: null,
        requests: [],
        publicityConsent: "none",
        exchangeConsent: "unknown",
        contact,
        text,
        receivedAt,
        attachments: kept.map((a) => ({ filename: a.filename, contentType: a.contentType.slice(0, 200), size: a.content.length, content: a.content.toString("base64") })),
        event: { kind: "imported", actorLabel: actorLabel(ctx.actor), detail },
        audit: { type: "appeal.imported", detail },
        actor: ctx.actor,
      },
      { organisationId, messageId: mail.messageId },
    ),
  );
  return { held: r.held, attachments: r.held ? kept.length : 0 };
}
