// Shared i18n for the public site, the appeal form and the staff app. Pure (no Node APIs) so Vite can bundle it.
import { appealMessages } from "./appeal.js";
import { commonMessages } from "./common.js";
import { explainPriorityMessages } from "./explainPriority.js";
import { explainReleaseMessages } from "./explainRelease.js";
import { explainTermMessages } from "./explainTerms.js";
import { importMessages } from "./import.js";
import { webImportMessages } from "./webImport.js";
import { locales, type AreaMessages, type Locale, type Message } from "./messages.js";
import { publicMessages } from "./public.js";
import { publicDataMessages } from "./publicData.js";
import { publicOfficialMessages } from "./publicOfficials.js";
import { validationMessages } from "./validation.js";
import { telegramMessages } from "./telegram.js";
import { appealReplyMessages } from "./appealReply.js";
import { countMessages } from "./counts.js";
import { webOfficialMessages } from "./webOfficials.js";
import { webRecordMessages } from "./webRecords.js";
import { webMessages } from "./web.js";
import { webAccountMessages } from "./webAccounts.js";
import { webApiTokenMessages } from "./webApiTokens.js";
import { webScreenMessages } from "./webScreens.js";
import { webListMessages } from "./webLists.js";
import { webListOutcomeMessages } from "./webListOutcome.js";
import { webReconciliationMessages } from "./webReconciliation.js";
import { webTriageMessages } from "./webTriage.js";
import { webDuplicateMessages } from "./webDuplicates.js";
import { webPersonRecordMessages } from "./webPersonRecords.js";
import { webCaseMessages } from "./webCases.js";

export { defineMessages, locales, type AreaMessages, type Locale, type Message, type PluralMessage } from "./messages.js";

/** Every area's messages. To add an area: create src/i18n/<area>.ts with defineMessages and add one line here. */
export const catalogue = {
  common: commonMessages,
  appeal: appealMessages,
  public: publicMessages,
  publicData: publicDataMessages,
  web: webMessages,
  webAccounts: webAccountMessages,
  webApiTokens: webApiTokenMessages,
  webScreens: webScreenMessages,
  webTriage: webTriageMessages,
  webDuplicates: webDuplicateMessages,
  webLists: webListMessages,
  webListOutcome: webListOutcomeMessages,
  webReconciliation: webReconciliationMessages,
  explainRelease: explainReleaseMessages,
  explainTerms: explainTermMessages,
  explainPriority: explainPriorityMessages,
  import: importMessages,
  webImport: webImportMessages,
  validation: validationMessages,
  telegram: telegramMessages,
  appealReply: appealReplyMessages,
  counts: countMessages,
  webRecords: webRecordMessages,
  webPersonRecords: webPersonRecordMessages,
  webCases: webCaseMessages,
  webOfficials: webOfficialMessages,
  publicOfficials: publicOfficialMessages,
} as const;

type KeysOf<A> = A extends AreaMessages<infer K> ? K : never;
export type MessageKey = { [N in keyof typeof catalogue]: KeysOf<(typeof catalogue)[N]> }[keyof typeof catalogue];
export type Params = Record<string, string | number>;

export const DEFAULT_LOCALE: Locale = "en";

/** Each language's own name, for the language switcher (never translated: a reader looks for their own). */
export const localeNames: Record<Locale, string> = { en: "English", ru: "Русский", uk: "Українська" };

// Flattened once at load; keys are prefixed by area so the spread never overwrites.
const flat: Record<Locale, Record<string, Message>> = { en: {}, ru: {}, uk: {} };
for (const area of Object.values(catalogue) as AreaMessages<string>[]) for (const l of locales) Object.assign(flat[l], area[l]);

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (locales as readonly string[]).includes(v);
}

// People type "ua" for Ukrainian (it is the country code) and "by"/"kz" readers usually read Russian; be generous in what we accept.
const aliases: Record<string, Locale> = { ua: "uk", "uk-ua": "uk", be: "ru", kk: "ru" };

function normaliseTag(tag: string): Locale | null {
  const t = tag.trim().toLowerCase();
  if (isLocale(t)) return t;
  // Own keys only: "?lang=__proto__" or "constructor" must not reach Object.prototype (it crashed every page).
  if (Object.hasOwn(aliases, t)) return aliases[t]!;
  const primary = t.split("-")[0] ?? "";
  if (isLocale(primary)) return primary;
  return Object.hasOwn(aliases, primary) ? aliases[primary]! : null;
}

/**
 * The page language: an explicit `?lang=` wins (the switcher's links carry it), then the browser's
 * Accept-Language in q order, then English.
 */
export function pickLocale(queryLang?: string | null, acceptLanguage?: string | null): Locale {
  if (queryLang) {
    const q = normaliseTag(queryLang);
    if (q) return q;
  }
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(",")
      .map((part, i) => {
        const [tag = "", ...rest] = part.split(";");
        const qParam = rest.map((r) => r.trim()).find((r) => r.startsWith("q="));
        const q = qParam ? Number(qParam.slice(2)) : 1;
        return { tag, q: Number.isFinite(q) ? q : 0, i };
      })
      .filter((x) => x.q > 0)
      .sort((a, b) => b.q - a.q || a.i - b.i);
    for (const r of ranked) {
      const l = normaliseTag(r.tag);
      if (l) return l;
    }
  }
  return DEFAULT_LOCALE;
}

/** The BCP 47 tag used with Intl: en-GB for day-month-year order, which reads unambiguously worldwide. */
export function intlTag(locale: Locale): string {
  return locale === "en" ? "en-GB" : locale;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralOf(locale: Locale, n: number): Intl.LDMLPluralRule {
  let r = pluralRules.get(locale);
  if (!r) pluralRules.set(locale, (r = new Intl.PluralRules(intlTag(locale))));
  return r.select(n);
}

/** Translate `key`; `{name}` placeholders take `params` (numbers formatted for the locale). */
export function t(locale: Locale, key: MessageKey, params?: Params): string {
  const m = flat[locale][key] ?? flat.en[key];
  if (m === undefined) return key;
  let text: string;
  if (typeof m === "string") text = m;
  else {
    const n = typeof params?.count === "number" ? params.count : Number(params?.count ?? 0);
    text = m[pluralOf(locale, n)] ?? m.other;
  }
  if (!params) return text;
  // A value that ends a sentence with its own full stop ("6 дек. 2026 г.", "ст.") takes the message's stop too:
  // "По состоянию на 6 дек. 2026 г.." once showed on the release explanation.
  return text.replace(/\{(\w+)\}(\.?)/g, (whole, name: string, stop: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    const s = typeof v === "number" ? formatNumber(locale, v) : v;
    return stop && s.endsWith(".") ? s : s + stop;
  });
}

/** `t` bound to one locale, for templates. */
export type Translate = (key: MessageKey, params?: Params) => string;
export function translator(locale: Locale): Translate {
  return (key, params) => t(locale, key, params);
}

/** True when `key` exists (for labels of values that may be missing from the table, e.g. a new enum value). */
export function hasMessage(key: string): key is MessageKey {
  return key in flat.en;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
export function formatNumber(locale: Locale, n: number, opts: Intl.NumberFormatOptions = {}): string {
  const k = `${locale}|${JSON.stringify(opts)}`;
  let f = numberFormats.get(k);
  if (!f) numberFormats.set(k, (f = new Intl.NumberFormat(intlTag(locale), opts)));
  return f.format(n);
}

export function formatPercent(locale: Locale, fraction: number): string {
  return formatNumber(locale, fraction, { style: "percent", maximumFractionDigits: 1 });
}

export type DateStyle = "long" | "medium" | "short";
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${locale}|${JSON.stringify(opts)}`;
  let f = dateFormats.get(k);
  // Dates in the registry are calendar dates, not instants: format in UTC so no time zone shifts the day.
  if (!f) dateFormats.set(k, (f = new Intl.DateTimeFormat(intlTag(locale), { ...opts, timeZone: "UTC" })));
  return f;
}

/**
 * A date for display. Accepts a Date or the registry's date strings: "YYYY-MM-DD", "YYYY-MM" (month and year
 * only) and "YYYY" (year only) — partial dates are common in the sources and must not be shown as the 1st of January.
 */
export function formatDate(locale: Locale, value: string | Date | null | undefined, style: DateStyle = "long"): string {
  if (value === null || value === undefined || value === "") return "";
  if (value instanceof Date) return dateFormat(locale, { dateStyle: style }).format(value);
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1));
  if (d) return dateFormat(locale, { dateStyle: style }).format(date);
  if (mo) return dateFormat(locale, { year: "numeric", month: style === "short" ? "2-digit" : "long" }).format(date);
  return dateFormat(locale, { year: "numeric" }).format(date);
}

/**
 * A moment (audit entries, sign-ins): date and time. Unlike calendar dates these are instants, so they are shown
 * in `timeZone` — the browser's own by default, or e.g. "Europe/Moscow" on the server.
 */
export function formatDateTime(locale: Locale, value: string | Date | null | undefined, timeZone?: string): string {
  if (value === null || value === undefined || value === "") return "";
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(intlTag(locale), { dateStyle: "medium", timeStyle: "short", ...(timeZone ? { timeZone } : {}) }).format(d);
}

/** "3 years 6 months" with the locale's own unit words and plural forms. */
export function formatDuration(locale: Locale, parts: { years?: number | null; months?: number | null; days?: number | null }): string {
  const out: string[] = [];
  const unit = (n: number | null | undefined, u: "year" | "month" | "day") => {
    if (n) out.push(formatNumber(locale, n, { style: "unit", unit: u, unitDisplay: "long" }));
  };
  unit(parts.years, "year");
  unit(parts.months, "month");
  unit(parts.days, "day");
  return out.join(" ");
}
