import { eq, lt, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { signInBackoff } from "../schema/signInBackoff.js";

export async function backoffWaitUntil(db: Db, key: string): Promise<Date | null> {
  const [row] = await db.select({ until: signInBackoff.waitUntil }).from(signInBackoff).where(eq(signInBackoff.key, key));
  return row?.until ?? null;
}

/**
 * One more wrong password for the pair, in one statement (two processes failing at once both count): from the
 * `free`-th failure on the pair waits `firstWaitMs`, doubling with each further failure, at most `maxWaitMs`.
 */
export async function recordBackoffFailure(db: Db, key: string, now: Date, rule: { free: number; firstWaitMs: number; maxWaitMs: number }): Promise<void> {
  const failures = sql`${signInBackoff.failures} + 1`;
  // The exponent is capped: a pair tried once an hour is never forgotten, and 2 ^ 1024 overflows a double (an error
  // there would end the back-off of that pair, every later wrong password answered 500 instead of waiting).
  const waitSecs = sql`least(${rule.maxWaitMs / 1000}, ${rule.firstWaitMs / 1000} * power(2, least(${failures} - ${rule.free}, 40)))`;
  await db
    .insert(signInBackoff)
    .values({ key, failures: 1, waitUntil: rule.free <= 1 ? new Date(now.getTime() + rule.firstWaitMs) : now, lastFailure: now })
    .onConflictDoUpdate({
      target: signInBackoff.key,
      set: {
        failures,
        lastFailure: now,
        waitUntil: sql`case when ${failures} >= ${rule.free} then ${now.toISOString()}::timestamptz + make_interval(secs => ${waitSecs}) else ${signInBackoff.waitUntil} end`,
      },
    });
}

export async function clearBackoff(db: Db, key: string): Promise<void> {
  await db.delete(signInBackoff).where(eq(signInBackoff.key, key));
}

export async function pruneBackoff(db: Db, lastFailureBefore: Date): Promise<void> {
  await db.delete(signInBackoff).where(lt(signInBackoff.lastFailure, lastFailureBefore));
}
