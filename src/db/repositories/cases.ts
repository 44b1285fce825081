// A person's criminal cases with their articles and custody periods: whole (the case editor, the person page, the
// public profile), as facts (lists, the priority, release dates), written, and listed across the registry.
import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { groupBy } from "../../domain/collections.js";
import { anyOf } from "./bulk.js";
import { assigneeIn } from "./assignees.js";
import type { Db } from "../client.js";
import { caseArticle, criminalCase, custodyPeriod } from "../schema/case.js";
import { person, personAssignment } from "../schema/person.js";
import { sealPersonRow } from "../schema/sealed.js";

/** People's cases with their articles and custody periods, every column (lists read `caseFactsOf`). */
export async function casesOf(db: Db, personIds: string[]) {
  if (!personIds.length) return [];
  // Ids as one array parameter (anyOf): a list of the whole registry is 100,000 ids, past the bind-parameter limit.
  const where = anyOf(criminalCase.personId, personIds);
  const cases = await db.select().from(criminalCase).where(where).orderBy(asc(criminalCase.detainedOn));
  const caseIds = cases.map((c) => c.id);
  const [articles, custody] = caseIds.length
    ? await Promise.all([
        db.select().from(caseArticle).where(anyOf(caseArticle.caseId, caseIds)),
        db.select().from(custodyPeriod).where(anyOf(custodyPeriod.caseId, caseIds)).orderBy(asc(custodyPeriod.fromDate)),
      ])
    : [[], []];
  // Grouped by case once: filtering every case's children out of all of them was quadratic (15 s at 20,000 cases).
  const articlesOf = groupBy(articles, (a) => a.caseId);
  const custodyOf = groupBy(custody, (p) => p.caseId);
  return cases.map((c) => ({
    ...c,
    articles: articlesOf.get(c.id) ?? [],
    custodyPeriods: custodyOf.get(c.id) ?? [],
  }));
}
export type CaseWithDetails = Awaited<ReturnType<typeof casesOf>>[number];

/** What a list row, the priority and the release date read of a case (formatArticles, formatSentence, releaseInputFromCase). */
const caseFactColumns = {
  id: criminalCase.id,
  personId: criminalCase.personId,
  detainedOn: criminalCase.detainedOn,
  offenceOn: criminalCase.offenceOn,
  verdictOn: criminalCase.verdictOn,
  appealOn: criminalCase.appealOn,
  sentenceYears: criminalCase.sentenceYears,
  sentenceMonths: criminalCase.sentenceMonths,
  sentenceDays: criminalCase.sentenceDays,
  regime: criminalCase.regime,
  regimeChangedOn: criminalCase.regimeChangedOn,
  regimeChangedTo: criminalCase.regimeChangedTo,
  sentenceChanges: criminalCase.sentenceChanges,
};
const articleFactColumns = { caseId: caseArticle.caseId, code: caseArticle.code, article: caseArticle.article, part: caseArticle.part, paragraph: caseArticle.paragraph };
const custodyFactColumns = {
  caseId: custodyPeriod.caseId,
  kind: custodyPeriod.kind,
  fromDate: custodyPeriod.fromDate,
  toDate: custodyPeriod.toDate,
  inferred: custodyPeriod.inferred,
  banOnLeavingHome: custodyPeriod.banOnLeavingHome,
};

/**
 * People's cases as lists and the priority read them: the facts only (no sealed text, no timestamps, no
 * bookkeeping), which costs half of `casesOf` a case — a list of the whole registry reads 100,000 of them.
 */
export async function caseFactsOf(db: Db, personIds: string[]): Promise<CaseFacts[]> {
  if (!personIds.length) return [];
  const cases = await db.select(caseFactColumns).from(criminalCase).where(anyOf(criminalCase.personId, personIds)).orderBy(asc(criminalCase.detainedOn));
  const caseIds = cases.map((c) => c.id);
  const [articles, custody] = caseIds.length
    ? await Promise.all([
        db.select(articleFactColumns).from(caseArticle).where(anyOf(caseArticle.caseId, caseIds)),
        db.select(custodyFactColumns).from(custodyPeriod).where(anyOf(custodyPeriod.caseId, caseIds)).orderBy(asc(custodyPeriod.fromDate)),
      ])
    : [[], []];
  const articlesOf = groupBy(articles, (a) => a.caseId);
  const custodyOf = groupBy(custody, (p) => p.caseId);
  return cases.map((c) => ({ ...c, articles: articlesOf.get(c.id) ?? [], custodyPeriods: custodyOf.get(c.id) ?? [] }));
}
export type CaseFacts = typeof criminalCase.$inferSelect extends infer C
  ? Pick<C, keyof typeof caseFactColumns & keyof C> & {
      articles: Pick<typeof caseArticle.$inferSelect, keyof typeof articleFactColumns>[];
      custodyPeriods: Pick<typeof custodyPeriod.$inferSelect, keyof typeof custodyFactColumns>[];
    }
  : never;

export async function insertCase(db: Db, personId: string, input: Omit<typeof criminalCase.$inferInsert, "personId">, articles: Omit<typeof caseArticle.$inferInsert, "caseId">[], custody: Omit<typeof custodyPeriod.$inferInsert, "caseId">[]) {
  const [c] = await db.insert(criminalCase).values(sealPersonRow(criminalCase, personId, { ...input, personId })).returning();
  if (articles.length) await db.insert(caseArticle).values(articles.map((a) => ({ ...a, caseId: c!.id })));
  if (custody.length) await db.insert(custodyPeriod).values(custody.map((p) => ({ ...p, caseId: c!.id })));
  return c!;
}

export async function replaceCaseChildren(db: Db, caseId: string, articles: Omit<typeof caseArticle.$inferInsert, "caseId">[] | undefined, custody: Omit<typeof custodyPeriod.$inferInsert, "caseId">[] | undefined) {
  if (articles) {
    await db.delete(caseArticle).where(eq(caseArticle.caseId, caseId));
    if (articles.length) await db.insert(caseArticle).values(articles.map((a) => ({ ...a, caseId })));
  }
  if (custody) {
    await db.delete(custodyPeriod).where(eq(custodyPeriod.caseId, caseId));
    if (custody.length) await db.insert(custodyPeriod).values(custody.map((p) => ({ ...p, caseId })));
  }
}

export async function updateCaseRow(db: Db, caseId: string, values: Partial<typeof criminalCase.$inferInsert>): Promise<void> {
  if (!Object.keys(values).length) return;
  const [owner] = await db.select({ personId: criminalCase.personId }).from(criminalCase).where(eq(criminalCase.id, caseId));
  if (!owner) return;
  await db.update(criminalCase).set({ ...sealPersonRow(criminalCase, owner.personId, values), updatedAt: new Date() }).where(eq(criminalCase.id, caseId));
}

export interface CaseFilter {
  organisationId: string;
  article?: string | undefined;
  court?: string | undefined;
  personId?: string | undefined;
  /** The user's keyed hashes (`assigneeKeys`): only cases of people assigned to them. */
  assignedTo?: readonly string[] | undefined;
}

async function caseIdsAtCourt(db: Db, organisationId: string, court: string): Promise<string[]> {
  const needle = court.toLocaleLowerCase("ru");
  const all = await db.select({ id: criminalCase.id, court: criminalCase.court }).from(criminalCase).innerJoin(person, eq(person.id, criminalCase.personId)).where(eq(person.organisationId, organisationId));
  const ids = all.filter((c) => c.court?.toLocaleLowerCase("ru").includes(needle)).map((c) => c.id);
  return ids.length ? ids : ["00000000-0000-0000-0000-000000000000"];
}

/** Cases across the registry with their person's primary name, newest verdict first. */
export async function listCases(db: Db, f: CaseFilter, page: { limit: number; offset: number }) {
  const conds: SQL[] = [eq(person.organisationId, f.organisationId)];
  if (f.personId) conds.push(eq(criminalCase.personId, f.personId));
  // Court names are sealed: the cases are narrowed in SQL by everything else, then by court once opened.
  if (f.court) conds.push(anyOf(criminalCase.id, await caseIdsAtCourt(db, f.organisationId, f.court)));
  if (f.article) conds.push(sql`exists (select 1 from ${caseArticle} ca where ca.case_id = ${criminalCase.id} and ca.article = ${f.article})`);
  if (f.assignedTo) conds.push(sql`exists (select 1 from ${personAssignment} pa where pa.person_id = ${criminalCase.personId} and ${assigneeIn(sql`pa.user_key`, f.assignedTo)})`);
  const where = and(...conds);
  const [rows, totals] = await Promise.all([
    db
      .select({ case: criminalCase, personName: person.primaryName })
      .from(criminalCase)
      .innerJoin(person, eq(person.id, criminalCase.personId))
      .where(where)
      .orderBy(sql`${criminalCase.verdictOn} desc nulls last`, asc(criminalCase.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(criminalCase).innerJoin(person, eq(person.id, criminalCase.personId)).where(where),
  ]);
  const ids = rows.map((r) => r.case.id);
  const articles = ids.length ? await db.select().from(caseArticle).where(inArray(caseArticle.caseId, ids)) : [];
  return {
    total: Number(totals[0]?.n ?? 0),
    rows: rows.map((r) => ({ ...r.case, personName: r.personName, articles: articles.filter((a) => a.caseId === r.case.id), custodyPeriods: [] as (typeof custodyPeriod.$inferSelect)[] })),
  };
}
