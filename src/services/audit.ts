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

export interface Recorded {
  actor: Actor;
  entry: AuditEntry;
  at: Date;
}

/** Entries recorded in a transaction opened by `auditedTransaction`, waiting to be appended just before it commits. */
const waiting = new WeakMap<object, Recorded[]>();

/**
 * A transaction whose audit entries are appended together just before it commits (`appendAudit`): one lock, one
 * read of the chain's head and one insert, however many it records; and the chain's lock — one for every writer of
 * every process — is held only from then to the commit, not from its first entry. (Each entry written at once took
 * three statements one after another, each a round trip to a PostgreSQL server.) A savepoint inside (`transaction`
 * on it) records into a list of its own, joined to the transaction's when it is released and dropped when it is
 * rolled back: the chain keeps the order the entries were recorded in, and holds none of a change undone.
 */
export function auditedTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const entries: Recorded[] = [];
    entriesWait(tx, entries);
    try {
      const result = await fn(tx);
      waiting.delete(tx);
      await appendAudit(tx, entries);
      return result;
    } finally {
      waiting.delete(tx);
    }
  });
}

/** `tx`'s entries go to `entries`, and so do those of each savepoint opened on it, once it is released. */
function entriesWait(tx: Db, entries: Recorded[]): void {
  waiting.set(tx, entries);
  const open = tx.transaction.bind(tx) as (fn: (inner: Db) => Promise<unknown>, config?: unknown) => Promise<unknown>;
  (tx as { transaction: unknown }).transaction = (fn: (inner: Db) => Promise<unknown>, config?: unknown) =>
    open(async (inner) => {
      const own: Recorded[] = [];
      entriesWait(inner, own);
      try {
        const result = await fn(inner);
        entries.push(...own);
        return result;
      } finally {
        waiting.delete(inner);
      }
    }, config);
}

/**
 * Record one audit entry. Call it inside the same transaction as the change it records, so that a change without
 * its audit entry (or the reverse) can never be committed: appended before that transaction commits
 * (`auditedTransaction`), or at once in any other.
 */
export async function recordAudit(tx: Db, actor: Actor, entry: AuditEntry, now: Date = new Date()): Promise<void> {
  AuditEventType.parse(entry.type);
  const entries = waiting.get(tx);
  if (entries) entries.push(asRecorded(actor, entry, now));
  else await appendAudit(tx, [{ actor, entry, at: now }]);
}

/**
 * An entry to be appended later, kept as it is now (the detail as the database will hold it: JSON), whatever the
 * caller changes meanwhile — a count it goes on adding to, a list it pushes to.
 */
export function asRecorded(actor: Actor, entry: AuditEntry, at: Date): Recorded {
  const detail = entry.detail && (JSON.parse(JSON.stringify(entry.detail)) as Record<string, unknown>);
  return { actor: { ...actor }, entry: { ...entry, detail }, at: new Date(at) };
}

/** Rows per insert (nine parameters each, under PostgreSQL's 65,535). */
const ROWS_PER_INSERT = 5000;

/** Append entries to the chain, in their order: its lock, its head, then the rows (one insert per 5,000). */
export async function appendAudit(tx: Db, entries: readonly Recorded[]): Promise<void> {
  if (!entries.length) return;
  for (const e of entries) AuditEventType.parse(e.entry.type);
  // The head is read after the lock is taken, by a statement of its own: its snapshot then sees every entry committed
  // before (read committed takes a snapshot per statement).
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await tx.select({ hash: auditEvent.hash }).from(auditEvent).orderBy(desc(auditEvent.seq)).limit(1);
  let prevHash = last[0]?.hash ?? GENESIS_HASH;
  const rows = entries.map(({ actor, entry, at }) => {
    const fields: ChainFields = {
      at: at.toISOString(),
      actorId: actorUserId(actor),
      actorLabel: actorLabel(actor),
      type: entry.type,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      detail: entry.detail ?? {},
    };
    const hash = chainHash(prevHash, fields);
    const row = { ...fields, detail: fields.detail as object, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One statement's rows take their sequence numbers in the order given (the chain's order).
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await tx.insert(auditEvent).values(rows.slice(i, i + ROWS_PER_INSERT));
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
