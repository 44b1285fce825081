import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.js";
import { anyOf } from "./bulk.js";
import { priorityFacts, priorityWeightsVersion, recognitionAssessment, recognitionDecision } from "../schema/assessment.js";
import { appUser } from "../schema/organisation.js";
import { healthRecord, person } from "../schema/person.js";
import { sealPersonRow } from "../schema/sealed.js";

export type AssessmentRow = typeof recognitionAssessment.$inferSelect;
export type DecisionRow = typeof recognitionDecision.$inferSelect;
export type WeightsRow = typeof priorityWeightsVersion.$inferSelect;
export type PriorityFactsRow = typeof priorityFacts.$inferSelect;

export async function insertAssessment(db: Db, values: typeof recognitionAssessment.$inferInsert): Promise<AssessmentRow> {
  const [row] = await db.insert(recognitionAssessment).values(values).returning();
  return row!;
}

export async function findAssessment(db: Db, id: string): Promise<AssessmentRow | undefined> {
  const [row] = await db.select().from(recognitionAssessment).where(eq(recognitionAssessment.id, id)).limit(1);
  return row;
}

/** All assessments of a person, newest first. */
export async function assessmentsOf(db: Db, personId: string): Promise<AssessmentRow[]> {
  return db
    .select()
    .from(recognitionAssessment)
    .where(eq(recognitionAssessment.personId, personId))
    .orderBy(desc(recognitionAssessment.createdAt), desc(recognitionAssessment.id));
}

/** Decisions of the given assessments, oldest first within each. */
export async function decisionsOf(db: Db, assessmentIds: string[]): Promise<Map<string, DecisionRow[]>> {
  const out = new Map<string, DecisionRow[]>();
  if (!assessmentIds.length) return out;
  const rows = await db
    .select()
    .from(recognitionDecision)
    .where(inArray(recognitionDecision.assessmentId, assessmentIds))
    .orderBy(asc(recognitionDecision.seq));
  for (const r of rows) {
    const list = out.get(r.assessmentId) ?? [];
    list.push(r);
    out.set(r.assessmentId, list);
  }
  return out;
}

export async function insertDecision(db: Db, values: typeof recognitionDecision.$inferInsert): Promise<DecisionRow> {
  const [row] = await db.insert(recognitionDecision).values(values).returning();
  return row!;
}

export async function userLabels(db: Db, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!ids.length) return out;
  const rows = await db
    .select({ id: appUser.id, displayName: appUser.displayName, email: appUser.email })
    .from(appUser)
    .where(inArray(appUser.id, [...new Set(ids)]));
  for (const r of rows) out.set(r.id, r.displayName || r.email);
  return out;
}

export async function latestWeights(db: Db, organisationId: string): Promise<WeightsRow | undefined> {
  const [row] = await db
    .select()
    .from(priorityWeightsVersion)
    .where(eq(priorityWeightsVersion.organisationId, organisationId))
    .orderBy(desc(priorityWeightsVersion.version))
    .limit(1);
  return row;
}

export async function weightsHistory(db: Db, organisationId: string): Promise<WeightsRow[]> {
  return db
    .select()
    .from(priorityWeightsVersion)
    .where(eq(priorityWeightsVersion.organisationId, organisationId))
    .orderBy(desc(priorityWeightsVersion.version));
}

export async function weightsVersion(db: Db, organisationId: string, version: number): Promise<WeightsRow | undefined> {
  const [row] = await db
    .select()
    .from(priorityWeightsVersion)
    .where(and(eq(priorityWeightsVersion.organisationId, organisationId), eq(priorityWeightsVersion.version, version)))
    .limit(1);
  return row;
}

export async function insertWeights(db: Db, values: typeof priorityWeightsVersion.$inferInsert): Promise<WeightsRow> {
  const [row] = await db.insert(priorityWeightsVersion).values(values).returning();
  return row!;
}

export async function findPriorityFacts(db: Db, personId: string): Promise<PriorityFactsRow | undefined> {
  const [row] = await db.select().from(priorityFacts).where(eq(priorityFacts.personId, personId)).limit(1);
  return row;
}

export async function upsertPriorityFacts(db: Db, values: typeof priorityFacts.$inferInsert): Promise<PriorityFactsRow> {
  // Sealed under the person's key (the family facts, reported conditions).
  const sealed = sealPersonRow(priorityFacts, values.personId, values);
  const { personId: _p, ...set } = sealed;
  const [row] = await db
    .insert(priorityFacts)
    .values(sealed)
    .onConflictDoUpdate({ target: priorityFacts.personId, set: { ...set, updatedAt: new Date() } })
    .returning();
  return row!;
}

export async function healthRecordsOf(db: Db, personId: string) {
  return db.select().from(healthRecord).where(eq(healthRecord.personId, personId)).orderBy(asc(healthRecord.createdAt));
}

export async function healthRecordsOfMany(db: Db, personIds: string[]) {
  if (!personIds.length) return [];
  return db.select().from(healthRecord).where(anyOf(healthRecord.personId, personIds)).orderBy(asc(healthRecord.createdAt));
}

export async function priorityFactsOf(db: Db, personIds: string[]): Promise<Map<string, PriorityFactsRow>> {
  if (!personIds.length) return new Map();
  const rows = await db.select().from(priorityFacts).where(anyOf(priorityFacts.personId, personIds));
  return new Map(rows.map((r) => [r.personId, r]));
}

/** People of one organisation among the given ids (others are silently absent). */
export async function peopleOfOrganisation(db: Db, organisationId: string, personIds: string[]) {
  if (!personIds.length) return [];
  return db
    .select()
    .from(person)
    .where(and(eq(person.organisationId, organisationId), anyOf(person.id, personIds)));
}
