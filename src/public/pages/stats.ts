import { formatNumber, t, type Locale } from "../../i18n/index.js";
import { regionText, type OccupiedLabelStyle } from "../../domain/vocabulary/regions.js";
import { categoryLabel, statusLabel } from "../../i18n/labels.js";
import { barChart, columnChart, legend, type Bar, type Series } from "../charts.js";
import { html, type SafeHtml } from "../layout.js";
import { MIN_GROUP, SENTENCE_BANDS, type Grouped } from "../../domain/publicStats.js";
import type { PublicStats } from "../../services/publicSite/stats.js";

function table(locale: Locale, head: string[], rows: (string | number)[][]): SafeHtml {
  return html`<details class="data-table"><summary>${t(locale, "publicData.stats.table")}</summary><div class="table-wrap"><table>
<thead><tr>${head.map((h, i) => html`<th scope="col"${i > 0 ? html` class="num"` : ""}>${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td class="num">${typeof c === "number" ? formatNumber(locale, c) : c}</td>`))}</tr>`)}</tbody>
</table></div></details>`;
}

function barFigure(locale: Locale, id: string, title: string, bars: Bar[]): SafeHtml {
  if (!bars.length) return html`<figure class="chart"><figcaption>${title}</figcaption><p>${t(locale, "publicData.stats.noData")}</p></figure>`;
  return html`<figure class="chart" aria-labelledby="${id}-c"><figcaption id="${id}-c">${title}</figcaption>
${barChart(locale, id, title, t(locale, "publicData.stats.chartDesc"), bars)}
${table(locale, [t(locale, "publicData.stats.colLabel"), t(locale, "publicData.stats.colCount")], bars.map((b) => [b.label, b.value]))}
</figure>`;
}

function grouped(locale: Locale, g: Grouped, label: (k: string) => string): Bar[] {
  const bars = g.groups.map((x) => ({ label: label(x.key), value: x.n }));
  if (g.other) bars.push({ label: t(locale, "publicData.stats.other", { k: MIN_GROUP }), value: g.other });
  return bars;
}

function bandLabel(locale: Locale, [from, to]: [number, number]): string {
  if (from === 0) return t(locale, "publicData.stats.lessThanYear");
  const a = from / 12;
  if (to === Infinity) return t(locale, "publicData.stats.years", { range: `${a}+`, count: a });
  const b = to / 12;
  return t(locale, "publicData.stats.years", { range: `${a}–${b}`, count: b });
}

export function statsPage(locale: Locale, s: PublicStats, regions: OccupiedLabelStyle = "occupied"): { title: string; body: SafeHtml } {
  const n = (v: number) => formatNumber(locale, v);
  const series: Series[] = [
    { label: t(locale, "publicData.stats.freed.released"), cls: "bar" },
    { label: t(locale, "publicData.stats.freed.exchanged"), cls: "bar-2" },
    { label: t(locale, "publicData.stats.freed.pardoned"), cls: "bar-3" },
  ];
  const bands = SENTENCE_BANDS.map((b) => bandLabel(locale, b));
  // Under the columns only the numbers fit; the axis caption says they are years, the table spells them out.
  const shortBands = SENTENCE_BANDS.map(([a, b]) => (a === 0 ? "<1" : b === Infinity ? `${a / 12}+` : `${a / 12}–${b / 12}`));
  const sentenceTotal = s.sentenceBins.reduce((a, b) => a + b, 0);
  const desc = t(locale, "publicData.stats.chartDesc");
  return {
    title: t(locale, "publicData.stats.title"),
    body: html`<h1>${t(locale, "publicData.stats.title")}</h1>
<p class="lead">${t(locale, "publicData.stats.intro", { k: MIN_GROUP })}</p>
<ul class="figures">
<li><strong>${n(s.totals.total)}</strong> ${t(locale, "publicData.stats.total")}</li>
<li><strong>${n(s.totals.held)}</strong> ${t(locale, "public.home.figure.held")}</li>
<li><strong>${n(s.totals.freed)}</strong> ${t(locale, "public.home.figure.freed")}</li>
<li><strong>${n(s.totals.publicProfiles)}</strong> ${t(locale, "public.home.figure.public")}</li>
</ul>
<div class="charts">
${barFigure(locale, "cat", t(locale, "publicData.stats.byCategory"), s.byCategory.map((c) => ({ label: categoryLabel(locale, c.key), value: c.n })))}
${barFigure(locale, "status", t(locale, "publicData.stats.byStatus"), s.byStatus.map((c) => ({ label: statusLabel(locale, c.key), value: c.n })))}
${barFigure(locale, "article", t(locale, "publicData.stats.byArticle"), grouped(locale, s.byArticle, (k) => t(locale, "common.article", { article: k, code: t(locale, "common.code.RU_CC") })))}
${barFigure(locale, "region", t(locale, "publicData.stats.byRegion"), grouped(locale, s.byRegion, (k) => regionText(locale, k, regions)))}
<figure class="chart" aria-labelledby="sent-c"><figcaption id="sent-c">${t(locale, "publicData.stats.sentences")}</figcaption>
${sentenceTotal
  ? html`${columnChart(locale, "sent", t(locale, "publicData.stats.sentences"), desc, shortBands.map((label, i) => ({ label, values: [s.sentenceBins[i] ?? 0] })), [series[0]!])}
<p class="small muted">${t(locale, "publicData.stats.sentences.axis")}</p>
${table(locale, [t(locale, "publicData.stats.sentences"), t(locale, "publicData.stats.colCount")], bands.map((b, i) => [b, s.sentenceBins[i] ?? 0]))}`
  : html`<p>${t(locale, "publicData.stats.noData")}</p>`}
</figure>
<figure class="chart" aria-labelledby="freed-c"><figcaption id="freed-c">${t(locale, "publicData.stats.freed")}</figcaption>
${s.freedByYear.length
  ? html`${columnChart(locale, "freed", t(locale, "publicData.stats.freed"), desc, s.freedByYear.map((y) => ({ label: String(y.year), values: y.values })), series)}
${legend(series)}
${table(locale, [t(locale, "publicData.stats.year"), ...series.map((x) => x.label)], s.freedByYear.map((y) => [String(y.year), ...y.values]))}`
  : html`<p>${t(locale, "publicData.stats.noData")}</p>`}
</figure>
</div>`,
  };
}
