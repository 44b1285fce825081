// The optional public page of officials (off by default; an organisation setting). Anonymous visitors reach data only
// through loadPublicOfficials, which keeps the cases of people with full publicity consent.
import { z } from "zod";
import { page, requestLocale, sendHtml } from "../../public/layout.js";
import { publicOrganisationId } from "../../services/publicSite/organisation.js";
import { officialsPage } from "../../public/pages/officials.js";
import { notFoundPage } from "../../public/pages/person.js";
import { loadPublicOfficials } from "../../services/officialsPublic.js";
import { defineRoute, type AnyRoute } from "../route.js";

export const publicOfficialRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/officials",
    summary: "Public page of officials and their cases (only when the organisation turned it on; consented cases only)",
    tag: "public",
    permission: "public",
    responds: "raw",
    cacheBetweenWrites: true,
    query: z.object({ lang: z.string().max(10).optional().catch(undefined) }).passthrough(),
    async handler({ ctx, request, reply }) {
      const locale = requestLocale(request);
      const orgId = await publicOrganisationId(ctx.db);
      const officials = orgId ? await loadPublicOfficials(ctx.db, orgId) : null;
      // Switched off: the page does not exist (the same 404 as any unknown page).
      const r = officials ? officialsPage(locale, officials) : notFoundPage(locale);
      return sendHtml(reply, page({ locale, title: r.title, body: r.body, path: request.url, noindex: !officials }), officials ? 200 : 404);
    },
  }),
];
