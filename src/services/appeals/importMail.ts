import { readFile } from "node:fs/promises";
import * as repo from "../../db/repositories/appeals.js";
import { recordAudit } from "../audit.js";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { authorize } from "../policy.js";
import { tx } from "../people.js";
import type { AppealContact, AppealText } from "./input.js";
import { looksLikeMbox, parseMail, splitMbox, type ParsedMail } from "./mail.js";

// `allforall appeals import-mail FILE`: every message becomes an appeal (channel "email") with the sender and
// the letter sealed, attachments sealed, idempotent by Message-ID so an inbox can be exported and imported
// again and again. Each message has its own transaction: one broken message does not lose the others.

/** Larger attachments are listed in the appeal's history but not stored (scans of whole case files exist). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface MailImportResult {
  messages: number;
  imported: number;
  duplicates: number;
  attachments: number;
  failed: { index: number; error: string }[];
  appealIds: string[];
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
  const result: MailImportResult = { messages: 0, imported: 0, duplicates: 0, attachments: 0, failed: [], appealIds: [] };
  for await (const raw of messages) {
    const index = result.messages++;
    try {
      const mail = await parseMail(raw);
      const r = await importOne(ctx, mail);
      if (r.id) {
        result.imported++;
        result.attachments += r.attachments;
        result.appealIds.push(r.id);
      } else result.duplicates++;
    } catch (e) {
      // The error text may quote the message; keep only its class and first line for the operator.
      result.failed.push({ index, error: e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : "unreadable message" });
    }
  }
  return result;
}

async function importOne(ctx: ServiceContext, mail: ParsedMail): Promise<{ id: string | null; attachments: number }> {
  const organisationId = actorOrganisationId(ctx.actor);
  if (await repo.findAppealIdByMessageId(ctx.db, organisationId, mail.messageId)) return { id: null, attachments: 0 };
  const now = ctx.now();
  const contact: AppealContact | null = mail.fromAddress || mail.fromName ? { method: "email", value: mail.fromAddress, safetyNote: null, name: mail.fromName } : null;
  const text: AppealText = { subject: mail.subject, body: mail.text };
  return tx(ctx, async (db) => {
    const row = await repo.insertAppealIfNewMessage(db, {
      organisationId,
      status: "received",
      language: mail.language,
      channel: "email",
      messageId: mail.messageId,
      contactEnc: contact ? ctx.cipher.sealJson(contact) : null,
      textEnc: ctx.cipher.sealJson(text),
      receivedAt: mail.date ?? now,
      createdAt: now,
      updatedAt: now,
    });
    // Another import of the same mailbox got there first (the unique index decided).
    if (!row) return { id: null, attachments: 0 };
    const kept = mail.attachments.filter((a) => a.content.length <= MAX_ATTACHMENT_BYTES);
    await repo.insertAttachments(
      db,
      kept.map((a) => ({
        appealId: row.id,
        filenameEnc: a.filename ? ctx.cipher.seal(a.filename) : null,
        contentType: a.contentType.slice(0, 200),
        size: a.content.length,
        contentEnc: ctx.cipher.seal(a.content.toString("base64")),
        createdAt: now,
      })),
    );
    const detail = { channel: "email", language: mail.language, attachments: kept.length, ...(kept.length < mail.attachments.length ? { attachmentsTooLarge: mail.attachments.length - kept.length } : {}) };
    await repo.appendAppealEvent(db, { appealId: row.id, kind: "imported", toStatus: "received", actorLabel: ctxLabel(ctx), detail, at: now });
    await recordAudit(db, ctx.actor, { type: "appeal.imported", targetType: "appeal", targetId: row.id, detail }, now);
    return { id: row.id, attachments: kept.length };
  });
}

function ctxLabel(ctx: ServiceContext): string {
  return ctx.actor.kind === "anonymous" ? "anonymous" : ctx.actor.label;
}
