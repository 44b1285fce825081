/** Storing built rows as a list's next version: the one place a build (within a request or in the background) ends. */
import type { Db } from "../../db/client.js";
import * as repo from "../../db/repositories/exchangeLists.js";
import { recordAudit } from "../audit.js";
import type { ServiceContext } from "../context.js";
import { loadVersion, summariseVersion, writeVersion } from "./common.js";
import { contentHash, diffRows, type ListRowData } from "./rows.js";

/**
 * Inside the caller's transaction, the list locked: the rows become the next version — unless they equal the current
 * one (a rebuild that changed nothing stores no version). Audited with what changed.
 */
export async function storeBuiltRows(db: Db, ctx: ServiceContext, list: repo.ExchangeListRow, rows: ListRowData[], asOf: string, note: string, auditDetail: Record<string, unknown>) {
  const id = list.id;
  if (list.currentVersion === 0) {
    // The first version (of a list whose build went to the background): nothing to compare with.
    const v = await writeVersion(db, ctx, list, rows, note, asOf);
    await recordAudit(db, ctx.actor, { type: "exchangeList.versioned", targetType: "exchangeList", targetId: id, detail: { ...auditDetail, newVersion: true, version: v.version, contentHash: v.contentHash, rows: rows.length } }, ctx.now());
    return { id, created: true, version: summariseVersion(v) };
  }
  const current = await loadVersion(db, list);
  if (contentHash(rows, current.version.hashScheme) === current.version.contentHash) {
    await recordAudit(db, ctx.actor, { type: "exchangeList.versioned", targetType: "exchangeList", targetId: id, detail: { ...auditDetail, newVersion: false, version: list.currentVersion } }, ctx.now());
    return { id, created: false, version: summariseVersion(current.version) };
  }
  const v = await writeVersion(db, ctx, list, rows, note, asOf);
  const d = diffRows(current.rows, rows);
  await recordAudit(db, ctx.actor, { type: "exchangeList.versioned", targetType: "exchangeList", targetId: id, detail: { ...auditDetail, newVersion: true, version: v.version, contentHash: v.contentHash, added: d.added.length, removed: d.removed.length, changed: d.changed.length } }, ctx.now());
  return { id, created: true, version: summariseVersion(v) };
}
