import { z } from "zod";
import { changeListMembers, changeMembersInput, copyList, createList, createListInput, diffListVersions, getList, getListVersion, getListVersionPage, listExchangeLists, listsOfPerson, refreshList, updateDefinitionInput, updateListDefinition, verifyListVersion, versionPageInput } from "../../services/lists/lists.js";
import { freezeList, outcomeInput, recordOutcome, signOffList } from "../../services/lists/lifecycle.js";
import { exportInput, exportListVersion } from "../../services/lists/export.js";
import { counterpartReport, importCounterpartList } from "../../services/lists/counterpart.js";
import { counterpartReportRows, reportLimit, reportRowsInput } from "../../services/lists/counterpartReport.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { MAX_VERSION } from "../../services/lists/rows.js";

const idParams = z.object({ id: z.uuid() });
const versionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1).max(MAX_VERSION) });
// Their files arrive as base64 in JSON: one request shape for the web app and scripts, no multipart parser.
const UPLOAD_LIMIT = 20 * 1024 * 1024;
const upload = {
  fileName: z.string().trim().min(1).max(300),
  contentBase64: z.string().min(4).max(UPLOAD_LIMIT),
};
const decode = (b64: string) => Buffer.from(b64, "base64");

export const listRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/api/v1/lists",
    tokenScope: "lists:read",
    summary: "Exchange and counterpart lists of the organisation",
    tag: "lists",
    api: true,
    permission: { action: "list", resource: "exchangeList" },
    async handler({ ctx }) {
      return { items: await listExchangeLists(ctx) };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/lists",
    summary: "Build a list from the registry (categories, filters, all-for-all, people by hand): version 1",
    tag: "lists",
    api: true,
    permission: { action: "create", resource: "exchangeList" },
    body: createListInput,
    successStatus: 201,
    async handler({ ctx, body }) {
      return createList(ctx, body);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/lists/:id",
    tokenScope: "lists:read",
    summary: "A list with its versions and sign-offs",
    tag: "lists",
    api: true,
    permission: { action: "read", resource: "exchangeList" },
    params: idParams,
    async handler({ ctx, params }) {
      return getList(ctx, params.id);
    },
  }),
  defineRoute({
    method: "PATCH",
    url: "/api/v1/lists/:id",
    summary: "Change a draft list's name, purpose, categories or filters (a new version if the rows change)",
    tag: "lists",
    api: true,
    permission: { action: "update", resource: "exchangeList" },
    params: idParams,
    body: updateDefinitionInput,
    async handler({ ctx, params, body }) {
      return updateListDefinition(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/lists/:id/members",
    summary: "Add or remove people by hand (a new version; removed people stay visible with the reason)",
    tag: "lists",
    api: true,
    permission: { action: "update", resource: "exchangeList" },
    params: idParams,
    body: changeMembersInput,
    async handler({ ctx, params, body }) {
      return changeListMembers(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/lists/:id/refresh",
    summary: "Rebuild a draft list from the registry as it stands (a new version if anything changed)",
    tag: "lists",
    api: true,
    permission: { action: "update", resource: "exchangeList" },
    params: idParams,
    body: z.object({ note: z.string().trim().max(500).optional() }),
    async handler({ ctx, params, body }) {
      return refreshList(ctx, params.id, body.note);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/lists/:id/copy",
    summary: "Start a new draft list from an existing list's definition (e.g. the next round after a frozen list)",
    tag: "lists",
    api: true,
    permission: { action: "create", resource: "exchangeList" },
    params: idParams,
    body: z.object({ name: z.string().trim().min(1).max(200).optional() }),
    successStatus: 201,
    async handler({ ctx, params, body }) {
      return copyList(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/lists/:id/versions/:version",
    tokenScope: "lists:read",
    summary:
      "One version's rows with eligibility, reasons and warnings. With `limit` (or `offset`, `show`): one page of rows (each with its `position` in the version), `total` for the filter and `counts` for every filter; without: every row and `hashMatches`",
    tag: "lists",
    api: true,
    permission: { action: "read", resource: "exchangeList" },
    params: versionParams,
    query: versionPageInput,
    async handler({ ctx, params, query }) {
      if (query.limit === undefined && query.offset === undefined && query.show === undefined) return getListVersion(ctx, params.id, params.version);
      return getListVersionPage(ctx, params.id, params.version, query);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/lists/:id/versions/:version/verify",
    tokenScope: "lists:read",
    summary: "Check a version against its content hash row by row: rows erased on request (the rest still verifies) and rows changed behind the services' back",
    tag: "lists",
    api: true,
    permission: { action: "read", resource: "exchangeList" },
    params: versionParams,
    async handler({ ctx, params }) {
      return verifyListVersion(ctx, params.id, params.version);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/lists/:id/diff",
    tokenScope: "lists:read",
    summary: "Compare two versions: rows added, removed and changed (field by field)",
    tag: "lists",
    api: true,
    permission: { action: "read", resource: "exchangeList" },
    params: idParams,
    query: z.object({ from: z.coerce.number().int().min(1).max(MAX_VERSION), to: z.coerce.number().int().min(1).max(MAX_VERSION) }),
    async handler({ ctx, params, query }) {
      return diffListVersions(ctx, params.id, query.from, query.to);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/lists/:id/freeze",
    summary: "Freeze the current version: from now on the list cannot change",
    tag: "lists",
    api: true,
    permission: { action: "freeze", resource: "exchangeList" },
    params: idParams,
    body: z.object({
      version: z.number().int().min(1).max(MAX_VERSION).optional(),
      /** Needed when someone eligible has no recorded consent to exchange: the coordinator's reason, kept on the list. */
      consentReason: z.string().trim().max(2000).optional(),
    }),
    async handler({ ctx, params, body }) {
      return freezeList(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/lists/:id/sign-offs",
    summary: "Sign the frozen version off (two different coordinators are needed)",
    tag: "lists",
    api: true,
    permission: { action: "signOff", resource: "exchangeList" },
    params: idParams,
    body: z.object({ note: z.string().trim().max(500).optional() }),
    async handler({ ctx, params, body }) {
      return signOffList(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/lists/:id/outcome",
    summary: "Record that the exchange was carried out: people move to exchanged/released; those left behind are reported",
    tag: "lists",
    api: true,
    permission: { action: "recordOutcome", resource: "exchangeList" },
    params: idParams,
    body: outcomeInput,
    async handler({ ctx, params, body }) {
      return recordOutcome(ctx, params.id, body);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/lists/:id/export",
    tokenScope: "lists:read",
    summary: "Download a version as PDF, XLSX or CSV (scope=all: internal copy with everyone and the reasons)",
    tag: "lists",
    api: true,
    permission: { action: "export", resource: "exchangeList" },
    params: idParams,
    query: exportInput,
    responds: "raw",
    async handler({ ctx, params, query, reply }) {
      const f = await exportListVersion(ctx, params.id, query);
      const ascii = f.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "");
      return reply
        .header("content-type", f.contentType)
        .header("content-disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header("x-list-version", String(f.version))
        .header("x-content-hash", f.contentHash)
        .header("cache-control", "no-store")
        .send(f.bytes);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/lists/counterpart",
    summary: "Import a list received from the other side (CSV/XLSX, base64) and match it against the registry",
    tag: "lists",
    api: true,
    permission: { action: "create", resource: "reconciliation" },
    bodyLimit: UPLOAD_LIMIT + 64 * 1024,
    body: z.object({ name: z.string().trim().min(1).max(200), purpose: z.string().trim().max(2000).optional(), comparedWithListId: z.uuid().optional(), ...upload }),
    successStatus: 201,
    async handler({ ctx, body }) {
      const { contentBase64, ...rest } = body;
      return importCounterpartList(ctx, { ...rest, content: decode(contentBase64) });
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/v1/lists/:id/counterpart-file",
    summary: "Import a corrected file from the other side into a counterpart list (a new version)",
    tag: "lists",
    api: true,
    permission: { action: "create", resource: "reconciliation" },
    params: idParams,
    bodyLimit: UPLOAD_LIMIT + 64 * 1024,
    body: z.object({ comparedWithListId: z.uuid().optional(), ...upload }),
    async handler({ ctx, params, body }) {
      const { contentBase64, ...rest } = body;
      return importCounterpartList(ctx, { ...rest, listId: params.id, content: decode(contentBase64) });
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/lists/:id/report",
    summary: "Counterpart list: composition by category; rows matched to people still held, unmatched, duplicates inside the list, already free, possible matches, ours missing from theirs — each row with its row number in their file",
    tag: "lists",
    api: true,
    permission: { action: "read", resource: "reconciliation" },
    params: idParams,
    // limit: each section's first rows only (the staff app's first screen); the rest a page at a time below.
    query: z.object({ version: z.coerce.number().int().min(1).max(MAX_VERSION).optional(), limit: reportLimit.optional() }),
    async handler({ ctx, params, query }) {
      return counterpartReport(ctx, params.id, query.version, query.limit ? { limit: query.limit } : {});
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/lists/:id/report/rows",
    summary: "Counterpart list: one page of one section of the report (held, unmatched, duplicates, alreadyFree, deceased, possibleMatches, missingFromTheirs), with the section's size",
    tag: "lists",
    api: true,
    permission: { action: "read", resource: "reconciliation" },
    params: idParams,
    query: reportRowsInput,
    async handler({ ctx, params, query }) {
      return counterpartReportRows(ctx, params.id, query);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/people/:id/lists",
    summary: "The lists a person is on (current versions), with eligibility there",
    tag: "lists",
    api: true,
    permission: { action: "read", resource: "exchangeList" },
    params: idParams,
    async handler({ ctx, params }) {
      return { items: await listsOfPerson(ctx, params.id) };
    },
  }),
];
