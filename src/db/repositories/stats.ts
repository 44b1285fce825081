import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { arrayLiteral } from "./bulk.js";
import { assigneeIn } from "./assignees.js";

// What the staff dashboard counts, per person (src/services/dashboardTally.ts adds them up and keeps the sums):
// read for everyone once, then only for the people the change feed names. Raw SQL: these are reports, not entity
// loads. Each table is aggregated once and joined, never a subquery per person: PGlite has no autovacuum, so right
// after an import the planner has no statistics, and a per-person subquery scanned every custody period once per
// person — the dashboard of 100,000 people did not answer in minutes. Each read is one JSON text (PGlite copies
// every field of every row otherwise).

export interface StatsScope {
  organisationId: string;
  /** A lawyer's keyed hashes (`assigneeKeys`): only their assigned people. */
  assignedTo?: readonly string[] | undefined;
}

/** One person's part of the dashboard. Months as "YYYY-MM". */
export interface PersonStatsFacts {
  id: string;
  organisationId: string;
  category: string;
  status: string;
  region: string | null;
  facilityId: string | null;
  /** Articles of any of their cases, each once. */
  articles: string[];
  /** The longest sentence, in months (fines and suspended sentences, with no years or months, are left out). */
  sentenceMonths: number | null;
  /** First detention: the earliest case or custody period. */
  detained: string | null;
  /** Months in which they were released, exchanged or pardoned, as "YYYY-MM status", each once. */
  freed: string[];
}

/** Whose facts: a scope's people; `ids`, these people whatever their organisation (the change feed's); or everyone. */
export type FactsOf = StatsScope | { ids: string[] } | "everyone";

function where(s: FactsOf, alias = "p"): SQL {
  const a = sql.raw(alias);
  if (s === "everyone") return sql`true`;
  if ("ids" in s) return sql`${a}.id = any(${arrayLiteral(s.ids)}::uuid[])`;
  return s.assignedTo
    ? sql`${a}.organisation_id = ${s.organisationId} and exists (select 1 from person_assignment pa where pa.person_id = ${a}.id and ${assigneeIn(sql`pa.user_key`, s.assignedTo)})`
    : sql`${a}.organisation_id = ${s.organisationId}`;
}

/** The queries of `statsFacts` (the plan test reads them). */
export function statsFactsQueries(s: FactsOf): Record<"people" | "detained" | "sentences" | "articles" | "freed", SQL> {
  const w = where(s);
  // By id the children are found through their indexes first; a whole organisation is read table by table.
  const ids = s !== "everyone" && "ids" in s ? arrayLiteral(s.ids) : null;
  const only = (column: string) => (ids ? sql`where ${sql.raw(column)} = any(${ids}::uuid[])` : sql``);
  return {
    people: sql`select json_agg(json_build_array(p.id, p.organisation_id, p.category, p.status, p.home_region, p.current_facility_id))::text as j from person p where ${w}`,
    detained: sql`select json_agg(json_build_array(x.person_id, x.d))::text as j from (
        select y.person_id, to_char(min(y.d), 'YYYY-MM') as d from (
          select cc.person_id, cc.detained_on as d from criminal_case cc ${only("cc.person_id")}
          union all select c2.person_id, cp.from_date from custody_period cp join criminal_case c2 on c2.id = cp.case_id ${only("c2.person_id")}
        ) y where y.d is not null group by y.person_id) x join person p on p.id = x.person_id where ${w}`,
    sentences: sql`select json_agg(json_build_array(x.person_id, x.m))::text as j from (
        select cc.person_id, max(coalesce(cc.sentence_years, 0) * 12 + coalesce(cc.sentence_months, 0))::int as m from criminal_case cc
        where (cc.sentence_years is not null or cc.sentence_months is not null) ${ids ? sql`and cc.person_id = any(${ids}::uuid[])` : sql``} group by cc.person_id) x
        join person p on p.id = x.person_id where ${w}`,
    articles: sql`select json_agg(json_build_array(x.person_id, x.article))::text as j from (
        select distinct cc.person_id, ca.article from criminal_case cc join case_article ca on ca.case_id = cc.id ${only("cc.person_id")}) x
        join person p on p.id = x.person_id where ${w}`,
    freed: sql`select json_agg(json_build_array(x.person_id, x.f))::text as j from (
        select distinct se.person_id, to_char(se.occurred_on, 'YYYY-MM') || ' ' || se.status::text as f from status_event se
        where se.status in ('released', 'exchanged', 'pardoned') and se.occurred_on is not null ${ids ? sql`and se.person_id = any(${ids}::uuid[])` : sql``}) x
        join person p on p.id = x.person_id where ${w}`,
  };
}

async function pairs<T>(db: Db, q: SQL): Promise<[string, T][]> {
  const j = ((await db.execute(q)) as unknown as { rows: { j: string | null }[] }).rows[0]?.j;
  return j ? (JSON.parse(j) as [string, T][]) : [];
}

/** The dashboard's facts of the scope's people, or of `ids` (those that still exist). */
export async function statsFacts(db: Db, s: FactsOf): Promise<Map<string, PersonStatsFacts>> {
  if (s !== "everyone" && "ids" in s && !s.ids.length) return new Map();
  const q = statsFactsQueries(s);
  const people = ((await db.execute(q.people)) as unknown as { rows: { j: string | null }[] }).rows[0]?.j;
  const out = new Map<string, PersonStatsFacts>();
  for (const [id, organisationId, category, status, region, facilityId] of people ? (JSON.parse(people) as [string, string, string, string, string | null, string | null][]) : [])
    out.set(id, { id, organisationId, category, status, region, facilityId, articles: [], sentenceMonths: null, detained: null, freed: [] });
  for (const [id, d] of await pairs<string>(db, q.detained)) {
    const f = out.get(id);
    if (f) f.detained = d;
  }
  for (const [id, m] of await pairs<number>(db, q.sentences)) {
    const f = out.get(id);
    if (f) f.sentenceMonths = m;
  }
  for (const [id, a] of await pairs<string>(db, q.articles)) out.get(id)?.articles.push(a);
  for (const [id, x] of await pairs<string>(db, q.freed)) out.get(id)?.freed.push(x);
  return out;
}

/** Changes whenever a person is added, removed or edited: the search index is rebuilt only then. */
export async function peopleSignature(db: Db, organisationId: string): Promise<string> {
  const r = ((await db.execute(sql`select count(*)::int as n, max(updated_at)::text as m from person where organisation_id = ${organisationId}`)) as unknown as { rows: { n: number; m: string | null }[] }).rows;
  return `${r[0]?.n ?? 0}|${r[0]?.m ?? ""}`;
}
