import { asc, eq } from "drizzle-orm";
import { genevaRecord, healthRecord, person } from "../db/schema/person.js";
import { recordAudit } from "./audit.js";
import type { ServiceContext } from "./context.js";
import { can } from "./policy.js";
import { loadPersonFor, personSubject, tx } from "./people.js";

// The one read path for a person's sealed fields (health details, Geneva record, the staff note; under the person's
// key, opened by the columns' mapping). Each read is audited,
// naming the fields opened — never their content — in the same transaction as the read.

export interface PersonSensitive {
  personId: string;
  health: { id: string; severity: string; preventsServing: boolean; recordedOn: string | null; details: unknown }[] | null;
  geneva: { data: unknown; withheldFromFamily: string[] } | null;
  /** The organisation's own note on the person (from an imported sheet's Примечание column). */
  staffNote: string | null;
}

export async function readPersonSensitive(ctx: ServiceContext, personId: string): Promise<PersonSensitive> {
  return tx(ctx, async (db) => {
    // loadPersonFor hides unassigned people from lawyers (404) and asserts readSensitive on this subject.
    await loadPersonFor(db, ctx, personId, "readSensitive");
    const subject = await personSubject(db, ctx, personId);
    const opened: string[] = [];
    let health: PersonSensitive["health"] = null;
    if (can(ctx.actor, "read", "healthRecord", subject)) {
      const rows = await db.select().from(healthRecord).where(eq(healthRecord.personId, personId)).orderBy(asc(healthRecord.createdAt));
      health = rows.map((r) => ({ id: r.id, severity: r.severity, preventsServing: r.preventsServing, recordedOn: r.recordedOn, details: r.detailsEnc }));
      if (rows.length) opened.push("health.details");
    }
    let geneva: PersonSensitive["geneva"] = null;
    if (can(ctx.actor, "read", "genevaRecord", subject)) {
      const [g] = await db.select().from(genevaRecord).where(eq(genevaRecord.personId, personId));
      if (g) {
        geneva = { data: g.dataEnc, withheldFromFamily: g.withheldFromFamily };
        opened.push("geneva.data");
      }
    }
    const [p] = await db.select({ note: person.staffNoteEnc }).from(person).where(eq(person.id, personId));
    const staffNote = p?.note ?? null;
    if (staffNote !== null) opened.push("person.staffNote");
    if (opened.length)
      await recordAudit(db, ctx.actor, { type: "person.sensitiveRead", targetType: "person", targetId: personId, detail: { fields: opened } }, ctx.now());
    return { personId, health, geneva, staffNote };
  });
}
