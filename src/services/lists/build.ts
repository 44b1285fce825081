/**
 * Building an own list's rows from the registry: select by categories and filters, add and remove by hand,
 * then snapshot every selected person with their eligibility. Ineligible people stay on the list with
 * their reasons: a coordinator must see who is left out and why.
 */
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { turn } from "../../db/yielding.js";
import * as people from "../../db/repositories/people.js";
import { caseFactsOf } from "../../db/repositories/cases.js";
import type { PersonListFacts, PersonRow } from "../../db/repositories/people.js";
import { personCategories, exchangeConsents, healthSeverities } from "../../db/schema/enums.js";
import type { ExchangeListFilters } from "../../db/schema/exchangeList.js";
import type { ExchangeListRow } from "../../db/repositories/exchangeLists.js";
import { bilingualName, firstDetention, formatArticles, formatBirth, formatSentence, isCyrillic, type LatinWords, type ListLanguage } from "./format.js";
import { eligibility, sortRows, type ListRowData, type RecognitionState } from "./rows.js";
import { priorities, recognitionStates } from "./signals.js";
import * as listRepo from "../../db/repositories/exchangeLists.js";
import type { ServiceContext } from "../context.js";
import { ServiceError } from "../errors.js";
import { can } from "../policy.js";

export const recognitionFilterValues = ["recognised", "not_recognised", "needs_more_information", "pending", "unknown"] as const;

export const listFilters = z
  .object({
    recognition: z.array(z.enum(recognitionFilterValues)).min(1).optional(),
    exchangeConsent: z.array(z.enum(exchangeConsents)).min(1).optional(),
    healthAtLeast: z.enum(["mild", "moderate", "severe", "critical"]).optional(),
    region: z.string().trim().min(1).max(200).optional(),
    article: z.string().trim().regex(/^\d{1,3}(\.\d{1,2})?$/, "expected an article number such as 207.3").optional(),
    priorityAtLeast: z.number().min(0).max(1000).optional(),
  })
  .strict();

export const listCategories = z.array(z.enum(personCategories)).min(1, "choose at least one category");

const SEVERITY_RANK = Object.fromEntries(healthSeverities.map((s, i) => [s, i])) as Record<string, number>;

export interface BuildInput {
  organisationId: string;
  categories: string[];
  filters: ExchangeListFilters;
  allForAll: boolean;
  manualAdds: string[];
  manualRemoves: string[];
  asOf: string;
  /** Language of the texts written on the rows (the sentence). */
  language: ListLanguage;
}

/** Every person of the organisation in the chosen categories matching the SQL-expressible filters: unsealed facts only. */
async function selectCandidates(db: Db, b: BuildInput) {
  const filters = b.allForAll ? {} : b.filters;
  return people.personFactsWhere(db, { organisationId: b.organisationId, category: b.categories as PersonRow["category"][], region: filters.region, article: filters.article });
}

/** Rows for a list built from the registry: filters, "all for all", manual additions and removals. */
export async function buildRows(ctx: ServiceContext, b: BuildInput, opts: ComposeOptions = {}): Promise<ListRowData[]> {
  return composeSelection(ctx, b, await selectPeople(ctx, b), opts);
}

export interface ComposeOptions {
  /** After each chunk (a background build reports its progress and checks it still holds the build there). */
  onProgress?: (done: number, total: number) => Promise<void>;
  /** People a chunk, at most (the module's chunk size otherwise). */
  chunk?: number;
}

/**
 * How many people a build from the registry would compose, at most (the consent filter counted, not those that need
 * each person's records: recognition, health, priority): one count, for deciding whether the build goes to the background (src/services/lists/background.ts).
 */
export async function selectionSize(ctx: ServiceContext, b: BuildInput): Promise<number> {
  const filters = b.allForAll ? {} : b.filters;
  const n = await people.countFactsWhere(ctx.db, { organisationId: b.organisationId, category: b.categories as PersonRow["category"][], region: filters.region, article: filters.article }, filters.exchangeConsent);
  return n + new Set(b.manualAdds).size;
}

/** The people a list takes, in id order, and what their rows need from the selection. */
export interface Selection extends Chosen {
  ids: string[];
  /** Latin forms of name words written so far in this build (format.ts LatinWords). */
  latinWords: LatinWords;
}

export async function selectPeople(ctx: ServiceContext, b: BuildInput): Promise<Selection> {
  // A health filter answers "who is severely ill": the same as reading health records, so the same permission.
  if (b.filters.healthAtLeast && !can(ctx.actor, "read", "healthRecord"))
    throw new ServiceError("forbidden", "a health filter needs permission to read health records: ask a coordinator");
  const db = ctx.db;
  const f = b.allForAll ? {} : b.filters;
  // The selection's unsealed facts first, and the filters that need no sealed data (consent, recognition, health)
  // before anyone's name or cases are read and opened: a list that keeps 300 of 20,000 opens 300.
  const found = await selectCandidates(db, b);
  const foundIds = new Set(found.map((p) => p.id));
  const extraIds = b.manualAdds.filter((id) => !foundIds.has(id));
  const added = new Set(extraIds);
  let candidates = found.filter((p) => !f.exchangeConsent || f.exchangeConsent.includes(p.exchangeConsent)).map((p) => p.id);
  const recognition = await recognitionStates(db, [...candidates, ...extraIds]);
  if (f.recognition) candidates = candidates.filter((id) => f.recognition!.includes(recognition.get(id) ?? "unknown"));
  const health = f.healthAtLeast ? await listRepo.worstHealthSeverity(db, candidates) : new Map<string, string>();
  if (f.healthAtLeast) candidates = candidates.filter((id) => (SEVERITY_RANK[health.get(id) ?? "none"] ?? 0) >= SEVERITY_RANK[f.healthAtLeast!]!);
  return { ids: [...candidates, ...extraIds], f, added, removed: new Set(b.manualRemoves), recognition, health, latinWords: new Map() };
}

/** The rows of a selection, sorted. */
export async function composeSelection(ctx: ServiceContext, b: BuildInput, sel: Selection, opts: ComposeOptions = {}): Promise<ListRowData[]> {
  const rows: ListRowData[] = [];
  const selected = sel.ids;
  const chunk = Math.min(chunkSize, opts.chunk ?? chunkSize);
  // A few thousand people at a time: the people, their cases and the priority's records of the whole registry are
  // never held in memory all at once (the rows are the same either way: listContent.test.ts).
  for (let i = 0; i < selected.length; i += chunk) {
    rows.push(...(await composeRows(ctx, b, selected.slice(i, i + chunk), sel)));
    await opts.onProgress?.(Math.min(i + chunk, selected.length), selected.length);
    // The event loop's turn between chunks: with PGlite in-process (the CLI, tests) its answers resolve as promises
    // alone, and a build of everyone held every other request for its whole length (43 s in bench/staff-app).
    if (i + chunk < selected.length) await turn();
  }
  return sortRows(rows);
}

let chunkSize = 5000;
/** People read and composed at a time (tests use a tiny one to cross many chunk borders). */
export function setListChunkSize(n: number): void {
  chunkSize = n;
}

interface Chosen {
  f: ExchangeListFilters;
  added: Set<string>;
  removed: Set<string>;
  recognition: Map<string, RecognitionState>;
  health: Map<string, string>;
}

/** The rows of these people (ids of the selection, in id order), their facts read and opened in one go. */
async function composeRows(ctx: ServiceContext, b: BuildInput, chunk: string[], { f, added, removed, recognition, health, latinWords }: Selection): Promise<ListRowData[]> {
  const db = ctx.db;
  const all = await people.listFactsByIds(db, b.organisationId, chunk);
  const ids = all.map((p) => p.id);
  // Asked together (on PostgreSQL, one round trip's wait instead of three; PGlite runs them in turn as before).
  // Other spellings matter only when the primary name is not Cyrillic (bilingualName): most people need none read.
  const [names, cases, facilities] = await Promise.all([
    people.namesOf(db, all.filter((p) => !isCyrillic(p.primaryName)).map((p) => p.id)),
    caseFactsOf(db, ids),
    people.facilitiesByIds(db, [...new Set(all.map((p) => p.currentFacilityId).filter((x): x is string => !!x))]),
  ]);
  // The priority reads the same people and cases: handed over rather than read and opened a second time.
  const priority = await priorities(ctx, ids, b.asOf, { people: all, cases });
  const casesBy = new Map<string, typeof cases>();
  for (const c of cases) {
    const list = casesBy.get(c.personId);
    if (list) list.push(c);
    else casesBy.set(c.personId, [c]);
  }

  const rows: ListRowData[] = [];
  for (const p of all) {
    const rec = recognition.get(p.id) ?? "unknown";
    const prio = priority.get(p.id) ?? null;
    // Filters narrow the selection (a person outside them is not a candidate); people added by hand bypass them.
    if (!added.has(p.id) && !passesFilters(p, f, rec, prio, health.get(p.id))) continue;
    const personCases = casesBy.get(p.id) ?? [];
    const name = bilingualName(names.get(p.id) ?? [], p.primaryName, p.category, p.latinName, latinWords);
    const facility = p.currentFacilityId ? facilities.get(p.currentFacilityId) : undefined;
    const e = eligibility({
      status: p.status,
      exchangeConsent: p.exchangeConsent,
      category: p.category,
      recognition: rec,
      removedByHand: removed.has(p.id),
      addedByHand: added.has(p.id),
      priority: prio,
    });
    // Composition: someone added by hand outside the list's declared categories (a POW on a civilians' list).
    if (!b.categories.includes(p.category)) e.warnings.push("category_outside_purpose");
    rows.push({
      personId: p.id,
      nameCyrillic: name.cyrillic,
      nameLatin: name.latin,
      birthDate: formatBirth(p.birthDate, p.birthYear),
      articles: formatArticles(personCases),
      facility: facility ? (facility.nameLatin ? `${facility.name} (${facility.nameLatin})` : facility.name) : null,
      sentence: formatSentence(personCases, p.sentenceText, b.language),
      detainedOn: firstDetention(personCases),
      exchangeConsent: p.exchangeConsent,
      category: p.category,
      status: p.status,
      priority: prio,
      recognition: rec,
      ...e,
      received: null,
      match: null,
    });
  }
  return rows;
}

function passesFilters(p: PersonListFacts, f: ExchangeListFilters, rec: RecognitionState, priority: number | null, health: string | undefined): boolean {
  if (f.recognition && !f.recognition.includes(rec)) return false;
  if (f.exchangeConsent && !f.exchangeConsent.includes(p.exchangeConsent)) return false;
  if (f.healthAtLeast && (SEVERITY_RANK[health ?? "none"] ?? 0) < SEVERITY_RANK[f.healthAtLeast]!) return false;
  // Unknown priority is kept (with a warning on the row): missing facts are not a reason to leave someone out.
  if (f.priorityAtLeast !== undefined && priority !== null && priority < f.priorityAtLeast) return false;
  return true;
}

/** Input of a list built from the registry, taken from its stored definition. */
export function buildInputOf(list: ExchangeListRow, asOf: string): BuildInput {
  return {
    organisationId: list.organisationId,
    categories: list.categories,
    filters: list.filters,
    allForAll: list.allForAll,
    manualAdds: list.manualAdds,
    manualRemoves: list.manualRemoves,
    asOf,
    language: list.language,
  };
}
