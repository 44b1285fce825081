import { randomInt } from "node:crypto";
import { isNotNull, like, not, and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import * as repo from "../../db/repositories/appeals.js";
import * as intake from "../../db/repositories/appealIntake.js";
import { appeal, type AppealChannel, type AppealLanguage, type AppealRequest } from "../../db/schema/appeal.js";
import type { ExchangeConsent, PublicityConsent } from "../../db/schema/enums.js";
import { recordAudit, type AuditEventType } from "../audit.js";
import type { Actor, ServiceContext } from "../context.js";
import { tx } from "../people.js";
import type { AppealContact, AppealText } from "./input.js";
import { heldStatusHash, hourOf, messageKeys } from "./intakeKeys.js";

// Appeals are committed once an hour, in shuffled order. Whatever arrives (the form, a mailbox import, any
// later channel) is first held in `held_appeal`, sealed as one payload; when its hour is over, one process
// (an advisory lock decides) turns every held appeal of that hour into its appeal row, attachments, history and
// audit entry in one transaction, in random order, all stamped with the hour. So the appeal's sequence number,
// its place in the table, its transaction id, its history and its audit entry's place in the chain say only
// "this hour", like `received_at` — never which family came first. The family's receipt code works at once:
// /appeal/status finds a held appeal (as "received") through a different hash of the code.

export interface HeldAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  /** base64 of the bytes */
  content: string;
}

/** Everything the committed appeal will hold; sealed as a whole while held. */
export interface HeldAppealPayload {
  codeHash: string | null;
  messageHash: string | null;
  language: AppealLanguage;
  channel: AppealChannel;
  heldName: string | null;
  heldBirthDate: string | null;
  heldWhere: string | null;
  heldArticle: string | null;
  heldSince: string | null;
  requests: AppealRequest[];
  publicityConsent: PublicityConsent;
  exchangeConsent: ExchangeConsent;
  contact: AppealContact | null;
  text: AppealText | null;
  /** ISO time, to the hour. */
  receivedAt: string;
  attachments: HeldAttachment[];
  event: { kind: string; actorLabel: string; detail: Record<string, unknown> };
  audit: { type: Extract<AuditEventType, "appeal.submitted" | "appeal.imported">; detail: Record<string, unknown> };
  actor: Actor;
}

export interface HoldOptions {
  organisationId: string;
  /** The family's code (normalised), so that the status page finds the appeal while it is held. */
  code?: string;
  /** An e-mail's Message-ID: a held or committed appeal with the same one is not held again. */
  messageId?: string;
  /** Refuse when this many appeals are held for the current hour already (the queue cap). */
  cap?: number;
}

export type HoldResult = { held: true } | { held: false; reason: "duplicate" | "full" };

/**
 * Hold one appeal until its hour is over. Call inside the transaction that consumed the form token (or the
 * mailbox message), so both happen or neither. Holds are serialised (an advisory lock), so the cap is exact
 * across processes.
 */
export async function holdAppeal(ctx: ServiceContext, db: Db, payload: Omit<HeldAppealPayload, "messageHash">, o: HoldOptions): Promise<HoldResult> {
  const hour = hourOf(ctx.now());
  await intake.lockHolds(db);
  if (o.messageId !== undefined) {
    if (await messageSeen(db, ctx, o.organisationId, o.messageId)) return { held: false, reason: "duplicate" };
  }
  if (o.cap !== undefined && (await intake.countHeldIn(db, o.organisationId, hour)) >= o.cap) return { held: false, reason: "full" };
  const full: HeldAppealPayload = { ...payload, messageHash: o.messageId !== undefined ? messageKeys(ctx.cipher, o.messageId, "appeal")[0]! : null };
  const row = await intake.insertHeldAppeal(db, {
    organisationId: o.organisationId,
    heldHour: hour,
    statusHash: o.code ? heldStatusHash(o.code) : null,
    messageKey: o.messageId !== undefined ? messageKeys(ctx.cipher, o.messageId, "held")[0]! : null,
    payloadEnc: ctx.cipher.sealJson(full),
  });
  return row ? { held: true } : { held: false, reason: "duplicate" };
}

async function messageSeen(db: Db, ctx: ServiceContext, organisationId: string, messageId: string): Promise<boolean> {
  if (await intake.heldMessageExists(db, organisationId, messageKeys(ctx.cipher, messageId, "held"))) return true;
  // Also an id stored in clear by an older version (until hashStoredMessageIds has run).
  return !!(await repo.findAppealIdByMessageId(db, organisationId, [...messageKeys(ctx.cipher, messageId, "appeal"), messageId]));
}

/** Has a message with this Message-ID been held or committed already (a quick look before parsing more)? */
export async function appealMessageSeen(ctx: ServiceContext, organisationId: string, messageId: string): Promise<boolean> {
  return messageSeen(ctx.db, ctx, organisationId, messageId);
}

/** The hour a held appeal arrived, found by the family's code; undefined when nothing is held under it. */
export async function heldAppealHour(ctx: ServiceContext, normalisedCode: string): Promise<Date | undefined> {
  return (await intake.heldByStatusHash(ctx.db, heldStatusHash(normalisedCode)))?.heldHour;
}

function shuffled<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * Commit every appeal held from an hour before the hour of `now`: one shuffled batch per hour, in one
 * transaction. Returns how many were committed (0 when another process holds the batch lock right now).
 */
export async function commitHeldAppeals(ctx: ServiceContext, now: Date = ctx.now()): Promise<number> {
  const hour = hourOf(now);
  // Look first without a transaction: on the embedded database a transaction empties the read cache.
  if (!(await intake.anyHeldBefore(ctx.db, hour))) return 0;
  return tx(ctx, async (db) => {
    if (!(await intake.tryCommitLock(db))) return 0;
    const rows = await intake.heldBefore(db, hour);
    const byHour = new Map<number, intake.HeldAppealRow[]>();
    for (const r of rows) {
      const h = new Date(r.heldHour).getTime();
      byHour.set(h, [...(byHour.get(h) ?? []), r]);
    }
    for (const h of [...byHour.keys()].sort((a, b) => a - b)) {
      for (const r of shuffled(byHour.get(h)!)) await commitOne(ctx, db, r, new Date(h));
    }
    await intake.deleteHeld(db, rows.map((r) => r.id));
    return rows.length;
  });
}

async function commitOne(ctx: ServiceContext, db: Db, held: intake.HeldAppealRow, hour: Date): Promise<void> {
  const p = ctx.cipher.openJson<HeldAppealPayload>(held.payloadEnc);
  const row = await repo.insertAppealIfNewMessage(db, {
    organisationId: held.organisationId,
    codeHash: p.codeHash,
    messageId: p.messageHash,
    status: "received",
    language: p.language,
    channel: p.channel,
    heldName: p.heldName,
    heldBirthDate: p.heldBirthDate,
    heldWhere: p.heldWhere,
    heldArticle: p.heldArticle,
    heldSince: p.heldSince,
    requests: p.requests,
    publicityConsent: p.publicityConsent,
    exchangeConsent: p.exchangeConsent,
    contactEnc: p.contact ? ctx.cipher.sealJson(p.contact) : null,
    textEnc: p.text ? ctx.cipher.sealJson(p.text) : null,
    receivedAt: new Date(p.receivedAt),
    createdAt: hour,
    updatedAt: hour,
  });
  // The same message imported twice in one hour by two imports: the unique index keeps the first.
  if (!row) return;
  await repo.insertAttachments(
    db,
    p.attachments.map((a) => ({
      appealId: row.id,
      filenameEnc: a.filename ? ctx.cipher.seal(a.filename) : null,
      contentType: a.contentType,
      size: a.size,
      contentEnc: ctx.cipher.seal(a.content),
      createdAt: hour,
    })),
  );
  await repo.appendAppealEvent(db, { appealId: row.id, kind: p.event.kind, toStatus: "received", actorLabel: p.event.actorLabel, detail: p.event.detail, at: hour });
  await recordAudit(db, p.actor, { type: p.audit.type, targetType: "appeal", targetId: row.id, detail: p.audit.detail }, hour);
}

/**
 * Message-IDs stored in clear before they were kept as keyed hashes (a migration cannot compute an HMAC):
 * replaced by their hash. Runs with the intake job; a no-op once done.
 */
export async function hashStoredMessageIds(ctx: ServiceContext): Promise<number> {
  const legacy = await ctx.db
    .select({ id: appeal.id, messageId: appeal.messageId })
    .from(appeal)
    .where(and(isNotNull(appeal.messageId), not(like(appeal.messageId, "mk1.%"))));
  if (!legacy.length) return 0;
  await tx(ctx, async (db) => {
    for (const r of legacy) await db.update(appeal).set({ messageId: messageKeys(ctx.cipher, r.messageId!, "appeal")[0]! }).where(eq(appeal.id, r.id));
  });
  return legacy.length;
}

const legacyDone = new WeakSet<object>();

/** The intake's periodic work (every server process runs it; one commits): commit due batches, forget used tokens and old counters. */
export async function runAppealIntake(ctx: ServiceContext): Promise<number> {
  if (!legacyDone.has(ctx.db)) {
    await hashStoredMessageIds(ctx);
    legacyDone.add(ctx.db);
  }
  const committed = await commitHeldAppeals(ctx);
  await intake.pruneIntake(ctx.db, ctx.now());
  return committed;
}
