import { z } from "zod";
import { findDuplicatePeople, reconcileInput, reconcileList } from "../../services/reconcile.js";
import { downloadReconciliation } from "../../services/lists/counterpartDownload.js";
import { defineRoute, type AnyRoute } from "../route.js";

// Reconciling an incoming list with the registry, and duplicates inside the registry (docs/matching.md).

export const reconciliationRoutes: AnyRoute[] = [
  defineRoute({
    method: "POST",
    url: "/api/v1/reconciliations",
    summary: "Match the rows of an incoming list (name, optional birth_date, region) against the registry: per-row match with explanation, and a summary (categories, duplicates in the list, people no longer held, unmatched rows)",
    tag: "reconciliation",
    api: true,
    permission: { action: "create", resource: "reconciliation" },
    body: reconcileInput,
    bodyLimit: 16 * 1024 * 1024,
    async handler({ ctx, body }) {
      return reconcileList(ctx, body);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/duplicates",
    summary: "Probable duplicate people inside the registry, best first, with explanations",
    tag: "reconciliation",
    api: true,
    permission: { action: "read", resource: "reconciliation" },
    query: z.object({
      min: z.coerce.number().gt(0).max(1).optional(),
      limit: z.coerce.number().int().min(1).max(5000).optional(),
    }),
    async handler({ ctx, query }) {
      const items = await findDuplicatePeople(ctx, { ...(query.min !== undefined ? { minScore: query.min } : {}), limit: query.limit ?? 500 });
      return { items };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/lists/:id/reconciliation",
    summary: "Download the reconciliation of a counterpart list (CSV or XLSX): every row under the row number of their file, the matched person, score, verdict and explanation",
    tag: "reconciliation",
    api: true,
    permission: { action: "read", resource: "reconciliation" },
    params: z.object({ id: z.uuid() }),
    query: z.object({ format: z.enum(["csv", "xlsx"]).default("csv"), version: z.coerce.number().int().min(1).optional() }),
    responds: "raw",
    async handler({ ctx, params, query, reply }) {
      const f = await downloadReconciliation(ctx, params.id, query.format, query.version);
      const ascii = f.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "");
      return reply
        .header("content-type", f.contentType)
        .header("content-disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header("cache-control", "no-store")
        .send(f.bytes);
    },
  }),
];
