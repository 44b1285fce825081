// The page frame of every public page (people, statistics, open data, letters, and the appeal form).
// No scripts, no inline styles, nothing from other hosts: the CSP in src/http/security.ts forbids them anyway,
// and visitors may be reading from a country where a request to a tracker is a risk.
import type { FastifyReply, FastifyRequest } from "fastify";
import { locales, localeNames, pickLocale, t, type Locale } from "../i18n/index.js";
import { assetUrl } from "./assets.js";
import { html, raw, type SafeHtml } from "./html.js";

export { esc, html, join, raw, SafeHtml, type HtmlValue } from "./html.js";

export type QueryValue = string | number | readonly string[] | null | undefined;

/**
 * A link within the site that keeps the reader's language (we set no cookie, so the language travels in
 * the URL). Empty values are dropped so forms with blank filters give clean URLs.
 */
export function href(locale: Locale, path: string, query: Record<string, QueryValue> = {}): string {
  const [p, search = ""] = path.split("?", 2) as [string, string?];
  const qs = new URLSearchParams(search);
  qs.set("lang", locale);
  for (const [k, v] of Object.entries(query)) {
    qs.delete(k);
    if (v === null || v === undefined || v === "") continue;
    if (Array.isArray(v)) for (const x of v as readonly string[]) qs.append(k, x);
    else qs.set(k, String(v));
  }
  return `${p}?${qs.toString()}`;
}

const navItems = [
  { path: "/", key: "public.nav.home" },
  { path: "/people", key: "public.nav.people" },
  { path: "/stats", key: "public.nav.stats" },
  { path: "/open-data", key: "public.nav.openData" },
  { path: "/letters", key: "public.nav.letters" },
  { path: "/appeal", key: "public.nav.appeal" },
] as const;

function isCurrent(itemPath: string, currentPath: string): boolean {
  if (itemPath === "/") return currentPath === "/";
  return currentPath === itemPath || currentPath.startsWith(`${itemPath}/`);
}

export interface PageOptions {
  locale: Locale;
  /** The page's own title; the site name is appended. */
  title: string;
  body: SafeHtml;
  /** The current path with its query ("/people?q=x"): the language links point at the same page. */
  path: string;
  description?: string;
  /** Ask search engines not to index (error pages, search results). */
  noindex?: boolean;
}

export function page(o: PageOptions): string {
  const { locale } = o;
  const currentPath = o.path.split("?")[0] ?? "/";
  const site = t(locale, "public.site.name");
  const langLinks = locales.map(
    (l) =>
      html`<li><a href="${href(l, o.path)}" lang="${l}" hreflang="${l}"${l === locale ? raw(' aria-current="true"') : ""}>${localeNames[l]}</a></li>`,
  );
  const nav = navItems.map(
    (n) => html`<li><a href="${href(locale, n.path)}"${isCurrent(n.path, currentPath) ? raw(' aria-current="page"') : ""}>${t(locale, n.key)}</a></li>`,
  );
  const doc = html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title === site ? site : `${o.title} — ${site}`}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ""}
${o.noindex ? raw('<meta name="robots" content="noindex">') : ""}
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${assetUrl("site.css")}">
<link rel="icon" href="${assetUrl("icon.svg")}" type="image/svg+xml">
${locales.map((l) => html`<link rel="alternate" hreflang="${l}" href="${href(l, o.path)}">`)}
</head>
<body>
<a class="skip" href="#main">${t(locale, "public.skip")}</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="${href(locale, "/")}"><img class="brand-mark" src="${assetUrl("icon.svg")}" alt="" width="36" height="36"><span class="brand-text"><span class="brand-name">${site}</span><span class="brand-tagline">${t(locale, "public.site.tagline")}</span></span></a>
<nav class="langs" aria-label="${t(locale, "public.lang.label")}"><ul>${langLinks}</ul></nav>
</div>
<nav class="main-nav" aria-label="${t(locale, "public.nav.label")}"><ul class="wrap">${nav}</ul></nav>
</header>
<main id="main" class="wrap" tabindex="-1">
${o.body}
</main>
<footer class="site-footer">
<div class="wrap">
<p>${t(locale, "public.footer.consent")}</p>
<p>${t(locale, "public.footer.privacy")}</p>
<p>${t(locale, "public.footer.licence")} <a href="${href(locale, "/open-data")}">${t(locale, "public.nav.openData")}</a></p>
</div>
</footer>
</body>
</html>
`;
  return doc.value;
}

/** The reader's language: `?lang=` (the switcher's links carry it), else Accept-Language, else English. */
export function requestLocale(request: FastifyRequest): Locale {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const lang = typeof q.lang === "string" ? q.lang : null;
  const accept = request.headers["accept-language"];
  return pickLocale(lang, typeof accept === "string" ? accept : null);
}

/** The path and query of the request, for PageOptions.path. */
export function requestPath(request: FastifyRequest): string {
  return request.url;
}

/** Send a page: HTML content type, and no caching of pages that may change when consent is withdrawn. */
export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-cache")
    // Without ?lang= the language comes from Accept-Language: a shared cache must keep one copy per language.
    .header("vary", "accept-language")
    .header("content-language", /<html lang="([a-z]+)"/.exec(body)?.[1] ?? "en")
    .send(body);
}
