import type { Db } from "../db/client.js";
import { mergeOf } from "../db/repositories/identity.js";
import { personWithDetails } from "../db/repositories/personDetail.js";
import { regionValue } from "../domain/vocabulary/regions.js";
import * as repo from "../db/repositories/people.js";
import * as caseRepo from "../db/repositories/cases.js";
import { consentRecord } from "../db/schema/person.js";
import type { PersonFilter, PersonSort } from "../db/repositories/people.js";
import { spellingsOf, summaryRowOf, type PersonIndex, type PersonSummaryRow } from "./directory/personIndex.js";
import { auditedTransaction, recordAudit } from "./audit.js";
import { acceptFor, pageOf } from "./directory/filters.js";
import { actorOrganisationId, actorUserId, type ServiceContext } from "./context.js";
import { notFound, PersonMoved, ServiceError } from "./errors.js";
import { authorize, can, type Action } from "./policy.js";
import { caseInput, casePatch, detectScript, personInput, personPatch, splitBirthDate, type CaseInput, type PersonInput, type PersonPatch, type PersonValues } from "./personInput.js";
import { sealPersonRow } from "../db/schema/sealed.js";
import { lawyerKeys } from "./assignees.js";

/** A service's transaction: its audit entries are appended together just before it commits (audit.ts). */
export function tx<T>(ctx: ServiceContext, fn: (tx: Db) => Promise<T>): Promise<T> {
  return auditedTransaction(ctx.db, fn);
}

function personRowValues(v: Partial<PersonValues>) {
  const out: Partial<repo.PersonInsert> = {};
  if (v.externalId !== undefined) out.externalId = v.externalId ?? null;
  if (v.primaryName !== undefined) out.primaryName = v.primaryName;
  if (v.latinName !== undefined) out.latinName = v.latinName ?? null;
  if (v.sex !== undefined) out.sex = v.sex;
  if (v.birthDate !== undefined) Object.assign(out, splitBirthDate(v.birthDate));
  if (v.citizenship !== undefined) out.citizenship = v.citizenship ?? null;
  if (v.homeRegion !== undefined) out.homeRegion = regionValue(v.homeRegion);
  if (v.category !== undefined) out.category = v.category;
  if (v.status !== undefined) out.status = v.status;
  if (v.statusSince !== undefined) out.statusSince = v.statusSince ?? null;
  if (v.publicityConsent !== undefined) out.publicityConsent = v.publicityConsent;
  if (v.exchangeConsent !== undefined) out.exchangeConsent = v.exchangeConsent;
  if (v.publicSummary !== undefined) out.publicSummary = v.publicSummary ?? null;
  if (v.sentenceText !== undefined) out.sentenceText = v.sentenceText ?? null;
  if (v.isDemo !== undefined) out.isDemo = v.isDemo;
  return out;
}

/** The primary name and its other spellings as stored: trimmed, each spelling once (case-insensitive). */
export function nameRows(primaryName: string, alternates: string[]) {
  const seen = new Set<string>();
  const out: { name: string; script: ReturnType<typeof detectScript>; isPrimary: boolean }[] = [];
  for (const [i, n] of [primaryName, ...alternates].entries()) {
    const key = n.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: n.trim(), script: detectScript(n), isPrimary: i === 0 });
  }
  return out;
}

/** Create a person inside an existing transaction (used by the API, the importer and appeal triage). */
export async function createPersonIn(db: Db, ctx: ServiceContext, values: PersonValues): Promise<repo.PersonRow> {
  const organisationId = actorOrganisationId(ctx.actor);
  const facilityId = values.facilityName ? await repo.findFacilityIdByName(db, values.facilityName) : null;
  const row = await repo.insertPerson(db, {
    ...(personRowValues(values) as repo.PersonInsert),
    organisationId,
    currentFacilityId: facilityId,
  });
  await repo.insertPersonNames(db, row.id, nameRows(values.primaryName, values.alternateNames));
  if (values.status !== "unknown")
    await repo.appendStatusEvent(db, { personId: row.id, status: values.status, occurredOn: values.statusSince ?? null, createdBy: actorUserId(ctx.actor), note: "initial status" });
  await recordAudit(db, ctx.actor, { type: "person.created", targetType: "person", targetId: row.id, detail: { externalId: row.externalId, category: row.category } }, ctx.now());
  return row;
}

/**
 * `before` runs first in the transaction (the door's check, on PostgreSQL), `after` last (the door remembers
 * confirmed-distinct pairs there).
 */
export async function createPerson(ctx: ServiceContext, input: PersonInput, after?: (db: Db, row: repo.PersonRow) => Promise<void>, before?: (db: Db) => Promise<void>): Promise<repo.PersonRow> {
  authorize(ctx.actor, "create", "person");
  const values = personInput.parse(input);
  const consent = { publicity: values.publicityConsent !== "none" ? values.publicityConsent : null, exchange: values.exchangeConsent !== "unknown" ? values.exchangeConsent : null };
  if ((consent.publicity || consent.exchange) && !can(ctx.actor, "recordConsent", "person"))
    throw new ServiceError("forbidden", "only a coordinator or admin records consent, with who gave it (POST /api/v1/people/:id/consents)");
  return tx(ctx, async (db) => {
    if (before) await before(db);
    if (values.externalId) {
      const existing = await repo.findPersonByExternalId(db, actorOrganisationId(ctx.actor), values.externalId);
      if (existing) throw new ServiceError("conflict", `a person with external_id ${values.externalId} exists already`);
    }
    const row = await createPersonIn(db, ctx, values);
    // Consent given with the new person still leaves its record, so the history never disagrees with the profile.
    if (consent.publicity || consent.exchange) await db.insert(consentRecord).values(sealPersonRow(consentRecord, row.id, { personId: row.id, ...consent, note: "recorded when the person was added", recordedBy: actorUserId(ctx.actor) }));
    if (after) await after(db, row);
    return row;
  });
}

/** Consent is changed only by recording it (recordConsent: who gave it, when, how), never by editing the person. */
export const CONSENT_BY_RECORD = "consent is changed by recording it (POST /api/v1/people/:id/consents: who gave it and how), not by editing the person";

// Values kept in the audit entry only for fields that cannot identify the person once their row is erased;
// names, dates of birth and free text are recorded as "changed" (erasure must leave no copy in the audit log).
const AUDIT_VALUE_FIELDS = new Set<string>(["category", "status", "statusSince", "sex", "publicityConsent", "exchangeConsent", "currentFacilityId", "isDemo"]);

/** Fields that changed, for the audit entry: field names, with old/new values only for non-identifying fields. */
function changedFields(before: repo.PersonRow, after: repo.PersonRow): Record<string, { from: unknown; to: unknown } | "changed"> {
  const out: Record<string, { from: unknown; to: unknown } | "changed"> = {};
  for (const k of Object.keys(after) as (keyof repo.PersonRow)[]) {
    if (k === "updatedAt" || k === "createdAt") continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = AUDIT_VALUE_FIELDS.has(k) ? { from: before[k], to: after[k] } : "changed";
  }
  return out;
}

export async function updatePersonIn(db: Db, ctx: ServiceContext, before: repo.PersonRow, patch: PersonPatch): Promise<repo.PersonRow> {
  const values: Partial<repo.PersonInsert> = personRowValues(patch);
  if (patch.facilityName !== undefined) values.currentFacilityId = patch.facilityName ? await repo.findFacilityIdByName(db, patch.facilityName) : null;
  const after = (await repo.updatePersonRow(db, before.id, values))!;
  if (patch.primaryName !== undefined || patch.alternateNames !== undefined) {
    const current = await repo.namesOf(db, [before.id]);
    const alternates = patch.alternateNames ?? (current.get(before.id) ?? []).filter((n) => !n.isPrimary).map((n) => n.name);
    await repo.replacePersonNames(db, before.id, nameRows(after.primaryName, alternates));
  }
  if (patch.status !== undefined && patch.status !== before.status)
    await repo.appendStatusEvent(db, { personId: before.id, status: patch.status, occurredOn: patch.statusSince ?? null, createdBy: actorUserId(ctx.actor) });
  const changes = changedFields(before, after);
  if (patch.alternateNames !== undefined) changes.alternateNames = "changed";
  await recordAudit(db, ctx.actor, { type: "person.updated", targetType: "person", targetId: before.id, detail: { changes } }, ctx.now());
  return after;
}

export async function loadPersonFor(db: Db, ctx: ServiceContext, id: string, action: Action): Promise<repo.PersonRow> {
  return checkPersonFor(db, ctx, id, await repo.findPersonById(db, id), action);
}

/** The person row read for `id` (undefined: none), if the actor may do `action` on them; else not found or refused. */
async function checkPersonFor(db: Db, ctx: ServiceContext, id: string, row: repo.PersonRow | undefined, action: Action): Promise<repo.PersonRow> {
  if (!row && ctx.actor.kind !== "anonymous") await refuseMergedAway(db, ctx, id, action);
  // Another organisation's person is reported as absent, not forbidden: ids leak nothing.
  if (!row || ctx.actor.kind === "anonymous" || (ctx.actor.organisationId !== row.organisationId)) throw notFound("person");
  const subject = await personSubject(db, ctx, id);
  if (!can(ctx.actor, "read", "person", subject)) throw notFound("person");
  authorize(ctx.actor, action, "person", subject);
  return row;
}

/**
 * A merged-away id names its survivor: reads answer with a redirect (308), writes are refused naming it (409).
 * Only when the caller may read the survivor — otherwise the old id is simply not found.
 */
async function refuseMergedAway(db: Db, ctx: ServiceContext, id: string, action: Action): Promise<void> {
  if (ctx.actor.kind === "anonymous") return;
  const m = await mergeOf(db, ctx.actor.organisationId, id);
  if (!m) return;
  const survivor = await repo.findPersonById(db, m.survivorId);
  if (!survivor || !can(ctx.actor, "read", "person", await personSubject(db, ctx, survivor.id))) return;
  if (action === "read") throw new PersonMoved(id, m.survivorId);
  throw new ServiceError("conflict", `this person was merged into ${m.survivorId}: change that record`, { survivorId: m.survivorId }, "mergedPerson");
}

export async function updatePerson(ctx: ServiceContext, id: string, input: unknown): Promise<repo.PersonRow> {
  const patch = personPatch.parse(input);
  return tx(ctx, async (db) => {
    const before = await loadPersonFor(db, ctx, id, "update");
    // Sending the current value back (a full form) is harmless; a different one must go through the consent record.
    if ((patch.publicityConsent !== undefined && patch.publicityConsent !== before.publicityConsent) || (patch.exchangeConsent !== undefined && patch.exchangeConsent !== before.exchangeConsent))
      throw new ServiceError("invalid", CONSENT_BY_RECORD);
    return updatePersonIn(db, ctx, before, patch);
  });
}

export interface PersonDetail {
  person: repo.PersonRow;
  names: { name: string; script: string; isPrimary: boolean }[];
  cases: caseRepo.CaseWithDetails[];
  timeline: Awaited<ReturnType<typeof repo.statusTimeline>>;
  facility: { id: string; name: string; region: string | null; postalAddress: string | null } | null;
  canReadSensitive: boolean;
}

/** The person the organisation's own spreadsheet id names, if the actor may read them (else null). */
export async function findPersonIdByExternalId(ctx: ServiceContext, externalId: string): Promise<string | null> {
  const row = await repo.findPersonByExternalId(ctx.db, actorOrganisationId(ctx.actor), externalId);
  if (!row) return null;
  await loadPersonFor(ctx.db, ctx, row.id, "read");
  return row.id;
}

export async function getPerson(ctx: ServiceContext, id: string): Promise<PersonDetail> {
  const db = ctx.db;
  // The row, spellings, cases, timeline and facility in one statement; nothing of it is returned unless allowed.
  const found = await personWithDetails(db, id);
  const p = await checkPersonFor(db, ctx, id, found?.person, "read");
  const { names, cases, timeline, facility: f } = found!;
  const subject = await personSubject(db, ctx, id);
  return {
    person: p,
    names,
    cases,
    timeline,
    facility: f ? { id: f.id, name: f.name, region: f.region, postalAddress: f.postalAddress } : null,
    canReadSensitive: can(ctx.actor, "readSensitive", "person", subject),
  };
}

export interface ListPeopleInput {
  q?: string | undefined;
  category?: PersonFilter["category"];
  status?: PersonFilter["status"];
  region?: string | undefined;
  article?: string | undefined;
  facilityId?: string | undefined;
  ids?: string[] | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  sort?: PersonSort | undefined;
}

export async function listPeople(ctx: ServiceContext, input: ListPeopleInput) {
  authorize(ctx.actor, "list", "person", ctx.actor.kind === "user" && ctx.actor.role === "lawyer" ? { assignedUserIds: [ctx.actor.userId] } : undefined);
  const organisationId = actorOrganisationId(ctx.actor);
  // Lawyers list only their assigned people; the policy's condition is applied as a filter.
  const assignedTo = lawyerKeys(ctx);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const offset = Math.max(input.offset ?? 0, 0);
  // Order, filters and the count come from the in-memory index; SQL fetches the page's rows by id.
  const index = await ctx.people.indexOf(organisationId, undefined, ctx.since);
  const accept = await acceptFor(ctx.db, { ...input, assignedTo });
  const page = pageOf(index.ordered(input.sort ?? "name"), accept, offset, limit);
  return { ...rowsOfPage(index, page.ids), total: page.total, limit, offset, facilities: await facilityNamesOfRows(ctx, page.ids, index) };
}

/** A page's rows and spellings from the index entries (kept current by the change feed): no SQL. */
export function rowsOfPage(index: PersonIndex, ids: string[]): { rows: PersonSummaryRow[]; names: Map<string, { name: string }[]> } {
  const rows: PersonSummaryRow[] = [];
  const names = new Map<string, { name: string }[]>();
  for (const id of ids) {
    const e = index.entries.get(id);
    if (!e) continue;
    rows.push(summaryRowOf(e));
    names.set(id, spellingsOf(e));
  }
  return { rows, names };
}

/** Facility id → name for a page's people. */
export function facilityNamesOfRows(ctx: ServiceContext, ids: string[], index: PersonIndex): Promise<Map<string, string>> {
  return ctx.people.facilityNames(ids.map((id) => index.entries.get(id)?.facilityId).filter((x): x is string => !!x), ctx.since);
}

function caseRowValues(c: Partial<CaseInput>) {
  const { articles: _a, custodyPeriods: _c, changes, ...rest } = c;
  return changes === undefined ? rest : { ...rest, sentenceChanges: changes };
}

export async function addCase(ctx: ServiceContext, personId: string, input: unknown) {
  const c = caseInput.parse(input);
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "read");
    authorize(ctx.actor, "create", "case", await personSubject(db, ctx, personId));
    const row = await caseRepo.insertCase(db, personId, caseRowValues(c), c.articles, c.custodyPeriods.map((p) => ({ ...p, toDate: p.toDate ?? null })));
    await recordAudit(db, ctx.actor, { type: "case.created", targetType: "case", targetId: row.id, detail: { personId, articles: c.articles.map((a) => a.article) } }, ctx.now());
    return row;
  });
}

export async function updateCase(ctx: ServiceContext, personId: string, caseId: string, input: unknown) {
  const patch = casePatch.parse(input);
  return tx(ctx, async (db) => {
    await loadPersonFor(db, ctx, personId, "read");
    authorize(ctx.actor, "update", "case", await personSubject(db, ctx, personId));
    const existing = (await caseRepo.casesOf(db, [personId])).find((c) => c.id === caseId);
    if (!existing) throw notFound("case");
    const values = caseRowValues(patch);
    await caseRepo.updateCaseRow(db, caseId, values);
    await caseRepo.replaceCaseChildren(db, caseId, patch.articles, patch.custodyPeriods?.map((p) => ({ ...p, toDate: p.toDate ?? null })));
    const changes: Record<string, { from: unknown; to: unknown } | "changed"> = {};
    for (const [k, v] of Object.entries(patch)) {
      const before = (existing as Record<string, unknown>)[k];
      // Free text (summary, verdict, court, names of judges) may name the person: only the fact goes to the audit log.
      if (k === "changes") {
        // Decisions carry free-text notes: the audit log records the count, not the content.
        if (JSON.stringify(existing.sentenceChanges) !== JSON.stringify(v)) changes[k] = { from: existing.sentenceChanges.length, to: Array.isArray(v) ? v.length : 0 };
        continue;
      }
      if (JSON.stringify(before) !== JSON.stringify(v)) changes[k] = typeof v === "string" && !/^\d{4}-\d{2}-\d{2}$/.test(v) ? "changed" : { from: before, to: v };
    }
    await recordAudit(db, ctx.actor, { type: "case.updated", targetType: "case", targetId: caseId, detail: { personId, changes } }, ctx.now());
    return (await caseRepo.casesOf(db, [personId])).find((c) => c.id === caseId)!;
  });
}

/** What the policy's conditions need about a person: only lawyers' access depends on it (their assignments). */
export async function personSubject(db: Db, ctx: ServiceContext, personId: string) {
  const keys = lawyerKeys(ctx);
  return keys && ctx.actor.kind === "user" ? { assignedUserIds: (await repo.isAssigned(db, personId, keys)) ? [ctx.actor.userId] : [] } : undefined;
}

export async function listCases(ctx: ServiceContext, input: { article?: string | undefined; court?: string | undefined; personId?: string | undefined; limit?: number; offset?: number }) {
  const lawyer = ctx.actor.kind === "user" && ctx.actor.role === "lawyer";
  authorize(ctx.actor, "list", "case", lawyer && ctx.actor.kind === "user" ? { assignedUserIds: [ctx.actor.userId] } : undefined);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const offset = Math.max(input.offset ?? 0, 0);
  // Lawyers list only their assigned people's cases: the policy condition applied as a filter.
  const r = await caseRepo.listCases(ctx.db, { organisationId: actorOrganisationId(ctx.actor), article: input.article, court: input.court, personId: input.personId, assignedTo: lawyerKeys(ctx) }, { limit, offset });
  return { ...r, limit, offset };
}
