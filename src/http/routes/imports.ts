import { z } from "zod";
import { FIELDS } from "../../domain/tabular/headers.js";
import { refusedRowsCsv } from "../../services/import/describe.js";
import { ImportRefused, importPeople, type ImportReport } from "../../services/import/importPeople.js";
import { renderIssue, renderMessage } from "../../services/import/messages.js";
import { decideImportReview, listImportReviews, reviewDecision } from "../../services/import/review.js";
import { t, type Locale } from "../../i18n/index.js";
import { apiLocale } from "../errorText.js";
import { defineRoute, type AnyRoute } from "../route.js";

// The staff app's Import screen: a sheet uploaded as base64 (as counterpart lists are), read, mapped, tried
// (dry run) and committed by the same service as `allforall import people`; the review list worked beside it.
const UPLOAD_LIMIT = 20 * 1024 * 1024;

/** The staff app and API clients have no --category flag (the CLI's): a row's category issue names the form's field. */
function staffWording(locale: Locale, r: ImportReport): ImportReport {
  const field = t(locale, "web.imp.category");
  return { ...r, issues: r.issues.map((i) => (i.expected.key === "import.expected.category" ? { ...i, expected: { key: "web.imp.expected.category", params: { ...i.expected.params, field } } } : i)) };
}

function present(locale: Locale, report: ImportReport) {
  const r = staffWording(locale, report);
  return {
    file: r.file, format: r.format, encoding: r.encoding, separator: r.separator, sheet: r.sheet, sheets: r.sheets, headers: r.headers, columns: r.columns,
    dryRun: r.dryRun, rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged, review: r.review, failed: r.failed,
    issues: r.issues.slice(0, 1000).map((i) => ({ row: i.row, column: i.column, value: i.value, message: renderIssue(locale, i) })),
    conflicts: r.conflicts.slice(0, 1000).map((c) => ({ ...c, message: t(locale, "import.conflict", { file: c.file, row: String(c.row), column: c.column, stored: c.stored, value: c.value }) })),
    warnings: r.warnings.slice(0, 200).map((w) => renderMessage(locale, w)),
    reviewRows: r.reviewRows,
    preview: r.preview,
    refusedCsv: r.refusedRows.length ? refusedRowsCsv(locale, r) : null,
  };
}

export const importRoutes: AnyRoute[] = [
  defineRoute({
    method: "POST",
    url: "/api/v1/imports/people",
    summary: "Import people from an organisation's sheet (CSV in UTF-8/cp1251/KOI8-R, XLSX, JSON; base64): dry run or commit; report in the request's language",
    tag: "import",
    api: true,
    permission: { action: "import", resource: "person" },
    bodyLimit: UPLOAD_LIMIT + 64 * 1024,
    body: z.object({
      fileName: z.string().trim().min(1).max(300),
      contentBase64: z.string().min(4).max(UPLOAD_LIMIT),
      sheet: z.string().trim().max(200).optional(),
      category: z.string().trim().max(100).optional(),
      map: z.record(z.string().max(300), z.enum([...FIELDS, "ignore"])).optional(),
      dryRun: z.boolean().default(true),
    }),
    async handler({ ctx, body, request, reply }) {
      const locale = apiLocale(request);
      try {
        const r = await importPeople(ctx, { file: body.fileName, content: Buffer.from(body.contentBase64, "base64"), sheet: body.sheet, category: body.category || undefined, map: body.map, dryRun: body.dryRun, previewRows: 5 });
        return present(locale, r);
      } catch (e) {
        if (!(e instanceof ImportRefused)) throw e;
        reply.code(400);
        // The staff app and API clients have no --category flag (the CLI's): they have the form's field, the body's category.
        const reason = e.reason.key === "import.missingCategory" ? { key: "web.imp.missingCategory" as const, params: { ...e.reason.params, field: t(locale, "web.imp.category") } } : e.reason;
        return { error: "invalid", message: renderMessage(locale, reason) };
      }
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/imports/reviews",
    summary: "Imported rows left for review (possible matches, consent), newest first",
    tag: "import",
    api: true,
    permission: { action: "import", resource: "person" },
    query: z.object({ status: z.enum(["pending", "decided"]).optional() }),
    async handler({ ctx, query }) {
      return { items: await listImportReviews(ctx, query.status ? { status: query.status } : {}) };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/imports/reviews/:id",
    summary: "Decide an imported row: same person (fill the candidate's empty fields), different person (create), or apply/dismiss consent",
    tag: "import",
    api: true,
    permission: { action: "import", resource: "person" },
    params: z.object({ id: z.uuid() }),
    body: z.object({ decision: reviewDecision }),
    async handler({ ctx, params, body }) {
      return decideImportReview(ctx, { id: params.id, decision: body.decision });
    },
  }),
];
