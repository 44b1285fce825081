import { createHmac, hkdfSync } from "node:crypto";
import type { Db } from "../../db/client.js";
import * as repo from "../../db/repositories/appeals.js";
import type { AppealChannel, AppealLanguage, AppealRequest } from "../../db/schema/appeal.js";
import type { ExchangeConsent, PublicityConsent } from "../../db/schema/enums.js";
import type { FieldCipher } from "../../security/fieldCipher.js";
import { recordAudit, type AuditEventType } from "../audit.js";
import { actorLabel, type ServiceContext } from "../context.js";
import type { AppealContact, AppealText } from "./input.js";

// The one door every appeal comes in by — the web form, a mail file, the mailbox, the Telegram bot. The form's
// safety rules live here so that no channel can skip them: no client trace (IP, user agent) is ever accepted,
// every time written (received, created, the history event, the audit entry) is the hour only, what the family
// wrote and how to reach them are sealed, and a channel's message id is kept only as a keyed hash.

export interface IncomingAppeal {
  organisationId: string;
  channel: AppealChannel;
  language: AppealLanguage;
  /** When the family wrote (an e-mail's Date header); rounded to the hour like everything else. */
  writtenAt?: Date | null;
  codeHash?: string | null;
  formNonce?: string | null;
  /** The channel's own id of the message (Message-ID…): stored only as `messageKey(cipher, id)`. */
  messageId?: string | null;
  heldName?: string | null;
  heldBirthDate?: string | null;
  heldWhere?: string | null;
  heldArticle?: string | null;
  heldSince?: string | null;
  requests?: AppealRequest[];
  publicityConsent?: PublicityConsent;
  exchangeConsent?: ExchangeConsent;
  contact: AppealContact | null;
  text: AppealText | null;
  attachments?: { filename: string | null; contentType: string; content: Buffer }[];
  /** History event kind and audit type: "submitted"/appeal.submitted, "imported"/appeal.imported. */
  event: { kind: string; audit: AuditEventType; detail: Record<string, unknown> };
}

/** Times of appeals are kept to the hour: exact times could be matched against a provider's connection logs. */
export function submissionHour(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

/**
 * A keyed hash of a channel's message id, one per field key (current first). Without the key a stored value
 * cannot be tested against a Message-ID seen elsewhere (a mail server's logs, a seized mailbox); the older keys'
 * values let a mailbox fetched before a key rotation still be recognised.
 */
export function messageKeys(cipher: FieldCipher, messageId: string): string[] {
  return cipher.keys().map((k) => {
    const mac = Buffer.from(hkdfSync("sha256", k.key, Buffer.alloc(0), "allforall-appeal-message-id:v1", 32));
    return "mk1." + createHmac("sha256", mac).update(messageId.trim()).digest("base64url");
  });
}

/** Whether an appeal with this message id exists (also one stored in clear by an older version). */
export async function knownMessage(ctx: ServiceContext, organisationId: string, messageId: string): Promise<boolean> {
  return !!(await repo.findAppealIdByMessageId(ctx.db, organisationId, [...messageKeys(ctx.cipher, messageId), messageId]));
}

/**
 * Store one incoming appeal with its attachments, history event and audit entry, in the caller's transaction.
 * Returns undefined when an appeal with the same message id is already there (the unique index decided).
 */
export async function storeIncomingAppeal(db: Db, ctx: ServiceContext, a: IncomingAppeal): Promise<repo.AppealRow | undefined> {
  const hour = submissionHour(ctx.now());
  const written = a.writtenAt ? submissionHour(a.writtenAt) : hour;
  const values: repo.AppealInsert = {
    organisationId: a.organisationId,
    codeHash: a.codeHash ?? null,
    formNonce: a.formNonce ?? null,
    status: "received",
    language: a.language,
    channel: a.channel,
    messageId: a.messageId ? messageKeys(ctx.cipher, a.messageId)[0]! : null,
    heldName: a.heldName ?? null,
    heldBirthDate: a.heldBirthDate ?? null,
    heldWhere: a.heldWhere ?? null,
    heldArticle: a.heldArticle ?? null,
    heldSince: a.heldSince ?? null,
    requests: [...new Set(a.requests ?? [])],
    publicityConsent: a.publicityConsent ?? "none",
    exchangeConsent: a.exchangeConsent ?? "unknown",
    contactEnc: a.contact ? ctx.cipher.sealJson(a.contact) : null,
    textEnc: a.text ? ctx.cipher.sealJson(a.text) : null,
    receivedAt: written,
    createdAt: hour,
    updatedAt: hour,
  };
  const row = a.messageId ? await repo.insertAppealIfNewMessage(db, values) : await repo.insertAppeal(db, values);
  if (!row) return undefined;
  if (a.attachments?.length)
    await repo.insertAttachments(
      db,
      a.attachments.map((f) => ({
        appealId: row.id,
        filenameEnc: f.filename ? ctx.cipher.seal(f.filename) : null,
        contentType: f.contentType.slice(0, 200),
        size: f.content.length,
        contentEnc: ctx.cipher.seal(f.content.toString("base64")),
        createdAt: hour,
      })),
    );
  await repo.appendAppealEvent(db, { appealId: row.id, kind: a.event.kind, toStatus: "received", actorLabel: actorLabel(ctx.actor), detail: a.event.detail, at: hour });
  await recordAudit(db, ctx.actor, { type: a.event.audit, targetType: "appeal", targetId: row.id, detail: a.event.detail }, hour);
  return row;
}
