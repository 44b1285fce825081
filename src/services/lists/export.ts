/** Export a list version as PDF, XLSX or CSV; every export is audited (who took which version out). */
import { z } from "zod";
import { recordAudit } from "../audit.js";
import type { ServiceContext } from "../context.js";
import { tx } from "../people.js";
import { authorize } from "../policy.js";
import { loadList, loadVersion } from "./common.js";
import { exportFormats, exportModel, exportScopes, fileBaseName } from "./exportModel.js";
import { renderPdf } from "./exportPdf.js";
import { renderCsv, renderXlsx } from "./exportTabular.js";
import { MAX_VERSION } from "./rows.js";

export const exportInput = z.object({
  version: z.coerce.number().int().min(1).max(MAX_VERSION).optional(),
  format: z.enum(exportFormats),
  scope: z.enum(exportScopes).default("eligible"),
});

const CONTENT_TYPES = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
} as const;

export interface ExportedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  version: number;
  contentHash: string;
}

export async function exportListVersion(ctx: ServiceContext, id: string, input: z.input<typeof exportInput>): Promise<ExportedFile> {
  authorize(ctx.actor, "export", "exchangeList");
  const v = exportInput.parse(input);
  const list = await loadList(ctx.db, ctx, id);
  const { version, rows } = await loadVersion(ctx.db, list, v.version);
  const model = exportModel(list, version, rows, v.scope, ctx.now());
  const bytes = v.format === "pdf" ? await renderPdf(model) : v.format === "xlsx" ? await renderXlsx(model) : renderCsv(model);
  await tx(ctx, (db) =>
    recordAudit(db, ctx.actor, { type: "exchangeList.exported", targetType: "exchangeList", targetId: id, detail: { version: version.version, contentHash: version.contentHash, format: v.format, scope: v.scope, rows: model.rows.length } }, ctx.now()),
  );
  return { fileName: `${fileBaseName(model)}.${v.format}`, contentType: CONTENT_TYPES[v.format], bytes, version: version.version, contentHash: version.contentHash };
}
