import { and, asc, eq, exists, ilike, inArray, or, sql } from "drizzle-orm";
import { containsPattern } from "../like.js";
import type { Db } from "../client.js";
import { assigneeIn } from "./assignees.js";
import { caseArticle, criminalCase } from "../schema/case.js";
import type { Script } from "../schema/enums.js";
import { official, officialCaseRole, officialName, officialPosition, officialSource, publicBody } from "../schema/official.js";
import { person, personAssignment, source } from "../schema/person.js";

// SQL for officials, their posts, sources and roles in cases. Services decide who may see what.

export type OfficialRow = typeof official.$inferSelect;
export type OfficialInsert = typeof official.$inferInsert;
export type PublicBodyRow = typeof publicBody.$inferSelect;

export async function insertOfficial(db: Db, values: OfficialInsert): Promise<OfficialRow> {
  const [row] = await db.insert(official).values(values).returning();
  return row!;
}

export async function updateOfficialRow(db: Db, id: string, values: Partial<OfficialInsert>): Promise<OfficialRow> {
  const [row] = await db.update(official).set({ ...values, updatedAt: new Date() }).where(eq(official.id, id)).returning();
  return row!;
}

export async function deleteOfficialRow(db: Db, id: string): Promise<void> {
  await db.delete(official).where(eq(official.id, id));
}

export async function findOfficial(db: Db, organisationId: string, id: string): Promise<OfficialRow | undefined> {
  const [row] = await db.select().from(official).where(and(eq(official.id, id), eq(official.organisationId, organisationId)));
  return row;
}

export async function replaceOfficialNames(db: Db, officialId: string, names: { name: string; script: Script; isPrimary: boolean }[]): Promise<void> {
  await db.delete(officialName).where(eq(officialName.officialId, officialId));
  if (names.length) await db.insert(officialName).values(names.map((n) => ({ ...n, officialId })));
}

export async function officialNamesOf(db: Db, ids: string[]) {
  const out = new Map<string, { name: string; script: Script; isPrimary: boolean }[]>();
  if (!ids.length) return out;
  const rows = await db.select().from(officialName).where(inArray(officialName.officialId, ids)).orderBy(asc(officialName.name));
  for (const r of rows) {
    const list = out.get(r.officialId) ?? [];
    list.push({ name: r.name, script: r.script, isPrimary: r.isPrimary });
    out.set(r.officialId, list);
  }
  return out;
}

/** Officials that hold a role in a case of a person assigned to this user (a lawyer's view; the user's keyed hashes). */
const assignedCaseOf = (userKeys: readonly string[]) =>
  exists(
    sql`(select 1 from ${officialCaseRole} r join ${criminalCase} c on c.id = r.case_id join ${personAssignment} a on a.person_id = c.person_id where r.official_id = ${official.id} and ${assigneeIn(sql`a.user_key`, userKeys)})`,
  );

export interface OfficialFilter {
  organisationId: string;
  q?: string | undefined;
  /** Only officials of cases of people assigned to this user (their keyed hashes, `assigneeKeys`). */
  assignedTo?: readonly string[] | undefined;
  ids?: string[] | undefined;
}

export async function listOfficials(db: Db, f: OfficialFilter, page: { limit: number; offset: number }) {
  const conds = [eq(official.organisationId, f.organisationId)];
  if (f.q) {
    const like = containsPattern(f.q);
    conds.push(or(ilike(official.primaryName, like), ilike(official.nameLatin, like), exists(db.select({ x: sql`1` }).from(officialName).where(and(eq(officialName.officialId, official.id), ilike(officialName.name, like)))))!);
  }
  if (f.assignedTo) conds.push(assignedCaseOf(f.assignedTo));
  if (f.ids) conds.push(f.ids.length ? inArray(official.id, f.ids) : sql`false`);
  const where = and(...conds);
  const [rows, [count]] = await Promise.all([
    db.select().from(official).where(where).orderBy(asc(official.primaryName), asc(official.id)).limit(page.limit).offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(official).where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** Every official of an organisation with their spellings (the matcher's candidates). */
export async function officialsForMatching(db: Db, organisationId: string) {
  const rows = await db.select({ id: official.id, primaryName: official.primaryName, nameLatin: official.nameLatin }).from(official).where(eq(official.organisationId, organisationId));
  const names = await officialNamesOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ id: r.id, names: [...new Set([r.primaryName, ...(r.nameLatin ? [r.nameLatin] : []), ...(names.get(r.id) ?? []).map((n) => n.name)])] }));
}

/** Whether the user (by their keyed hashes) is assigned to a person in one of this official's cases. */
export async function assignedToCasesOf(db: Db, officialId: string, userKeys: readonly string[]): Promise<boolean> {
  const [r] = await db
    .select({ x: sql`1` })
    .from(officialCaseRole)
    .innerJoin(criminalCase, eq(criminalCase.id, officialCaseRole.caseId))
    .innerJoin(personAssignment, eq(personAssignment.personId, criminalCase.personId))
    .where(and(eq(officialCaseRole.officialId, officialId), assigneeIn(sql`${personAssignment.userKey}`, userKeys)))
    .limit(1);
  return !!r;
}

export async function positionsOf(db: Db, officialIds: string[]) {
  if (!officialIds.length) return [];
  return db
    .select({ position: officialPosition, body: publicBody })
    .from(officialPosition)
    .leftJoin(publicBody, eq(publicBody.id, officialPosition.bodyId))
    .where(inArray(officialPosition.officialId, officialIds))
    .orderBy(asc(officialPosition.fromDate), asc(officialPosition.position));
}

export async function replacePositions(db: Db, officialId: string, rows: Omit<typeof officialPosition.$inferInsert, "officialId">[]): Promise<void> {
  await db.delete(officialPosition).where(eq(officialPosition.officialId, officialId));
  if (rows.length) await db.insert(officialPosition).values(rows.map((r) => ({ ...r, officialId })));
}

export async function sourcesOfOfficials(db: Db, officialIds: string[]) {
  if (!officialIds.length) return [];
  return db
    .select({ officialId: officialSource.officialId, note: officialSource.note, source })
    .from(officialSource)
    .innerJoin(source, eq(source.id, officialSource.sourceId))
    .where(inArray(officialSource.officialId, officialIds))
    .orderBy(asc(source.reliability), asc(source.title));
}

export async function citeOfficialSource(db: Db, officialId: string, sourceId: string, note: string | null): Promise<void> {
  await db.insert(officialSource).values({ officialId, sourceId, note }).onConflictDoUpdate({ target: [officialSource.officialId, officialSource.sourceId], set: { note } });
}

export async function findSource(db: Db, organisationId: string, id: string) {
  const [row] = await db.select().from(source).where(and(eq(source.id, id), eq(source.organisationId, organisationId)));
  return row;
}

/** A case with the facts the officials' views and exports need, and its person's consent. */
export async function caseFacts(db: Db, organisationId: string, caseIds: string[]) {
  if (!caseIds.length) return [];
  const rows = await db
    .select({
      caseId: criminalCase.id,
      caseNumber: criminalCase.caseNumber,
      court: criminalCase.court,
      detainedOn: criminalCase.detainedOn,
      chargedOn: criminalCase.chargedOn,
      verdictOn: criminalCase.verdictOn,
      appealOn: criminalCase.appealOn,
      sentenceYears: criminalCase.sentenceYears,
      sentenceMonths: criminalCase.sentenceMonths,
      sentenceDays: criminalCase.sentenceDays,
      regime: criminalCase.regime,
      personId: person.id,
      personName: person.primaryName,
      category: person.category,
      status: person.status,
      publicityConsent: person.publicityConsent,
      birthDate: person.birthDate,
      birthYear: person.birthYear,
      isDemo: person.isDemo,
    })
    .from(criminalCase)
    .innerJoin(person, eq(person.id, criminalCase.personId))
    .where(and(inArray(criminalCase.id, caseIds), eq(person.organisationId, organisationId)));
  const articles = await db.select().from(caseArticle).where(inArray(caseArticle.caseId, caseIds));
  return rows.map((r) => ({ ...r, articles: articles.filter((a) => a.caseId === r.caseId).map((a) => ({ code: a.code, article: a.article, part: a.part })) }));
}
export type CaseFacts = Awaited<ReturnType<typeof caseFacts>>[number];

export async function rolesOfOfficials(db: Db, officialIds: string[]) {
  if (!officialIds.length) return [];
  return db.select().from(officialCaseRole).where(inArray(officialCaseRole.officialId, officialIds)).orderBy(asc(officialCase_order()));
}
function officialCase_order() {
  return sql`coalesce(${officialCaseRole.fromDate}, '9999-12-31')`;
}

export async function rolesOfCases(db: Db, caseIds: string[]) {
  if (!caseIds.length) return [];
  return db
    .select({ role: officialCaseRole, official: { id: official.id, primaryName: official.primaryName, nameLatin: official.nameLatin, isDemo: official.isDemo } })
    .from(officialCaseRole)
    .innerJoin(official, eq(official.id, officialCaseRole.officialId))
    .where(inArray(officialCaseRole.caseId, caseIds))
    .orderBy(asc(officialCase_order()), asc(official.primaryName));
}

export async function insertCaseRole(db: Db, values: typeof officialCaseRole.$inferInsert) {
  const [row] = await db.insert(officialCaseRole).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findCaseRole(db: Db, id: string) {
  const [row] = await db.select().from(officialCaseRole).where(eq(officialCaseRole.id, id));
  return row;
}

export async function deleteCaseRole(db: Db, id: string): Promise<void> {
  await db.delete(officialCaseRole).where(eq(officialCaseRole.id, id));
}

/** The case's owner, for authorisation of a link (organisation and person). */
export async function caseOwner(db: Db, caseId: string) {
  const [row] = await db.select({ personId: criminalCase.personId, organisationId: person.organisationId }).from(criminalCase).innerJoin(person, eq(person.id, criminalCase.personId)).where(eq(criminalCase.id, caseId));
  return row;
}

export async function bodiesByIds(db: Db, ids: string[]) {
  if (!ids.length) return new Map<string, PublicBodyRow>();
  const rows = await db.select().from(publicBody).where(inArray(publicBody.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function listBodies(db: Db, organisationId: string, q?: string) {
  return db
    .select()
    .from(publicBody)
    .where(and(eq(publicBody.organisationId, organisationId), q ? ilike(publicBody.name, containsPattern(q)) : undefined))
    .orderBy(asc(publicBody.name))
    .limit(1000);
}

export async function findBodyByName(db: Db, organisationId: string, name: string) {
  const [row] = await db.select().from(publicBody).where(and(eq(publicBody.organisationId, organisationId), eq(publicBody.name, name)));
  return row;
}

export async function insertBody(db: Db, values: typeof publicBody.$inferInsert): Promise<PublicBodyRow> {
  const [row] = await db.insert(publicBody).values(values).returning();
  return row!;
}
