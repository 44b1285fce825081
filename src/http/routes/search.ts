import { z } from "zod";
import { appealsOfPerson } from "../../services/personAppeals.js";
import { personAuditTrail } from "../../services/personAudit.js";
import { presentAppealRow } from "../presenters/appeal.js";
import { recognitionFilterValues } from "../../services/lists/build.js";
import { searchPeople } from "../../services/search.js";
import { getStats } from "../../services/stats.js";
import { presentPersonSummary } from "../presenters/person.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { listPeopleQuery } from "./people.js";

// Routes the staff app needs beyond plain CRUD: search across scripts, dashboard numbers, a person's audit trail
// and linked appeals.

export const searchRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/api/v1/people/search",
    tokenScope: "registry:read",
    summary: "Find people by any spelling or script of their name (matcher + substring), with the list filters plus recognition state and minimum priority",
    tag: "people",
    api: true,
    cacheBetweenWrites: true,
    permission: { action: "list", resource: "person" },
    query: listPeopleQuery.extend({
      q: z.string().trim().max(200).optional(),
      recognition: z.string().transform((s) => s.split(",").filter(Boolean)).pipe(z.array(z.enum(recognitionFilterValues))).optional(),
      priorityAtLeast: z.coerce.number().min(0).max(1000).optional(),
    }),
    async handler({ ctx, query }) {
      const r = await searchPeople(ctx, query);
      return {
        total: r.total,
        limit: r.limit,
        offset: r.offset,
        items: r.rows.map((p) => ({
          ...presentPersonSummary(p, r.names.get(p.id), p.currentFacilityId ? r.facilities.get(p.currentFacilityId) : null, ctx.actor),
          match: { score: r.hits.get(p.id)?.score ?? 0, verdict: r.hits.get(p.id)?.verdict ?? "substring" },
        })),
      };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/stats",
    tokenScope: "registry:read",
    summary: "Dashboard aggregates: people by category, status, region, article, sentence length; held over time; releases and exchanges",
    tag: "stats",
    api: true,
    cacheBetweenWrites: true,
    permission: { action: "list", resource: "person" },
    async handler({ ctx }) {
      return getStats(ctx);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/people/:id/audit",
    summary: "Audit trail of one person and their cases (read-only)",
    tag: "people",
    api: true,
    permission: { action: "read", resource: "audit" },
    params: z.object({ id: z.uuid() }),
    async handler({ ctx, params }) {
      return { items: await personAuditTrail(ctx, params.id) };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/people/:id/appeals",
    summary: "Appeals linked to a person (status and who it is about; no sealed text or contacts)",
    tag: "appeals",
    api: true,
    permission: { action: "list", resource: "appeal" },
    params: z.object({ id: z.uuid() }),
    async handler({ ctx, params }) {
      return { items: (await appealsOfPerson(ctx, params.id)).map(presentAppealRow) };
    },
  }),
];
