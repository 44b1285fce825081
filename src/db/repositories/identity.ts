import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { personDistinctPair, personMerge } from "../schema/identity.js";

// Merged-away ids and pairs confirmed to be different people (src/services/duplicates.ts, merge.ts).

export type PersonMergeRow = typeof personMerge.$inferSelect;

export async function mergeOf(db: Db, organisationId: string, mergedId: string): Promise<PersonMergeRow | undefined> {
  const [r] = await db.select().from(personMerge).where(and(eq(personMerge.mergedId, mergedId), eq(personMerge.organisationId, organisationId)));
  return r;
}

/** The ids merged into these survivors (for erasure: frozen list rows may still carry them). */
export async function mergedInto(db: Db, survivorIds: string[]): Promise<PersonMergeRow[]> {
  if (!survivorIds.length) return [];
  return db.select().from(personMerge).where(inArray(personMerge.survivorId, survivorIds));
}

/** Which survivor each id now names: itself unless it was merged away. */
export async function survivorsOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  const out = new Map(ids.map((id) => [id, id]));
  if (!ids.length) return out;
  for (const r of await db.select().from(personMerge).where(inArray(personMerge.mergedId, ids))) out.set(r.mergedId, r.survivorId);
  return out;
}

export async function recordMerge(db: Db, values: typeof personMerge.$inferInsert): Promise<void> {
  await db.insert(personMerge).values(values);
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export async function distinctPairs(db: Db, organisationId: string): Promise<Set<string>> {
  const rows = await db.select({ low: personDistinctPair.lowId, high: personDistinctPair.highId }).from(personDistinctPair).where(eq(personDistinctPair.organisationId, organisationId));
  return new Set(rows.map((r) => `${r.low}|${r.high}`));
}

export async function distinctPairsOf(db: Db, personId: string): Promise<Set<string>> {
  const rows = await db
    .select({ low: personDistinctPair.lowId, high: personDistinctPair.highId })
    .from(personDistinctPair)
    .where(or(eq(personDistinctPair.lowId, personId), eq(personDistinctPair.highId, personId)));
  return new Set(rows.map((r) => `${r.low}|${r.high}`));
}

export async function insertDistinctPairs(db: Db, organisationId: string, pairs: Array<[string, string]>, confirmedBy: string | null, at: Date): Promise<void> {
  const values = pairs.filter(([a, b]) => a !== b).map(([a, b]) => ({ lowId: a < b ? a : b, highId: a < b ? b : a, organisationId, confirmedBy, confirmedAt: at }));
  if (values.length) await db.insert(personDistinctPair).values(values).onConflictDoNothing();
}

/** A merged record's confirmed pairs become the survivor's (a pair with the survivor itself is dropped). */
export async function moveDistinctPairs(db: Db, organisationId: string, mergedId: string, survivorId: string): Promise<void> {
  const rows = await db.select().from(personDistinctPair).where(or(eq(personDistinctPair.lowId, mergedId), eq(personDistinctPair.highId, mergedId)));
  await db.delete(personDistinctPair).where(or(eq(personDistinctPair.lowId, mergedId), eq(personDistinctPair.highId, mergedId)));
  for (const r of rows) await insertDistinctPairs(db, organisationId, [[r.lowId === mergedId ? r.highId : r.lowId, survivorId]], r.confirmedBy, r.confirmedAt);
}

// The door's advisory lock (recordAudit uses 727_001, the appeal intake 727_020/021; those are one-bigint keys, a
// separate key space from this pair): one create through the door per organisation at a time, across processes.
const DOOR_LOCK = 727_030;

/** Inside the creating transaction (PostgreSQL): wait for other creates through the door of this organisation; held until commit. */
export async function lockTheDoor(db: Db, organisationId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${DOOR_LOCK}, hashtext(${organisationId}))`);
}
