import { and, count, eq, isNotNull, sql } from "drizzle-orm";
import type { Db, DbKind } from "../client.js";
import { exchangeList, type ListBuild } from "../schema/exchangeList.js";
import { person } from "../schema/person.js";
import { anyOf } from "./bulk.js";

// The state of a version built in the background (exchange_list.build). Every write but the first names the
// builder's token: a builder whose build was taken over (resumed by another process) changes nothing.

/** Write the build's state if `token` still holds it; false when another builder took it over (or it ended). */
export async function updateBuild(db: Db, listId: string, token: string, build: ListBuild | null): Promise<boolean> {
  // Not updatedAt: progress is not a change of the list (the lists are ordered by their last change).
  const rows = await db
    .update(exchangeList)
    .set({ build })
    .where(and(eq(exchangeList.id, listId), sql`${exchangeList.build}->>'token' = ${token}`))
    .returning({ id: exchangeList.id });
  return rows.length === 1;
}

/**
 * A build its builder stopped cleanly: its last report moved back to the epoch (if `token` still holds it, and it is
 * under way), so that whoever looks next finds it stale and takes it over.
 */
export async function releaseBuild(db: Db, listId: string, token: string): Promise<void> {
  await db
    .update(exchangeList)
    .set({ build: sql`jsonb_set(${exchangeList.build}, '{beat}', to_jsonb(${new Date(0).toISOString()}::text))` })
    .where(and(eq(exchangeList.id, listId), sql`${exchangeList.build}->>'token' = ${token}`, sql`${exchangeList.build}->>'state' = 'building'`));
}

/** Lists of the organisation with a build under way (or failed): the ones a start-up may have to resume. */
export async function listsWithBuild(db: Db): Promise<{ id: string; organisationId: string; build: ListBuild }[]> {
  const rows = await db.select({ id: exchangeList.id, organisationId: exchangeList.organisationId, build: exchangeList.build }).from(exchangeList).where(isNotNull(exchangeList.build));
  return rows.filter((r): r is { id: string; organisationId: string; build: ListBuild } => r.build !== null);
}

/**
 * How many of `ids` are people of the organisation still (not erased, not merged away), each held (FOR KEY SHARE)
 * until the caller's transaction ends: on PostgreSQL an erasure or a merge in another connection would otherwise
 * delete one between this count and the caller's insert of their rows. An erasure locks the person first
 * (src/services/erasure.ts), so it either ends before this count (they are not counted) or waits for the commit
 * and then reaches the rows stored. KEY SHARE does not hold up ordinary updates of the people. PGlite has one
 * connection whose transactions run one at a time: nothing to hold there (and a lock writes to each person's row).
 */
export async function countExisting(db: Db, kind: DbKind, organisationId: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const where = and(eq(person.organisationId, organisationId), anyOf(person.id, ids));
  if (kind === "pglite") {
    const [r] = await db.select({ n: count() }).from(person).where(where);
    return Number(r?.n ?? 0);
  }
  const held = db.select({ id: person.id }).from(person).where(where).for("key share").as("held");
  const [r] = await db.select({ n: count() }).from(held);
  return Number(r?.n ?? 0);
}
