import { and, desc, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { appeal } from "../schema/appeal.js";
import { recognitionAssessment, recognitionDecision } from "../schema/assessment.js";
import { person, personAssignment } from "../schema/person.js";

// What waits for one user: the appeals and people assigned to them, and recognition assessments that nobody has
// decided yet and that they did not write (the four-eyes rule leaves those to someone else).

/** Appeals assigned to a user, by the user's keyed hashes (`assigneeKeys`). */
export async function appealsAssignedTo(db: Db, organisationId: string, userKeys: readonly string[]) {
  return db
    .select()
    .from(appeal)
    .where(and(eq(appeal.organisationId, organisationId), inArray(appeal.assigneeKey, [...userKeys]), notInArray(appeal.status, ["closed", "merged"])))
    .orderBy(appeal.receivedAt)
    .limit(200);
}

/** People assigned to a user, by the user's keyed hashes (`assigneeKeys`). */
export async function personIdsAssignedTo(db: Db, organisationId: string, userKeys: readonly string[]): Promise<{ personId: string; assignedAt: Date }[]> {
  return db
    .select({ personId: personAssignment.personId, assignedAt: personAssignment.assignedAt })
    .from(personAssignment)
    .innerJoin(person, eq(person.id, personAssignment.personId))
    .where(and(inArray(personAssignment.userKey, [...userKeys]), eq(person.organisationId, organisationId)))
    .orderBy(desc(personAssignment.assignedAt))
    .limit(500);
}

/** Each person's newest assessment when it has no decision and another user wrote it (oldest waiting first). */
export async function undecidedAssessmentsFor(db: Db, organisationId: string, reviewerId: string) {
  return db
    .select({ id: recognitionAssessment.id, personId: recognitionAssessment.personId, proposal: recognitionAssessment.proposal, authorId: recognitionAssessment.authorId, createdAt: recognitionAssessment.createdAt })
    .from(recognitionAssessment)
    .innerJoin(person, eq(person.id, recognitionAssessment.personId))
    .where(
      and(
        eq(person.organisationId, organisationId),
        ne(recognitionAssessment.authorId, reviewerId),
        sql`not exists (select 1 from ${recognitionDecision} d where d.assessment_id = ${recognitionAssessment.id})`,
        sql`${recognitionAssessment.createdAt} = (select max(a2.created_at) from ${recognitionAssessment} a2 where a2.person_id = ${recognitionAssessment.personId})`,
      ),
    )
    .orderBy(recognitionAssessment.createdAt)
    .limit(200);
}

