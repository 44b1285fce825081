import { t, type Locale } from "../../i18n/index.js";
import { href, html, type SafeHtml } from "../layout.js";
import { ATTRIBUTION, fieldDescriptionKey, fieldTypeKey, LICENCE_URL, openDataSchema } from "../openData.js";

// Literal values of the file format (field values, the attribution to copy, the licence address) are set as code
// inside the translated sentence: they are the same in every language.
const MARK = "\u0001";
function withCode(sentence: string, ...values: readonly string[]): SafeHtml {
  const [before = "", after = ""] = sentence.split(MARK);
  if (!sentence.includes(MARK)) return quotedAsCode(sentence);
  return html`${quotedAsCode(before)}${values.map((v, i) => html`${i ? ", " : ""}<code>${v}</code>`)}${quotedAsCode(after)}`;
}

/** A value the sentence quotes from the file («full», “RU_CC 207.3 part 2”) is shown as code, without the quotes. */
function quotedAsCode(text: string): SafeHtml {
  const parts = text.split(/[«“]([^»”]+)[»”]/);
  return html`${parts.map((p, i) => (i % 2 ? html`<code>${p}</code>` : html`${p}`))}`;
}

export function openDataPage(locale: Locale, count: number): { title: string; body: SafeHtml } {
  const records = t(locale, "publicData.open.records", { count });
  // The licence URL is shown as text without a link: pages link to no other host (see docs/public-site.md).
  const licenceText = LICENCE_URL.replace(/^https:\/\//, "").replace(/\/$/, "");
  return {
    title: t(locale, "publicData.open.title"),
    body: html`<h1>${t(locale, "publicData.open.title")}</h1>
<p class="lead">${t(locale, "publicData.open.intro")}</p>
<section aria-labelledby="dl"><h2 id="dl">${t(locale, "publicData.open.downloads")}</h2>
<ul class="cards">
<li class="card"><h3><a href="/open-data/people.csv" download><code>people.csv</code></a></h3><p>${t(locale, "publicData.open.csv")}. ${records}.</p></li>
<li class="card"><h3><a href="/open-data/people.json" download><code>people.json</code></a></h3><p>${t(locale, "publicData.open.json")}. ${records}.</p></li>
</ul>
</section>
<section aria-labelledby="licence"><h2 id="licence">${t(locale, "publicData.open.licence")}: CC BY 4.0</h2>
<p>${withCode(t(locale, "publicData.open.licenceText", { source: MARK }), ATTRIBUTION)}</p>
<p class="small">${withCode(t(locale, "publicData.open.licenceUrl", { url: MARK }), licenceText)}</p>
<p class="notice">${t(locale, "publicData.open.request")}</p>
<p>${t(locale, "publicData.open.excluded")}</p>
</section>
<section aria-labelledby="schema"><h2 id="schema">${t(locale, "publicData.open.schema")}</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">${t(locale, "publicData.open.field")}</th><th scope="col">${t(locale, "publicData.open.type")}</th><th scope="col">${t(locale, "publicData.open.description")}</th></tr></thead>
<tbody>${openDataSchema.map(
      (f) =>
        html`<tr><th scope="row"><code>${f.field}</code></th><td>${t(locale, fieldTypeKey(f.type))}</td><td>${withCode(t(locale, fieldDescriptionKey(f.field), { values: MARK }), ...(f.values ?? []))}</td></tr>`,
    )}</tbody>
</table></div>
<p class="small">${t(locale, "publicData.open.csvNote")}</p>
<p><a href="${href(locale, "/stats")}">${t(locale, "public.nav.stats")}</a></p>
</section>`,
  };
}
