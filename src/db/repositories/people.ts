import { randomUUID } from "node:crypto";
import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { containsPattern } from "../like.js";
import { regionFromText } from "../../domain/vocabulary/regions.js";
import { anyOf, arrayLiteral } from "./bulk.js";
import { assigneeIn } from "./assignees.js";
import type { Db } from "../client.js";
import { preparedOnce } from "../prepared.js";
import { caseArticle, criminalCase } from "../schema/case.js";
import type { PersonCategory, PersonStatus, Script } from "../schema/enums.js";
import { facility } from "../schema/facility.js";
import { person, personAssignment, personName, statusEvent } from "../schema/person.js";
import { sealPersonRow } from "../schema/sealed.js";

export type PersonRow = typeof person.$inferSelect;
export type PersonInsert = typeof person.$inferInsert;

export async function findFacilityIdByName(db: Db, name: string): Promise<string> {
  const existing = await db.select({ id: facility.id }).from(facility).where(eq(facility.name, name)).limit(1);
  if (existing[0]) return existing[0].id;
  const inserted = await db.insert(facility).values({ name }).onConflictDoNothing().returning({ id: facility.id });
  if (inserted[0]) return inserted[0].id;
  const again = await db.select({ id: facility.id }).from(facility).where(eq(facility.name, name)).limit(1);
  return again[0]!.id;
}

/** Which of these external ids the organisation's registry holds (one statement for an import batch). */
export async function existingExternalIds(db: Db, organisationId: string, externalIds: string[]): Promise<Set<string>> {
  const rows = await db.select({ externalId: person.externalId }).from(person).where(and(eq(person.organisationId, organisationId), anyOf(person.externalId, externalIds)));
  return new Set(rows.flatMap((r) => (r.externalId ? [r.externalId] : [])));
}

/** Ids of facilities by exact name for a whole import batch (made when new): three statements at most, whatever the count. */
export async function facilityIdsByName(db: Db, names: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(names)];
  const out = new Map<string, string>();
  const find = async (list: string[]) => {
    for (const f of await db.select({ id: facility.id, name: facility.name }).from(facility).where(anyOf(facility.name, list))) out.set(f.name, f.id);
  };
  if (!wanted.length) return out;
  await find(wanted);
  const missing = wanted.filter((n) => !out.has(n));
  if (missing.length) {
    await db.insert(facility).values(missing.map((name) => ({ name }))).onConflictDoNothing();
    await find(missing);
  }
  return out;
}

export async function insertPerson(db: Db, values: PersonInsert): Promise<PersonRow> {
  // The id is chosen here: the person's data key must exist before a value sealed under it is stored.
  const id = values.id ?? randomUUID();
  const [row] = await db.insert(person).values(sealPersonRow(person, id, { ...values, id })).returning();
  return row!;
}

export async function updatePersonRow(db: Db, id: string, values: Partial<PersonInsert>): Promise<PersonRow | undefined> {
  const [row] = await db
    .update(person)
    .set({ ...sealPersonRow(person, id, values), updatedAt: new Date() })
    .where(eq(person.id, id))
    .returning();
  return row;
}

export async function replacePersonNames(db: Db, personId: string, names: { name: string; script: Script; isPrimary: boolean }[]): Promise<void> {
  await db.delete(personName).where(eq(personName.personId, personId));
  await insertPersonNames(db, personId, names);
}

/** The spellings of a person who has none yet (just created): no delete first — one round trip less per create. */
export async function insertPersonNames(db: Db, personId: string, names: { name: string; script: Script; isPrimary: boolean }[]): Promise<void> {
  if (names.length) await db.insert(personName).values(names.map((n) => sealPersonRow(personName, personId, { ...n, personId })));
}

export async function findPersonById(db: Db, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(person).where(eq(person.id, id)).limit(1);
  return row;
}

export async function findPersonByExternalId(db: Db, organisationId: string, externalId: string): Promise<PersonRow | undefined> {
  const [row] = await db
    .select()
    .from(person)
    .where(and(eq(person.organisationId, organisationId), eq(person.externalId, externalId)))
    .limit(1);
  return row;
}

/** localeCompare(…, "ru") without a collator built per comparison: a list of the whole registry sorts 100,000 names. */
const RU_ORDER = new Intl.Collator("ru");

export async function namesOf(db: Db, personIds: string[]): Promise<Map<string, { name: string; script: Script; isPrimary: boolean }[]>> {
  const out = new Map<string, { name: string; script: Script; isPrimary: boolean }[]>();
  if (!personIds.length) return out;
  const rows = await db
    .select({ personId: personName.personId, name: personName.name, script: personName.script, isPrimary: personName.isPrimary })
    .from(personName)
    .where(anyOf(personName.personId, personIds));
  // Sealed names cannot be ordered in SQL: primary first, then alphabetically, once opened.
  rows.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || RU_ORDER.compare(a.name, b.name));
  for (const r of rows) {
    const list = out.get(r.personId) ?? [];
    list.push({ name: r.name, script: r.script, isPrimary: r.isPrimary });
    out.set(r.personId, list);
  }
  return out;
}

/**
 * Of the given people, those the user is assigned to — one query for a whole page (lawyers' access). `userKeys`: the
 * user's keyed hashes (`assigneeKeys`, src/security/assignmentKeys.ts): assignments never hold a user id.
 */
export async function assignedPersonIds(db: Db, userKeys: readonly string[], personIds: string[]): Promise<Set<string>> {
  if (!personIds.length || !userKeys.length) return new Set();
  const rows = await db
    .select({ personId: personAssignment.personId })
    .from(personAssignment)
    .where(and(inArray(personAssignment.userKey, [...userKeys]), inArray(personAssignment.personId, personIds)));
  return new Set(rows.map((r) => r.personId));
}

/** Whether the user (by their keyed hashes) is assigned to the person. */
export async function isAssigned(db: Db, personId: string, userKeys: readonly string[]): Promise<boolean> {
  return (await assignedPersonIds(db, userKeys, [personId])).size > 0;
}



export interface PersonFilter {
  organisationId: string;
  category?: PersonCategory[] | undefined;
  status?: PersonStatus[] | undefined;
  region?: string | undefined;
  article?: string | undefined;
  facilityId?: string | undefined;
  /** Restrict to people assigned to this user (lawyers): the user's keyed hashes (`assigneeKeys`). */
  assignedTo?: readonly string[] | undefined;
  /** Public pages: only people with publicity consent. */
  publicOnly?: boolean | undefined;
  ids?: string[] | undefined;
}

export type PersonSort = "name" | "-name" | "birth" | "-birth" | "updated" | "-updated" | "category" | "status";

function filterWhere(f: PersonFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [eq(person.organisationId, f.organisationId)];
  if (f.category?.length) conds.push(inArray(person.category, f.category));
  if (f.status?.length) conds.push(inArray(person.status, f.status));
  if (f.region) {
    // Regions are stored as ISO codes (free text only where unrecognised): "Новосибирская" finds RU-NVS.
    const code = regionFromText(f.region);
    conds.push(code ? or(eq(person.homeRegion, code), ilike(person.homeRegion, containsPattern(f.region))) : ilike(person.homeRegion, containsPattern(f.region)));
  }
  if (f.facilityId) conds.push(eq(person.currentFacilityId, f.facilityId));
  if (f.publicOnly) conds.push(inArray(person.publicityConsent, ["full", "anonymised"]));
  if (f.ids) conds.push(f.ids.length ? inArray(person.id, f.ids) : sql`false`);
  if (f.assignedTo)
    conds.push(sql`exists (select 1 from ${personAssignment} pa where pa.person_id = ${person.id} and ${assigneeIn(sql`pa.user_key`, f.assignedTo)})`);
  if (f.article)
    conds.push(
      sql`exists (select 1 from ${caseArticle} ca join ${criminalCase} cc on cc.id = ca.case_id where cc.person_id = ${person.id} and ca.article = ${f.article})`,
    );
  return and(...conds);
}

// Names are sealed: SQL cannot order by them (the person index serves name order). Here "name" is only a
// stable order for paging through a selection that its caller sorts itself.
const sortColumns: Record<PersonSort, SQL> = {
  name: sql`${person.id} asc`,
  "-name": sql`${person.id} desc`,
  birth: sql`${person.birthYear} asc nulls last, ${person.birthDate} asc nulls last`,
  "-birth": sql`${person.birthYear} desc nulls last, ${person.birthDate} desc nulls last`,
  updated: sql`${person.updatedAt} asc`,
  "-updated": sql`${person.updatedAt} desc`,
  category: sql`${person.category} asc`,
  status: sql`${person.status} asc`,
};

export async function listPeople(db: Db, f: PersonFilter, page: { limit: number; offset: number; sort?: PersonSort }): Promise<{ rows: PersonRow[]; total: number }> {
  const where = filterWhere(f);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(person)
      .where(where)
      .orderBy(sortColumns[page.sort ?? "name"], asc(person.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(person).where(where),
  ]);
  return { rows, total: Number(totals[0]?.n ?? 0) };
}

/** Who matches the filter (id order, no count), with only unsealed facts: a list built from the registry filters these first. */
export async function personFactsWhere(db: Db, f: PersonFilter): Promise<{ id: string; exchangeConsent: PersonRow["exchangeConsent"] }[]> {
  return db.select({ id: person.id, exchangeConsent: person.exchangeConsent }).from(person).where(filterWhere(f)).orderBy(asc(person.id));
}

/**
 * How many people personFactsWhere would return, of those with one of `consents` when given (a list's size decides
 * whether it is built in the background).
 */
export async function countFactsWhere(db: Db, f: PersonFilter, consents?: PersonRow["exchangeConsent"][]): Promise<number> {
  const [r] = await db.select({ n: count() }).from(person).where(and(filterWhere(f), consents ? inArray(person.exchangeConsent, consents) : undefined));
  return Number(r?.n ?? 0);
}

/** Whole rows of the organisation's people among `ids` (id order; ids as one array parameter, any number of them). */
export async function peopleByIds(db: Db, organisationId: string, ids: string[]): Promise<PersonRow[]> {
  if (!ids.length) return [];
  return db.select().from(person).where(and(eq(person.organisationId, organisationId), anyOf(person.id, ids))).orderBy(asc(person.id));
}

/**
 * What a list row and its priority need of each person among `ids` (id order): no profile text, no staff note, no
 * timestamps — each sealed column read is opened, and a list of the whole registry reads 100,000 people.
 */
export async function listFactsByIds(db: Db, organisationId: string, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({
      id: person.id,
      organisationId: person.organisationId,
      primaryName: person.primaryName,
      latinName: person.latinName,
      sentenceText: person.sentenceText,
      birthDate: person.birthDate,
      birthYear: person.birthYear,
      category: person.category,
      status: person.status,
      exchangeConsent: person.exchangeConsent,
      currentFacilityId: person.currentFacilityId,
    })
    .from(person)
    .where(and(eq(person.organisationId, organisationId), anyOf(person.id, ids)))
    .orderBy(asc(person.id));
}
export type PersonListFacts = Awaited<ReturnType<typeof listFactsByIds>>[number];

export async function appendStatusEvent(db: Db, values: typeof statusEvent.$inferInsert): Promise<void> {
  await db.insert(statusEvent).values(sealPersonRow(statusEvent, values.personId, values));
}

export async function statusTimeline(db: Db, personId: string) {
  return db.select().from(statusEvent).where(eq(statusEvent.personId, personId))// Events with an unknown date (typically the initial status) come first; then by date, then by recording order.
    .orderBy(sql`${statusEvent.occurredOn} asc nulls first`, asc(statusEvent.createdAt));
}

export async function facilitiesByIds(db: Db, ids: string[]) {
  if (!ids.length) return new Map<string, typeof facility.$inferSelect>();
  const rows = await db.select().from(facility).where(inArray(facility.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Facility id → name (the list rows show the name only). */
/** Read for every list page on PostgreSQL (PGlite keeps all names until the next write): one statement, one array. */
export async function facilityNamesOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const statement = preparedOnce(db, "facility_names_of", () =>
    db
      .select({ id: facility.id, name: facility.name })
      .from(facility)
      .where(sql`${facility.id} = any(${sql.placeholder("ids")}::text::uuid[])`)
      .prepare("facility_names_of"),
  );
  const rows = await statement.execute({ ids: arrayLiteral(ids) });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every facility's name, or null when there are more than `max` facilities. */
export async function allFacilityNames(db: Db, max: number): Promise<Map<string, string> | null> {
  const rows = await db.select({ id: facility.id, name: facility.name }).from(facility).limit(max + 1);
  return rows.length > max ? null : new Map(rows.map((r) => [r.id, r.name]));
}
