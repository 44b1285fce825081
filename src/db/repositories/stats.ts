import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { assigneeIn } from "./assignees.js";

// Aggregates for the staff dashboard and the people search index. Raw SQL: these are reports, not entity loads.

async function rows<T>(db: Db, q: SQL): Promise<T[]> {
  const r = (await db.execute(q)) as unknown as { rows: T[] };
  return r.rows;
}

/** Restricts to the organisation, and for lawyers to their assigned people (the policy's condition as SQL). */
function scope(organisationId: string, assignedTo: readonly string[] | undefined, alias = "p"): SQL {
  const a = sql.raw(alias);
  return assignedTo
    ? sql`${a}.organisation_id = ${organisationId} and exists (select 1 from person_assignment pa where pa.person_id = ${a}.id and ${assigneeIn(sql`pa.user_key`, assignedTo)})`
    : sql`${a}.organisation_id = ${organisationId}`;
}

export interface StatsScope {
  organisationId: string;
  /** A lawyer's keyed hashes (`assigneeKeys`): only their assigned people. */
  assignedTo?: readonly string[] | undefined;
}

export async function countsBy(db: Db, s: StatsScope) {
  const w = scope(s.organisationId, s.assignedTo);
  const [byCategoryStatus, byRegion, byArticle, sentences, byFacility] = await Promise.all([
    rows<{ category: string; status: string; n: number }>(db, sql`select p.category::text as category, p.status::text as status, count(*)::int as n from person p where ${w} group by 1, 2`),
    rows<{ key: string | null; n: number }>(db, sql`select p.home_region as key, count(*)::int as n from person p where ${w} group by 1 order by 2 desc limit 15`),
    rows<{ key: string; n: number }>(
      db,
      sql`select ca.article as key, count(distinct p.id)::int as n from person p join criminal_case cc on cc.person_id = p.id join case_article ca on ca.case_id = cc.id where ${w} group by 1 order by 2 desc limit 15`,
    ),
    // Longest sentence per person, in months (fines and suspended sentences have no years and are left out).
    rows<{ months: number }>(
      db,
      sql`select max(coalesce(cc.sentence_years, 0) * 12 + coalesce(cc.sentence_months, 0))::int as months from person p join criminal_case cc on cc.person_id = p.id where ${w} and (cc.sentence_years is not null or cc.sentence_months is not null) group by p.id`,
    ),
    rows<{ key: string | null; n: number }>(db, sql`select f.name as key, count(*)::int as n from person p join facility f on f.id = p.current_facility_id where ${w} group by 1 order by 2 desc limit 10`),
  ]);
  return { byCategoryStatus, byRegion, byArticle, sentences, byFacility };
}

/**
 * First detention per person (earliest case or custody period) and the date they were freed, if they were.
 * Aggregated once per table and joined, not a subquery per person: PGlite has no autovacuum, so right after an
 * import the planner has no statistics, guessed a few hundred people and scanned every custody period once per
 * person — the dashboard of 100,000 people did not answer in minutes.
 */
export async function custodySpans(db: Db, s: StatsScope) {
  return rows<{ category: string; detained: string | null; freed: string | null }>(db, custodySpansQuery(s));
}

export function custodySpansQuery(s: StatsScope): SQL {
  const w = scope(s.organisationId, s.assignedTo);
  return sql`with detained as (
        select x.person_id, min(x.d) as d from (
          select cc.person_id, cc.detained_on as d from criminal_case cc
          union all select c2.person_id, cp.from_date from custody_period cp join criminal_case c2 on c2.id = cp.case_id
        ) x group by x.person_id),
      freed as (select se.person_id, min(se.occurred_on) as d from status_event se where se.status in ('released', 'exchanged', 'pardoned') group by se.person_id)
      select p.category::text as category, detained.d::text as detained, freed.d::text as freed
      from person p left join detained on detained.person_id = p.id left join freed on freed.person_id = p.id where ${w}`;
}

/** Releases, exchanges and pardons per month. */
export async function freedByMonth(db: Db, s: StatsScope) {
  const w = scope(s.organisationId, s.assignedTo);
  return rows<{ month: string; status: string; n: number }>(
    db,
    sql`select to_char(se.occurred_on, 'YYYY-MM') as month, se.status::text as status, count(distinct se.person_id)::int as n
      from status_event se join person p on p.id = se.person_id
      where ${w} and se.status in ('released', 'exchanged', 'pardoned') and se.occurred_on is not null group by 1, 2 order by 1`,
  );
}

/** Changes whenever a person is added, removed or edited: the search index is rebuilt only then. */
export async function peopleSignature(db: Db, organisationId: string): Promise<string> {
  const r = await rows<{ n: number; m: string | null }>(db, sql`select count(*)::int as n, max(updated_at)::text as m from person where organisation_id = ${organisationId}`);
  return `${r[0]?.n ?? 0}|${r[0]?.m ?? ""}`;
}
