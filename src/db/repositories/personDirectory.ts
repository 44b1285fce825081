// Reads for the in-memory person index (src/services/directory): the fields it orders, filters and searches by,
// every spelling, the change feed (migration 0012) and the id sets that stay in SQL (assignments, articles).
// Pages themselves are then fetched by id (`personRowsByIds`).
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { preparedOnce } from "../prepared.js";
import { anyOf, arrayLiteral } from "./bulk.js";
import { assigneeIn } from "./assignees.js";
import { person } from "../schema/person.js";
import type { PersonRow } from "./people.js";
import { openSealed } from "../../security/personKeys.js";

async function rows<T>(db: Db, q: SQL): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

export interface DirectoryPersonRow {
  id: string;
  organisation_id: string;
  external_id: string | null;
  primary_name: string;
  sex: string;
  birth_date: string | null;
  birth_year: number | null;
  home_region: string | null;
  category: string;
  status: string;
  publicity_consent: string;
  current_facility_id: string | null;
  updated_at: number;
  status_since: string | null;
  exchange_consent: string;
  is_demo: boolean;
  photo_url: string | null;
}

// The fields the index keeps, as one array of text per person, all of a read's people in one JSON text: PGlite's
// result parser copies every field of every row into a buffer of its own (and node-postgres parses each), which
// for 100,000 people × 17 columns was most of the start-up's database time; one text field is one copy. Text, not
// json_build_array: that looks up each of its 17 arguments' type for every row (0.3 s of PGlite's thread at 100,000
// people); a text[] is looked up once. The number, flag and dates come back as their text (dates as the app reads
// every date column: DateStyle ISO), turned back by `peopleOf`.
// The full build's slices leave the (sealed) primary name out of it (null): it comes as a JSON text of its own, which
// the opening thread parses (`sealedSlice`).
const personFields = (primaryName: SQL) => sql`array[p.id::text, p.organisation_id::text, p.external_id, ${primaryName}, p.sex::text, p.birth_date::text,
  p.birth_year::text, p.home_region, p.category::text, p.status::text, p.publicity_consent::text, p.current_facility_id::text,
  (extract(epoch from p.updated_at) * 1000)::text, p.status_since::text, p.exchange_consent::text, p.is_demo::text, p.photo_url]`;
const personText = personFields(sql`p.primary_name`);
const personTextUnnamed = personFields(sql`null`);

/** The rows of `personText`, in its order; built as one literal (one object shape for all 100,000, not 17 assignments each). */
function peopleOf(json: string | null): DirectoryPersonRow[] {
  if (!json) return [];
  type A = (string | null)[];
  return (JSON.parse(json) as A[]).map((a) => ({
    id: a[0]!,
    organisation_id: a[1]!,
    external_id: a[2]!,
    primary_name: a[3]!,
    sex: a[4]!,
    birth_date: a[5]!,
    birth_year: a[6] === null ? null : Number(a[6]),
    home_region: a[7]!,
    category: a[8]!,
    status: a[9]!,
    publicity_consent: a[10]!,
    current_facility_id: a[11]!,
    // The exact milliseconds (numeric's text, microseconds as decimals): Number() rounds them to the nearest double,
    // as a cast to float8 does (its text is then parsed back) — the value the change feed's digest compares, without
    // the cast and float8's output for every row (~0.1 s of PGlite's thread at 100,000 people).
    updated_at: Number(a[12]),
    status_since: a[13]!,
    exchange_consent: a[14]!,
    is_demo: a[15] === "true",
    photo_url: a[16]!,
  }));
}

type NameRow = { person_id: string; name: string; is_primary: boolean };
/** Rows of `[person_id, name]` (the spellings other than the primary name). */
function namesOf(json: string | null): NameRow[] {
  if (!json) return [];
  return (JSON.parse(json) as [string, string][]).map(([person_id, name]) => ({ person_id, name, is_primary: false }));
}

// A person's other spellings in the order their rows were written (ctid: where a row is in the table), whatever the
// plan: the order the index keeps them in, after a build and after a catch-up alike.
const nameText = sql`json_agg(array[person_id::text, name] order by person_id, ctid)`;

async function jsonText(db: Db, q: SQL): Promise<string | null> {
  return (await rows<{ j: string | null }>(db, q))[0]?.j ?? null;
}

/** Every person (or those of `ids`), with the fields the index keeps. */
export async function directoryPeople(db: Db, ids?: string[]): Promise<DirectoryPersonRow[]> {
  const found = peopleOf(await jsonText(db, sql`select json_agg(${personText})::text as j from person p ${ids ? sql`where p.id = any(${arrayLiteral(ids)}::uuid[])` : sql``}`));
  // Names are sealed under each person's key: the index is built from the opened values, in memory only.
  for (const p of found) p.primary_name = openSealed(p.primary_name);
  return found;
}

type Slice = { people: DirectoryPersonRow[]; names: NameRow[] };
/**
 * The sealed values of JSON texts (arrays of them, one text after the other) opened in order; `personIds`: the people
 * whose values they are. The server opens them in a thread of its own (src/security/openingThread.ts `openJson`).
 */
type OpenJson = (texts: string[], personIds: string[]) => Promise<string[]>;
const openHere: OpenJson = async (texts) => texts.flatMap((t) => (JSON.parse(t) as string[]).map(openSealed));

// A slice's other spellings: their people's ids and their sealed values, two JSON texts in the same order (the
// values are parsed by whoever opens them, never by this thread: see `opened`).
const nameIds = sql`json_agg(person_id::text order by person_id, ctid)::text`;
const nameValues = sql`json_agg(name order by person_id, ctid)::text`;

/**
 * The first `n` people in id order, with their other spellings: the full build's first slice (small, so that the
 * threads begin early; read at once, before any bounds, which cost more than it — see `directorySliceStarts`).
 */
export async function directoryFirstSlice(db: Db, n: number, openJson: OpenJson = openHere): Promise<Slice> {
  const [p] = await rows<SealedSlice>(
    db,
    sql`select json_agg(${personTextUnnamed} order by p.id)::text as people, json_agg(p.primary_name order by p.id)::text as primaries
      from (select * from person p order by p.id limit ${n}) p`,
  );
  const people = peopleOf(p?.people ?? null);
  if (!people.length) return { people, names: [] };
  const [r] = await rows<SealedSlice>(
    db,
    sql`select ${nameIds} as name_ids, ${nameValues} as names from person_name
      where person_id >= ${people[0]!.id}::uuid and person_id <= ${people[people.length - 1]!.id}::uuid and not is_primary`,
  );
  return opened(people, { ...p!, ...r! }, openJson);
}

/**
 * Where the full build's later slices of the id order begin: every `size`-th id after `afterId` (the first slice's
 * last). A slice is then read by its bounds (`directorySlice`), not as "the next n after an id": with random ids,
 * `where id > x order by id limit n` made the planner sort what was left of the table for every slice (PGlite keeps
 * no statistics: a seq scan and an external sort, ~1 s of its thread at 100,000 people), where a bounded range is a
 * bitmap or index scan of the slice's rows on PGlite and PostgreSQL alike.
 */
export async function directorySliceStarts(db: Db, afterId: string, size: number): Promise<string[]> {
  const json = await jsonText(
    db,
    sql`select json_agg(id::text order by id)::text as j from (select id, row_number() over (order by id) - 1 as n from person where id > ${afterId}::uuid) s
      where n % ${size} = 0`,
  );
  return json ? (JSON.parse(json) as string[]) : [];
}

/**
 * The people with ids from `from` (included) up to `to` (excluded; null: no end) in id order, with their other
 * spellings, in one statement: the full build reads the registry in such slices, so that on PGlite's thread the
 * next slice is read while this one is indexed. A person added meanwhile in a slice already read is caught up from
 * the change feed, as any change during the build. The primary name's row of person_name is not read: it holds the
 * person's primary name again (nameRows writes both), and opening it was 100,000 of the 270,000 names opened at
 * 100,000 people; the index takes the primary from the person's row.
 */
export async function directorySlice(db: Db, from: string, to: string | null, openJson: OpenJson = openHere): Promise<Slice> {
  const within = (id: SQL) => (to === null ? sql`${id} >= ${from}::uuid` : sql`${id} >= ${from}::uuid and ${id} < ${to}::uuid`);
  // Each pair of aggregates shares its order, so one sort (or the index's order) feeds both.
  const [r] = await rows<SealedSlice>(
    db,
    sql`select p.people, p.primaries, n.name_ids, n.names
      from (select json_agg(${personTextUnnamed} order by p.id)::text as people, json_agg(p.primary_name order by p.id)::text as primaries
        from person p where ${within(sql`p.id`)}) p,
      (select ${nameIds} as name_ids, ${nameValues} as names from person_name where ${within(sql`person_id`)} and not is_primary) n`,
  );
  return opened(peopleOf(r?.people ?? null), r ?? {}, openJson);
}

/** A slice as read: its people without their names, and the sealed names apart (JSON texts). */
type SealedSlice = { people?: string | null; primaries?: string | null; name_ids?: string | null; names?: string | null };

/**
 * Names are sealed under each person's key: opened in one batch (the server opens it in a thread of its own,
 * src/security/openingThread.ts, given the slice's people for their keys), as for `directoryPeople`, into memory only.
 */
async function opened(people: DirectoryPersonRow[], s: SealedSlice, openJson: OpenJson): Promise<Slice> {
  if (!people.length) return { people, names: [] };
  const ids = s.name_ids ? (JSON.parse(s.name_ids) as string[]) : [];
  const texts = [s.primaries, ...(ids.length ? [s.names] : [])].filter((t): t is string => !!t);
  const values = await openJson(texts, people.map((p) => p.id));
  if (values.length !== people.length + ids.length) throw new Error("person index: a slice's names do not match its people");
  people.forEach((p, i) => (p.primary_name = values[i]!));
  return { people, names: ids.map((person_id, i) => ({ person_id, name: values[people.length + i]!, is_primary: false })) };
}

/** Every spelling other than the primary name (or those of `ids`): see `directorySlice`. */
export async function directoryNames(db: Db, ids?: string[]): Promise<NameRow[]> {
  const found = namesOf(
    await jsonText(db, sql`select ${nameText}::text as j from person_name where not is_primary ${ids ? sql`and person_id = any(${arrayLiteral(ids)}::uuid[])` : sql``}`),
  );
  for (const n of found) n.name = openSealed(n.name);
  return found;
}

export interface ChangeBatch {
  /** Transactions older than this have ended: the next read asks only for changes from this one on. */
  xmin: string;
  /** `person_ids` null: a table of values kept between requests changed, not people (migration 0030). */
  changes: { seq: string; xid: string; person_ids: string[] | null }[];
}

/**
 * Changes recorded by transactions from `since` (a transaction id) on, and the oldest transaction still running,
 * in one statement (one snapshot). A change of a transaction that commits later than a read is found by the
 * next read, since its id is at least that read's xmin; a change seen twice is applied twice (idempotent).
 */
export async function changesSince(db: Db, since: string): Promise<ChangeBatch> {
  // On PostgreSQL every read of the index asks this first: named, built and planned once (src/db/prepared.ts).
  const statement = preparedOnce(db, "person_changes_since", () =>
    db
      .select({ xmin: sql<string>`s.xmin::text`, seq: sql<string | null>`c.seq::text`, xid: sql<string | null>`c.xid::text`, person_ids: sql<string[] | string | null>`c.person_ids` })
      .from(sql`(select pg_snapshot_xmin(pg_current_snapshot()) as xmin) s left join person_change c on c.xid >= ${sql.placeholder("since")}::text::xid8`)
      .orderBy(sql`c.seq`)
      .prepare("person_changes_since"),
  );
  const r = await statement.execute({ since });
  const changes = r
    .filter((x) => x.seq !== null)
    .map((x) => ({ seq: x.seq!, xid: x.xid!, person_ids: typeof x.person_ids === "string" ? parseUuidArray(x.person_ids) : x.person_ids }));
  return { xmin: r[0]?.xmin ?? since, changes };
}

function parseUuidArray(s: string): string[] {
  return s.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
}

/** The oldest running transaction now: a full build starts reading changes from here. */
export async function currentXmin(db: Db): Promise<string> {
  const r = await rows<{ xmin: string }>(db, sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`);
  return r[0]!.xmin;
}

/**
 * The people others changed since `xmin` (the oldest transaction running when an import read the registry), in the
 * caller's transaction, leaving out the transactions listed in `own` and the caller's own; also the caller's
 * transaction id, for the caller to list next time. An import asks this under the door's lock (lateComers.ts).
 */
export async function changedByOthersSince(db: Db, xmin: string, own: string[]): Promise<{ me: string; personIds: string[] }> {
  const r = await rows<{ me: string; ids: string[] | string | null }>(
    db,
    sql`select pg_current_xact_id()::text as me,
      (select array_agg(distinct u) from person_change c, unnest(c.person_ids) u
        where c.xid >= ${xmin}::text::xid8 and c.xid <> pg_current_xact_id() and not (c.xid::text = any(${arrayLiteral(own)}::text[]))) as ids`,
  );
  const ids = r[0]!.ids;
  return { me: r[0]!.me, personIds: ids === null ? [] : typeof ids === "string" ? parseUuidArray(ids) : ids };
}

/**
 * A transaction id below which every transaction *of this database* has ended now: the transactions still running
 * in this database (pg_stat_activity.backend_xid, visible to every role) and the next id to be assigned, the lowest.
 * `pg_snapshot_xmin` is the whole cluster's, held back by other databases' transactions; a saved index's position
 * taken from it made a later prune of this database's feed look past the snapshot on a shared server.
 * The statement's snapshot (its xmax) is taken before pg_stat_activity is read, so a transaction of this database
 * with a lower id either shows as running there or had ended before this statement; a change feed read that begins
 * after this one has returned sees every committed row of a transaction below the answer.
 * Prepared transactions (two-phase commit) are no backend's and not listed, but none can hold a feed row: the feed's
 * triggers NOTIFY, and PostgreSQL refuses to prepare such a transaction (snapshotPrune.test.ts pins it). Subtransactions
 * have ids above their top transaction's, which is the one listed. On a standby nothing writes, so nothing is missed.
 */
export async function localHorizon(db: Db): Promise<string> {
  const r = await rows<{ next: string; running: string[] | string | null }>(
    db,
    sql`select pg_snapshot_xmax(pg_current_snapshot())::text as next,
      array(select backend_xid::text from pg_stat_activity where datid = (select oid from pg_database where datname = current_database()) and backend_xid is not null) as running`,
  );
  const next = BigInt(r[0]!.next);
  const running = r[0]!.running;
  let low = next;
  for (const x of typeof running === "string" ? running.replace(/^\{|\}$/g, "").split(",").filter(Boolean) : (running ?? [])) {
    // backend_xid is the 32-bit id: widened with the epoch of `next` (a running transaction is never newer).
    let full = (next & ~0xffffffffn) | BigInt(x);
    if (full > next) full -= 1n << 32n;
    if (full < low) low = full;
  }
  return low.toString();
}

/**
 * The feed's marker of pruning: a row naming only the nil id, whose transaction id is the highest one pruned. A saved
 * index (src/services/directory/snapshot.ts) whose feed position is not above it may have missed a change. Applying
 * it reloads nobody.
 */
export const PRUNED_MARKER_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Delete rows older than this, leaving (in the same statement) a marker of the highest transaction id deleted among
 * rows about people — not rows of kept values (person_ids null, migration 0030: a token's hourly use, a sign-in),
 * which no saved index depends on: a quiet registry's snapshot would otherwise look stale an hour after it.
 */
export async function pruneChanges(db: Db, olderThanMs: number): Promise<void> {
  await db.execute(sql`with gone as (delete from person_change where at < now() - make_interval(secs => ${olderThanMs / 1000}) returning xid, person_ids)
    insert into person_change (xid, person_ids) select max(xid), array[${PRUNED_MARKER_ID}]::uuid[] from gone where person_ids is not null having count(*) > 0`);
}

/** The highest transaction id whose changes were pruned (null: none ever), and the database's clock (ISO). */
export async function feedPruned(db: Db): Promise<{ pruned: string | null; now: string }> {
  const r = await rows<{ pruned: string | null; now: string }>(
    db,
    sql`select (select max(xid)::text from person_change where person_ids = array[${PRUNED_MARKER_ID}]::uuid[]) as pruned, now()::text as now`,
  );
  return r[0]!;
}

/**
 * Per organisation, md5 of "id:update time" of its people in id order (a uuid's text sorts as the uuid does), joined
 * by commas: what `entriesDigest` computes of an index (the time as the index holds it, milliseconds as float8 text).
 */
export async function peopleDigest(db: Db): Promise<Map<string, string>> {
  const r = await rows<{ org: string; digest: string }>(
    db,
    sql`select organisation_id::text as org, md5(string_agg(id::text || ':' || ((extract(epoch from updated_at) * 1000)::float8)::text, ',' order by id)) as digest
      from person group by organisation_id`,
  );
  return new Map(r.map((x) => [x.org, x.digest]));
}

/** People of the organisation assigned to a user (lawyers see only these), by the user's keyed hashes. */
export async function assignedPeopleOf(db: Db, userKeys: readonly string[]): Promise<Set<string>> {
  return new Set((await rows<{ id: string }>(db, sql`select person_id as id from person_assignment where ${assigneeIn(sql`user_key`, userKeys)}`)).map((r) => r.id));
}

/** People with a case under this article. */
export async function peopleWithArticle(db: Db, article: string): Promise<Set<string>> {
  return new Set((await rows<{ id: string }>(db, sql`select distinct cc.person_id as id from case_article ca join criminal_case cc on cc.id = ca.case_id where ca.article = ${article}`)).map((r) => r.id));
}

/** Full rows of these people, in the order of `ids` (a page whose order the index decided). */
export async function personRowsByIds(db: Db, ids: string[]): Promise<PersonRow[]> {
  if (!ids.length) return [];
  const found = await db.select().from(person).where(anyOf(person.id, ids));
  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is PersonRow => !!r);
}
