/** Loading, guarding and versioning shared by the list services. */
import type { Db } from "../../db/client.js";
import * as repo from "../../db/repositories/exchangeLists.js";
import * as builds from "../../db/repositories/listBuilds.js";
import { mapYielding } from "../../db/yielding.js";
import type { ExchangeListRow, ListRowRow, ListVersionRow } from "../../db/repositories/exchangeLists.js";
import { actorLabel, actorOrganisationId, actorUserId, type ServiceContext } from "../context.js";
import { conflict, invalid, notFound, ServiceError } from "../errors.js";
import type { ListBuild } from "../../db/schema/exchangeList.js";
import { ERASED_VALUE } from "../../security/personKeys.js";
import { checkVersion, contentHashOfRowHashes, HASH_SCHEME, MAX_VERSION, rowHash, type ListRowData, type RecognitionState, type VersionIntegrity } from "./rows.js";

/** The list if it belongs to the actor's organisation; another organisation's list is reported as absent. */
export async function loadList(db: Db, ctx: ServiceContext, id: string, opts: { forUpdate?: boolean } = {}): Promise<ExchangeListRow> {
  const row = opts.forUpdate ? await repo.findListForUpdate(db, id) : await repo.findList(db, id);
  if (!row || row.organisationId !== actorOrganisationId(ctx.actor)) throw notFound("exchange list");
  return row;
}

/** A list can change only as a draft: once frozen, its content is what was (or will be) negotiated. */
export function assertDraft(list: ExchangeListRow, attempted: string): void {
  if (list.status !== "draft")
    throw conflict(
      `cannot ${attempted}: list "${list.name}" is ${list.status.replace("_", " ")} at version ${list.frozenVersion ?? list.currentVersion} and can no longer be changed; copy it to a new draft to continue`,
    );
}

/** The next version's background build as readers see it (no token); null when none is under way or failed. */
export function presentBuild(b: ListBuild | null) {
  if (!b) return null;
  return { state: b.state, done: b.done, total: b.total, startedAt: b.startedAt, requestedBy: b.requestedByLabel, asOf: b.asOf, error: b.error ?? null, gone: b.gone ?? null };
}

function beingBuilt(b: ListBuild): ServiceError {
  return new ServiceError("conflict", `the list is being built (${b.done} of ${b.total} people so far): try again when it is done`, { build: presentBuild(b) }, "listBeingBuilt");
}

/** Edits wait for a build in progress: a rebuild started meanwhile would race it for the next version. */
export function assertNotBuilding(list: ExchangeListRow): void {
  if (list.build?.state === "building") throw beingBuilt(list.build);
}

export function buildFailed(b: ListBuild): ServiceError {
  return new ServiceError("conflict", "building the list failed: build it again", { build: presentBuild(b) }, "listBuildFailed");
}

/** A list whose first version is still being built (or whose build failed) has nothing to read, export or freeze yet. */
export function assertHasVersion(list: ExchangeListRow): void {
  if (list.currentVersion > 0) return;
  if (list.build?.state === "building") throw beingBuilt(list.build);
  if (list.build?.state === "failed") throw buildFailed(list.build);
}

export async function loadVersion(db: Db, list: ExchangeListRow, version?: number): Promise<{ version: ListVersionRow; rows: ListRowData[]; integrity: VersionIntegrity }> {
  const { version: v, stored } = await storedVersion(db, list, version);
  return { version: v, rows: stored.map((s) => s.row), integrity: checkVersion(v, stored) };
}

/** A version's rows without checking them against its hashes (a reader that does not show the check: the report). */
export async function versionRows(db: Db, list: ExchangeListRow, version?: number): Promise<{ version: ListVersionRow; rows: ListRowData[] }> {
  const { version: v, stored } = await storedVersion(db, list, version);
  return { version: v, rows: stored.map((s) => s.row) };
}

async function storedVersion(db: Db, list: ExchangeListRow, version?: number) {
  assertHasVersion(list);
  const n = version ?? list.currentVersion;
  if (!Number.isInteger(n) || n < 1 || n > MAX_VERSION) throw invalid(`not a version number: ${n}`);
  const v = await repo.findVersion(db, list.id, n);
  if (!v) throw notFound(`version ${n} of the list`);
  return { version: v, stored: (await repo.rowsOf(db, v.id)).map((r) => ({ position: r.position, rowHash: r.rowHash, erased: isErased(r), row: toRowData(r) })) };
}

/** Replaced by erasure — or sealed under a key erasure deleted since (a row restored from an older backup). */
function isErased(r: ListRowRow): boolean {
  return r.erased || r.personal === null;
}

/** A stored row as plain data, its sealed part opened (Drizzle's mapping opens it when the row is read). */
export function toRowData(r: ListRowRow): ListRowData {
  const p = isErased(r) ? null : r.personal;
  return {
    personId: r.personId,
    nameCyrillic: p ? p.nameCyrillic : ERASED_VALUE,
    nameLatin: p ? p.nameLatin : ERASED_VALUE,
    birthDate: p?.birthDate ?? null,
    articles: p?.articles ?? null,
    facility: p?.facility ?? null,
    sentence: p?.sentence ?? null,
    ...(p?.detainedOn !== undefined && p.detainedOn !== null ? { detainedOn: p.detainedOn } : {}),
    ...(r.exchangeConsent !== null ? { exchangeConsent: r.exchangeConsent } : {}),
    category: r.category,
    status: r.status,
    // Stored once as float4 by older versions: keep one decimal, as the priority score has.
    priority: p?.priority === null || p?.priority === undefined ? null : Math.round(p.priority * 10) / 10,
    recognition: r.recognition as RecognitionState | null,
    eligible: r.eligible,
    reasons: r.reasons,
    warnings: r.warnings,
    received: p?.received ?? null,
    match: p?.match ?? null,
    ...(p ? {} : { erased: true as const }),
  };
}

/** A row as stored: its hash taken over the clear content, the personal part sealed by the repository. */
function toStoredRow(r: ListRowData, position: number): repo.ListRowInsert {
  return {
    position,
    personId: r.personId,
    personal: {
      nameCyrillic: r.nameCyrillic,
      nameLatin: r.nameLatin,
      birthDate: r.birthDate,
      articles: r.articles,
      facility: r.facility,
      sentence: r.sentence,
      ...(r.detainedOn !== undefined && r.detainedOn !== null ? { detainedOn: r.detainedOn } : {}),
      priority: r.priority,
      received: r.received ?? null,
      match: r.match ?? null,
    },
    rowHash: rowHash(r),
    exchangeConsent: r.exchangeConsent ?? null,
    category: r.category,
    status: r.status,
    recognition: r.recognition,
    eligible: r.eligible,
    reasons: r.reasons,
    warnings: r.warnings,
  };
}

/** Store rows as the list's next version (inside the caller's transaction); the list row is updated too. */
/** `asOf`: the day the rows were computed for (a build in the background may store them on a later day). */
export async function writeVersion(db: Db, ctx: ServiceContext, list: ExchangeListRow, rows: ListRowData[], note: string, asOf: string): Promise<ListVersionRow> {
  // Rows are built before the transaction (seconds to minutes for a large list): someone erased or merged meanwhile
  // must not be stored — sealing their row would make them a new key and keep their name after the erasure.
  const ids = [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))];
  const gone = ids.length - (await builds.countExisting(db, ctx.dbKind, list.organisationId, ids));
  if (gone > 0) throw new ServiceError("conflict", `${gone} of the people on the list were erased or merged while it was being built: build it again`, { gone }, "listPeopleGone");
  const next = list.currentVersion + 1;
  const stored = await mapYielding(rows, (r, i) => toStoredRow(r, i + 1));
  const v = await repo.insertVersion(
    db,
    ctx.dbKind,
    {
      listId: list.id,
      version: next,
      contentHash: contentHashOfRowHashes(stored.map((r) => r.rowHash!)),
      hashScheme: HASH_SCHEME,
      rowCount: rows.length,
      eligibleCount: rows.filter((r) => r.eligible).length,
      note,
      createdBy: actorUserId(ctx.actor),
      createdByLabel: actorLabel(ctx.actor),
      createdAt: ctx.now(),
      asOf,
    },
    stored,
  );
  await repo.updateList(db, list.id, { currentVersion: next });
  return v;
}

export function summariseVersion(v: ListVersionRow) {
  return {
    version: v.version,
    contentHash: v.contentHash,
    rowCount: v.rowCount,
    eligibleCount: v.eligibleCount,
    note: v.note,
    createdBy: v.createdByLabel,
    createdAt: v.createdAt.toISOString(),
    asOf: v.asOf,
  };
}
