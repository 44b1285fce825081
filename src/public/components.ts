// Small pieces shared by the public pages.
import type { PersonStatus } from "../domain/vocabulary/enums.js";
import { FREED_STATUSES, HELD_STATUSES } from "../domain/vocabulary/enums.js";
import { statusLabel } from "../i18n/labels.js";
import { t, type Locale } from "../i18n/index.js";
import { href, html, raw, type QueryValue, type SafeHtml } from "./layout.js";
import { initialsOf, type PublicPersonCard } from "./presenters.js";

export function statusBadge(locale: Locale, status: PersonStatus): SafeHtml {
  const cls = HELD_STATUSES.includes(status) ? "badge badge-held" : FREED_STATUSES.includes(status) ? "badge badge-free" : "badge";
  return html`<span class="${cls}">${statusLabel(locale, status)}</span>`;
}

/** Photo when the profile has one (same-origin only), else the initials; decorative next to the name. */
export function avatar(locale: Locale, p: Pick<PublicPersonCard, "photoUrl" | "displayName" | "consent">, cls = "avatar"): SafeHtml {
  if (p.photoUrl) return html`<img class="${cls}" src="${p.photoUrl}" alt="${t(locale, "public.person.photoAlt", { name: p.displayName })}" width="144" height="144">`;
  const letters = p.consent === "full" ? initialsOf(p.displayName).replace(/[.\s]/g, "").slice(0, 2) : "?";
  return html`<span class="${cls}" aria-hidden="true">${letters}</span>`;
}

/** Numbered pages with previous/next; links keep the current filters. */
export function pager(locale: Locale, path: string, query: Record<string, QueryValue>, pageNo: number, pages: number): SafeHtml {
  if (pages <= 1) return html``;
  const link = (n: number) => href(locale, path, { ...query, page: n === 1 ? null : n });
  // Pages near the current one, and the first and last: enough to move around without a long list.
  const shown = [...new Set([1, pageNo - 2, pageNo - 1, pageNo, pageNo + 1, pageNo + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: SafeHtml[] = [];
  let prev = 0;
  for (const n of shown) {
    if (n - prev > 1) items.push(html`<li aria-hidden="true">…</li>`);
    items.push(n === pageNo ? html`<li><span aria-current="page">${n}</span></li>` : html`<li><a href="${link(n)}">${n}</a></li>`);
    prev = n;
  }
  return html`<nav class="pager" aria-label="${t(locale, "public.pager.label")}">
<span>${t(locale, "public.pager.page", { page: pageNo, pages })}</span>
<ul>
${pageNo > 1 ? html`<li><a href="${link(pageNo - 1)}" rel="prev">${t(locale, "public.pager.prev")}</a></li>` : ""}
${items}
${pageNo < pages ? html`<li><a href="${link(pageNo + 1)}" rel="next">${t(locale, "public.pager.next")}</a></li>` : ""}
</ul>
</nav>`;
}

/** A <select> with an "any" first option; the chosen value is marked. */
export function select(id: string, label: string, anyLabel: string, options: { value: string; label: string }[], chosen: string | undefined): SafeHtml {
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${id}">
<option value="">${anyLabel}</option>
${options.map((o) => html`<option value="${o.value}"${o.value === chosen ? raw(" selected") : ""}>${o.label}</option>`)}
</select></div>`;
}

/** Paragraphs from plain text typed by staff (blank lines separate paragraphs; no markup is interpreted). */
export function paragraphs(text: string): SafeHtml[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${p}</p>`);
}
