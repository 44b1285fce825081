import { createHash } from "node:crypto";
import { asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { canonicalJson } from "../domain/canonicalJson.js";
import type { Db } from "../db/client.js";
import { auditEvent } from "../db/schema/audit.js";
import { actorLabel, actorUserId, type Actor } from "./context.js";

// Every audited event type, in one union: a new kind of write adds its name here.
export const AuditEventType = z.enum([
  "organisation.created",
  "organisation.settingsChanged",
  "user.invited",
  "user.invitationRevoked",
  "apiToken.created",
  "apiToken.revoked",
  "user.created",
  "user.signedIn",
  "user.signInFailed",
  "user.updated",
  "user.totpEnrolled",
  "user.secondFactorVerified",
  "user.secondFactorFailed",
  "person.created",
  "person.updated",
  "person.deleted",
  "person.erased",
  "person.merged",
  "person.distinctConfirmed",
  "person.imported",
  "person.importReviewed",
  "person.sensitiveRead",
  "person.statusChanged",
  "person.consentRecorded",
  "person.assigned",
  "person.unassigned",
  "person.sourceCited",
  "person.custodyRecorded",
  "person.rosfinRecorded",
  "source.created",
  "facility.created",
  "facility.updated",
  "case.created",
  "case.updated",
  "case.deleted",
  "health.recorded",
  "health.sensitiveRead",
  "health.derivedRead",
  "geneva.updated",
  "geneva.exported",
  "import.completed",
  "export.completed",
  "demo.loaded",
  "appeal.submitted",
  "appeal.imported",
  "appeal.sensitiveRead",
  "appeal.linked",
  "appeal.personCreated",
  "appeal.merged",
  "appeal.infoRequested",
  "appeal.replied",
  "appeal.lawyerAssigned",
  "appeal.closed",
  "appeal.statusChanged",
  "appeal.updated",
  "appeal.erased",
  "exchangeList.created",
  "exchangeList.versioned",
  "exchangeList.frozen",
  "exchangeList.signedOff",
  "exchangeList.exported",
  "exchangeList.outcomeRecorded",
  "reconciliation.created",
  "recognition.assessed",
  "recognition.decided",
  "priorityWeights.updated",
  "keys.rotated",
  "backup.created",
  "backup.restored",
  "official.created",
  "official.updated",
  "official.deleted",
  "official.sensitiveRead",
  "official.sourceCited",
  "official.roleLinked",
  "official.roleUnlinked",
  "official.linksProposed",
  "official.proposalDecided",
  "official.exported",
  "official.settingChanged",
  "publicBody.created",
]);
export type AuditEventType = z.infer<typeof AuditEventType>;

export interface AuditEntry {
  type: AuditEventType;
  targetType: string;
  targetId?: string | null;
  /** Facts about the change. Never put plaintext of a sensitive field here: name the field, or pass ciphertext. */
  detail?: Record<string, unknown>;
}

export const GENESIS_HASH = "0".repeat(64);
// Serialises chain appends across connections and processes on a PostgreSQL server.
const AUDIT_LOCK_KEY = 727_001;

export { canonicalJson };

export interface ChainFields {
  at: string;
  actorId: string | null;
  actorLabel: string;
  type: string;
  targetType: string;
  targetId: string | null;
  detail: unknown;
}

export function chainHash(prevHash: string, f: ChainFields): string {
  return createHash("sha256")
    .update(prevHash)
    .update("\n")
    .update(canonicalJson({ ...f }))
    .digest("hex");
}

/**
 * Append one audit entry. Call it inside the same transaction as the change it records,
 * so that a change without its audit entry (or the reverse) can never be committed.
 */
export async function recordAudit(tx: Db, actor: Actor, entry: AuditEntry, now: Date = new Date()): Promise<void> {
  AuditEventType.parse(entry.type);
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await tx.select({ hash: auditEvent.hash }).from(auditEvent).orderBy(desc(auditEvent.seq)).limit(1);
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const fields: ChainFields = {
    at: now.toISOString(),
    actorId: actorUserId(actor),
    actorLabel: actorLabel(actor),
    type: entry.type,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? {},
  };
  await tx.insert(auditEvent).values({ ...fields, detail: fields.detail as object, prevHash, hash: chainHash(prevHash, fields) });
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  problems: string[];
  /** The newest entry: keep its hash outside the database to detect a later cut of the tail. */
  head?: { seq: number; hash: string };
}

/**
 * Walks the chain: an edited row breaks its own hash, a deleted one breaks the next row's link.
 * (Sequence gaps are normal: a rolled-back transaction consumes a sequence value.)
 */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  let checked = 0;
  const pageSize = 5000;
  let after = 0;
  let head: AuditVerification["head"];
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvent)
      .where(sql`${auditEvent.seq} > ${after}`)
      .orderBy(asc(auditEvent.seq))
      .limit(pageSize);
    for (const r of rows) {
      checked++;
      if (r.prevHash !== prev) problems.push(`entry ${r.seq}: does not link to the entry before it (deleted or reordered)`);
      const expected = chainHash(r.prevHash, {
        at: new Date(r.at).toISOString(),
        actorId: r.actorId,
        actorLabel: r.actorLabel,
        type: r.type,
        targetType: r.targetType,
        targetId: r.targetId,
        detail: r.detail,
      });
      if (expected !== r.hash) problems.push(`entry ${r.seq}: content does not match its hash (edited)`);
      prev = r.hash;
      head = { seq: r.seq, hash: r.hash };
    }
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]!.seq;
  }
  return { ok: problems.length === 0, checked, problems, ...(head ? { head } : {}) };
}

/** The hash recorded for one entry, to compare with a head kept elsewhere (`audit verify --expect-head`). */
export async function auditEntryHash(db: Db, seq: number): Promise<string | null> {
  const [row] = await db.select({ hash: auditEvent.hash }).from(auditEvent).where(eq(auditEvent.seq, seq));
  return row?.hash ?? null;
}
