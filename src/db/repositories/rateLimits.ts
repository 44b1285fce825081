import { sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { rateCount } from "../schema/appealIntake.js";

/**
 * Take `want` more from a shared counter (`rate_count`, also the appeal intake's) and answer its count including
 * them. One statement: concurrent takers from any process are serialised by the row. `pruneIntake` removes the
 * row once `windowEnd` has passed.
 */
export async function takeRateCount(db: Db, key: string, windowStart: Date, windowEnd: Date, want: number): Promise<number> {
  const [row] = await db
    .insert(rateCount)
    .values({ key, windowStart, windowEnd, count: want })
    .onConflictDoUpdate({ target: [rateCount.key, rateCount.windowStart], set: { count: sql`${rateCount.count} + ${want}` } })
    .returning({ n: rateCount.count });
  return row?.n ?? want;
}
