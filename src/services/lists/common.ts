/** Loading, guarding and versioning shared by the list services. */
import type { Db } from "../../db/client.js";
import * as repo from "../../db/repositories/exchangeLists.js";
import type { ExchangeListRow, ListRowRow, ListVersionRow } from "../../db/repositories/exchangeLists.js";
import { actorLabel, actorOrganisationId, actorUserId, type ServiceContext } from "../context.js";
import { conflict, invalid, notFound } from "../errors.js";
import { contentHash, MAX_VERSION, type ListRowData, type RecognitionState } from "./rows.js";

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

export async function loadVersion(db: Db, list: ExchangeListRow, version?: number): Promise<{ version: ListVersionRow; rows: ListRowData[] }> {
  const n = version ?? list.currentVersion;
  if (!Number.isInteger(n) || n < 1 || n > MAX_VERSION) throw invalid(`not a version number: ${n}`);
  const v = await repo.findVersion(db, list.id, n);
  if (!v) throw notFound(`version ${n} of the list`);
  return { version: v, rows: (await repo.rowsOf(db, v.id)).map(toRowData) };
}

export function toRowData(r: ListRowRow): ListRowData {
  return {
    personId: r.personId,
    nameCyrillic: r.nameCyrillic,
    nameLatin: r.nameLatin,
    birthDate: r.birthDate,
    articles: r.articles,
    facility: r.facility,
    sentence: r.sentence,
    ...(r.detainedOn !== null ? { detainedOn: r.detainedOn } : {}),
    ...(r.exchangeConsent !== null ? { exchangeConsent: r.exchangeConsent } : {}),
    category: r.category,
    status: r.status,
    // real columns round-trip through float4: keep one decimal, as the priority score has.
    priority: r.priority === null ? null : Math.round(r.priority * 10) / 10,
    recognition: r.recognition as RecognitionState | null,
    eligible: r.eligible,
    reasons: r.reasons,
    warnings: r.warnings,
    received: r.received ?? null,
    match: r.match ?? null,
  };
}

/** Store rows as the list's next version (inside the caller's transaction); the list row is updated too. */
export async function writeVersion(db: Db, ctx: ServiceContext, list: ExchangeListRow, rows: ListRowData[], note: string): Promise<ListVersionRow> {
  const next = list.currentVersion + 1;
  const v = await repo.insertVersion(
    db,
    {
      listId: list.id,
      version: next,
      contentHash: contentHash(rows),
      rowCount: rows.length,
      eligibleCount: rows.filter((r) => r.eligible).length,
      note,
      createdBy: actorUserId(ctx.actor),
      createdByLabel: actorLabel(ctx.actor),
      createdAt: ctx.now(),
    },
    rows.map((r, i) => ({ ...r, position: i + 1, priority: r.priority, received: r.received ?? null, match: r.match ?? null })),
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
  };
}
