// The appeal form, its receipt and the status page. Plain HTML forms (no JavaScript), styled only by the
// site's stylesheet; everything typed by the family is escaped by `html`. Pages are marked noindex: nobody
// should find "who reported whom" pages through a search engine, and there is nothing to index anyway.
import { appealRequests, type AppealLanguage } from "../../db/schema/appeal.js";
import { exchangeConsents, publicityConsents } from "../../domain/vocabulary/enums.js";
import { formatDate, t, type Locale, type MessageKey } from "../../i18n/index.js";
import { contactMethods, FORM_LIMITS } from "../../services/appeals/input.js";
import type { AppealStatusView } from "../../services/appeals/submit.js";
import { href, html, raw, type SafeHtml } from "../layout.js";

export interface Rendered {
  title: string;
  body: SafeHtml;
}

/** What the family typed, as strings (re-shown after an error so nothing is lost). */
export type FormValues = Partial<Record<string, string | string[]>>;
/** Field name → message key of its problem. */
export type FieldErrors = Partial<Record<string, { key: MessageKey; max?: number }>>;

export interface FormState {
  token: string;
  values?: FormValues;
  errors?: FieldErrors;
  /** A notice above the form (e.g. "sent too fast, send again"). */
  notice?: MessageKey;
}

const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

function errorText(locale: Locale, e: { key: MessageKey; max?: number } | undefined, id: string): SafeHtml {
  if (!e) return html``;
  return html`<span class="error-text" id="${id}-error">${t(locale, e.key, e.max !== undefined ? { max: e.max } : undefined)}</span>`;
}

function describedBy(id: string, hint: boolean, error: boolean): SafeHtml {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return ids ? html` aria-describedby="${ids}"` : html``;
}

interface TextField {
  name: string;
  label: MessageKey;
  hint?: MessageKey;
  max: number;
  required?: boolean;
  multiline?: boolean;
  autocomplete?: string;
}

function textField(locale: Locale, f: TextField, s: FormState): SafeHtml {
  const value = str(s.values?.[f.name]);
  const err = s.errors?.[f.name];
  const attrs = html` id="${f.name}" name="${f.name}" maxlength="${f.max}"${f.required ? raw(" required") : ""}${err ? raw(' aria-invalid="true"') : ""}${describedBy(f.name, !!f.hint, !!err)} autocomplete="${f.autocomplete ?? "off"}"`;
  const input = f.multiline ? html`<textarea${attrs} rows="8">${value}</textarea>` : html`<input type="text"${attrs} value="${value}">`;
  return html`<div class="field">
<label for="${f.name}">${t(locale, f.label)}${f.required ? "" : html` <span class="hint">(${t(locale, "appeal.optional")})</span>`}</label>
${f.hint ? html`<span class="hint" id="${f.name}-hint">${t(locale, f.hint)}</span>` : ""}
${errorText(locale, err, f.name)}
${input}
</div>`;
}

function radios(locale: Locale, name: string, legend: MessageKey, options: readonly string[], labelPrefix: string, s: FormState, fallback: string): SafeHtml {
  const current = str(s.values?.[name]) || fallback;
  return html`<fieldset class="checks"><legend>${t(locale, legend)}</legend>
${options.map((o) => html`<label><input type="radio" name="${name}" value="${o}"${o === current ? raw(" checked") : ""}> ${t(locale, `${labelPrefix}.${o}` as MessageKey)}</label>`)}
</fieldset>`;
}

export function formPage(locale: Locale, s: FormState): Rendered {
  const errs = Object.keys(s.errors ?? {});
  const chosen = new Set(list(s.values?.requests));
  const contact = str(s.values?.contactMethod) || "none";
  const body = html`<h1>${t(locale, "appeal.form.title")}</h1>
<p class="lead">${t(locale, "appeal.form.lead")}</p>
<section class="notice" aria-labelledby="safety-h"><h2 id="safety-h">${t(locale, "appeal.safety.title")}</h2>
<ul><li>${t(locale, "appeal.safety.tor")}</li><li>${t(locale, "appeal.safety.noip")}</li><li>${t(locale, "appeal.safety.encrypted")}</li><li>${t(locale, "appeal.safety.optional")}</li></ul></section>
${s.notice ? html`<p class="notice" role="status">${t(locale, s.notice)}</p>` : ""}
${errs.length ? html`<div class="notice" role="alert"><h2>${t(locale, "appeal.errors.title")}</h2><ul>${errs.map((n) => html`<li><a href="#${n}">${t(locale, fieldLabel[n] ?? "appeal.error.invalid")}</a></li>`)}</ul></div>` : ""}
<form method="post" action="${href(locale, "/appeal")}" accept-charset="utf-8">
<input type="hidden" name="lang" value="${locale}">
<input type="hidden" name="token" value="${s.token}">
<div class="visually-hidden" aria-hidden="true"><label for="website">${t(locale, "appeal.honeypot")}</label><input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off"></div>
<fieldset><legend>${t(locale, "appeal.section.held")}</legend>
${textField(locale, { name: "heldName", label: "appeal.field.heldName", hint: "appeal.field.heldName.hint", max: FORM_LIMITS.name, required: true }, s)}
${textField(locale, { name: "heldBirthDate", label: "appeal.field.heldBirthDate", hint: "appeal.field.heldBirthDate.hint", max: FORM_LIMITS.birth }, s)}
${textField(locale, { name: "heldWhere", label: "appeal.field.heldWhere", hint: "appeal.field.heldWhere.hint", max: FORM_LIMITS.where }, s)}
${textField(locale, { name: "heldArticle", label: "appeal.field.heldArticle", hint: "appeal.field.heldArticle.hint", max: FORM_LIMITS.article }, s)}
${textField(locale, { name: "heldSince", label: "appeal.field.heldSince", hint: "appeal.field.heldSince.hint", max: FORM_LIMITS.since }, s)}
</fieldset>
<fieldset class="checks"><legend>${t(locale, "appeal.section.requests")}</legend>
${appealRequests.map((r) => html`<label><input type="checkbox" name="requests" value="${r}"${chosen.has(r) ? raw(" checked") : ""}> ${t(locale, `appeal.request.${r}`)}</label>`)}
</fieldset>
${textField(locale, { name: "text", label: "appeal.field.text", hint: "appeal.field.text.hint", max: FORM_LIMITS.text, multiline: true }, s)}
<fieldset><legend>${t(locale, "appeal.section.contact")}</legend>
<p class="hint">${t(locale, "appeal.contact.intro")}</p>
<div class="field"><label for="contactMethod">${t(locale, "appeal.field.contactMethod")}</label>
<select id="contactMethod" name="contactMethod">${contactMethods.map((m) => html`<option value="${m}"${m === contact ? raw(" selected") : ""}>${t(locale, `appeal.contact.${m}`)}</option>`)}</select></div>
${textField(locale, { name: "contactValue", label: "appeal.field.contactValue", max: FORM_LIMITS.contact }, s)}
${textField(locale, { name: "safetyNote", label: "appeal.field.safetyNote", hint: "appeal.field.safetyNote.hint", max: FORM_LIMITS.safety, multiline: true }, s)}
</fieldset>
<fieldset><legend>${t(locale, "appeal.section.consent")}</legend>
${radios(locale, "publicityConsent", "appeal.consent.publicity", publicityConsents, "appeal.consent.publicity", s, "none")}
${radios(locale, "exchangeConsent", "appeal.consent.exchange", exchangeConsents, "appeal.consent.exchange", s, "unknown")}
</fieldset>
<p class="actions"><button type="submit">${t(locale, "appeal.submit")}</button> <a href="${href(locale, "/appeal/status")}">${t(locale, "appeal.status.title")}</a></p>
</form>`;
  return { title: t(locale, "appeal.form.title"), body };
}

const fieldLabel: Record<string, MessageKey> = {
  heldName: "appeal.field.heldName",
  heldBirthDate: "appeal.field.heldBirthDate",
  heldWhere: "appeal.field.heldWhere",
  heldArticle: "appeal.field.heldArticle",
  heldSince: "appeal.field.heldSince",
  requests: "appeal.section.requests",
  text: "appeal.field.text",
  contactMethod: "appeal.field.contactMethod",
  contactValue: "appeal.field.contactValue",
  safetyNote: "appeal.field.safetyNote",
  publicityConsent: "appeal.consent.publicity",
  exchangeConsent: "appeal.consent.exchange",
};

export function receiptPage(locale: Locale, code: string): Rendered {
  const body = html`<h1>${t(locale, "appeal.receipt.title")}</h1>
<p class="lead">${t(locale, "appeal.receipt.lead")}</p>
<h2>${t(locale, "appeal.receipt.code")}</h2>
<p class="lead"><code id="appeal-code">${code}</code></p>
<p class="notice">${t(locale, "appeal.receipt.keep")}</p>
<p class="actions"><a class="button" href="${href(locale, "/appeal/status")}">${t(locale, "appeal.receipt.status")}</a> <a class="button button-secondary" href="${href(locale, "/appeal")}">${t(locale, "appeal.receipt.another")}</a></p>`;
  return { title: t(locale, "appeal.receipt.title"), body };
}

export type StatusLookup = { kind: "form" } | { kind: "notFound"; typed: string } | { kind: "found"; view: AppealStatusView };

export function statusPage(locale: Locale, r: StatusLookup): Rendered {
  const result =
    r.kind === "found"
      ? html`<section aria-labelledby="result-h"><h2 id="result-h">${t(locale, "appeal.status.result")}: ${t(locale, `appeal.status.value.${r.view.status}`)}</h2>
<p>${t(locale, `appeal.status.explain.${r.view.status}`)}</p><p class="muted">${t(locale, "appeal.status.since", { date: formatDate(locale, r.view.since) })}</p></section>`
      : "";
  const err = r.kind === "notFound";
  // The code is not echoed back after a lookup: a shared screen should not keep showing it.
  const body = html`<h1>${t(locale, "appeal.status.title")}</h1>
${result}
<p>${t(locale, "appeal.status.lead")}</p>
<form method="post" action="${href(locale, "/appeal/status")}" accept-charset="utf-8">
<input type="hidden" name="lang" value="${locale}">
<div class="field"><label for="code">${t(locale, "appeal.status.code")}</label>
<span class="hint" id="code-hint">${t(locale, "appeal.status.code.hint")}</span>
${err ? html`<span class="error-text" id="code-error" role="alert">${t(locale, "appeal.status.notFound")}</span>` : ""}
<input type="text" id="code" name="code" maxlength="200" required autocomplete="off" autocapitalize="none" spellcheck="false"${err ? raw(' aria-invalid="true"') : ""}${describedBy("code", true, err)} value="${err ? r.typed : ""}"></div>
<p class="actions"><button type="submit">${t(locale, "appeal.status.submit")}</button></p>
</form>`;
  return { title: t(locale, "appeal.status.title"), body };
}

export type ErrorKind = "refused" | "rateLimited" | "tooLarge" | "server";

export function errorPage(locale: Locale, kind: ErrorKind, back: "/appeal" | "/appeal/status" = "/appeal"): Rendered {
  const [title, text]: [MessageKey, MessageKey] =
    kind === "refused"
      ? ["appeal.refused.title", "appeal.refused.text"]
      : kind === "rateLimited"
        ? ["appeal.error.rateLimited.title", "appeal.error.rateLimited.text"]
        : kind === "tooLarge"
          ? ["appeal.error.tooLarge.title", "appeal.error.tooLarge.text"]
          : ["appeal.error.server.title", "appeal.error.server.text"];
  const body = html`<h1>${t(locale, title)}</h1>
<p>${t(locale, text, { max: FORM_LIMITS.text })}</p>
<p><a class="button" href="${href(locale, back)}">${back === "/appeal" ? t(locale, "appeal.error.back") : t(locale, "appeal.status.title")}</a></p>`;
  return { title: t(locale, title), body };
}

export function isAppealLanguage(l: string): l is AppealLanguage {
  return l === "ru" || l === "uk" || l === "en";
}
