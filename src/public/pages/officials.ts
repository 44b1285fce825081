import { formatDate, formatDuration, formatNumber, t, type Locale, type MessageKey } from "../../i18n/index.js";
import { articleLabel } from "../../i18n/labels.js";
import type { LegalCode } from "../../domain/vocabulary/enums.js";
import { sentenceInYears } from "../../domain/officials.js";
import type { ExportOfficial } from "../../services/officialExportModel.js";
import { href, html, type SafeHtml } from "../layout.js";

// The public officials page: server-rendered, no script. Every case on it is one whose person gave full publicity
// consent (loadPublicOfficials keeps only those); officials with none are not listed. Like a public profile, a case
// shows its court, articles and sentence, not its number.

function term(locale: Locale, c: ExportOfficial["roles"][number]["case"]): string {
  const d = formatDuration(locale, c.term);
  return d && c.term.regime ? `${d}, ${t(locale, `common.regime.${c.term.regime}` as MessageKey)}` : d;
}

function official(locale: Locale, o: ExportOfficial): SafeHtml {
  const years = Math.round(o.roles.reduce((s, r) => s + sentenceInYears({ sentenceYears: r.case.term.years, sentenceMonths: r.case.term.months, sentenceDays: r.case.term.days }), 0) * 10) / 10;
  return html`<li class="card" id="o-${o.id}">
<h2>${o.primaryName}</h2>
${o.nameLatin ? html`<p lang="en" class="muted">${o.nameLatin}</p>` : ""}
${o.isDemo ? html`<p class="notice small">${t(locale, "publicOfficials.demo")}</p>` : ""}
${o.positions.length ? html`<p class="small"><strong>${t(locale, "publicOfficials.posts")}:</strong> ${o.positions.map((p) => [p.rank, p.position, p.body?.name].filter(Boolean).join(", ")).join("; ")}</p>` : ""}
<p class="small">${t(locale, "publicOfficials.cases", { count: o.roles.length })}${years > 0 ? html` · ${t(locale, "publicOfficials.years", { years: formatNumber(locale, years) })}` : ""}</p>
<ul>${o.roles.map(
    (r) => html`<li>${r.case.verdictOn ? html`${formatDate(locale, r.case.verdictOn)} · ` : ""}${t(locale, `web.official.role.${r.role}` as MessageKey)}:
${r.case.victimId ? html`<a href="${href(locale, `/people/${r.case.victimId}`)}">${r.case.victimName}</a>` : ""}${r.case.court ? html` · ${r.case.court}` : ""}
${r.case.articleRefs.length ? html`<br><span class="small">${r.case.articleRefs.map((a) => articleLabel(locale, { code: a.code as LegalCode, article: a.article, part: a.part })).join("; ")}${term(locale, r.case) ? html` — ${term(locale, r.case)}` : ""}</span>` : ""}</li>`,
  )}</ul>
</li>`;
}

export function officialsPage(locale: Locale, officials: readonly ExportOfficial[]): { title: string; body: SafeHtml } {
  return {
    title: t(locale, "publicOfficials.title"),
    body: html`<h1>${t(locale, "publicOfficials.title")}</h1>
<p class="lead">${t(locale, "publicOfficials.intro")}</p>
${officials.length ? html`<ul class="cards">${officials.map((o) => official(locale, o))}</ul>` : html`<p>${t(locale, "publicOfficials.none")}</p>`}`,
  };
}
