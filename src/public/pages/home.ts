import { formatNumber, t, type Locale } from "../../i18n/index.js";
import { href, html, type SafeHtml } from "../layout.js";

export interface HomeFigures {
  publicProfiles: number;
  held: number;
  freed: number;
}

export function homePage(locale: Locale, figures: HomeFigures): { title: string; body: SafeHtml } {
  const card = (path: string, title: string, text: string) =>
    html`<li class="card"><h3><a href="${href(locale, path)}">${title}</a></h3><p>${text}</p></li>`;
  const n = (v: number) => formatNumber(locale, v);
  return {
    title: t(locale, "public.site.name"),
    body: html`<h1>${t(locale, "public.home.title")}</h1>
<p class="lead">${t(locale, "public.home.lead")}</p>
<section aria-labelledby="figures"><h2 id="figures">${t(locale, "public.home.figures")}</h2>
<ul class="figures">
<li><strong>${n(figures.publicProfiles)}</strong> ${t(locale, "public.home.figure.public")}</li>
<li><strong>${n(figures.held)}</strong> ${t(locale, "public.home.figure.held")}</li>
<li><strong>${n(figures.freed)}</strong> ${t(locale, "public.home.figure.freed")}</li>
</ul>
<p><a href="${href(locale, "/stats")}">${t(locale, "public.nav.stats")}</a></p>
</section>
<section aria-labelledby="help"><h2 id="help">${t(locale, "public.home.help")}</h2>
<ul class="cards">
${card("/letters", t(locale, "public.home.help.letters.title"), t(locale, "public.home.help.letters.text"))}
${card("/appeal", t(locale, "public.home.help.appeal.title"), t(locale, "public.home.help.appeal.text"))}
${card("/people", t(locale, "public.home.help.people.title"), t(locale, "public.home.help.people.text"))}
${card("/open-data", t(locale, "public.home.help.data.title"), t(locale, "public.home.help.data.text"))}
</ul>
</section>
<section aria-labelledby="privacy"><h2 id="privacy">${t(locale, "public.home.privacy.title")}</h2>
<p>${t(locale, "public.home.privacy.text")}</p>
</section>`,
  };
}
