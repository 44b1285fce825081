// Aggregate queries for the public statistics page. They count everyone in the registry (consent to publicity
// is about being named, not about being counted), return only counts, and never a name or an id.
// Small counts are merged by the caller (src/domain/publicStats.ts) so a rare region or article cannot single out
// a person who did not consent.
import { and, count, countDistinct, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { caseArticle, criminalCase } from "../schema/case.js";
import type { PersonCategory, PersonStatus } from "../schema/enums.js";
import { FREED_STATUSES, HELD_STATUSES } from "../../domain/vocabulary/enums.js";
import { organisation } from "../schema/organisation.js";
import { person, statusEvent } from "../schema/person.js";


/** The organisation whose registry this site publishes: the deployment's own (slug "default" unless configured). */
export async function organisationIdBySlug(db: Db, slug: string): Promise<string | undefined> {
  const [row] = await db.select({ id: organisation.id }).from(organisation).where(eq(organisation.slug, slug)).limit(1);
  return row?.id;
}

export interface Totals {
  total: number;
  publicProfiles: number;
  held: number;
  freed: number;
}

export async function totals(db: Db, organisationId: string): Promise<Totals> {
  const [row] = await db
    .select({
      total: count(),
      publicProfiles: sql<number>`count(*) filter (where ${person.publicityConsent} in ('full', 'anonymised'))`,
      held: sql<number>`count(*) filter (where ${inArray(person.status, HELD_STATUSES)})`,
      freed: sql<number>`count(*) filter (where ${inArray(person.status, FREED_STATUSES)})`,
    })
    .from(person)
    .where(eq(person.organisationId, organisationId));
  return {
    total: Number(row?.total ?? 0),
    publicProfiles: Number(row?.publicProfiles ?? 0),
    held: Number(row?.held ?? 0),
    freed: Number(row?.freed ?? 0),
  };
}

export interface Count<K extends string = string> {
  key: K;
  n: number;
}

export async function countByCategory(db: Db, organisationId: string): Promise<Count<PersonCategory>[]> {
  const rows = await db.select({ key: person.category, n: count() }).from(person).where(eq(person.organisationId, organisationId)).groupBy(person.category);
  return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
}

export async function countByStatus(db: Db, organisationId: string): Promise<Count<PersonStatus>[]> {
  const rows = await db.select({ key: person.status, n: count() }).from(person).where(eq(person.organisationId, organisationId)).groupBy(person.status);
  return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
}

/** By home region as recorded (trimmed); people without a region are left out. */
export async function countByRegion(db: Db, organisationId: string): Promise<Count[]> {
  const region = sql<string>`trim(${person.homeRegion})`;
  const rows = await db
    .select({ key: region, n: count() })
    .from(person)
    .where(and(eq(person.organisationId, organisationId), isNotNull(person.homeRegion), sql`trim(${person.homeRegion}) <> ''`))
    .groupBy(region);
  return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
}

/** People per Criminal Code article (a person with two cases under one article counts once). Russian Criminal Code only. */
export async function countByArticle(db: Db, organisationId: string): Promise<Count[]> {
  const rows = await db
    .select({ key: caseArticle.article, n: countDistinct(criminalCase.personId) })
    .from(caseArticle)
    .innerJoin(criminalCase, eq(criminalCase.id, caseArticle.caseId))
    .innerJoin(person, eq(person.id, criminalCase.personId))
    .where(and(eq(person.organisationId, organisationId), eq(caseArticle.code, "RU_CC")))
    .groupBy(caseArticle.article);
  return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
}

/** Each sentenced person's longest custodial sentence in months (binned by the caller). */
export async function sentenceMonths(db: Db, organisationId: string): Promise<number[]> {
  const months = sql<number>`max(coalesce(${criminalCase.sentenceYears}, 0) * 12 + coalesce(${criminalCase.sentenceMonths}, 0))`;
  const rows = await db
    .select({ m: months })
    .from(criminalCase)
    .innerJoin(person, eq(person.id, criminalCase.personId))
    .where(and(eq(person.organisationId, organisationId), sql`(${criminalCase.sentenceYears} is not null or ${criminalCase.sentenceMonths} is not null)`))
    .groupBy(criminalCase.personId);
  return rows.map((r) => Number(r.m)).filter((m) => m > 0);
}

export interface YearCount {
  year: number;
  status: PersonStatus;
  n: number;
}

/** Releases, exchanges and pardons per year, from the status timeline (dated events only). */
export async function freedByYear(db: Db, organisationId: string): Promise<YearCount[]> {
  const year = sql<number>`extract(year from ${statusEvent.occurredOn})::int`;
  const rows = await db
    .select({ year, status: statusEvent.status, n: countDistinct(statusEvent.personId) })
    .from(statusEvent)
    .innerJoin(person, eq(person.id, statusEvent.personId))
    .where(and(eq(person.organisationId, organisationId), inArray(statusEvent.status, FREED_STATUSES), isNotNull(statusEvent.occurredOn)))
    .groupBy(year, statusEvent.status);
  return rows.map((r) => ({ year: Number(r.year), status: r.status, n: Number(r.n) }));
}
