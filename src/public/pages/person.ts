import { HELD_STATUSES } from "../../domain/vocabulary/enums.js";
import { regionText, type OccupiedLabelStyle } from "../../domain/vocabulary/regions.js";
import { articleLabel, categoryLabel, facilityKindLabel, regimeLabel, statusLabel } from "../../i18n/labels.js";
import { formatDate, formatDuration, t, type Locale } from "../../i18n/index.js";
import { avatar, paragraphs, statusBadge } from "../components.js";
import { href, html, type SafeHtml } from "../layout.js";
import type { PublicProfile, PublicSentence } from "../presenters.js";

function sentenceText(locale: Locale, s: PublicSentence): string {
  const duration = formatDuration(locale, s);
  return s.regime ? t(locale, "public.person.sentenceWithRegime", { duration, regime: regimeLabel(locale, s.regime) }) : duration;
}

/** Where and how to write: only for named people still held, since a letter needs the full name. */
function letterBlock(locale: Locale, p: PublicProfile, regions: OccupiedLabelStyle): SafeHtml {
  if (p.consent !== "full" || !HELD_STATUSES.includes(p.status)) return html``;
  const heading = html`<h2 id="write">${t(locale, "public.person.write")}</h2>`;
  if (p.category === "ua_pow") return html`<section aria-labelledby="write">${heading}<p>${t(locale, "public.person.powNote")}</p></section>`;
  const f = p.facility;
  const recipient = p.birthYear
    ? t(locale, "public.person.recipient", { name: p.displayName, year: String(p.birthYear) })
    : t(locale, "public.person.recipientNoYear", { name: p.displayName });
  return html`<section aria-labelledby="write">${heading}
${f
  ? html`<dl class="facts">
<dt>${t(locale, "public.person.facility")}</dt><dd>${f.name}<br><span class="muted small">${facilityKindLabel(locale, f.kind)}${f.region ? html` · ${regionText(locale, f.region, regions)}` : ""} · <a href="${href(locale, "/people", { facility: f.id })}">${t(locale, "public.person.othersHere")}</a></span></dd>
</dl>
${f.postalAddress ? html`<h3>${t(locale, "public.person.address")}</h3><address>${f.postalAddress}\n${recipient}</address>` : html`<p>${t(locale, "public.person.noAddress")}</p>`}`
  : html`<p>${t(locale, "public.person.noAddress")}</p>`}
<p>${t(locale, "public.person.writeHint")} <a href="${href(locale, "/letters")}">${t(locale, "public.person.advice")}</a></p>
</section>`;
}

export function personPage(locale: Locale, p: PublicProfile, regions: OccupiedLabelStyle = "occupied"): { title: string; body: SafeHtml } {
  const title = p.consent === "full" ? p.displayName : `${t(locale, "public.people.anonymised")} (${p.displayName})`;
  const since = p.statusSince ? t(locale, "public.people.since", { date: formatDate(locale, p.statusSince) }) : "";
  const sentences = p.sentences.map((s) => sentenceText(locale, s)).filter(Boolean);
  return {
    title,
    body: html`<article>
<div class="profile-head">
${avatar(locale, p, "avatar profile-photo")}
<div>
<h1>${title}</h1>
${p.otherNames.length ? html`<p><span class="muted">${t(locale, "public.person.alsoWritten")}:</span> ${p.otherNames.join(" · ")}</p>` : ""}
<p>${statusBadge(locale, p.status)} ${since}</p>
</div>
</div>
${p.consent === "anonymised" ? html`<p class="notice">${t(locale, "public.person.anonymisedNote")}</p>` : ""}
<section aria-labelledby="facts"><h2 id="facts">${t(locale, "public.person.facts")}</h2>
<dl class="facts">
<dt>${t(locale, "public.person.statusLabel")}</dt><dd>${statusLabel(locale, p.status)}${since ? ` (${since})` : ""}</dd>
<dt>${t(locale, "public.person.category")}</dt><dd>${categoryLabel(locale, p.category)}</dd>
${p.region ? html`<dt>${t(locale, "public.person.region")}</dt><dd>${regionText(locale, p.region, regions)}</dd>` : ""}
${p.birthYear ? html`<dt>${t(locale, "public.person.birthYear")}</dt><dd>${String(p.birthYear)}</dd>` : ""}
${p.articles.length ? html`<dt>${t(locale, "public.person.articles")}</dt><dd><ul>${p.articles.map((a) => html`<li>${articleLabel(locale, a)}</li>`)}</ul></dd>` : ""}
${sentences.length ? html`<dt>${t(locale, "public.person.sentence")}</dt><dd>${sentences.join("; ")}</dd>` : p.sentenceText ? html`<dt>${t(locale, "public.person.sentence")}</dt><dd>${p.sentenceText}</dd>` : ""}
</dl>
</section>
${p.summary ? html`<section aria-labelledby="story"><h2 id="story">${t(locale, "public.person.summary")}</h2>${paragraphs(p.summary)}</section>` : ""}
${letterBlock(locale, p, regions)}
<p><a href="${href(locale, "/people")}">← ${t(locale, "public.person.back")}</a></p>
</article>`,
  };
}

export function notFoundPage(locale: Locale): { title: string; body: SafeHtml } {
  return {
    title: t(locale, "public.notFound.title"),
    body: html`<h1>${t(locale, "public.notFound.title")}</h1><p>${t(locale, "public.notFound.text")}</p><p><a href="${href(locale, "/people")}">${t(locale, "public.person.back")}</a></p>`,
  };
}
