import { z } from "zod";
import { personCategories, personStatuses } from "../../db/schema/enums.js";
import { confirmDistinctInput, confirmDistinctPeople, registerPerson, registerPersonInput } from "../../services/duplicates.js";
import { mergeInput, mergePeople, previewMerge } from "../../services/merge.js";
import { addCase, getPerson, listCases, listPeople, updateCase, updatePerson } from "../../services/people.js";
import { caseInput, casePatch, personPatch } from "../../services/personInput.js";
import { presentCase, presentPersonDetail, presentPersonSummary } from "../presenters/person.js";
import { defineRoute, type AnyRoute } from "../route.js";

const idParams = z.object({ id: z.uuid() });
const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((s) => s.split(",").filter(Boolean)).pipe(z.array(z.enum(values))).optional();

export const listPeopleQuery = z.object({
  q: z.string().max(200).optional(),
  category: csv(personCategories),
  status: csv(personStatuses),
  region: z.string().max(200).optional(),
  article: z.string().max(20).optional(),
  facilityId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  sort: z.enum(["name", "-name", "birth", "-birth", "updated", "-updated", "category", "status"]).optional(),
});

export const peopleRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/api/v1/people",
    tokenScope: "registry:read",
    summary: "List people with filters and pagination",
    tag: "people",
    api: true,
    cacheBetweenWrites: true,
    permission: { action: "list", resource: "person" },
    query: listPeopleQuery,
    async handler({ ctx, query }) {
      const r = await listPeople(ctx, query);
      return {
        total: r.total,
        limit: r.limit,
        offset: r.offset,
        items: r.rows.map((p) => presentPersonSummary(p, r.names.get(p.id), p.currentFacilityId ? r.facilities.get(p.currentFacilityId) : null, ctx.actor)),
      };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/people/:id",
    tokenScope: "registry:read",
    summary: "One person with names, cases and status timeline",
    tag: "people",
    api: true,
    cacheBetweenWrites: true,
    permission: { action: "read", resource: "person" },
    params: idParams,
    async handler({ ctx, params }) {
      return presentPersonDetail(await getPerson(ctx, params.id), ctx.actor);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/people",
    tokenScope: "registry:write",
    summary:
      "Create a person. The matcher looks first: a probable duplicate (verdict match) answers 409 { error: \"probableDuplicate\", candidates: [{ id, name, birthDate, score, explanation }] } unless the body says confirmDistinct: true (audited, the pairs remembered); a possible one is created with `warnings`",
    tag: "people",
    api: true,
    permission: { action: "create", resource: "person" },
    body: registerPersonInput,
    successStatus: 201,
    async handler({ ctx, body }) {
      const { person, warnings } = await registerPerson(ctx, body);
      return { ...presentPersonDetail(await getPerson(ctx, person.id), ctx.actor), warnings };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/people/:id/merge",
    summary: "Preview merging another record (mergedId) into this one: both records, the fields where both hold a different value (to choose), the spellings",
    tag: "people",
    api: true,
    permission: { action: "merge", resource: "person" },
    params: idParams,
    query: z.object({ mergedId: z.uuid() }),
    handler: ({ ctx, params, query }) => previewMerge(ctx, params.id, query.mergedId),
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/people/:id/merge",
    summary:
      "Merge another record (mergedId) into this one: names (every spelling), cases, status history, appeals, sources, health, consents, assignments, custody history, assessments, Geneva record and priority facts move here; `choices` says whose value to keep where both differ. The old id then answers reads with 308 to this one and writes with 409",
    tag: "people",
    api: true,
    permission: { action: "merge", resource: "person" },
    params: idParams,
    body: mergeInput.omit({ survivorId: true }),
    handler: ({ ctx, params, body }) => mergePeople(ctx, { ...body, survivorId: params.id }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/people/:id/distinct",
    summary: "Confirm that two records the matcher takes for one person are two people: neither the duplicates list nor an exchange list's check raises the pair again",
    tag: "people",
    api: true,
    permission: { action: "update", resource: "person" },
    params: idParams,
    body: confirmDistinctInput,
    async handler({ ctx, params, body }) {
      return confirmDistinctPeople(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: "PATCH",
    url: "/api/v1/people/:id",
    tokenScope: "registry:write",
    summary: "Update a person",
    tag: "people",
    api: true,
    permission: { action: "update", resource: "person" },
    params: idParams,
    body: personPatch,
    async handler({ ctx, params, body }) {
      await updatePerson(ctx, params.id, body);
      return presentPersonDetail(await getPerson(ctx, params.id), ctx.actor);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/people/:id/cases",
    tokenScope: "registry:write",
    summary: "Add a criminal case to a person",
    tag: "cases",
    api: true,
    permission: { action: "create", resource: "case" },
    params: idParams,
    body: caseInput,
    successStatus: 201,
    async handler({ ctx, params, body }) {
      const row = await addCase(ctx, params.id, body);
      const detail = await getPerson(ctx, params.id);
      return presentCase(detail.cases.find((c) => c.id === row.id)!);
    },
  }),
  defineRoute({
    method: "PATCH",
    url: "/api/v1/people/:id/cases/:caseId",
    tokenScope: "registry:write",
    summary: "Update a criminal case",
    tag: "cases",
    api: true,
    permission: { action: "update", resource: "case" },
    params: z.object({ id: z.uuid(), caseId: z.uuid() }),
    body: casePatch,
    async handler({ ctx, params, body }) {
      return presentCase(await updateCase(ctx, params.id, params.caseId, body));
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/cases",
    tokenScope: "registry:read",
    summary: "List criminal cases with filters (article, court, person) and pagination",
    tag: "cases",
    api: true,
    permission: { action: "list", resource: "case" },
    query: z.object({
      article: z.string().max(20).optional(),
      court: z.string().max(200).optional(),
      personId: z.uuid().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    async handler({ ctx, query }) {
      const r = await listCases(ctx, query);
      return { total: r.total, limit: r.limit, offset: r.offset, items: r.rows.map((c) => ({ ...presentCase(c), personId: c.personId, personName: c.personName })) };
    },
  }),
];
