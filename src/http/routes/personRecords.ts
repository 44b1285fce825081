import { z } from "zod";
import { redactFields, type Visibility } from "../presenters/person.js";
import { assignInput, assignmentsOf, assignPerson, unassignPerson } from "../../services/assignments.js";
import { createFacility, facilityInput, facilityPatch, listFacilities, updateFacility } from "../../services/facilities.js";
import { exportGenevaRecord, genevaInput, saveGenevaRecord } from "../../services/geneva.js";
import {
  citeSource,
  consentHistory,
  consentInput,
  createSource,
  custodyHistoryInput,
  custodyHistoryOf,
  healthInput,
  listSources,
  recordConsent,
  recordCustody,
  recordHealth,
  recordRosfinListing,
  rosfinHistory,
  rosfinInput,
  sourceInput,
  sourcesOfPerson,
} from "../../services/personRecords.js";
import { defineRoute, type AnyRoute } from "../route.js";

const idParams = z.object({ id: z.uuid() });
/** Consent history: the consent itself and its dates reach volunteers; who gave it and how stays internal. */
export const consentFieldVisibility: Record<string, Visibility> = { publicity: "limited", exchange: "limited", givenOn: "limited", recordedAt: "limited", givenBy: "internal", note: "internal" };
const personTag = "person records";

export const personRecordRoutes: AnyRoute[] = [
  defineRoute({
    method: "POST", url: "/api/v1/people/:id/health", summary: "Record a health condition (details sealed at rest)", tag: personTag, api: true,
    permission: { action: "create", resource: "healthRecord" }, params: idParams, body: healthInput, successStatus: 201,
    handler: ({ ctx, params, body }) => recordHealth(ctx, params.id, body),
  }),
  defineRoute({
    method: "POST", url: "/api/v1/people/:id/consents", summary: "Record publicity and/or exchange consent", tag: personTag, api: true,
    permission: { action: "recordConsent", resource: "person" }, params: idParams, body: consentInput, successStatus: 201,
    async handler({ ctx, params, body }) {
      await recordConsent(ctx, params.id, body);
      return { ok: true };
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/people/:id/consents", summary: "Consent history", tag: personTag, api: true,
    permission: { action: "read", resource: "person" }, params: idParams,
    async handler({ ctx, params }) {
      const rows = await consentHistory(ctx, params.id);
      // Who gave consent (often a relative) and notes are internal: volunteers get the consent itself only.
      return { items: rows.map((r) => redactFields({ publicity: r.publicity, exchange: r.exchange, givenBy: r.givenBy, givenOn: r.givenOn, note: r.note, recordedAt: r.recordedAt }, ctx.actor, consentFieldVisibility)) };
    },
  }),
  defineRoute({
    method: "POST", url: "/api/v1/people/:id/rosfin-listing", summary: "Record a Rosfinmonitoring 'terrorists and extremists' listing or delisting", tag: personTag, api: true,
    permission: { action: "update", resource: "person" }, params: idParams, body: rosfinInput, successStatus: 201,
    async handler({ ctx, params, body }) {
      await recordRosfinListing(ctx, params.id, body);
      return { ok: true };
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/people/:id/rosfin-listing", summary: "Rosfinmonitoring listing history", tag: personTag, api: true,
    permission: { action: "read", resource: "person" }, params: idParams,
    async handler({ ctx, params }) {
      return { items: (await rosfinHistory(ctx, params.id)).map((r) => ({ listed: r.listed, listedOn: r.listedOn, delistedOn: r.delistedOn })) };
    },
  }),
  defineRoute({
    method: "PUT", url: "/api/v1/people/:id/geneva", summary: "Save the Geneva Conventions record (GC III art. 122 / GC IV arts. 136–138), sealed at rest", tag: personTag, api: true,
    permission: { action: "update", resource: "genevaRecord" }, params: idParams, body: genevaInput,
    async handler({ ctx, params, body }) {
      await saveGenevaRecord(ctx, params.id, body);
      return { ok: true };
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/people/:id/geneva/export", summary: "Geneva record for the ICRC Central Tracing Agency (every field) or the family (withheld fields left out)", tag: personTag, api: true,
    permission: { action: "export", resource: "genevaRecord" }, params: idParams, query: z.object({ recipient: z.enum(["icrc", "family"]).default("icrc") }),
    handler: ({ ctx, params, query }) => exportGenevaRecord(ctx, params.id, query.recipient),
  }),
  defineRoute({
    method: "GET", url: "/api/v1/people/:id/sources", summary: "Sources cited for a person", tag: personTag, api: true,
    permission: { action: "read", resource: "person" }, params: idParams,
    async handler({ ctx, params }) {
      const items = await sourcesOfPerson(ctx, params.id);
      // Sources are staff material (volunteers may not list them); a volunteer gets nothing here.
      return { items: ctx.actor.kind === "user" && ctx.actor.role === "volunteer" ? [] : items };
    },
  }),
  defineRoute({
    method: "POST", url: "/api/v1/people/:id/sources", summary: "Cite a source for a person", tag: personTag, api: true,
    permission: { action: "update", resource: "person" }, params: idParams, body: z.object({ sourceId: z.uuid(), note: z.string().max(1000).nullish() }), successStatus: 201,
    async handler({ ctx, params, body }) {
      await citeSource(ctx, params.id, body);
      return { ok: true };
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/people/:id/custody-history", summary: "Where the person has been held", tag: personTag, api: true,
    permission: { action: "read", resource: "person" }, params: idParams,
    async handler({ ctx, params }) {
      return { items: await custodyHistoryOf(ctx, params.id) };
    },
  }),
  defineRoute({
    method: "POST", url: "/api/v1/people/:id/custody-history", summary: "Record a stay in a facility (optionally as the current one)", tag: personTag, api: true,
    permission: { action: "update", resource: "person" }, params: idParams, body: custodyHistoryInput, successStatus: 201,
    async handler({ ctx, params, body }) {
      await recordCustody(ctx, params.id, body);
      return { ok: true };
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/people/:id/assignments", summary: "Lawyers assigned to the person (an assignment is what lets a lawyer see the person)", tag: personTag, api: true,
    permission: { action: "read", resource: "person" }, params: idParams,
    handler: async ({ ctx, params }) => ({ items: await assignmentsOf(ctx, params.id) }),
  }),
  defineRoute({
    method: "POST", url: "/api/v1/people/:id/assignments", summary: "Assign the person to a lawyer of this organisation (coordinators and admins); answers the assignments", tag: personTag, api: true,
    permission: { action: "assign", resource: "person" }, params: idParams, body: assignInput, successStatus: 201,
    handler: async ({ ctx, params, body }) => ({ items: await assignPerson(ctx, params.id, body) }),
  }),
  defineRoute({
    method: "DELETE", url: "/api/v1/people/:id/assignments/:userId", summary: "Take the person away from a lawyer; answers the assignments left", tag: personTag, api: true,
    permission: { action: "assign", resource: "person" }, params: z.object({ id: z.uuid(), userId: z.uuid() }),
    handler: async ({ ctx, params }) => ({ items: await unassignPerson(ctx, params.id, params.userId) }),
  }),
  defineRoute({
    method: "GET", url: "/api/v1/sources", summary: "Sources of this organisation", tag: "sources", api: true,
    permission: { action: "list", resource: "source" },
    async handler({ ctx }) {
      return { items: (await listSources(ctx)).map((s) => ({ id: s.id, kind: s.kind, title: s.title, url: s.url, reliability: s.reliability, note: s.note })) };
    },
  }),
  defineRoute({
    method: "POST", url: "/api/v1/sources", summary: "Create a source (URL, document, person) with a reliability grade A–F", tag: "sources", api: true,
    permission: { action: "create", resource: "source" }, body: sourceInput, successStatus: 201,
    handler: ({ ctx, body }) => createSource(ctx, body),
  }),
  defineRoute({
    method: "GET", url: "/api/v1/facilities", tokenScope: "registry:read", summary: "Facilities (colonies, SIZOs …) with postal addresses", tag: "facilities", api: true,
    permission: { action: "list", resource: "facility" }, query: z.object({ q: z.string().max(200).optional() }),
    async handler({ ctx, query }) {
      // Volunteers write letters: name, kind, region and postal address; staff notes stay internal.
      return { items: (await listFacilities(ctx, query.q)).map((f) => redactFields(f as Record<string, unknown>, ctx.actor, { notes: "internal", createdAt: "internal" }, "limited")) };
    },
  }),
  defineRoute({
    method: "POST", url: "/api/v1/facilities", summary: "Create a facility", tag: "facilities", api: true,
    permission: { action: "create", resource: "facility" }, body: facilityInput, successStatus: 201,
    handler: ({ ctx, body }) => createFacility(ctx, body),
  }),
  defineRoute({
    method: "PATCH", url: "/api/v1/facilities/:id", summary: "Update a facility", tag: "facilities", api: true,
    permission: { action: "update", resource: "facility" }, params: idParams, body: facilityPatch,
    handler: ({ ctx, params, body }) => updateFacility(ctx, params.id, body),
  }),
];
