import { personCategories, personStatuses, type PersonCategory, type PersonStatus } from "../../domain/vocabulary/enums.js";
import { regionText, type OccupiedLabelStyle } from "../../domain/vocabulary/regions.js";
import { categoryLabel } from "../../i18n/labels.js";
import { formatDate, t, type Locale } from "../../i18n/index.js";
import { avatar, pager, select, statusBadge } from "../components.js";
import { href, html, type SafeHtml } from "../layout.js";
import type { PublicPersonCard } from "../presenters.js";
import { statusLabel } from "../../i18n/labels.js";

export interface PeopleQuery {
  q?: string | undefined;
  category?: PersonCategory | undefined;
  status?: PersonStatus | undefined;
  region?: string | undefined;
  /** Facility id (from /letters and profiles); matches named profiles only. */
  facility?: string | undefined;
  page: number;
}

export interface PeopleData {
  items: PublicPersonCard[];
  total: number;
  pages: number;
  regions: string[];
  /** Name of the filtered facility, when a named person is held there. */
  facilityName?: string | undefined;
}

function personItem(locale: Locale, p: PublicPersonCard, regions: OccupiedLabelStyle): SafeHtml {
  const since = p.statusSince ? t(locale, "public.people.since", { date: formatDate(locale, p.statusSince) }) : "";
  return html`<li class="person-item">
${avatar(locale, p)}
<div>
<h2><a href="${href(locale, `/people/${p.id}`)}">${p.displayName}</a>${p.consent === "anonymised" ? html` <span class="muted small">(${t(locale, "public.people.anonymised")})</span>` : ""}</h2>
${p.otherNames.length ? html`<p class="muted small" lang="">${p.otherNames.join(" · ")}</p>` : ""}
<p>${statusBadge(locale, p.status)} <span class="small">${since}</span></p>
<p class="small">${categoryLabel(locale, p.category)}${p.region ? html` · ${regionText(locale, p.region, regions)}` : ""}</p>
</div>
</li>`;
}

export function peoplePage(locale: Locale, q: PeopleQuery, d: PeopleData, regions: OccupiedLabelStyle = "occupied"): { title: string; body: SafeHtml } {
  const filters = { q: q.q, category: q.category, status: q.status, region: q.region, facility: q.facility };
  const filtered = Object.values(filters).some(Boolean);
  return {
    title: t(locale, "public.people.title"),
    body: html`<h1>${t(locale, "public.people.title")}</h1>
<p class="lead">${t(locale, "public.people.intro")}</p>
<section aria-labelledby="search-h">
<h2 id="search-h" class="visually-hidden">${t(locale, "public.people.search")}</h2>
<form class="filters" method="get" action="/people" role="search">
<input type="hidden" name="lang" value="${locale}">
${q.facility ? html`<input type="hidden" name="facility" value="${q.facility}">` : ""}
<div class="field"><label for="q">${t(locale, "public.people.q")}</label>
<input type="search" id="q" name="q" value="${q.q ?? ""}" maxlength="200" aria-describedby="q-hint" autocomplete="off">
<span class="hint" id="q-hint">${t(locale, "public.people.q.hint")}</span></div>
${select("category", t(locale, "public.people.category"), t(locale, "public.people.any"), personCategories.map((c) => ({ value: c, label: categoryLabel(locale, c) })), q.category)}
${select("status", t(locale, "public.people.status"), t(locale, "public.people.any"), personStatuses.map((s) => ({ value: s, label: statusLabel(locale, s) })), q.status)}
${select("region", t(locale, "public.people.region"), t(locale, "public.people.any"), d.regions.map((r) => ({ value: r, label: regionText(locale, r, regions) })).sort((a, b) => a.label.localeCompare(b.label, locale)), q.region)}
<div class="actions"><button type="submit">${t(locale, "public.people.submit")}</button>${filtered ? html`<a href="${href(locale, "/people")}">${t(locale, "public.people.reset")}</a>` : ""}</div>
</form>
</section>
${q.facility && d.facilityName ? html`<p><strong>${t(locale, "public.people.facilityFilter", { name: d.facilityName })}</strong></p>` : ""}
<p role="status"><strong>${t(locale, "public.people.count", { count: d.total })}</strong>${q.q || q.region || q.facility ? html` <span class="muted small">${t(locale, "public.people.searchNote")}</span>` : ""}</p>
${d.items.length ? html`<ul class="people">${d.items.map((p) => personItem(locale, p, regions))}</ul>` : html`<p>${t(locale, "public.people.none")}</p>`}
${pager(locale, "/people", filters, q.page, d.pages)}`,
  };
}
