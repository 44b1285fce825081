// Everyone's dashboard facts (stats.ts `PersonStatsFacts`) read in short steps: each table in ranges of its pages
// (a TID range scan: a sequential read of those pages only), each range one short statement with `between` awaited
// after it. One read of everyone (stats.ts, "everyone") held the database — PGlite's one thread — and this thread
// for 2.5 s at 100,000 people, and every request arriving meanwhile waited behind it. A range of a person's
// children, read by person (index lookups; PGlite chose whole scans of custody and articles per range), cost two to
// five times the CPU: hence each table on its own, and the facts put together here as stats.ts's queries do in SQL
// (the test compares the two).
//
// Rows written while this reads may be missed or read twice (an update moves a row): every such person is named by
// the change feed, and the kept sums read them again by id afterwards (src/services/dashboardTally.ts). Only a table
// rewritten meanwhile with no write (VACUUM FULL, CLUSTER) could leave rows out, until the next rebuild of the index.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import type { PersonStatsFacts } from "./stats.js";

type Row = (string | number | null)[];
const FREED = sql`se.status in ('released', 'exchanged', 'pardoned') and se.occurred_on is not null`;
/** Each table's rows in the pages from `from` up to (not including) `to`. */
const reads: Record<"person" | "criminal_case" | "custody_period" | "case_article" | "status_event", (pages: SQL) => SQL> = {
  person: (pages) => sql`select json_agg(json_build_array(p.id, p.organisation_id, p.category, p.status, p.home_region, p.current_facility_id))::text as j from person p where ${pages}`,
  criminal_case: (pages) =>
    sql`select json_agg(json_build_array(cc.id, cc.person_id, to_char(cc.detained_on, 'YYYY-MM'),
      case when cc.sentence_years is null and cc.sentence_months is null then null else coalesce(cc.sentence_years, 0) * 12 + coalesce(cc.sentence_months, 0) end))::text as j
      from criminal_case cc where ${pages}`,
  custody_period: (pages) => sql`select json_agg(json_build_array(cp.case_id, to_char(cp.from_date, 'YYYY-MM')))::text as j from custody_period cp where cp.from_date is not null and ${pages}`,
  case_article: (pages) => sql`select json_agg(json_build_array(ca.case_id, ca.article))::text as j from case_article ca where ${pages}`,
  status_event: (pages) => sql`select json_agg(json_build_array(se.person_id, to_char(se.occurred_on, 'YYYY-MM') || ' ' || se.status::text))::text as j from status_event se where ${FREED} and ${pages}`,
};

const pagesOf = async (db: Db, table: string) =>
  ((await db.execute(sql`select (pg_relation_size(${table}::regclass) / current_setting('block_size')::int)::int as n`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;

/** Every row of `table`, range by range of pages sized to about `rows` rows each, `between` awaited after each. */
async function eachRange(db: Db, table: keyof typeof reads, rows: number, between: () => Promise<void>, use: (row: Row) => void): Promise<void> {
  let pages = await pagesOf(db, table);
  let step = 1;
  for (let from = 0; from < pages; ) {
    const to = from + step;
    const range = sql`ctid >= ${`(${from},0)`}::tid and ctid < ${`(${to},0)`}::tid`;
    const j = ((await db.execute(reads[table](range))) as unknown as { rows: { j: string | null }[] }).rows[0]?.j;
    const got = j ? (JSON.parse(j) as Row[]) : [];
    for (const row of got) use(row);
    // The next range sized on this one's rows per page (empty pages: twice as many).
    step = got.length ? Math.max(1, Math.min(4096, Math.round((step * rows) / got.length))) : Math.min(4096, step * 2);
    from = to;
    if (from >= pages) pages = await pagesOf(db, table);
    await between();
  }
}

/** Everyone's facts, of every organisation (`between`: awaited after each statement; `rows`: about this many each). */
export async function statsFactsOfEveryone(db: Db, between: () => Promise<void>, rows = 1000): Promise<Map<string, PersonStatsFacts>> {
  const out = new Map<string, PersonStatsFacts>();
  await eachRange(db, "person", rows, between, ([id, organisationId, category, status, region, facilityId]) =>
    out.set(id as string, { id: id as string, organisationId: organisationId as string, category: category as string, status: status as string, region: region as string | null, facilityId: facilityId as string | null, articles: [], sentenceMonths: null, detained: null, freed: [] }),
  );
  const firstDetained = (f: PersonStatsFacts, month: string | null) => {
    if (month !== null && (f.detained === null || month < f.detained)) f.detained = month;
  };
  const personOfCase = new Map<string, PersonStatsFacts>();
  await eachRange(db, "criminal_case", rows, between, ([caseId, personId, detained, months]) => {
    const f = out.get(personId as string);
    if (!f) return;
    personOfCase.set(caseId as string, f);
    firstDetained(f, detained as string | null);
    if (months !== null && (f.sentenceMonths === null || (months as number) > f.sentenceMonths)) f.sentenceMonths = months as number;
  });
  await eachRange(db, "custody_period", rows, between, ([caseId, from]) => {
    const f = personOfCase.get(caseId as string);
    if (f) firstDetained(f, from as string);
  });
  // Each article and release month once per person (an update read twice, two cases under one article).
  await eachRange(db, "case_article", rows, between, ([caseId, article]) => {
    const f = personOfCase.get(caseId as string);
    if (f && !f.articles.includes(article as string)) f.articles.push(article as string);
  });
  await eachRange(db, "status_event", rows, between, ([personId, freed]) => {
    const f = out.get(personId as string);
    if (f && !f.freed.includes(freed as string)) f.freed.push(freed as string);
  });
  return out;
}
