import type { Db } from "../../db/client.js";
import type { AppealChannel, AppealLanguage, AppealRequest } from "../../db/schema/appeal.js";
import type { ExchangeConsent, PublicityConsent } from "../../db/schema/enums.js";
import type { AuditEventType } from "../audit.js";
import { actorLabel, type ServiceContext } from "../context.js";
import { appealCodeHash } from "./code.js";
import { appealMessageSeen, holdAppeal, type HoldResult } from "./hold.js";
import type { AppealContact, AppealText } from "./input.js";
import { hourOf } from "./intakeKeys.js";

export { messageKeys } from "./intakeKeys.js";

// The one door every appeal comes in by — the web form, a mail file, the mailbox, the Telegram bot. The form's
// safety rules live here so that no channel can skip them: no client trace (IP, user agent) is ever accepted,
// every time written (received, created, the history event, the audit entry) is the hour only, what the family
// wrote and how to reach them are sealed, a channel's message id is kept only as a keyed hash, and the appeal
// is held until its hour is over and then committed with the hour's others in shuffled order (hold.ts), so
// nothing stored keeps the order of arrival.

export interface IncomingAppeal {
  organisationId: string;
  channel: AppealChannel;
  language: AppealLanguage;
  /** When the family wrote (an e-mail's Date header); rounded to the hour like everything else. */
  writtenAt?: Date | null;
  /** The family's code (normalised), shown to them once: only hashes of it are stored. */
  code?: string | null;
  /** The channel's own id of the message (Message-ID…): stored only as keyed hashes (intakeKeys.ts). */
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
  event: { kind: string; audit: Extract<AuditEventType, "appeal.submitted" | "appeal.imported">; detail: Record<string, unknown> };
}

/** Times of appeals are kept to the hour: exact times could be matched against a provider's connection logs. */
export function submissionHour(d: Date): Date {
  return hourOf(d);
}

/** Whether an appeal with this message id is held or stored already (also one stored in clear by an older version). */
export async function knownMessage(ctx: ServiceContext, organisationId: string, messageId: string): Promise<boolean> {
  return appealMessageSeen(ctx, organisationId, messageId);
}

/**
 * Take one incoming appeal, in the caller's transaction: it is held (sealed) until its hour is over, then
 * committed with its attachments, history event and audit entry. `{ held: false, reason: "duplicate" }` when an
 * appeal with the same message id is held or stored already; "full" when `cap` appeals are held this hour.
 */
export async function storeIncomingAppeal(db: Db, ctx: ServiceContext, a: IncomingAppeal, opts: { cap?: number } = {}): Promise<HoldResult> {
  const hour = hourOf(ctx.now());
  const written = a.writtenAt ? hourOf(a.writtenAt) : hour;
  return holdAppeal(
    ctx,
    db,
    {
      codeHash: a.code ? appealCodeHash(a.code) : null,
      language: a.language,
      channel: a.channel,
      heldName: a.heldName ?? null,
      heldBirthDate: a.heldBirthDate ?? null,
      heldWhere: a.heldWhere ?? null,
      heldArticle: a.heldArticle ?? null,
      heldSince: a.heldSince ?? null,
      requests: [...new Set(a.requests ?? [])],
      publicityConsent: a.publicityConsent ?? "none",
      exchangeConsent: a.exchangeConsent ?? "unknown",
      contact: a.contact,
      text: a.text,
      receivedAt: written.toISOString(),
      attachments: (a.attachments ?? []).map((f) => ({ filename: f.filename, contentType: f.contentType.slice(0, 200), size: f.content.length, content: f.content.toString("base64") })),
      event: { kind: a.event.kind, actorLabel: actorLabel(ctx.actor), detail: a.event.detail },
      audit: { type: a.event.audit, detail: a.event.detail },
      actor: ctx.actor,
    },
    {
      organisationId: a.organisationId,
      ...(a.code ? { code: a.code } : {}),
      ...(a.messageId ? { messageId: a.messageId } : {}),
      ...(opts.cap !== undefined ? { cap: opts.cap } : {}),
    },
  );
}
