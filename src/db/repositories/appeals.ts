import { and, asc, count, desc, eq, gt, gte, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { appeal, appealAttachment, appealEvent, type AppealLanguage, type AppealStatus } from "../schema/appeal.js";
import { person, personAssignment, personName } from "../schema/person.js";

export type AppealRow = typeof appeal.$inferSelect;
export type AppealInsert = typeof appeal.$inferInsert;
export type AppealEventRow = typeof appealEvent.$inferSelect;
export type AppealAttachmentRow = typeof appealAttachment.$inferSelect;

export async function insertAppeal(db: Db, values: AppealInsert): Promise<AppealRow> {
  const [row] = await db.insert(appeal).values(values).returning();
  return row!;
}

/** Insert unless an appeal with this Message-ID exists in the organisation; undefined when it did. */
export async function insertAppealIfNewMessage(db: Db, values: AppealInsert): Promise<AppealRow | undefined> {
  const [row] = await db.insert(appeal).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findAppealById(db: Db, id: string): Promise<AppealRow | undefined> {
  const [row] = await db.select().from(appeal).where(eq(appeal.id, id)).limit(1);
  return row;
}

export async function findAppealsByIds(db: Db, ids: string[]): Promise<AppealRow[]> {
  if (!ids.length) return [];
  return db.select().from(appeal).where(inArray(appeal.id, ids));
}

export async function findAppealByCodeHash(db: Db, codeHash: string): Promise<Pick<AppealRow, "id" | "status" | "mergedIntoId" | "updatedAt"> | undefined> {
  const [row] = await db
    .select({ id: appeal.id, status: appeal.status, mergedIntoId: appeal.mergedIntoId, updatedAt: appeal.updatedAt })
    .from(appeal)
    .where(eq(appeal.codeHash, codeHash))
    .limit(1);
  return row;
}

/** An appeal whose stored message id is one of these (keyed hashes under each key, and the legacy clear id). */
export async function findAppealIdByMessageId(db: Db, organisationId: string, messageIds: string[]): Promise<string | undefined> {
  if (!messageIds.length) return undefined;
  const [row] = await db
    .select({ id: appeal.id })
    .from(appeal)
    .where(and(eq(appeal.organisationId, organisationId), inArray(appeal.messageId, messageIds)))
    .limit(1);
  return row?.id;
}

export async function updateAppealRow(db: Db, id: string, values: Partial<AppealInsert>, now: Date): Promise<AppealRow> {
  const [row] = await db
    .update(appeal)
    .set({ ...values, updatedAt: now })
    .where(eq(appeal.id, id))
    .returning();
  return row!;
}

export async function appendAppealEvent(db: Db, values: typeof appealEvent.$inferInsert): Promise<void> {
  await db.insert(appealEvent).values(values);
}

export async function eventsOf(db: Db, appealId: string): Promise<AppealEventRow[]> {
  return db.select().from(appealEvent).where(eq(appealEvent.appealId, appealId)).orderBy(asc(appealEvent.seq));
}

export async function insertAttachments(db: Db, rows: (typeof appealAttachment.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(appealAttachment).values(rows);
}

/** Attachment metadata (no content) for a page of appeals. */
export async function attachmentsOf(db: Db, appealIds: string[]): Promise<Omit<AppealAttachmentRow, "contentEnc">[]> {
  if (!appealIds.length) return [];
  return db
    .select({
      id: appealAttachment.id,
      appealId: appealAttachment.appealId,
      filenameEnc: appealAttachment.filenameEnc,
      contentType: appealAttachment.contentType,
      size: appealAttachment.size,
      createdAt: appealAttachment.createdAt,
    })
    .from(appealAttachment)
    .where(inArray(appealAttachment.appealId, appealIds))
    .orderBy(asc(appealAttachment.createdAt));
}

export async function findAttachment(db: Db, id: string): Promise<AppealAttachmentRow | undefined> {
  const [row] = await db.select().from(appealAttachment).where(eq(appealAttachment.id, id)).limit(1);
  return row;
}

export interface AppealFilter {
  organisationId: string;
  status?: AppealStatus[] | undefined;
  language?: AppealLanguage[] | undefined;
  /** The lawyer's keyed hashes (`assigneeKeys`): the assignee is stored sealed, compared by hash. */
  assigneeKeys?: readonly string[] | undefined;
  unassigned?: boolean | undefined;
}

export async function listAppeals(db: Db, f: AppealFilter, page: { limit: number; offset: number }): Promise<{ rows: AppealRow[]; total: number }> {
  const where: SQL[] = [eq(appeal.organisationId, f.organisationId)];
  if (f.status?.length) where.push(inArray(appeal.status, f.status));
  if (f.language?.length) where.push(inArray(appeal.language, f.language));
  if (f.assigneeKeys) where.push(f.assigneeKeys.length ? inArray(appeal.assigneeKey, [...f.assigneeKeys]) : sql`false`);
  if (f.unassigned) where.push(isNull(appeal.assigneeKey));
  const cond = and(...where);
  const [rows, totals] = await Promise.all([
    // Oldest first within the queue: families waiting longest are seen first.
    db.select().from(appeal).where(cond).orderBy(asc(appeal.receivedAt), asc(appeal.seq)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(appeal).where(cond),
  ]);
  return { rows, total: Number(totals[0]?.n ?? 0) };
}

export interface AppealEvidenceRow {
  id: string;
  seq: number;
  heldName: string | null;
  heldBirthDate: string | null;
  heldWhere: string | null;
}

/** Appeals that arrived after `seq` (for the incremental duplicate index). */
export async function appealsAfterSeq(db: Db, organisationId: string, seq: number): Promise<AppealEvidenceRow[]> {
  return db
    .select({ id: appeal.id, seq: appeal.seq, heldName: appeal.heldName, heldBirthDate: appeal.heldBirthDate, heldWhere: appeal.heldWhere })
    .from(appeal)
    .where(and(eq(appeal.organisationId, organisationId), gt(appeal.seq, seq)))
    .orderBy(asc(appeal.seq));
}

export interface RegistryEvidence {
  id: string;
  primaryName: string;
  status: string;
  names: string[];
  birthDate: string | null;
  sex: "male" | "female" | "unknown";
  updatedAt: number;
}

/**
 * People of the organisation with their names (two queries), for the in-memory match index: all of them, or
 * those updated at or after `since` (the index's incremental refresh).
 */
export async function registryEvidence(db: Db, organisationId: string, since?: Date): Promise<RegistryEvidence[]> {
  const cond = since ? and(eq(person.organisationId, organisationId), gte(person.updatedAt, since)) : eq(person.organisationId, organisationId);
  const people = await db
    .select({ id: person.id, primaryName: person.primaryName, birthDate: person.birthDate, birthYear: person.birthYear, sex: person.sex, status: person.status, updatedAt: person.updatedAt })
    .from(person)
    .where(cond);
  if (!people.length) return [];
  const names = await db
    .select({ personId: personName.personId, name: personName.name })
    .from(personName)
    .innerJoin(person, eq(person.id, personName.personId))
    .where(cond)
    .orderBy(desc(personName.isPrimary));
  return withNames(people, names);
}

/** Fresh evidence of a few people (re-scoring candidates that a stale index proposed). */
export async function evidenceOfPeople(db: Db, ids: string[]): Promise<RegistryEvidence[]> {
  if (!ids.length) return [];
  const people = await db
    .select({ id: person.id, primaryName: person.primaryName, birthDate: person.birthDate, birthYear: person.birthYear, sex: person.sex, status: person.status, updatedAt: person.updatedAt })
    .from(person)
    .where(inArray(person.id, ids));
  const names = await db.select({ personId: personName.personId, name: personName.name }).from(personName).where(inArray(personName.personId, ids)).orderBy(desc(personName.isPrimary));
  return withNames(people, names);
}

function withNames(
  people: { id: string; primaryName: string; birthDate: string | null; birthYear: number | null; sex: "male" | "female" | "unknown"; status: string; updatedAt: Date }[],
  names: { personId: string; name: string }[],
): RegistryEvidence[] {
  const byPerson = new Map<string, string[]>();
  for (const n of names) {
    const list = byPerson.get(n.personId);
    if (list) list.push(n.name);
    else byPerson.set(n.personId, [n.name]);
  }
  return people.map((p) => ({
    id: p.id,
    primaryName: p.primaryName,
    status: p.status,
    names: [p.primaryName, ...(byPerson.get(p.id) ?? []).filter((n) => n !== p.primaryName)],
    birthDate: p.birthDate ?? (p.birthYear ? String(p.birthYear) : null),
    sex: p.sex,
    updatedAt: new Date(p.updatedAt).getTime(),
  }));
}

/** Appeals linked to any of these people, grouped by person (for "same person" suggestions). */
export async function appealsLinkedTo(db: Db, organisationId: string, personIds: string[]): Promise<Map<string, AppealRow[]>> {
  const out = new Map<string, AppealRow[]>();
  if (!personIds.length) return out;
  const rows = await db
    .select()
    .from(appeal)
    .where(and(eq(appeal.organisationId, organisationId), inArray(appeal.linkedPersonId, [...new Set(personIds)])));
  for (const r of rows) {
    const list = out.get(r.linkedPersonId!);
    if (list) list.push(r);
    else out.set(r.linkedPersonId!, [r]);
  }
  return out;
}

/**
 * Give a lawyer access to a person (the policy's assignment condition); false when it existed already.
 * `userKeys`: the lawyer's keyed hashes (`assigneeKeys`), current first — the first is stored.
 */
export async function assignPersonToUser(db: Db, personId: string, userKeys: readonly string[]): Promise<boolean> {
  const [present] = await db.select({ x: sql`1` }).from(personAssignment).where(and(eq(personAssignment.personId, personId), inArray(personAssignment.userKey, [...userKeys]))).limit(1);
  if (present) return false;
  const rows = await db.insert(personAssignment).values({ personId, userKey: userKeys[0]! }).onConflictDoNothing().returning({ personId: personAssignment.personId });
  return rows.length > 0;
}
