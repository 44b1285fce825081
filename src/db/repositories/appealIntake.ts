import { and, count, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { formTokenUse, heldAppeal, rateCount } from "../schema/appealIntake.js";

export type HeldAppealRow = typeof heldAppeal.$inferSelect;

// Two advisory lock keys of the intake (recordAudit uses 727_001): one batch commit at a time across every
// process, and one hold at a time so that the queue cap is a hard bound.
const COMMIT_LOCK = 727_020;
const HOLD_LOCK = 727_021;

export async function insertHeldAppeal(db: Db, values: typeof heldAppeal.$inferInsert): Promise<{ id: string } | undefined> {
  const [row] = await db.insert(heldAppeal).values(values).onConflictDoNothing().returning({ id: heldAppeal.id });
  return row;
}

/** Is any appeal held from an hour before `hour`? (A cheap look before opening a write transaction.) */
export async function anyHeldBefore(db: Db, hour: Date): Promise<boolean> {
  const rows = await db.select({ id: heldAppeal.id }).from(heldAppeal).where(lt(heldAppeal.heldHour, hour)).limit(1);
  return rows.length > 0;
}

/** Inside a transaction: true for the one caller (of any process) that may commit a batch now. */
export async function tryCommitLock(db: Db): Promise<boolean> {
  const r = (await db.execute(sql`select pg_try_advisory_xact_lock(${COMMIT_LOCK}) as ok`)) as unknown as { rows: { ok: boolean }[] };
  return r.rows[0]?.ok === true;
}

/** Inside a transaction: waits for other holds, so that counting then inserting cannot overshoot the cap. */
export async function lockHolds(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${HOLD_LOCK})`);
}

export async function heldBefore(db: Db, hour: Date): Promise<HeldAppealRow[]> {
  return db.select().from(heldAppeal).where(lt(heldAppeal.heldHour, hour));
}

export async function deleteHeld(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db.delete(heldAppeal).where(inArray(heldAppeal.id, ids));
}

export async function countHeldIn(db: Db, organisationId: string, hour: Date): Promise<number> {
  const [row] = await db.select({ n: count() }).from(heldAppeal).where(and(eq(heldAppeal.organisationId, organisationId), eq(heldAppeal.heldHour, hour)));
  return Number(row?.n ?? 0);
}

export async function heldByStatusHash(db: Db, statusHash: string): Promise<Pick<HeldAppealRow, "heldHour"> | undefined> {
  const [row] = await db.select({ heldHour: heldAppeal.heldHour }).from(heldAppeal).where(eq(heldAppeal.statusHash, statusHash)).limit(1);
  return row;
}

export async function heldMessageExists(db: Db, organisationId: string, keys: string[]): Promise<boolean> {
  if (!keys.length) return false;
  const rows = await db
    .select({ id: heldAppeal.id })
    .from(heldAppeal)
    .where(and(eq(heldAppeal.organisationId, organisationId), inArray(heldAppeal.messageKey, keys)))
    .limit(1);
  return rows.length > 0;
}

/** Busiest hour of appeals received since `since` (appeal.received_at is kept to the hour). */
export async function busiestHourSince(db: Db, organisationId: string, since: Date): Promise<number> {
  const r = (await db.execute(
    sql`select coalesce(max(n), 0)::int as n from (select count(*) as n from appeal where organisation_id = ${organisationId} and received_at >= ${since.toISOString()} group by received_at) h`,
  )) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]?.n ?? 0);
}

/** Mark a form token used; false when it was used already (by any process). */
export async function useFormToken(db: Db, nonceHash: string, expiresAt: Date): Promise<boolean> {
  const rows = await db.insert(formTokenUse).values({ nonceHash, expiresAt }).onConflictDoNothing().returning({ h: formTokenUse.nonceHash });
  return rows.length > 0;
}

/** Forget used tokens past their expiry and counters past their window. */
export async function pruneIntake(db: Db, now: Date): Promise<void> {
  // Look before deleting: on the embedded database every write empties the read cache.
  if ((await db.select({ h: formTokenUse.nonceHash }).from(formTokenUse).where(lt(formTokenUse.expiresAt, now)).limit(1)).length)
    await db.delete(formTokenUse).where(lt(formTokenUse.expiresAt, now));
  if ((await db.select({ k: rateCount.key }).from(rateCount).where(lt(rateCount.windowEnd, now)).limit(1)).length)
    await db.delete(rateCount).where(lt(rateCount.windowEnd, now));
}
