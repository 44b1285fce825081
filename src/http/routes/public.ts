// The public site: server-rendered pages for anonymous visitors. Data reaches them only through
// src/public/presenters.ts (explicit whitelists of fields of people with publicity consent).
import { z } from "zod";
import { totals } from "../../db/repositories/publicStats.js";
import { getAsset } from "../../public/assets.js";
import { requestLocale, page, sendHtml } from "../../public/layout.js";
import { publicOrganisationId } from "../../public/org.js";
import { homePage } from "../../public/pages/home.js";
import { defineRoute, type AnyRoute } from "../route.js";

// Every page accepts ?lang=; unknown parameters are ignored rather than rejected (links get shared and mangled).
const langQuery = z.object({ lang: z.string().max(10).optional() }).passthrough();

export const publicRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/assets/:name",
    summary: "Public site stylesheet and icon",
    tag: "public",
    permission: "public",
    responds: "raw",
    params: z.object({ name: z.string().max(64) }),
    async handler({ params, reply }) {
      const a = getAsset(params.name);
      if (!a) return reply.code(404).header("content-type", "text/plain; charset=utf-8").send("not found");
      // The URL carries the content hash (assetUrl), so the file can be cached for good.
      return reply.header("content-type", a.type).header("cache-control", "public, max-age=31536000, immutable").send(a.body);
    },
  }),
  defineRoute({
    method: "GET",
    url: "/",
    summary: "Public home page",
    tag: "public",
    permission: "public",
    responds: "raw",
    query: langQuery,
    async handler({ ctx, request, reply }) {
      const locale = requestLocale(request);
      const orgId = await publicOrganisationId(ctx.db);
      const f = orgId ? await totals(ctx.db, orgId) : { publicProfiles: 0, held: 0, freed: 0 };
      const { title, body } = homePage(locale, f);
      return sendHtml(reply, page({ locale, title, body, path: request.url }));
    },
  }),
];
