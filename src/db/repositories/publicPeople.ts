// Reads for the public site. Only people with publicity consent ("full" or "anonymised") ever leave these
// functions, and only the columns the public presenters may use are selected: even a presenter bug cannot
// show a birth date, an external id or a consent note, because they are never loaded.
import { and, asc, count, countDistinct, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { regionFromText } from "../../domain/vocabulary/regions.js";
import type { Db } from "../client.js";
import { facility } from "../schema/facility.js";
import type { PersonCategory, PersonStatus } from "../schema/enums.js";
import { person, personName } from "../schema/person.js";

export const publicColumns = {
  id: person.id,
  primaryName: person.primaryName,
  publicityConsent: person.publicityConsent,
  category: person.category,
  status: person.status,
  statusSince: person.statusSince,
  homeRegion: person.homeRegion,
  // Year only; see docs/public-site.md (letters to Russian prisons must carry it).
  birthYear: sql<number | null>`coalesce(${person.birthYear}, extract(year from ${person.birthDate})::int)`,
  photoUrl: person.photoUrl,
  publicSummary: person.publicSummary,
  sentenceText: person.sentenceText,
  currentFacilityId: person.currentFacilityId,
};

export type PublicPersonRow = {
  id: string;
  primaryName: string;
  publicityConsent: "none" | "anonymised" | "full";
  category: PersonCategory;
  status: PersonStatus;
  statusSince: string | null;
  homeRegion: string | null;
  birthYear: number | null;
  photoUrl: string | null;
  publicSummary: string | null;
  sentenceText: string | null;
  currentFacilityId: string | null;
};

export const consented = inArray(person.publicityConsent, ["full", "anonymised"]);
const fullOnly = eq(person.publicityConsent, "full");

export interface PublicFilter {
  organisationId: string;
  /** Search results (ids from the name index); only fully consented people are ever in it. */
  ids?: string[] | undefined;
  category?: PersonCategory[] | undefined;
  status?: PersonStatus[] | undefined;
  /** Exact home region. Anonymised profiles do not show a region, so filtering by it must not find them. */
  region?: string | undefined;
  facilityId?: string | undefined;
}

function where(f: PublicFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [eq(person.organisationId, f.organisationId), consented];
  if (f.ids) conds.push(f.ids.length ? and(fullOnly, inArray(person.id, f.ids)) : sql`false`);
  if (f.category?.length) conds.push(inArray(person.category, f.category));
  if (f.status?.length) conds.push(inArray(person.status, f.status));
  // The filter's values are the stored codes; a region typed by name ("Moscow", "Томская область") finds its code too.
  if (f.region) conds.push(and(fullOnly, sql`trim(${person.homeRegion}) = ${regionFromText(f.region) ?? f.region}`));
  if (f.facilityId) conds.push(and(fullOnly, eq(person.currentFacilityId, f.facilityId)));
  return and(...conds);
}

/**
 * Named profiles, then anonymised ones, in id order (names are sealed; the open data puts named profiles in
 * name order once opened, and never sorts anonymised ones by their real name, which would leak it).
 */
export async function listPublicPeople(db: Db, f: PublicFilter, page: { limit: number; offset: number }): Promise<{ rows: PublicPersonRow[]; total: number }> {
  const w = where(f);
  const [rows, totals] = await Promise.all([
    db
      .select(publicColumns)
      .from(person)
      .where(w)
      // Names are sealed at rest: the caller puts named profiles in name order once opened.
      .orderBy(sql`(${person.publicityConsent} = 'full') desc`, asc(person.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(person).where(w),
  ]);
  return { rows: rows as PublicPersonRow[], total: Number(totals[0]?.n ?? 0) };
}

/** Consented people of `ids` (a page whose order the person index decided), in that order. */
export async function publicRowsByIds(db: Db, organisationId: string, ids: string[]): Promise<PublicPersonRow[]> {
  if (!ids.length) return [];
  const rows = (await db
    .select(publicColumns)
    .from(person)
    .where(and(eq(person.organisationId, organisationId), consented, inArray(person.id, ids)))) as PublicPersonRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is PublicPersonRow => !!r);
}

export async function findPublicPerson(db: Db, organisationId: string, id: string): Promise<PublicPersonRow | undefined> {
  const [row] = await db
    .select(publicColumns)
    .from(person)
    .where(and(eq(person.organisationId, organisationId), eq(person.id, id), consented))
    .limit(1);
  return row as PublicPersonRow | undefined;
}

const letterWhere = (organisationId: string, statuses: PersonStatus[]) =>
  and(
    eq(person.organisationId, organisationId),
    fullOnly,
    inArray(person.status, statuses),
    isNotNull(person.currentFacilityId),
    // Prisoners of war have no address to write to: letters go through the ICRC.
    sql`${person.category} <> 'ua_pow'`,
  );

/** Facilities holding named people one can write to, with how many, a page at a time (for /letters). */
export async function letterFacilityPage(db: Db, organisationId: string, statuses: PersonStatus[], page: { limit: number; offset: number }) {
  const w = letterWhere(organisationId, statuses);
  const [rows, totals] = await Promise.all([
    db
      .select({ id: facility.id, name: facility.name, kind: facility.kind, region: facility.region, postalAddress: facility.postalAddress, n: count() })
      .from(person)
      .innerJoin(facility, eq(facility.id, person.currentFacilityId))
      .where(w)
      .groupBy(facility.id)
      .orderBy(asc(facility.name))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: countDistinct(person.currentFacilityId) }).from(person).where(w),
  ]);
  return { rows: rows.map((r) => ({ ...r, n: Number(r.n) })), total: Number(totals[0]?.n ?? 0) };
}

/** The named people one can write to at these facilities, alphabetically. */
export async function letterRecipientsAt(db: Db, organisationId: string, statuses: PersonStatus[], facilityIds: string[]): Promise<PublicPersonRow[]> {
  if (!facilityIds.length) return [];
  const rows = await db
    .select(publicColumns)
    .from(person)
    .where(and(letterWhere(organisationId, statuses), inArray(person.currentFacilityId, facilityIds)));
  // Names are sealed: ordered once opened.
  return (rows as PublicPersonRow[]).sort((a, b) => a.primaryName.localeCompare(b.primaryName, "ru") || (a.id < b.id ? -1 : 1));
}

/** A facility's name, only if a named person is held there (the /people facility filter shows it). */
export async function publicFacilityName(db: Db, organisationId: string, facilityId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ name: facility.name })
    .from(person)
    .innerJoin(facility, eq(facility.id, person.currentFacilityId))
    .where(and(eq(person.organisationId, organisationId), fullOnly, eq(person.currentFacilityId, facilityId)))
    .limit(1);
  return row?.name;
}
