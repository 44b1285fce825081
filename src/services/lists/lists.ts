/**
 * Own exchange lists: create from the registry, change membership or definition (each change is a new
 * version), read any version, compare two versions.
 */
import { z } from "zod";
import * as repo from "../../db/repositories/exchangeLists.js";
import * as people from "../../db/repositories/people.js";
import type { ExchangeListFilters } from "../../db/schema/exchangeList.js";
import { recordAudit } from "../audit.js";
import { actorOrganisationId, actorUserId, type ServiceContext } from "../context.js";
import { conflict, invalid, notFound } from "../errors.js";
import { loadPersonFor, tx } from "../people.js";
import { authorize } from "../policy.js";
import { buildInputOf, buildRows, listCategories, listFilters, type BuildInput } from "./build.js";
import { assertDraft, assertHasVersion, assertNotBuilding, loadList, loadVersion, presentBuild, summariseVersion, toRowData, writeVersion } from "./common.js";
import { diffRows, type ListRowData } from "./rows.js";
import { backgroundBuild, resumeIfStale, runBuild } from "./background.js";
import { storeBuiltRows } from "./store.js";
import { duplicatePairsAmong } from "./duplicateGuard.js";
import { listAsOf } from "./signals.js";
import { LIST_LANGUAGES } from "./format.js";

export const createListInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    purpose: z.string().trim().max(2000).optional(),
    /** Language of the texts for the other side (sentence, labels in exports). */
    language: z.enum(LIST_LANGUAGES).default("ru"),
    categories: listCategories,
    filters: listFilters.default({}),
    /** Every person in the chosen categories; filters are not allowed with it (they would make it "some for all"). */
    allForAll: z.boolean().default(false),
    personIds: z.array(z.uuid()).max(5000).default([]),
  })
  .refine((v) => !v.allForAll || Object.keys(v.filters).length === 0, { message: "an all-for-all list takes every person in the chosen categories: remove the filters", path: ["filters"] });
export type CreateListInput = z.input<typeof createListInput>;

export const changeMembersInput = z
  .object({
    add: z.array(z.uuid()).max(5000).default([]),
    remove: z.array(z.uuid()).max(5000).default([]),
    note: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.add.length + v.remove.length > 0, { message: "name at least one person to add or remove", path: ["add"] });

export const updateDefinitionInput = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  purpose: z.string().trim().max(2000).nullable().optional(),
  language: z.enum(LIST_LANGUAGES).optional(),
  categories: listCategories.optional(),
  filters: listFilters.optional(),
  allForAll: z.boolean().optional(),
  note: z.string().trim().max(500).optional(),
});

async function assertPeopleExist(ctx: ServiceContext, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const unique = [...new Set(ids)];
  const found = await people.listPeople(ctx.db, { organisationId: actorOrganisationId(ctx.actor), ids: unique }, { limit: unique.length, offset: 0 });
  const have = new Set(found.rows.map((r) => r.id));
  const missing = unique.filter((id) => !have.has(id));
  if (missing.length) throw invalid("some people are not in the registry", { missing });
}

export async function createList(ctx: ServiceContext, input: CreateListInput) {
  authorize(ctx.actor, "create", "exchangeList");
  const v = createListInput.parse(input);
  await assertPeopleExist(ctx, v.personIds);
  const organisationId = actorOrganisationId(ctx.actor);
  const filters = v.filters as ExchangeListFilters;
  const b: BuildInput = { organisationId, categories: v.categories, filters, allForAll: v.allForAll, manualAdds: v.personIds, manualRemoves: [], asOf: listAsOf(ctx), language: v.language };
  // A large selection is built in the background: the list is made now, its version 1 when the rows are ready.
  const values = { organisationId, name: v.name, purpose: v.purpose ?? null, language: v.language, kind: "own" as const, categories: v.categories, filters, allForAll: v.allForAll, manualAdds: v.personIds, createdBy: actorUserId(ctx.actor) };
  return newList(ctx, b, values, "built from the registry", { name: v.name, categories: v.categories, filters, allForAll: v.allForAll });
}

/**
 * A new own list and its version 1, built now — or, for a large selection, in the background once the list is
 * stored (its version when the rows are ready). `detail`: what the creation's audit entry says besides the version.
 */
async function newList(ctx: ServiceContext, b: BuildInput, values: Omit<repo.ExchangeListInsert, "build">, note: string, detail: Record<string, unknown>) {
  const build = await backgroundBuild(ctx, b, note);
  // Rows are computed before the transaction: the priority service reads outside it.
  const rows = build ? null : await buildRows(ctx, b);
  const made = await tx(ctx, async (db) => {
    const list = await repo.insertList(db, { ...values, build });
    if (!rows) {
      await recordAudit(db, ctx.actor, { type: "exchangeList.created", targetType: "exchangeList", targetId: list.id, detail: { ...detail, version: null, building: true, people: build!.total } }, ctx.now());
      return { id: list.id, version: null, build: presentBuild(build) };
    }
    const version = await writeVersion(db, ctx, list, rows, note, b.asOf);
    await recordAudit(db, ctx.actor, { type: "exchangeList.created", targetType: "exchangeList", targetId: list.id, detail: { ...detail, version: 1, contentHash: version.contentHash, rows: rows.length } }, ctx.now());
    return { id: list.id, version: summariseVersion(version), build: null };
  });
  if (build) runBuild(ctx, made.id, build.token);
  return made;
}

/**
 * A new draft list with the definition of an existing one (categories, filters, hand edits): how the next
 * round of negotiation starts from a frozen list, which itself never changes.
 */
export async function copyList(ctx: ServiceContext, id: string, input: { name?: string | undefined } = {}) {
  authorize(ctx.actor, "create", "exchangeList");
  const src = await loadList(ctx.db, ctx, id);
  if (src.kind !== "own") throw invalid("only our own lists can be copied; import the other side's new file instead");
  const name = z.string().trim().min(1).max(200).parse(input.name ?? `${src.name} (copy)`);
  const b = buildInputOf(src, listAsOf(ctx));
  const note = `copied from "${src.name}" v${src.currentVersion}, rebuilt from the registry`;
  const values = {
    organisationId: src.organisationId,
    name,
    purpose: src.purpose,
    language: src.language,
    kind: "own" as const,
    categories: src.categories,
    filters: src.filters,
    allForAll: src.allForAll,
    manualAdds: src.manualAdds,
    manualRemoves: src.manualRemoves,
    createdBy: actorUserId(ctx.actor),
  };
  return newList(ctx, b, values, note, { copiedFrom: src.id, copiedFromVersion: src.currentVersion });
}

export async function listExchangeLists(ctx: ServiceContext) {
  authorize(ctx.actor, "list", "exchangeList");
  const rows = await repo.listLists(ctx.db, actorOrganisationId(ctx.actor));
  return rows.map(presentListHeader);
}

export function presentListHeader(l: repo.ExchangeListRow) {
  return {
    id: l.id,
    name: l.name,
    purpose: l.purpose,
    language: l.language,
    consentOverride: l.consentOverride ?? null,
    kind: l.kind,
    status: l.status,
    categories: l.categories,
    filters: l.filters,
    allForAll: l.allForAll,
    manualAdds: l.manualAdds,
    manualRemoves: l.manualRemoves,
    currentVersion: l.currentVersion,
    frozenVersion: l.frozenVersion,
    // The next version while it is built in the background (how far it got), or why its build failed.
    build: presentBuild(l.build),
    comparedWithListId: l.comparedWithListId,
    sourceFileName: l.sourceFileName,
    carriedOutOn: l.carriedOutOn,
    outcomeSource: l.outcomeSource,
    outcome: l.outcome,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

export async function getList(ctx: ServiceContext, id: string) {
  authorize(ctx.actor, "read", "exchangeList");
  const list = await loadList(ctx.db, ctx, id);
  // A build whose process died (another worker, on PostgreSQL) is taken over by the one reading it.
  await resumeIfStale(ctx, list);
  const versions = await repo.versionsOf(ctx.db, id);
  const frozen = list.frozenVersion ? versions.find((v) => v.version === list.frozenVersion) : undefined;
  const signOffs = frozen ? await repo.signOffsOf(ctx.db, frozen.id) : [];
  return {
    ...presentListHeader(list),
    versions: versions.map(summariseVersion),
    signOffs: signOffs.map((s) => ({ userId: s.userId, user: s.userLabel, note: s.note, signedAt: s.signedAt.toISOString() })),
  };
}

export async function getListVersion(ctx: ServiceContext, id: string, version?: number) {
  authorize(ctx.actor, "read", "exchangeList");
  const list = await loadList(ctx.db, ctx, id);
  const { version: v, rows, integrity } = await loadVersion(ctx.db, list, version);
  // Rows are re-hashed on every read: a changed row means an edit behind the services' back; a row erased on
  // request keeps its hash, so the rest of the version still verifies.
  return { list: presentListHeader(list), version: { ...summariseVersion(v), hashMatches: integrity.verified, integrity }, rows };
}

/**
 * Check a stored version against its printed content hash, row by row: which rows were erased on request (they
 * kept their hash, so the rest still verifies) and which, if any, changed behind the services' back.
 */
export async function verifyListVersion(ctx: ServiceContext, id: string, version?: number) {
  authorize(ctx.actor, "read", "exchangeList");
  const list = await loadList(ctx.db, ctx, id);
  const { version: v, integrity } = await loadVersion(ctx.db, list, version);
  return { listId: list.id, version: v.version, contentHash: v.contentHash, hashScheme: v.hashScheme, rowCount: v.rowCount, ...integrity };
}

/** A page of a version's rows; nothing given means the first 100 of all rows. (No zod defaults: the route tells "paged" from "whole" by what was sent.) */
export const versionPageInput = z.object({
  show: z.enum(repo.ROW_SHOWS).optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/**
 * Counts per filter of a version, kept for a minute: a stored version's rows do not change (the database refuses
 * it; only an erasure blanks a row, which may drop its warnings), and counting 100,000 rows again for every page
 * turned would cost more than the page itself.
 */
const COUNTS_KEPT_MS = 60_000;
const countsOfVersion = new Map<string, { at: number; counts: Promise<Record<repo.RowShow, number>> }>();
async function versionCounts(ctx: ServiceContext, versionId: string) {
  const now = Date.now();
  const kept = countsOfVersion.get(versionId);
  if (kept && now - kept.at < COUNTS_KEPT_MS) return kept.counts;
  if (countsOfVersion.size >= 500) countsOfVersion.delete(countsOfVersion.keys().next().value!);
  const counts = repo.rowCounts(ctx.db, versionId);
  countsOfVersion.set(versionId, { at: now, counts });
  counts.catch(() => countsOfVersion.delete(versionId));
  return counts;
}

/**
 * One page of a version's rows (the list builder reads a 100,000-row version 100 rows at a time), with how many
 * rows each filter holds. Each row keeps its position in the whole version, so "#1234" names the same person on
 * every page and filter. The content hash is checked only when the whole version is read (getListVersion).
 */
export async function getListVersionPage(ctx: ServiceContext, id: string, version: number | undefined, input: z.input<typeof versionPageInput>) {
  authorize(ctx.actor, "read", "exchangeList");
  const p = versionPageInput.parse(input);
  const q = { show: p.show ?? "all", offset: p.offset ?? 0, limit: p.limit ?? 100 };
  const list = await loadList(ctx.db, ctx, id);
  assertHasVersion(list);
  const n = version ?? list.currentVersion;
  const v = await repo.findVersion(ctx.db, list.id, n);
  if (!v) throw notFound(`version ${n} of the list`);
  const counts = await versionCounts(ctx, v.id);
  const total = counts[q.show];
  // A rebuild or a removal can shorten the list under the page being read: answer the last page that exists.
  const offset = total === 0 ? 0 : Math.min(q.offset, Math.floor((total - 1) / q.limit) * q.limit);
  const rows = await repo.rowsPage(ctx.db, v.id, { show: q.show, offset, limit: q.limit });
  return {
    list: presentListHeader(list),
    version: summariseVersion(v),
    show: q.show,
    offset,
    limit: q.limit,
    total,
    counts,
    rows: rows.map((r) => ({ ...toRowData(r), position: r.position })),
  };
}

/**
 * Rebuild from the stored definition and store a version if anything changed (used after every edit). A large
 * selection is rebuilt in the background: the definition is stored now, the version when its rows are ready.
 */
async function rebuildAndVersion(ctx: ServiceContext, id: string, change: (l: repo.ExchangeListRow) => Partial<repo.ExchangeListInsert>, note: string, auditDetail: Record<string, unknown>) {
  const before = await loadList(ctx.db, ctx, id);
  assertDraft(before, "change the list");
  assertNotBuilding(before);
  if (before.kind !== "own") throw invalid("a counterpart list is changed by importing the new file it came as");
  const values = change(before);
  const input = buildInputOf({ ...before, ...values } as repo.ExchangeListRow, listAsOf(ctx));
  const build = await backgroundBuild(ctx, input, note);
  const rows = build ? null : await buildRows(ctx, input);
  const result = await tx(ctx, async (db) => {
    const list = await loadList(db, ctx, id, { forUpdate: true });
    assertDraft(list, "change the list");
    assertNotBuilding(list);
    // Someone else stored a version while we were building: their change would be silently lost.
    if (list.currentVersion !== before.currentVersion) throw conflict("the list was changed by someone else meanwhile; reload it and try again");
    if (!rows) {
      await repo.updateList(db, id, { ...values, build });
      await recordAudit(db, ctx.actor, { type: "exchangeList.versioned", targetType: "exchangeList", targetId: id, detail: { ...auditDetail, newVersion: null, building: true, people: build!.total } }, ctx.now());
      const current = list.currentVersion ? await repo.findVersion(db, id, list.currentVersion) : undefined;
      return { id, created: false, version: current ? summariseVersion(current) : null, build: presentBuild(build) };
    }
    // A failed background build is over once a version is stored this way.
    const updated = Object.keys(values).length || list.build ? await repo.updateList(db, id, { ...values, build: null }) : list;
    return { ...(await storeBuiltRows(db, ctx, updated, rows, input.asOf, note, auditDetail)), build: null };
  });
  if (build) runBuild(ctx, id, build.token);
  return result;
}

export async function changeListMembers(ctx: ServiceContext, id: string, input: z.input<typeof changeMembersInput>) {
  authorize(ctx.actor, "update", "exchangeList");
  const v = changeMembersInput.parse(input);
  await assertPeopleExist(ctx, v.add);
  const add = new Set(v.add);
  const remove = new Set(v.remove);
  const note = v.note ?? [v.add.length ? `added ${v.add.length}` : "", v.remove.length ? `removed ${v.remove.length}` : ""].filter(Boolean).join(", ") + " by hand";
  const result = await rebuildAndVersion(
    ctx,
    id,
    (l) => ({
      // Adding someone undoes an earlier removal and the reverse: the last word on a person wins.
      manualAdds: [...new Set([...l.manualAdds.filter((p) => !remove.has(p)), ...v.add])],
      manualRemoves: [...new Set([...l.manualRemoves.filter((p) => !add.has(p)), ...v.remove])],
    }),
    note,
    { added: v.add, removed: v.remove },
  );
  // Someone added who may already be on the list under another record: said now, refused at freezing (a list
  // still being built is checked at freezing only).
  if (result.build) return { ...result, warnings: [] };
  const { rows } = await loadVersion(ctx.db, await loadList(ctx.db, ctx, id));
  const pairs = v.add.length ? (await duplicatePairsAmong(ctx, rows.flatMap((r) => (r.personId ? [r.personId] : [])))).filter((p) => add.has(p.a.id) || add.has(p.b.id)) : [];
  return { ...result, warnings: pairs.length ? [{ code: "probableDuplicateOnList" as const, message: "the list may name one person twice: merge the records or confirm they are different people before freezing", pairs }] : [] };
}

export async function updateListDefinition(ctx: ServiceContext, id: string, input: z.input<typeof updateDefinitionInput>) {
  authorize(ctx.actor, "update", "exchangeList");
  const v = updateDefinitionInput.parse(input);
  return rebuildAndVersion(
    ctx,
    id,
    (l) => {
      const out: Partial<repo.ExchangeListInsert> = {};
      if (v.name !== undefined) out.name = v.name;
      if (v.purpose !== undefined) out.purpose = v.purpose;
      if (v.language !== undefined) out.language = v.language;
      if (v.categories !== undefined) out.categories = v.categories;
      if (v.filters !== undefined) out.filters = v.filters as ExchangeListFilters;
      if (v.allForAll !== undefined) out.allForAll = v.allForAll;
      if ((out.allForAll ?? l.allForAll) && Object.keys(out.filters ?? l.filters).length)
        throw invalid("an all-for-all list takes every person in the chosen categories: remove the filters");
      return out;
    },
    v.note ?? "definition changed",
    { changes: Object.keys(v).filter((k) => k !== "note") },
  );
}

/** Rebuild from the registry as it stands now (statuses, consents, cases change between negotiations). */
export async function refreshList(ctx: ServiceContext, id: string, note?: string) {
  authorize(ctx.actor, "update", "exchangeList");
  return rebuildAndVersion(ctx, id, () => ({}), note ?? "refreshed from the registry", { refreshed: true });
}

export async function diffListVersions(ctx: ServiceContext, id: string, from: number, to: number) {
  authorize(ctx.actor, "read", "exchangeList");
  const list = await loadList(ctx.db, ctx, id);
  const a = await loadVersion(ctx.db, list, from);
  const b = await loadVersion(ctx.db, list, to);
  return { from: summariseVersion(a.version), to: summariseVersion(b.version), ...diffRows(a.rows, b.rows) };
}

/** The lists a person is on now (their current versions), for the person's page. */
export async function listsOfPerson(ctx: ServiceContext, personId: string) {
  authorize(ctx.actor, "read", "exchangeList");
  await loadPersonFor(ctx.db, ctx, personId, "read");
  return repo.listsOfPerson(ctx.db, actorOrganisationId(ctx.actor), personId);
}

export type { ListRowData };
