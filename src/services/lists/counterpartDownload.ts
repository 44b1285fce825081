/**
 * The reconciliation of a counterpart list as a file: one line per row of their file, under the row number
 * their spreadsheet shows, with the matched person and the matcher's explanation. The CSV is the CLI's
 * (`reconciliationCsv`); the XLSX has the same columns. Their cells are untrusted, so text a spreadsheet
 * would run as a formula is defused in both.
 */
import { excelJs } from "../tabular/excel.js";
import { defuseFormula } from "../../domain/csv.js";
import { actorOrganisationId, type ServiceContext } from "../context.js";
import { invalid } from "../errors.js";
import { authorize } from "../policy.js";
import { RESULT_COLUMNS, reconciliationCsv, registryIndex, type ReconciledRow } from "../reconcile.js";
import { loadList, loadVersion } from "./common.js";
import type { Verdict } from "../../domain/names/index.js";

export type ReconciliationFormat = "csv" | "xlsx";

/** The stored rows of a counterpart list version in the reconcile service's result shape. */
export async function counterpartResultRows(ctx: ServiceContext, id: string, version?: number) {
  authorize(ctx.actor, "read", "reconciliation");
  const list = await loadList(ctx.db, ctx, id);
  if (list.kind !== "counterpart") throw invalid("this report is for counterpart lists");
  const { version: v, rows } = await loadVersion(ctx.db, list, version);
  // Names and external ids of the matched people as the registry has them now.
  const registry = await registryIndex(ctx, actorOrganisationId(ctx.actor));
  const out: ReconciledRow[] = rows.map((r, i) => {
    const candidate = r.match?.candidateId ?? r.personId;
    const p = candidate ? registry.byId.get(candidate) : undefined;
    const fileRow = Number(r.received?.["#row"]);
    return {
      row: Number.isInteger(fileRow) && fileRow > 0 ? fileRow : i + 1,
      input_name: r.nameCyrillic ?? r.nameLatin ?? "",
      person_id: candidate ?? null,
      external_id: p?.externalId ?? null,
      matched_name: p?.primaryName ?? null,
      score: r.match?.score ?? 0,
      verdict: (r.match?.verdict ?? "none") as Verdict,
      explanation: r.match?.explanation ?? [],
      category: r.category,
      status: r.status,
    };
  });
  return { list, version: v.version, rows: out };
}

export async function downloadReconciliation(ctx: ServiceContext, id: string, format: ReconciliationFormat, version?: number) {
  const r = await counterpartResultRows(ctx, id, version);
  const base = `${r.list.name.replace(/[\\/:*?"<>|\r\n]+/g, "_").slice(0, 100)}-reconciliation-v${r.version}`;
  if (format === "csv") {
    // UTF-8 with a byte-order mark: Excel otherwise misreads Cyrillic.
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(reconciliationCsv(r.rows), "utf8")]);
    return { bytes, fileName: `${base}.csv`, contentType: "text/csv; charset=utf-8" };
  }
  const wb = new (await excelJs()).Workbook();
  wb.creator = "allforall";
  const ws = wb.addWorksheet("Reconciliation", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow([...RESULT_COLUMNS]).font = { bold: true };
  [8, 36, 38, 14, 36, 8, 10, 80].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const x of r.rows) {
    ws.addRow([x.row, defuseFormula(x.input_name), x.person_id ?? "", x.external_id ?? "", defuseFormula(x.matched_name ?? ""), Number(x.score.toFixed(3)), x.verdict, defuseFormula(x.explanation.join("; "))]);
  }
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { bytes, fileName: `${base}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
}
