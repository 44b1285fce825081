// Writing imported drafts: new people in bulk, updates by the registry's own id, and the fill-only update of a
// person the matcher recognised (empty fields filled, conflicting ones reported, nothing overwritten).
import { orderedRowId } from "../../db/rowIds.js";
import { and, eq } from "drizzle-orm";
import type { Db, DbKind } from "../../db/client.js";
import { anyOf, bulkInsert, bulkUpdate, holdReferencedRows, withNewParentsOnly } from "../../db/repositories/bulk.js";
import * as repo from "../../db/repositories/people.js";
import { groupBy } from "../../domain/collections.js";
import { regionValue } from "../../domain/vocabulary/regions.js";
import { caseArticle, criminalCase, custodyPeriod } from "../../db/schema/case.js";
import { facility } from "../../db/schema/facility.js";
import { appUser, organisation } from "../../db/schema/organisation.js";
import { person, personName, statusEvent } from "../../db/schema/person.js";
import { sealPersonRow } from "../../db/schema/sealed.js";
import { ensurePersonKeys } from "../../security/personKeys.js";
import { splitBirthDate } from "../personInput.js";
import { nameRows } from "../people.js";
import type { CaseDraft, PersonDraft } from "./draft.js";

export const IMPORT_CASE_ORIGIN = "registry_import";

/** Seals and opens with the field key (a row left for review; FieldCipher, a fake in tests). */
export interface NoteSeal {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export interface Conflict {
  row: number;
  column: string;
  stored: string;
  value: string;
}

// A sheet writes its few dozen regions a hundred thousand times: each text is looked up once (the lookup normalises
// and stems it; ≈ 2 % of an import's importer thread when done per row).
const regionOfText = new Map<string, string | null>();
function regionOf(text: string | null): string | null {
  if (text === null) return regionValue(text);
  let v = regionOfText.get(text);
  if (v === undefined) {
    v = regionValue(text);
    if (regionOfText.size >= 10_000) regionOfText.clear();
    regionOfText.set(text, v);
  }
  return v;
}

export function personValues(d: PersonDraft, organisationId: string, facilityId: string | null, isDemo: boolean) {
  return {
    organisationId,
    externalId: d.externalId,
    primaryName: d.name,
    sex: d.sex ?? "unknown",
    ...splitBirthDate(d.birthDate),
    citizenship: d.citizenship,
    homeRegion: regionOf(d.region),
    category: d.category,
    status: d.status ?? "unknown",
    statusSince: d.statusSince,
    currentFacilityId: facilityId,
    publicityConsent: d.publicityConsent ?? "none",
    exchangeConsent: d.exchangeConsent ?? "unknown",
    publicSummary: d.publicSummary,
    sentenceText: d.sentenceText,
    isDemo,
  } satisfies repo.PersonInsert;
}

export const namesOfDraft = (d: PersonDraft) => nameRows(d.name, d.altNames);

function caseRow(id: string, personId: string, c: CaseDraft) {
  return {
    id,
    personId,
    origin: IMPORT_CASE_ORIGIN,
    detainedOn: c.detainedOn,
    verdictOn: c.verdictOn,
    court: c.court,
    judge: c.judge,
    verdict: c.verdictText,
    fineRub: c.fineRub,
    sentenceYears: c.years,
    sentenceMonths: c.months,
    regime: c.regime,
  };
}

/** A detention date with no custody periods recorded: SIZO from detention to the verdict, marked inferred. */
export function inferredCustody(caseId: string, c: { detainedOn: string | null; verdictOn: string | null }) {
  if (!c.detainedOn) return [];
  const to = c.verdictOn && c.verdictOn >= c.detainedOn ? c.verdictOn : null;
  return [{ id: orderedRowId(), caseId, kind: "sizo" as const, fromDate: c.detainedOn, toDate: to, inferred: true }];
}

export async function writeImportCases(db: Db, kind: DbKind, items: { personId: string; c: CaseDraft }[]) {
  if (!items.length) return;
  ensurePersonKeys(items.map((it) => it.personId));
  const cases = items.map(({ personId, c }) => sealPersonRow(criminalCase, personId, caseRow(orderedRowId(), personId, c)));
  await bulkInsert(db, kind, criminalCase, cases);
  const arts = items.flatMap(({ c }, i) => c.articles.map((a) => ({ id: orderedRowId(), ...a, caseId: cases[i]!.id })));
  if (arts.length) await bulkInsert(db, kind, caseArticle, arts);
  const custody = items.flatMap(({ c }, i) => inferredCustody(cases[i]!.id, c));
  if (custody.length) await bulkInsert(db, kind, custodyPeriod, custody);
}

/** Insert new people (ids chosen by the caller, so the matcher can point later rows at them). */
export async function createPeople(db: Db, kind: DbKind, items: { id: string; draft: PersonDraft; facilityId: string | null }[], opts: { organisationId: string; userId: string | null; file: string; isDemo: boolean }) {
  if (!items.length) return;
  // Each new person's data key is written (one write for the batch) before their values are sealed under it.
  ensurePersonKeys(items.map((it) => it.id));
  const people = items.map((it) => sealPersonRow(person, it.id, { id: it.id, ...personValues(it.draft, opts.organisationId, it.facilityId, opts.isDemo), staffNoteEnc: it.draft.note ?? null }));
  const events = items.flatMap((it) =>
    it.draft.status && it.draft.status !== "unknown" ? [sealPersonRow(statusEvent, it.id, { id: orderedRowId(), personId: it.id, status: it.draft.status, occurredOn: it.draft.statusSince, createdBy: opts.userId, note: `import ${opts.file}` })] : [],
  );
  // What the new rows point at outside this batch is locked once here, as the per-row checks would lock it.
  await holdReferencedRows(db, organisation, [opts.organisationId]);
  await holdReferencedRows(db, facility, people.flatMap((p) => (p.currentFacilityId ? [p.currentFacilityId] : [])));
  if (opts.userId && events.length) await holdReferencedRows(db, appUser, [opts.userId]);
  await withNewParentsOnly(db, kind, [person, personName, statusEvent, criminalCase, caseArticle, custodyPeriod], async () => {
    await bulkInsert(db, kind, person, people);
    // The primary spelling's row holds the person's sealed primary name itself (the same value under the same key:
    // a copy, not a second sealing — one AES-GCM call less per new person).
    await bulkInsert(db, kind, personName, items.flatMap((it, i) => namesOfDraft(it.draft).map((n) => sealPersonRow(personName, it.id, { id: orderedRowId(), ...n, name: n.isPrimary && n.name === it.draft.name ? people[i]!.primaryName : n.name, personId: it.id }))));
    if (events.length) await bulkInsert(db, kind, statusEvent, events);
    await writeImportCases(db, kind, items.flatMap((it) => (it.draft.case ? [{ personId: it.id, c: it.draft.case }] : [])));
  });
}

type CaseWithChildren = typeof criminalCase.$inferSelect & { articles: (typeof caseArticle.$inferSelect)[]; custodyPeriods: (typeof custodyPeriod.$inferSelect)[] };

export interface Loaded {
  people: Map<string, repo.PersonRow>;
  names: Map<string, { name: string; isPrimary: boolean }[]>;
  cases: Map<string, CaseWithChildren[]>;
}

/** Everything a fill or an id update compares against, for a whole batch in a few queries (one array parameter each). */
export async function loadForUpdate(db: Db, ids: string[]): Promise<Loaded> {
  const out: Loaded = { people: new Map(), names: new Map(), cases: new Map() };
  if (!ids.length) return out;
  for (const p of await db.select().from(person).where(anyOf(person.id, ids))) out.people.set(p.id, p);
  for (const n of await db.select({ personId: personName.personId, name: personName.name, isPrimary: personName.isPrimary }).from(personName).where(anyOf(personName.personId, ids)))
    out.names.set(n.personId, [...(out.names.get(n.personId) ?? []), n]);
  const cases = await db.select().from(criminalCase).where(anyOf(criminalCase.personId, ids));
  if (cases.length) {
    const caseIds = cases.map((c) => c.id);
    const arts = await db.select().from(caseArticle).where(anyOf(caseArticle.caseId, caseIds));
    const periods = await db.select().from(custodyPeriod).where(anyOf(custodyPeriod.caseId, caseIds));
    const artsOf = groupBy(arts, (a) => a.caseId);
    const periodsOf = groupBy(periods, (x) => x.caseId);
    for (const c of cases) out.cases.set(c.personId, [...(out.cases.get(c.personId) ?? []), { ...c, articles: artsOf.get(c.id) ?? [], custodyPeriods: periodsOf.get(c.id) ?? [] }]);
  }
  return out;
}

const show = (v: unknown) => (v === null || v === undefined ? "" : String(v));
const blank = (v: unknown, empty: unknown[] = []) => v === null || v === undefined || v === "" || empty.includes(v);

/**
 * What a fill would change on a recognised person: empty fields take the file's value, a different non-empty
 * value is a conflict (reported, never written). Pure apart from its inputs.
 */
export function planFill(p: repo.PersonRow, names: { name: string }[], cases: CaseWithChildren[], d: PersonDraft, facilityId: string | null, row: number, header: (f: string) => string, consentAllowed: boolean) {
  const patch: Partial<repo.PersonInsert> = {};
  const conflicts: Conflict[] = [];
  const values = personValues(d, p.organisationId, facilityId, p.isDemo);
  const fields: [keyof repo.PersonRow & keyof typeof values, string, unknown[]][] = [
    ["sex", "sex", ["unknown"]], ["birthDate", "birth_date", []], ["birthYear", "birth_date", []], ["citizenship", "citizenship", []],
    ["homeRegion", "region", []], ["category", "category", []], ["status", "status", ["unknown"]], ["statusSince", "status_since", []],
    ["currentFacilityId", "facility", []], ["publicSummary", "public_summary", []], ["sentenceText", "sentence", []],
  ];
  if (consentAllowed) fields.push(["publicityConsent", "publicity_consent", ["none"]], ["exchangeConsent", "exchange_consent", ["unknown"]]);
  for (const [k, field, empty] of fields) {
    const v = values[k];
    if (blank(v, empty)) continue;
    if (blank(p[k], empty)) (patch as Record<string, unknown>)[k] = v;
    // The file's own words in the report (its region as written, its facility's name), not the stored codes and ids.
    else if (show(p[k]) !== show(v) && !(k === "birthYear" && p.birthDate))
      conflicts.push({ row, column: header(field), stored: show(k === "currentFacilityId" ? "…" : p[k]), value: show(k === "currentFacilityId" ? d.facility : k === "homeRegion" ? d.region : v) });
  }
  // The staff note is sealed (under the person's key, when the patch is written): compared opened, and a conflict
  // does not show the stored note.
  if (d.note) {
    if (!p.staffNoteEnc) patch.staffNoteEnc = d.note;
    else if (p.staffNoteEnc !== d.note) conflicts.push({ row, column: header("note"), stored: "…", value: d.note });
  }
  const known = new Set(names.map((n) => n.name.toLowerCase()));
  const newNames = [d.name, ...d.altNames].filter((n) => !known.has(n.toLowerCase()));
  // Case facts go into the registry's own case; a person whose cases were all entered by hand keeps them as they are.
  const own = cases.find((c) => c.origin === IMPORT_CASE_ORIGIN);
  let casePatch: Partial<typeof criminalCase.$inferInsert> | null = null;
  let caseArticles: CaseDraft["articles"] | null = null;
  let newCase: CaseDraft | null = null;
  let custody: { detainedOn: string | null; verdictOn: string | null } | null = null;
  const c = d.case;
  if (c && !own && cases.length === 0) newCase = c;
  else if (c && own) {
    casePatch = {};
    const pairs: [keyof typeof own & keyof ReturnType<typeof caseRow>, string][] = [
      ["detainedOn", "detained_on"], ["verdictOn", "verdict_on"], ["court", "court"], ["judge", "judge"], ["verdict", "sentence"], ["fineRub", "sentence"],
      ["sentenceYears", "sentence"], ["sentenceMonths", "sentence"], ["regime", "sentence"],
    ];
    const want = caseRow(own.id, p.id, c);
    for (const [k, field] of pairs) {
      const v = want[k];
      if (blank(v)) continue;
      if (blank(own[k])) (casePatch as Record<string, unknown>)[k] = v;
      else if (show(own[k]) !== show(v)) conflicts.push({ row, column: header(field), stored: show(own[k]), value: show(v) });
    }
    if (!Object.keys(casePatch).length) casePatch = null;
    if (c.articles.length && own.articles.length === 0) caseArticles = c.articles;
    const detainedOn = (casePatch?.detainedOn as string | undefined) ?? own.detainedOn;
    if (detainedOn && own.custodyPeriods.length === 0 && (casePatch?.detainedOn || casePatch?.verdictOn)) custody = { detainedOn, verdictOn: (casePatch?.verdictOn as string | undefined) ?? own.verdictOn };
  } else if (c) conflicts.push({ row, column: header("articles"), stored: `${cases.length} case(s) entered by hand`, value: "case facts not applied" });
  const changed = Object.keys(patch).length > 0 || newNames.length > 0 || !!casePatch || !!caseArticles || !!newCase;
  return { patch, newNames, own, casePatch, caseArticles, newCase, custody, conflicts, changed };
}
export type FillPlan = ReturnType<typeof planFill>;

/** Write the fills of a whole batch: one statement per table, whatever the number of people. */
export async function applyFills(db: Db, kind: DbKind, items: { p: repo.PersonRow; f: FillPlan }[], userId: string | null, file: string) {
  if (!items.length) return;
  // Sealed columns (names, case texts, notes) are sealed under each person's key before they are written.
  await bulkUpdate(db, person, items.filter(({ f }) => Object.keys(f.patch).length).map(({ p, f }) => ({ id: p.id, set: sealPersonRow(person, p.id, f.patch) })));
  const events = items.flatMap(({ p, f }) => (f.patch.status ? [sealPersonRow(statusEvent, p.id, { id: orderedRowId(), personId: p.id, status: f.patch.status, occurredOn: f.patch.statusSince ?? p.statusSince, createdBy: userId, note: `import ${file}` })] : []));
  await bulkInsert(db, kind, statusEvent, events);
  await bulkInsert(db, kind, personName, items.flatMap(({ p, f }) => (f.newNames.length ? nameRows(f.newNames[0]!, f.newNames.slice(1)).map((n) => sealPersonRow(personName, p.id, { id: orderedRowId(), ...n, isPrimary: false, personId: p.id })) : [])));
  await writeImportCases(db, kind, items.flatMap(({ p, f }) => (f.newCase ? [{ personId: p.id, c: f.newCase }] : [])));
  await bulkUpdate(db, criminalCase, items.flatMap(({ p, f }) => (f.own && f.casePatch ? [{ id: f.own.id, set: sealPersonRow(criminalCase, p.id, f.casePatch) }] : [])));
  await bulkInsert(db, kind, caseArticle, items.flatMap(({ f }) => (f.own && f.caseArticles?.length ? f.caseArticles.map((a) => ({ id: orderedRowId(), ...a, caseId: f.own!.id })) : [])));
  await bulkInsert(db, kind, custodyPeriod, items.flatMap(({ f }) => (f.own && f.custody ? inferredCustody(f.own.id, f.custody) : [])));
}

// ---- Updates by the registry's own id (external_id): the organisation's sheet is the source of truth. ----

const COMPARED: (keyof repo.PersonInsert)[] = [
  "primaryName", "sex", "birthDate", "birthYear", "citizenship", "homeRegion", "category", "status", "statusSince",
  "currentFacilityId", "publicityConsent", "exchangeConsent", "publicSummary", "sentenceText",
];

function caseKey(c: { detainedOn: string | null; verdictOn: string | null; court: string | null; judge: string | null; verdict: string | null; fineRub: number | null; sentenceYears: number | null; sentenceMonths: number | null; regime: string | null }, articles: { code: string; article: string; part: string | null; paragraph: string | null }[]) {
  const a = articles.map((x) => `${x.code}/${x.article}:${x.part ?? ""}:${x.paragraph ?? ""}`).sort().join(";");
  return JSON.stringify([a, c.detainedOn, c.verdictOn, c.court, c.judge, c.verdict, c.fineRub, c.sentenceYears, c.sentenceMonths, c.regime]);
}

export interface IdUpdate {
  id: string;
  set: Partial<repo.PersonInsert>;
  /** The row's names, when they differ from those stored. */
  names: ReturnType<typeof namesOfDraft> | null;
  /** The row's case facts, when they differ from the registry's case (null: the registry's case goes). */
  caseChanged: boolean;
  c: CaseDraft | null;
  /** The date a changed status is recorded from. */
  statusSince: string | null;
}

/** What the row would change on a person known by external_id (the sheet is the source of truth); null when nothing differs. */
export function planIdUpdate(before: repo.PersonRow, names: { name: string; isPrimary: boolean }[], cases: CaseWithChildren[], d: PersonDraft, facilityId: string | null, keepConsent: boolean, note: { column: boolean }): IdUpdate | null {
  const values = personValues(d, before.organisationId, facilityId, before.isDemo);
  if (keepConsent) {
    values.publicityConsent = before.publicityConsent;
    values.exchangeConsent = before.exchangeConsent;
  }
  const changed = COMPARED.filter((k) => JSON.stringify(before[k as keyof repo.PersonRow] ?? null) !== JSON.stringify(values[k as keyof typeof values] ?? null));
  const wanted = namesOfDraft(d);
  const namesChanged = JSON.stringify(names.map((n) => n.name).sort()) !== JSON.stringify(wanted.map((n) => n.name).sort()) || names.find((n) => n.isPrimary)?.name !== wanted[0]?.name;
  const own = cases.find((c) => c.origin === IMPORT_CASE_ORIGIN);
  const want = d.case ? caseKey(caseRow("", "", d.case), d.case.articles) : null;
  const caseChanged = (own ? caseKey(own, own.articles) : null) !== want;
  const set: Partial<repo.PersonInsert> = Object.fromEntries(changed.map((k) => [k, values[k as keyof typeof values]]));
  // A sheet without a note column leaves the staff note as it is.
  if (note.column && (before.staffNoteEnc ?? null) !== d.note) set.staffNoteEnc = d.note ?? null;
  if (!Object.keys(set).length && !namesChanged && !caseChanged) return null;
  return { id: before.id, set, names: namesChanged ? wanted : null, caseChanged, c: d.case, statusSince: values.statusSince ?? null };
}

/** Write the updates by external_id of a whole batch: one statement per table, whatever the number of people. */
export async function applyIdUpdates(db: Db, kind: DbKind, items: IdUpdate[], userId: string | null, file: string) {
  if (!items.length) return;
  // Sealed columns (names, notes) are sealed under each person's key before they are written.
  await bulkUpdate(db, person, items.filter((u) => Object.keys(u.set).length).map((u) => ({ id: u.id, set: sealPersonRow(person, u.id, u.set) })));
  const renamed = items.filter((u) => u.names);
  if (renamed.length) await db.delete(personName).where(anyOf(personName.personId, renamed.map((u) => u.id)));
  await bulkInsert(db, kind, personName, renamed.flatMap((u) => u.names!.map((n) => sealPersonRow(personName, u.id, { id: orderedRowId(), ...n, personId: u.id }))));
  await bulkInsert(db, kind, statusEvent, items.flatMap((u) => (u.set.status ? [sealPersonRow(statusEvent, u.id, { id: orderedRowId(), personId: u.id, status: u.set.status, occurredOn: u.statusSince, createdBy: userId, note: `import ${file}` })] : [])));
  const recased = items.filter((u) => u.caseChanged);
  if (recased.length) await db.delete(criminalCase).where(and(eq(criminalCase.origin, IMPORT_CASE_ORIGIN), anyOf(criminalCase.personId, recased.map((u) => u.id))));
  await writeImportCases(db, kind, recased.flatMap((u) => (u.c ? [{ personId: u.id, c: u.c }] : [])));
}
