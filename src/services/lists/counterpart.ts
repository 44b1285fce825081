/**
 * Counterpart lists: a list received from the other side, matched against the registry, and a report on
 * what it really contains — genuine political prisoners and civilians, or servicemen and collaborators
 * (`held_in_ukraine`) and people nobody knows — with duplicates, people already free, and the people on
 * our own list that theirs leaves out.
 *
 * Matching is the reconcile service's (`reconcileList`: the name matcher over a cached registry index,
 * duplicates among registered and unregistered rows); this file turns its verdicts into list rows.
 */
import { z } from "zod";
import * as repo from "../../db/repositories/exchangeLists.js";
import { recordAudit } from "../audit.js";
import { actorOrganisationId, actorUserId, type ServiceContext } from "../context.js";
import { invalid } from "../errors.js";
import { tx } from "../people.js";
import { listAsOf } from "./signals.js";
import { authorize } from "../policy.js";
import { NOT_HELD_STATUSES, reconcileList } from "../reconcile.js";
import { assertDraft, loadList, summariseVersion, writeVersion } from "./common.js";
import { readCounterpartFile, type ReceivedRow } from "./counterpartFile.js";
import { isCyrillic, latinName } from "./format.js";
import { type ListRowData } from "./rows.js";

export const importCounterpartInput = z.object({
  /** Re-import into an existing counterpart list (a new version); otherwise a new list is created. */
  listId: z.uuid().optional(),
  name: z.string().trim().min(1).max(200).optional(),
  purpose: z.string().trim().max(2000).optional(),
  fileName: z.string().trim().min(1).max(300),
  content: z.instanceof(Buffer),
  /** Our own list to compare with ("on ours, missing from theirs"). */
  comparedWithListId: z.uuid().optional(),
});

/** Rows of the list version from the reconciliation of the received file (the matcher's verdicts). */
function counterpartRows(received: ReceivedRow[], result: Awaited<ReturnType<typeof reconcileList>>): ListRowData[] {
  const duplicateRows = new Set(result.summary.duplicates.flatMap((d) => d.rows));
  return received.map((r, i) => {
    const m = result.rows[i]!;
    // Only a `match` identifies a person; a `possible` stays unidentified until someone checks it.
    const identified = m.verdict === "match" && m.person_id !== null;
    const reasons: string[] = [];
    const warnings: string[] = [];
    if (!identified) reasons.push("not_in_registry");
    if (m.verdict === "possible") warnings.push("possible_match");
    if (identified && m.status && (NOT_HELD_STATUSES as readonly string[]).includes(m.status)) reasons.push(m.status);
    if (duplicateRows.has(m.row)) warnings.push("duplicate");
    const cyr = isCyrillic(r.name);
    return {
      personId: identified ? m.person_id : null,
      nameCyrillic: cyr ? r.name : null,
      nameLatin: cyr ? latinName(r.name) : r.name,
      birthDate: r.birthDate,
      articles: r.article,
      facility: r.facility,
      sentence: null,
      category: identified ? m.category : null,
      status: identified ? m.status : null,
      priority: null,
      recognition: null,
      eligible: reasons.length === 0,
      reasons,
      warnings,
      // Their columns as they sent them, plus the file's row number under a key no heading uses.
      received: { ...r.values, "#row": String(r.row) },
      match: { verdict: m.verdict, score: Math.round(m.score * 1000) / 1000, explanation: m.explanation, candidateId: m.person_id },
    };
  });
}

export async function importCounterpartList(ctx: ServiceContext, input: z.input<typeof importCounterpartInput>) {
  authorize(ctx.actor, "create", "reconciliation");
  authorize(ctx.actor, "create", "exchangeList");
  const v = importCounterpartInput.parse(input);
  const organisationId = actorOrganisationId(ctx.actor);
  if (v.comparedWithListId) {
    const ours = await loadList(ctx.db, ctx, v.comparedWithListId);
    if (ours.kind !== "own") throw invalid("compare a counterpart list with one of our own lists");
  }
  const received = await readCounterpartFile(v.fileName, v.content);
  // The reconcile service matches, finds duplicates (also among unregistered rows) and audits the comparison.
  const result = await reconcileList(ctx, { rows: received.map((r) => ({ row: r.row, name: r.name, birth_date: r.birthDate?.slice(0, 20) ?? null })), source: v.fileName });
  const rows = counterpartRows(received, result);
  return tx(ctx, async (db) => {
    let list: repo.ExchangeListRow;
    if (v.listId) {
      list = await loadList(db, ctx, v.listId, { forUpdate: true });
      if (list.kind !== "counterpart") throw invalid("only a counterpart list takes an imported file");
      assertDraft(list, "import a new file");
      list = await repo.updateList(db, list.id, { sourceFileName: v.fileName, ...(v.comparedWithListId ? { comparedWithListId: v.comparedWithListId } : {}) });
    } else {
      if (!v.name) throw invalid("name the counterpart list");
      list = await repo.insertList(db, { organisationId, name: v.name, purpose: v.purpose ?? null, kind: "counterpart", sourceFileName: v.fileName, comparedWithListId: v.comparedWithListId ?? null, createdBy: actorUserId(ctx.actor) });
    }
    const version = await writeVersion(db, ctx, list, rows, `imported ${v.fileName}`, listAsOf(ctx));
    const detail = { fileName: v.fileName, version: version.version, contentHash: version.contentHash, rows: rows.length, matched: rows.filter((r) => r.personId).length };
    await recordAudit(db, ctx.actor, { type: v.listId ? "exchangeList.versioned" : "exchangeList.created", targetType: "exchangeList", targetId: list.id, detail: { kind: "counterpart", ...detail } }, ctx.now());
    return { id: list.id, version: summariseVersion(version) };
  });
}

export { COMPOSITION_GROUPS, REPORT_SECTIONS, counterpartReport, counterpartReportRows, type ReportSection } from "./counterpartReport.js";
