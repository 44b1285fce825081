import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../client.js";
import { appeal } from "../schema/appeal.js";

/** Appeals linked to one person (triage "this is the person" or "new person from the appeal"), newest first. */
export async function appealsLinkedTo(db: Db, organisationId: string, personId: string) {
  return db
    .select()
    .from(appeal)
    .where(and(eq(appeal.organisationId, organisationId), eq(appeal.linkedPersonId, personId)))
    .orderBy(desc(appeal.receivedAt))
    .limit(200);
}
