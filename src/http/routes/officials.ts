import type { FastifyReply } from "fastify";
import { z } from "zod";
import { caseRoleInput, caseOfficials, decideLinkProposal, linkOfficialToCase, listLinkProposals, proposalDecision, proposeOfficialLinks, unlinkCaseRole } from "../../services/officialLinks.js";
import { dossierInput, exportDossier, exportOfficials, officialsExportInput, type ExportFile } from "../../services/officialExport.js";
import {
  bodyInput,
  citeOfficialSource,
  createOfficial,
  createPublicBody,
  deleteOfficial,
  getOfficial,
  listOfficials,
  listPublicBodies,
  officialInput,
  officialPatch,
  officialSourceInput,
  readOfficialPrivate,
  updateOfficial,
} from "../../services/officials.js";
import { getOfficialsSetting, officialsSettingInput, setOfficialsSetting } from "../../services/officialsPublic.js";
import { presentOfficialDetail, presentOfficialSummary } from "../presenters/official.js";
import { defineRoute, type AnyRoute } from "../route.js";

const tag = "officials";
const idParams = z.object({ id: z.uuid() });
const listQuery = z.object({ q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() });

function sendFile(reply: FastifyReply, f: ExportFile) {
  const ascii = f.filename.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "");
  return reply
    .header("content-type", f.contentType)
    .header("content-disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
    .header("cache-control", "no-store")
    .send(f.body);
}

export const officialRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET", url: "/api/v1/officials", tokenScope: "registry:read", summary: "Officials behind the cases (volunteers: names only; lawyers: officials of their people's cases)", tag, api: true,
    permission: { action: "list", resource: "official" }, query: listQuery, cacheBetweenWrites: true,
    async handler({ ctx, query }) {
      const r = await listOfficials(ctx, query);
      return { items: r.rows.map((o) => presentOfficialSummary(o, r.names.get(o.id) ?? [], r.positions, ctx.actor)), total: r.total, limit: r.limit, offset: r.offset };
    },
  }),
  defineRoute({
    method: "POST", url: "/api/v1/officials", summary: "Create an official (names, posts over time, sealed private details)", tag, api: true,
    permission: { action: "create", resource: "official" }, body: officialInput, successStatus: 201,
    async handler({ ctx, body }) {
      const o = await createOfficial(ctx, body);
      return presentOfficialDetail(await getOfficial(ctx, o.id), ctx.actor);
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/officials/export", summary: "Every official as FollowTheMoney JSON lines, CSV or XLSX (victims named only with publicity consent)", tag, api: true,
    permission: { action: "export", resource: "official" }, query: officialsExportInput, responds: "raw",
    async handler({ ctx, query, reply }) {
      return sendFile(reply, await exportOfficials(ctx, query));
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/officials/link-proposals", summary: "Proposed links from cases' free-text judges and prosecutors to official records, for review", tag, api: true,
    permission: { action: "update", resource: "official" }, query: z.object({ status: z.enum(["pending", "accepted", "rejected"]).optional() }),
    async handler({ ctx, query }) {
      const rows = await listLinkProposals(ctx, query);
      return {
        items: rows.map((r) => ({
          id: r.proposal.id, caseId: r.proposal.caseId, field: r.proposal.field, text: r.proposal.text, suggestedName: r.suggestedName, role: r.proposal.role, status: r.proposal.status,
          score: r.proposal.score, official: r.proposal.officialId ? { id: r.proposal.officialId, primaryName: r.officialName } : null,
          person: { id: r.personId, primaryName: r.personName }, court: r.court, caseNumber: r.caseNumber,
        })),
      };
    },
  }),
  defineRoute({
    method: "POST", url: "/api/v1/officials/link-proposals/run", summary: "Read every case's free-text judge and prosecutor and propose links for review (nothing is linked yet)", tag, api: true,
    permission: { action: "create", resource: "official" },
    handler: ({ ctx }) => proposeOfficialLinks(ctx),
  }),
  defineRoute({
    method: "POST", url: "/api/v1/officials/link-proposals/:id/decision", summary: "Accept (link, creating the record if needed) or reject a proposed link", tag, api: true,
    permission: { action: "update", resource: "official" }, params: idParams, body: proposalDecision,
    handler: ({ ctx, params, body }) => decideLinkProposal(ctx, params.id, body),
  }),
  defineRoute({
    method: "GET", url: "/api/v1/officials/settings", summary: "Whether the public officials page is on", tag, api: true,
    permission: { action: "list", resource: "official" },
    handler: ({ ctx }) => getOfficialsSetting(ctx),
  }),
  defineRoute({
    method: "PUT", url: "/api/v1/officials/settings", summary: "Turn the public officials page on or off (coordinators and admins)", tag, api: true,
    permission: { action: "manage", resource: "official" }, body: officialsSettingInput,
    handler: ({ ctx, body }) => setOfficialsSetting(ctx, body),
  }),
  defineRoute({
    method: "GET", url: "/api/v1/officials/:id", tokenScope: "registry:read", summary: "An official: posts, sources, every case and role, people sentenced, total years, categories, articles, timeline", tag, api: true,
    permission: { action: "read", resource: "official" }, params: idParams, cacheBetweenWrites: true,
    async handler({ ctx, params }) {
      return presentOfficialDetail(await getOfficial(ctx, params.id), ctx.actor);
    },
  }),
  defineRoute({
    method: "PATCH", url: "/api/v1/officials/:id", summary: "Change an official (keys left out are unchanged; lists replace)", tag, api: true,
    permission: { action: "update", resource: "official" }, params: idParams, body: officialPatch,
    async handler({ ctx, params, body }) {
      await updateOfficial(ctx, params.id, body);
      return presentOfficialDetail(await getOfficial(ctx, params.id), ctx.actor);
    },
  }),
  defineRoute({
    method: "DELETE", url: "/api/v1/officials/:id", summary: "Delete an official and their links to cases", tag, api: true,
    permission: { action: "delete", resource: "official" }, params: idParams,
    async handler({ ctx, params }) {
      await deleteOfficial(ctx, params.id);
      return { ok: true };
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/officials/:id/private", summary: "Sealed private details (home address, relatives, phone); audited", tag, api: true,
    permission: { action: "readSensitive", resource: "official" }, params: idParams,
    handler: ({ ctx, params }) => readOfficialPrivate(ctx, params.id),
  }),
  defineRoute({
    method: "POST", url: "/api/v1/officials/:id/sources", summary: "Cite a source (graded A–F) for an official", tag, api: true,
    permission: { action: "update", resource: "official" }, params: idParams, body: officialSourceInput, successStatus: 201,
    async handler({ ctx, params, body }) {
      await citeOfficialSource(ctx, params.id, body);
      return { ok: true };
    },
  }),
  defineRoute({
    method: "POST", url: "/api/v1/officials/:id/roles", summary: "Link an official to a case in a role (investigator, prosecutor, judge …)", tag, api: true,
    permission: { action: "update", resource: "official" }, params: idParams, body: caseRoleInput, successStatus: 201,
    handler: ({ ctx, params, body }) => linkOfficialToCase(ctx, params.id, body),
  }),
  defineRoute({
    method: "DELETE", url: "/api/v1/officials/:id/roles/:roleId", summary: "Remove an official's role in a case", tag, api: true,
    permission: { action: "update", resource: "official" }, params: z.object({ id: z.uuid(), roleId: z.uuid() }),
    async handler({ ctx, params }) {
      await unlinkCaseRole(ctx, params.id, params.roleId);
      return { ok: true };
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/officials/:id/dossier", summary: "Sanctions dossier of one official (PDF or XLSX)", tag, api: true,
    permission: { action: "export", resource: "official" }, params: idParams, query: dossierInput, responds: "raw",
    async handler({ ctx, params, query, reply }) {
      return sendFile(reply, await exportDossier(ctx, params.id, query));
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/cases/:caseId/officials", summary: "Everyone involved in a case: investigators, prosecutors, judges, experts", tag, api: true,
    permission: { action: "read", resource: "case" }, params: z.object({ caseId: z.uuid() }), cacheBetweenWrites: true,
    async handler({ ctx, params }) {
      const rows = await caseOfficials(ctx, params.caseId);
      return { items: rows.map((r) => ({ roleId: r.role.id, role: r.role.role, fromDate: r.role.fromDate, toDate: r.role.toDate, note: r.role.note, official: r.official })) };
    },
  }),
  defineRoute({
    method: "GET", url: "/api/v1/public-bodies", tokenScope: "registry:read", summary: "Public bodies: courts, investigative departments, prosecutors' offices, colonies", tag, api: true,
    permission: { action: "list", resource: "official" }, query: z.object({ q: z.string().max(200).optional() }), cacheBetweenWrites: true,
    async handler({ ctx, query }) {
      return { items: (await listPublicBodies(ctx, query.q)).map((b) => ({ id: b.id, name: b.name, nameLatin: b.nameLatin, kind: b.kind, region: b.region })) };
    },
  }),
  defineRoute({
    method: "POST", url: "/api/v1/public-bodies", summary: "Create a public body", tag, api: true,
    permission: { action: "create", resource: "official" }, body: bodyInput, successStatus: 201,
    handler: ({ ctx, body }) => createPublicBody(ctx, body),
  }),
];
