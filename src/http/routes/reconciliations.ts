import { z } from "zod";
import { findDuplicatePeople, reconcileInput, reconcileList } from "../../services/reconcile.js";
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
];
