// A person page in one statement: the person's row with their spellings, cases (articles, custody periods), status
// timeline and facility as JSON columns of the same select. On PGlite every statement costs its thread 0.5–1.3 ms
// of CPU whatever it returns, and a staff person page made seven (docs/benchmarks-history.md, session 5).
// The JSON is read back column by column through each column's own Drizzle mapping, so a sealed column is opened,
// a timestamp becomes a Date, exactly as a plain select of the table returns it.
import { and, eq, getTableColumns, getTableName, sql, type Column, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../client.js";
import { preparedOnce } from "../prepared.js";
import { caseArticle, criminalCase, custodyPeriod } from "../schema/case.js";
import { facility } from "../schema/facility.js";
import { person, personName, statusEvent } from "../schema/person.js";
import type { PersonRow } from "./people.js";
import type { CaseWithDetails } from "./cases.js";
import { publicColumns, consented, type PublicPersonRow } from "./publicPeople.js";

type Columns = Record<string, Column>;

/** `json_build_object('key', alias.column, …)` of these columns (and extra JSON fields). */
function jsonObject(columns: Columns, alias: string, extra: Record<string, SQL> = {}): SQL {
  const parts: SQL[] = [];
  for (const [key, col] of Object.entries(columns)) parts.push(sql`${key}::text, ${sql.raw(alias)}.${sql.identifier(col.name)}`);
  for (const [key, value] of Object.entries(extra)) parts.push(sql`${key}::text, ${value}`);
  return sql`json_build_object(${sql.join(parts, sql`, `)})`;
}

/** The rows of `table` that `where` selects, as one JSON array (empty: `[]`), in `orderBy` order. */
function jsonRows(table: PgTable, alias: string, where: SQL, orderBy: SQL | null, extra: Record<string, SQL> = {}): SQL {
  const name = sql.identifier(getTableName(table));
  return sql`(select coalesce(json_agg(${jsonObject(getTableColumns(table), alias, extra)}${orderBy ? sql` order by ${orderBy}` : sql``}), '[]'::json) from ${name} ${sql.raw(alias)} where ${where})`;
}

/** One JSON object back into a row as Drizzle maps it (sealed columns opened, dates as Drizzle returns them). */
function rowOf<T>(columns: Columns, json: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(columns)) {
    const v = json[key];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
  }
  return out as T;
}

const parsed = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);

const caseColumns = getTableColumns(criminalCase) as Columns;
const articleColumns = getTableColumns(caseArticle) as Columns;
const custodyColumns = getTableColumns(custodyPeriod) as Columns;
const nameColumns = { name: personName.name, script: personName.script, isPrimary: personName.isPrimary } as Columns;

/** Cases of the person whose id is `personId` (SQL), each with its articles and custody periods, as `casesOf` returns them. */
function casesJson(personId: SQL): SQL {
  return jsonRows(criminalCase, "cc", sql`cc.person_id = ${personId}`, sql`cc.detained_on asc`, {
    articles: jsonRows(caseArticle, "ca", sql`ca.case_id = cc.id`, null),
    custodyPeriods: jsonRows(custodyPeriod, "cp", sql`cp.case_id = cc.id`, sql`cp.from_date asc`),
  });
}

function casesOfJson(v: unknown): CaseWithDetails[] {
  return (parsed(v) as Record<string, unknown>[]).map((c) => ({
    ...rowOf<typeof criminalCase.$inferSelect>(caseColumns, c),
    articles: (c.articles as Record<string, unknown>[]).map((a) => rowOf<typeof caseArticle.$inferSelect>(articleColumns, a)),
    custodyPeriods: (c.custodyPeriods as Record<string, unknown>[]).map((p) => rowOf<typeof custodyPeriod.$inferSelect>(custodyColumns, p)),
  }));
}

/** Spellings, primary first, then alphabetically (sealed names cannot be ordered in SQL), as `namesOf` lists them. */
type Spelling = Pick<typeof personName.$inferSelect, "name" | "script" | "isPrimary">;
function namesOfJson(v: unknown): Spelling[] {
  const rows = (parsed(v) as Record<string, unknown>[]).map((n) => rowOf<Spelling>(nameColumns, n));
  return rows.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.name.localeCompare(b.name, "ru"));
}

export interface PersonWithDetails {
  person: PersonRow;
  names: Spelling[];
  cases: CaseWithDetails[];
  timeline: (typeof statusEvent.$inferSelect)[];
  facility: typeof facility.$inferSelect | null;
}

/** A person with everything the staff person page shows, in one statement (undefined: no such person). */
export async function personWithDetails(db: Db, id: string): Promise<PersonWithDetails | undefined> {
  const [row] = await preparedOnce(db, "person_with_details", () => detailSelect(db).prepare("person_with_details")).execute({ id });
  if (!row) return undefined;
  const facilities = (parsed(row.facility) as Record<string, unknown>[]).map((f) => rowOf<typeof facility.$inferSelect>(getTableColumns(facility) as Columns, f));
  return {
    person: row.person,
    names: namesOfJson(row.names),
    cases: casesOfJson(row.cases),
    timeline: (parsed(row.timeline) as Record<string, unknown>[]).map((e) => rowOf<typeof statusEvent.$inferSelect>(getTableColumns(statusEvent) as Columns, e)),
    facility: facilities[0] ?? null,
  };
}

// Built once per database handle (preparedOnce): building these selects (every column of five tables) cost more CPU
// than running them.
function detailSelect(db: Db) {
  return db
    .select({
      person: person,
      names: sql<string>`${jsonRows(personName, "pn", sql`pn.person_id = ${person.id}`, null)}::text`,
      cases: sql<string>`${casesJson(sql`${person.id}`)}::text`,
      timeline: sql<string>`${jsonRows(statusEvent, "se", sql`se.person_id = ${person.id}`, sql`se.occurred_on asc nulls first, se.created_at asc`)}::text`,
      facility: sql<string>`${jsonRows(facility, "f", sql`f.id = ${person.currentFacilityId}`, null)}::text`,
    })
    .from(person)
    .where(eq(person.id, sql.placeholder("id")))
    .limit(1);
}

export interface PublicPersonWithDetails {
  row: PublicPersonRow;
  /** Named profiles only: an anonymised person's spellings never leave the database. */
  names: { name: string }[];
  cases: CaseWithDetails[];
  /** Named profiles only. */
  facility: typeof facility.$inferSelect | null;
}

/** A consented person with what their public profile shows, in one statement (undefined: absent or not consented). */
export async function publicPersonWithDetails(db: Db, organisationId: string, id: string): Promise<PublicPersonWithDetails | undefined> {
  const [row] = await preparedOnce(db, "public_person_with_details", () => publicSelect(db).prepare("public_person_with_details")).execute({ organisationId, id });
  if (!row) return undefined;
  const { names, cases, facility: facilityJson, ...publicRow } = row;
  const facilities = facilityJson ? (parsed(facilityJson) as Record<string, unknown>[]).map((f) => rowOf<typeof facility.$inferSelect>(getTableColumns(facility) as Columns, f)) : [];
  return { row: publicRow as PublicPersonRow, names: names ? namesOfJson(names) : [], cases: casesOfJson(cases), facility: facilities[0] ?? null };
}

function publicSelect(db: Db) {
  const full = sql`${person.publicityConsent} = 'full'`;
  return db
    .select({
      ...publicColumns,
      names: sql<string | null>`case when ${full} then ${jsonRows(personName, "pn", sql`pn.person_id = ${person.id}`, null)}::text end`,
      cases: sql<string>`${casesJson(sql`${person.id}`)}::text`,
      facility: sql<string | null>`case when ${full} then ${jsonRows(facility, "f", sql`f.id = ${person.currentFacilityId}`, null)}::text end`,
    })
    .from(person)
    .where(and(eq(person.organisationId, sql.placeholder("organisationId")), eq(person.id, sql.placeholder("id")), consented))
    .limit(1);
}
