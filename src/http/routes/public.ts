// The public site: server-rendered pages for anonymous visitors. Data reaches them only through
// src/services/publicSite/ → src/public/presenters.ts (explicit whitelists of fields of people with publicity consent).
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { personCategories, personStatuses } from "../../db/schema/enums.js";
import type { Locale } from "../../i18n/index.js";
import { getAsset } from "../../public/assets.js";
import { page, requestLocale, sendHtml, type SafeHtml } from "../../public/layout.js";
import { toCsv, toJson } from "../../public/openData.js";
import { homePage } from "../../public/pages/home.js";
import { lettersPage } from "../../public/pages/letters.js";
import { openDataPage } from "../../public/pages/openData.js";
import { peoplePage } from "../../public/pages/people.js";
import { notFoundPage, personPage } from "../../public/pages/person.js";
import { statsPage } from "../../public/pages/stats.js";
import type { ServiceContext } from "../../services/context.js";
import { publicOrganisationId } from "../../services/publicSite/organisation.js";
import { loadLetterFacilities, loadOpenData, loadPeoplePage, loadProfile, publicSurvivorOf, publicTotals } from "../../services/publicSite/people.js";
import { loadPublicStats } from "../../services/publicSite/stats.js";
import { publicOccupiedLabel } from "../../services/organisationSettings.js";
import type { OccupiedLabelStyle } from "../../domain/vocabulary/regions.js";
import { defineRoute, type AnyRoute } from "../route.js";

// Public links get shared, truncated and mangled: a bad parameter is ignored, never a 400 in JSON.
const lenient = <T extends z.ZodTypeAny>(s: T) => s.optional().catch(undefined);
const langQuery = z.object({ lang: lenient(z.string().max(10)) }).passthrough();
const peopleQuery = z
  .object({
    lang: lenient(z.string().max(10)),
    q: lenient(z.string().trim().max(200)),
    category: lenient(z.enum(personCategories)),
    status: lenient(z.enum(personStatuses)),
    region: lenient(z.string().trim().max(200)),
    facility: lenient(z.uuid()),
    page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  })
  .passthrough();

type Rendered = { title: string; body: SafeHtml };

function render(reply: FastifyReply, request: FastifyRequest, locale: Locale, r: Rendered, status = 200, noindex = false) {
  return sendHtml(reply, page({ locale, title: r.title, body: r.body, path: request.url, noindex }), status);
}

/** The organisation this site publishes; null before the first start-up has created it (pages show nothing). */
async function org(ctx: ServiceContext): Promise<string | null> {
  return (await publicOrganisationId(ctx.db)) ?? null;
}

/** The organisation's label for occupied Ukrainian subdivisions (Crimea, Sevastopol, …), for pages that name regions. */
async function regionStyle(ctx: ServiceContext, orgId: string | null): Promise<OccupiedLabelStyle> {
  return orgId ? publicOccupiedLabel(ctx, orgId) : "occupied";
}

const pageRoute = (url: string, summary: string, handler: (a: { ctx: ServiceContext; request: FastifyRequest; reply: FastifyReply; locale: Locale; orgId: string | null }) => Promise<unknown>) =>
  defineRoute({
    method: "GET",
    url,
    summary,
    tag: "public",
    permission: "public",
    responds: "raw",
    cacheBetweenWrites: true,
    query: langQuery,
    async handler({ ctx, request, reply }) {
      return handler({ ctx, request, reply, locale: requestLocale(request), orgId: await org(ctx) });
    },
  });

export const publicRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/assets/:name",
    summary: "Public site stylesheet and icon",
    tag: "public",
    permission: "public",
    responds: "raw",
    params: z.object({ name: z.string() }),
    async handler({ params, reply }) {
      const a = getAsset(params.name);
      if (!a) return reply.code(404).header("content-type", "text/plain; charset=utf-8").send("not found");
      // The URL carries the content hash (assetUrl), so the file can be cached for good.
      return reply.header("content-type", a.type).header("cache-control", "public, max-age=31536000, immutable").send(a.body);
    },
  }),
  pageRoute("/", "Public home page", async ({ ctx, request, reply, locale, orgId }) => {
    const f = orgId ? publicTotals(await ctx.people.indexOf(orgId, undefined, ctx.since)) : { publicProfiles: 0, held: 0, freed: 0 };
    return render(reply, request, locale, homePage(locale, f));
  }),
  defineRoute({
    method: "GET",
    url: "/people",
    summary: "Public index of people with publicity consent: search across spellings, filters, pages",
    tag: "public",
    permission: "public",
    responds: "raw",
    cacheBetweenWrites: true,
    query: peopleQuery,
    async handler({ ctx, query, request, reply }) {
      const locale = requestLocale(request);
      const orgId = await org(ctx);
      const q = { q: query.q || undefined, category: query.category, status: query.status, region: query.region || undefined, facility: query.facility, page: query.page };
      const d = orgId ? await loadPeoplePage(ctx, orgId, q) : { items: [], total: 0, pages: 1, page: 1, regions: [] };
      // Search result pages are not for search engines: a query string may itself be a name someone typed.
      return render(reply, request, locale, peoplePage(locale, { ...q, page: d.page }, d, await regionStyle(ctx, orgId)), 200, !!(q.q || q.region || q.facility));
    },
  }),
  defineRoute({
    method: "GET",
    url: "/people/:id",
    summary: "Public profile of one person with publicity consent (404 otherwise)",
    tag: "public",
    permission: "public",
    responds: "raw",
    cacheBetweenWrites: true,
    params: z.object({ id: z.string() }),
    query: langQuery,
    async handler({ ctx, params, request, reply }) {
      const locale = requestLocale(request);
      const orgId = await org(ctx);
      const valid = z.uuid().safeParse(params.id).success;
      // Absent, not consented and malformed ids all give the same 404: the page reveals nothing about who exists.
      const profile = orgId && valid ? await loadProfile(ctx, orgId, params.id) : null;
      if (!profile && orgId && valid) {
        const survivorId = await publicSurvivorOf(ctx, orgId, params.id);
        if (survivorId) return reply.code(308).header("location", request.url.split(params.id).join(survivorId)).send();
      }
      if (!profile) return render(reply, request, locale, notFoundPage(locale), 404, true);
      return render(reply, request, locale, personPage(locale, profile, await regionStyle(ctx, orgId)), 200, profile.consent === "anonymised");
    },
  }),
  pageRoute("/stats", "Public statistics with SVG charts", async ({ ctx, request, reply, locale, orgId }) => {
    const s = orgId
      ? await loadPublicStats(ctx, orgId)
      : { totals: { total: 0, publicProfiles: 0, held: 0, freed: 0 }, byCategory: [], byStatus: [], byArticle: { groups: [], other: 0 }, byRegion: { groups: [], other: 0 }, sentenceBins: [], freedByYear: [] };
    return render(reply, request, locale, statsPage(locale, s, await regionStyle(ctx, orgId)));
  }),
  pageRoute("/open-data", "Open data: downloads, schema and licence", async ({ ctx, request, reply, locale, orgId }) => {
    const count = orgId ? publicTotals(await ctx.people.indexOf(orgId, undefined, ctx.since)).publicProfiles : 0;
    return render(reply, request, locale, openDataPage(locale, count));
  }),
  pageRoute("/open-data/people.csv", "Open data: consented people as CSV (CC BY 4.0)", async ({ ctx, reply, orgId }) => {
    const records = orgId ? await loadOpenData(ctx, orgId) : [];
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", 'attachment; filename="allforall-people.csv"')
      .header("cache-control", "no-cache")
      .send(toCsv(records));
  }),
  pageRoute("/open-data/people.json", "Open data: consented people as JSON (CC BY 4.0)", async ({ ctx, reply, orgId }) => {
    const records = orgId ? await loadOpenData(ctx, orgId) : [];
    return reply
      .header("content-type", "application/json; charset=utf-8")
      .header("content-disposition", 'attachment; filename="allforall-people.json"')
      .header("cache-control", "no-cache")
      .send(JSON.stringify(toJson(records, ctx.now()), null, 1));
  }),
  defineRoute({
    method: "GET",
    url: "/letters",
    summary: "How to write to prisoners, with facility addresses",
    tag: "public",
    permission: "public",
    responds: "raw",
    cacheBetweenWrites: true,
    query: z.object({ lang: lenient(z.string().max(10)), page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) }).passthrough(),
    async handler({ ctx, query, request, reply }) {
      const locale = requestLocale(request);
      const orgId = await org(ctx);
      const d = orgId ? await loadLetterFacilities(ctx, orgId, query.page) : { facilities: [], page: 1, pages: 1 };
      return render(reply, request, locale, lettersPage(locale, d.facilities, d.page, d.pages, await regionStyle(ctx, orgId)));
    },
  }),
];
