import { facilityKindLabel } from "../../i18n/labels.js";
import { regionText, type OccupiedLabelStyle } from "../../domain/vocabulary/regions.js";
import { t, type Locale } from "../../i18n/index.js";
import { pager } from "../components.js";
import { href, html, type SafeHtml } from "../layout.js";
import type { PublicFacility } from "../presenters.js";

export interface LetterFacility extends PublicFacility {
  /** Named people one can write to there, of whom `people` is the first few. */
  count: number;
  people: { id: string; name: string; birthYear: number | null }[];
}

export function lettersPage(locale: Locale, facilities: LetterFacility[], pageNo: number, pages: number, regions: OccupiedLabelStyle = "occupied"): { title: string; body: SafeHtml } {
  const tips = (["publicData.letters.tip1", "publicData.letters.tip2", "publicData.letters.tip3", "publicData.letters.tip4", "publicData.letters.tip5", "publicData.letters.tip6"] as const).map(
    (k) => html`<li>${t(locale, k)}</li>`,
  );
  return {
    title: t(locale, "publicData.letters.title"),
    body: html`<h1>${t(locale, "publicData.letters.title")}</h1>
<p class="lead">${t(locale, "publicData.letters.intro")}</p>
<section aria-labelledby="how"><h2 id="how">${t(locale, "publicData.letters.how")}</h2>
<ol>${tips}</ol>
<p class="notice">${t(locale, "publicData.letters.safety")}</p>
</section>
<section aria-labelledby="ua"><h2 id="ua">${t(locale, "publicData.letters.ukraine")}</h2>
<p>${t(locale, "publicData.letters.ukraineText")} <a href="${href(locale, "/appeal")}">${t(locale, "public.nav.appeal")}</a></p>
</section>
<section aria-labelledby="addr"><h2 id="addr">${t(locale, "publicData.letters.addresses")}</h2>
${facilities.length
  ? html`<p>${t(locale, "publicData.letters.addressesIntro")}</p>
<ul class="cards">${facilities.map(
      (f) => html`<li class="card"><h3>${f.name}</h3>
<p class="small muted">${facilityKindLabel(locale, f.kind)}${f.region ? html` · ${regionText(locale, f.region, regions)}` : ""}</p>
${f.postalAddress ? html`<address>${f.postalAddress}</address>` : ""}
<p><strong>${t(locale, "publicData.letters.writeTo")}:</strong></p>
<ul>${f.people.map((p) => html`<li><a href="${href(locale, `/people/${p.id}`)}">${p.name}</a>${p.birthYear ? html`, ${t(locale, "publicData.letters.born", { year: String(p.birthYear) })}` : ""}</li>`)}</ul>
${f.count > f.people.length ? html`<p><a href="${href(locale, "/people", { facility: f.id })}">${t(locale, "publicData.letters.more", { count: f.count })}</a></p>` : ""}
</li>`,
    )}</ul>
${pager(locale, "/letters", {}, pageNo, pages)}`
  : html`<p>${t(locale, "publicData.letters.noAddresses")}</p>`}
</section>`,
  };
}
