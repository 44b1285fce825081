import { excelJs } from "./tabular/excel.js";
import { z } from "zod";
import { recordAudit } from "./audit.js";
import { actorOrganisationId, type ServiceContext } from "./context.js";
import { renderDossierPdf } from "./officialDossierPdf.js";
import { loadExportModel, type ExportOfficial } from "./officialExportModel.js";
import { ROLE_LABELS, renderFtm, toFtm } from "./officialFtm.js";
import { loadOfficialFor } from "./officials.js";
import { tx } from "./people.js";
import { authorize } from "./policy.js";

// Exports of officials for sanctions teams and partners: FtM JSON lines, CSV and XLSX of everyone, and a dossier
// (PDF or XLSX) per official. Victims are named only with full publicity consent (officialExportModel.ts).

export const officialsExportFormats = ["ftm", "csv", "xlsx"] as const;
export const dossierFormats = ["pdf", "xlsx"] as const;
export const officialsExportInput = z.object({ format: z.enum(officialsExportFormats).default("ftm") });
export const dossierInput = z.object({ format: z.enum(dossierFormats).default("pdf") });

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
  count: number;
}

const HEAD = ["official", "official_latin", "birth_date", "positions", "role", "from", "to", "case_number", "court", "verdict_on", "person", "articles", "sentence", "sources"];

/** One row per role in a case (an official with no roles: one row with the case columns empty). */
export function tabularRows(officials: readonly ExportOfficial[]): string[][] {
  const rows: string[][] = [];
  for (const o of officials) {
    const head = [o.primaryName, o.nameLatin ?? "", o.birthDate ?? "", o.positions.map((p) => [p.rank, p.position, p.body?.name, [p.fromDate, p.toDate].filter(Boolean).join("–")].filter(Boolean).join(", ")).join("; ")];
    const sources = o.sources.map((s) => `${s.reliability}: ${s.title}${s.url ? ` <${s.url}>` : ""}`).join("; ");
    if (!o.roles.length) rows.push([...head, "", "", "", "", "", "", "", "", "", sources]);
    for (const r of o.roles)
      rows.push([...head, ROLE_LABELS[r.role] ?? r.role, r.fromDate ?? "", r.toDate ?? "", r.case.caseNumber ?? "", r.case.court ?? "", r.case.verdictOn ?? "", r.case.victimName ?? "(not named: no publicity consent)", r.case.articles.join("; "), r.case.sentence ?? "", sources]);
  }
  return rows;
}

/** A cell starting with = + - @ would run as a formula in a spreadsheet. */
const defuse = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
const csvCell = (v: string) => {
  const s = defuse(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function renderOfficialsCsv(officials: readonly ExportOfficial[]): Buffer {
  const lines = [HEAD.join(","), ...tabularRows(officials).map((r) => r.map(csvCell).join(","))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join("\r\n") + "\r\n", "utf8")]);
}

export async function renderOfficialsXlsx(officials: readonly ExportOfficial[], title: string, fixedDate: Date): Promise<Buffer> {
  const wb = new (await excelJs()).Workbook();
  wb.creator = "allforall";
  wb.created = fixedDate;
  wb.modified = fixedDate;
  wb.title = title;
  const ws = wb.addWorksheet("Officials", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(HEAD).font = { bold: true };
  [34, 30, 12, 50, 24, 11, 11, 16, 34, 11, 30, 30, 18, 50].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const r of tabularRows(officials)) ws.addRow(r);
  ws.eachRow((row) => (row.alignment = { vertical: "top", wrapText: true }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function audited(ctx: ServiceContext, targetId: string | null, detail: Record<string, unknown>) {
  await tx(ctx, (db) => recordAudit(db, ctx.actor, { type: "official.exported", targetType: "official", targetId, detail }, ctx.now()));
}

/** Every official of the organisation, as FtM JSON lines, CSV or XLSX. */
export async function exportOfficials(ctx: ServiceContext, input: unknown): Promise<ExportFile> {
  authorize(ctx.actor, "export", "official");
  const { format } = officialsExportInput.parse(input);
  const organisationId = actorOrganisationId(ctx.actor);
  const model = await loadExportModel(ctx.db, organisationId);
  const date = ctx.now().toISOString().slice(0, 10);
  let file: ExportFile;
  if (format === "ftm") {
    const entities = toFtm(organisationId, model);
    file = { filename: `officials-${date}.ftm.json`, contentType: "application/json+ftm; charset=utf-8", body: renderFtm(entities), count: entities.length };
  } else if (format === "csv") file = { filename: `officials-${date}.csv`, contentType: "text/csv; charset=utf-8", body: renderOfficialsCsv(model), count: model.length };
  else file = { filename: `officials-${date}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: await renderOfficialsXlsx(model, "Officials", ctx.now()), count: model.length };
  await audited(ctx, null, { format, count: file.count });
  return file;
}

/** The sanctions dossier of one official: identifiers, positions, each case with date, role, person, articles, sentence, sources. */
export async function exportDossier(ctx: ServiceContext, officialId: string, input: unknown): Promise<ExportFile> {
  const { format } = dossierInput.parse(input);
  await loadOfficialFor(ctx.db, ctx, officialId, "export");
  const [o] = await loadExportModel(ctx.db, actorOrganisationId(ctx.actor), { officialIds: [officialId] });
  const base = `dossier-${(o!.nameLatin ?? o!.primaryName).replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").toLowerCase() || "official"}`;
  const file =
    format === "pdf"
      ? { filename: `${base}.pdf`, contentType: "application/pdf", body: await renderDossierPdf(o!, ctx.now()), count: 1 }
      : { filename: `${base}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: await renderOfficialsXlsx([o!], o!.primaryName, ctx.now()), count: 1 };
  await audited(ctx, officialId, { format, dossier: true });
  return file;
}
