import { and, desc, eq, or, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { auditEvent } from "../schema/audit.js";

/** Audit entries about one person: their own, and those whose detail names them (cases, appeals, lists). */
export async function auditEntriesOfPerson(db: Db, personId: string, limit: number) {
  return db
    .select({ seq: auditEvent.seq, at: auditEvent.at, actorLabel: auditEvent.actorLabel, type: auditEvent.type, targetType: auditEvent.targetType, targetId: auditEvent.targetId, detail: auditEvent.detail })
    .from(auditEvent)
    .where(or(and(eq(auditEvent.targetType, "person"), eq(auditEvent.targetId, personId)), sql`${auditEvent.detail}->>'personId' = ${personId}`))
    .orderBy(desc(auditEvent.seq))
    .limit(limit);
}
