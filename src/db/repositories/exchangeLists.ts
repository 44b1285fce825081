import { and, asc, desc, eq, gt, isNotNull, sql, type SQL } from "drizzle-orm";
import type { Db, DbKind } from "../client.js";
import { anyOf, arrayLiteral, bulkInsert, withNewParentsOnly } from "./bulk.js";
import { exchangeList, exchangeListRow, exchangeListSignOff, exchangeListVersion } from "../schema/exchangeList.js";
import { healthRecord, person, personSource, source } from "../schema/person.js";
import { recognitionAssessment, recognitionDecision } from "../schema/assessment.js";
import { healthSeverities } from "../schema/enums.js";
import { sealOwnedRow, sealPersonRow } from "../schema/sealed.js";
import { ensurePersonKeys } from "../../security/personKeys.js";
import { mapYielding } from "../yielding.js";

export type ExchangeListRow = typeof exchangeList.$inferSelect;
export type ExchangeListInsert = typeof exchangeList.$inferInsert;
export type ListVersionRow = typeof exchangeListVersion.$inferSelect;
export type ListRowRow = typeof exchangeListRow.$inferSelect;
export type ListRowInsert = Omit<typeof exchangeListRow.$inferInsert, "versionId">;
export type SignOffRow = typeof exchangeListSignOff.$inferSelect;

export async function insertList(db: Db, values: ExchangeListInsert): Promise<ExchangeListRow> {
  const [row] = await db.insert(exchangeList).values(values).returning();
  return row!;
}

export async function updateList(db: Db, id: string, values: Partial<ExchangeListInsert>): Promise<ExchangeListRow> {
  const [row] = await db.update(exchangeList).set({ ...values, updatedAt: new Date() }).where(eq(exchangeList.id, id)).returning();
  return row!;
}

/**
 * Lock an organisation's lists, then these people (`for update`), each in id order: the order every transaction that
 * writes both takes them in — an erasure, a merge (hand edits name people), a version being stored (its list row,
 * then its people, listBuilds.ts). A merge that took its people first and the lists last deadlocked with an erasure
 * that took them the other way round (src/services/mergeErasure.test.ts).
 */
export async function lockListsThenPeople(db: Db, organisationId: string, personIds: string[]): Promise<void> {
  await db.select({ id: exchangeList.id }).from(exchangeList).where(eq(exchangeList.organisationId, organisationId)).orderBy(asc(exchangeList.id)).for("update");
  // Only the organisation's own: another's people named by mistake or on purpose are not held (the caller then finds
  // them absent).
  if (personIds.length) await db.select({ id: person.id }).from(person).where(and(eq(person.organisationId, organisationId), anyOf(person.id, personIds))).orderBy(asc(person.id)).for("update");
}

/** The list row, locked for the rest of the transaction: concurrent edits of one list are serialised. */
export async function findListForUpdate(db: Db, id: string): Promise<ExchangeListRow | undefined> {
  const [row] = await db.select().from(exchangeList).where(eq(exchangeList.id, id)).for("update").limit(1);
  return row;
}

export async function findList(db: Db, id: string): Promise<ExchangeListRow | undefined> {
  const [row] = await db.select().from(exchangeList).where(eq(exchangeList.id, id)).limit(1);
  return row;
}

export async function listLists(db: Db, organisationId: string): Promise<ExchangeListRow[]> {
  return db.select().from(exchangeList).where(eq(exchangeList.organisationId, organisationId)).orderBy(desc(exchangeList.updatedAt));
}

export async function insertVersion(
  db: Db,
  kind: DbKind,
  values: typeof exchangeListVersion.$inferInsert,
  rows: ListRowInsert[],
): Promise<ListVersionRow> {
  // Each row's personal part is sealed under its person's key (the field key when it names nobody); the keys
  // of the whole version exist before any of it is sealed (one write to the key store at most).
  ensurePersonKeys(rows.flatMap((r) => (r.personId ? [r.personId] : [])));
  const [v] = await db.insert(exchangeListVersion).values(values).returning();
  const sealed = await mapYielding(rows, (r) => ({ ...sealOwnedRow(exchangeListRow, r.personId ?? null, r), versionId: v!.id }));
  // In one statement (COPY on PGlite, one JSON parameter on a server), and on PGlite without a foreign-key check
  // per row: every row points at the version this transaction has just inserted (the table's triggers guard UPDATE
  // and DELETE only, so nothing else is silenced). Drizzle's 500-row inserts cost
  // half of a 100,000-row list's 30 s (docs/benchmarks-history.md, "Session 9").
  await withNewParentsOnly(db, kind, [exchangeListRow], () => bulkInsert(db, kind, exchangeListRow, sealed), { insertsOnly: true });
  return v!;
}

export async function findVersion(db: Db, listId: string, version: number): Promise<ListVersionRow | undefined> {
  const [v] = await db
    .select()
    .from(exchangeListVersion)
    .where(and(eq(exchangeListVersion.listId, listId), eq(exchangeListVersion.version, version)))
    .limit(1);
  return v;
}

export async function versionsOf(db: Db, listId: string): Promise<ListVersionRow[]> {
  return db.select().from(exchangeListVersion).where(eq(exchangeListVersion.listId, listId)).orderBy(asc(exchangeListVersion.version));
}

export async function rowsOf(db: Db, versionId: string): Promise<ListRowRow[]> {
  return db.select().from(exchangeListRow).where(eq(exchangeListRow.versionId, versionId)).orderBy(asc(exchangeListRow.position));
}

/** Which rows of a version a page shows: every row, the eligible, the others, or those with a warning. */
export const ROW_SHOWS = ["all", "eligible", "ineligible", "warnings"] as const;
export type RowShow = (typeof ROW_SHOWS)[number];

function showCondition(show: RowShow): SQL | undefined {
  if (show === "eligible") return eq(exchangeListRow.eligible, true);
  if (show === "ineligible") return eq(exchangeListRow.eligible, false);
  if (show === "warnings") return sql`${exchangeListRow.warnings} <> '[]'::jsonb`;
  return undefined;
}

/**
 * One page of a version's rows in their stored order (eligible, priority, name — fixed when the version was
 * written), so a 100,000-row version is read 100 rows at a time; the position is the row's number in the whole.
 */
export async function rowsPage(db: Db, versionId: string, page: { show: RowShow; offset: number; limit: number }): Promise<ListRowRow[]> {
  // Positions run 1…N without gaps (writeVersion), so a page of all rows is a range of the index, not an OFFSET
  // that steps over every row before it (50,000 of them in the middle of the whole registry).
  if (page.show === "all")
    return db
      .select()
      .from(exchangeListRow)
      .where(and(eq(exchangeListRow.versionId, versionId), gt(exchangeListRow.position, page.offset)))
      .orderBy(asc(exchangeListRow.position))
      .limit(page.limit);
  return db
    .select()
    .from(exchangeListRow)
    .where(and(eq(exchangeListRow.versionId, versionId), showCondition(page.show)))
    .orderBy(asc(exchangeListRow.position))
    .limit(page.limit)
    .offset(page.offset);
}

/**
 * Eligible rows of a version naming someone not among `excluded` ("ours missing from theirs"): how many, and the
 * page asked for, in order. An anti-join in SQL: reading the keys of 100,000 rows into JavaScript to pick them out
 * cost 0.5–0.65 s a read; only the page's rows are opened.
 */
function missingWhere(versionId: string, excluded: string[]): SQL {
  return and(
    eq(exchangeListRow.versionId, versionId),
    eq(exchangeListRow.eligible, true),
    isNotNull(exchangeListRow.personId),
    sql`not exists (select 1 from unnest(${arrayLiteral(excluded)}::text::uuid[]) as t(id) where t.id = ${exchangeListRow.personId})`,
  )!;
}

export async function rowsMissingCount(db: Db, versionId: string, excluded: string[]): Promise<number> {
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(exchangeListRow).where(missingWhere(versionId, excluded));
  return Number(c?.n ?? 0);
}

export async function rowsMissingPage(db: Db, versionId: string, excluded: string[], page: { offset: number; limit: number }): Promise<ListRowRow[]> {
  return db.select().from(exchangeListRow).where(missingWhere(versionId, excluded)).orderBy(asc(exchangeListRow.position)).limit(page.limit).offset(page.offset);
}

/** How many rows of a version each `show` holds (one pass over the version's unsealed columns). */
export async function rowCounts(db: Db, versionId: string): Promise<Record<RowShow, number>> {
  const [c] = await db
    .select({
      all: sql<number>`count(*)::int`,
      eligible: sql<number>`(count(*) filter (where ${exchangeListRow.eligible}))::int`,
      warnings: sql<number>`(count(*) filter (where ${exchangeListRow.warnings} <> '[]'::jsonb))::int`,
    })
    .from(exchangeListRow)
    .where(eq(exchangeListRow.versionId, versionId));
  const all = Number(c?.all ?? 0);
  const eligible = Number(c?.eligible ?? 0);
  return { all, eligible, ineligible: all - eligible, warnings: Number(c?.warnings ?? 0) };
}

export async function insertSignOff(db: Db, values: typeof exchangeListSignOff.$inferInsert): Promise<void> {
  await db.insert(exchangeListSignOff).values(values);
}

export async function signOffsOf(db: Db, versionId: string): Promise<SignOffRow[]> {
  return db.select().from(exchangeListSignOff).where(eq(exchangeListSignOff.versionId, versionId)).orderBy(asc(exchangeListSignOff.signedAt));
}

/** Worst recorded health severity per person (sealed under each person's key; opened here, compared in memory). */
export async function worstHealthSeverity(db: Db, personIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!personIds.length) return out;
  const rows = await db
    .select({ personId: healthRecord.personId, severity: healthRecord.severity })
    .from(healthRecord)
    .where(anyOf(healthRecord.personId, personIds));
  for (const r of rows) {
    const prev = out.get(r.personId);
    if (!prev || healthSeverities.indexOf(r.severity) > healthSeverities.indexOf(prev as never)) out.set(r.personId, r.severity);
  }
  return out;
}

/** Assessments and decisions for a set of people, oldest first (the caller picks the current one). */
export async function recognitionRecords(db: Db, personIds: string[]) {
  if (!personIds.length) return { assessments: [], decisions: [] };
  const assessments = await db
    .select({ id: recognitionAssessment.id, personId: recognitionAssessment.personId, createdAt: recognitionAssessment.createdAt })
    .from(recognitionAssessment)
    .where(anyOf(recognitionAssessment.personId, personIds))
    .orderBy(asc(recognitionAssessment.createdAt));
  const ids = assessments.map((a) => a.id);
  const decisions = ids.length
    ? await db
        .select({ assessmentId: recognitionDecision.assessmentId, seq: recognitionDecision.seq, outcome: recognitionDecision.outcome })
        .from(recognitionDecision)
        .where(anyOf(recognitionDecision.assessmentId, ids))
        .orderBy(asc(recognitionDecision.seq))
    : [];
  return { assessments, decisions };
}

/** The lists whose current version names the person, with the row's eligibility there. */
export async function listsOfPerson(db: Db, organisationId: string, personId: string) {
  return db
    .select({
      listId: exchangeList.id,
      name: exchangeList.name,
      kind: exchangeList.kind,
      status: exchangeList.status,
      version: exchangeListVersion.version,
      eligible: exchangeListRow.eligible,
      reasons: exchangeListRow.reasons,
    })
    .from(exchangeListRow)
    .innerJoin(exchangeListVersion, eq(exchangeListVersion.id, exchangeListRow.versionId))
    .innerJoin(exchangeList, and(eq(exchangeList.id, exchangeListVersion.listId), eq(exchangeList.currentVersion, exchangeListVersion.version)))
    .where(and(eq(exchangeListRow.personId, personId), eq(exchangeList.organisationId, organisationId)))
    .orderBy(desc(exchangeList.updatedAt));
}

/** The source an outcome cites (a statement, a URL): one row for the event. */
export async function insertSource(db: Db, values: typeof source.$inferInsert): Promise<string> {
  const [row] = await db.insert(source).values(values).returning({ id: source.id });
  return row!.id;
}

export async function citeSource(db: Db, values: typeof personSource.$inferInsert): Promise<void> {
  await db.insert(personSource).values(sealPersonRow(personSource, values.personId, values));
}

/**
 * Rows of versions stored before row hashes (a database upgraded from an older version), with their personal
 * part as it is stored — clear JSON until the start-up data migration seals it. Read as raw SQL: Drizzle's
 * mapping would refuse a clear value in the sealed column.
 */
export async function unhashedRows(db: Db, limit: number): Promise<(Omit<ListRowRow, "personal"> & { personal: string | null })[]> {
  const r = await db.execute(sql`
    select id, version_id as "versionId", position, person_id as "personId", personal, row_hash as "rowHash", erased,
      exchange_consent as "exchangeConsent", category, status, recognition, eligible, reasons, warnings
    from exchange_list_row where row_hash is null order by version_id, position limit ${limit}`);
  return ((r as { rows?: unknown[] }).rows ?? (r as unknown as unknown[])) as (Omit<ListRowRow, "personal"> & { personal: string | null })[];
}

export async function setRowHashes(db: Db, hashes: { id: string; rowHash: string }[]): Promise<void> {
  if (!hashes.length) return;
  // One statement per batch; ids are uuids and hashes hex, so the array literals need no quoting.
  const ids = `{${hashes.map((h) => h.id).join(",")}}`;
  const values = `{${hashes.map((h) => h.rowHash).join(",")}}`;
  await db.execute(sql`update exchange_list_row r set row_hash = v.h from unnest(${ids}::uuid[], ${values}::text[]) as v(id, h) where r.id = v.id`);
}
