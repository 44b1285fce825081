// Renders an explanation line of the domain (release-date working, warnings, summary; priority reasons) from its
// message code and parameters in a locale. Each parameter is shown by the kind RELEASE_MESSAGES /
// PRIORITY_MESSAGES give it: dates and numbers for the locale, enumerations by their labels, nested messages
// rendered in turn. Pure, so the staff app bundles it.
import { PRIORITY_MESSAGES } from "../domain/priority/explain.js";
import { RELEASE_MESSAGES, type ExplainedLine, type ExplainedMessage, type ParamKind, type ParamValue, type RuleCitation } from "../domain/release/explain.js";
import type { ArticleRef, Term } from "../domain/release/types.js";
import { formatDate, formatDuration, formatNumber, hasMessage, t, type Locale, type MessageKey, type Params } from "./index.js";

/** Every code the domain can emit, with its parameters' kinds. */
export const EXPLANATION_MESSAGES: Readonly<Record<string, Readonly<Record<string, ParamKind>>>> = { ...RELEASE_MESSAGES, ...PRIORITY_MESSAGES };

const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = { a: "а", b: "б", c: "в", d: "г", e: "д", f: "е", g: "ж", h: "з", i: "и", k: "к" };

/** "п. «б»" needs the Cyrillic letter; an item like "1.1" stays as it is. */
function itemText(locale: Locale, item: string): string {
  if (locale === "en") return item;
  const letter = LATIN_TO_CYRILLIC[item.toLowerCase()] ?? item;
  return /^[а-яё]$/i.test(letter) ? `«${letter}»` : letter;
}

function cite(locale: Locale, code: string, ref: { article: string; part?: string | undefined; item?: string | undefined }): string {
  const p = { code, article: ref.article, part: ref.part ?? "", item: ref.item ? itemText(locale, ref.item) : "" };
  // A lettered item reads "part 3.1(b)" in English; a numbered one "part 10 item 1.1".
  if (ref.part && ref.item) return t(locale, /^[a-zа-я]$/i.test(ref.item) ? "release.cite.articlePartItem" : "release.cite.articlePartPoint", p);
  if (ref.item) return t(locale, "release.cite.articleItem", p);
  if (ref.part) return t(locale, "release.cite.articlePart", p);
  return t(locale, "release.cite.article", p);
}

function label(locale: Locale, key: string, fallback: string): string {
  return hasMessage(key) ? t(locale, key) : fallback;
}

export function articleText(locale: Locale, a: ArticleRef): string {
  return cite(locale, label(locale, `release.code.${a.code}`, a.code), a);
}

export function ruleText(locale: Locale, r: RuleCitation): string {
  if (!r.article) return t(locale, r.source === "PRACTICE" ? "release.cite.court" : "release.cite.convention");
  return cite(locale, label(locale, `release.code.${r.source}`, r.source), { article: r.article, part: r.part, item: r.item });
}

const RATIOS: Readonly<Record<string, [string, number]>> = { "1:1": ["×", 1], "1:1.5": ["×", 1.5], "1:2": ["×", 2], "2:1": ["÷", 2] };

/** One parameter for display, or undefined when it cannot be shown (the caller then falls back to English). */
function param(locale: Locale, kind: ParamKind, v: ParamValue): string | undefined {
  const str = typeof v === "string" ? v : undefined;
  const num = typeof v === "number" ? v : undefined;
  switch (kind) {
    case "date":
      return str && formatDate(locale, str, "medium");
    case "number":
      return num === undefined ? undefined : formatNumber(locale, num);
    case "days":
      return num === undefined ? undefined : formatNumber(locale, num, { style: "unit", unit: "day", unitDisplay: "long" });
    case "years":
      return num === undefined ? undefined : formatNumber(locale, num, { style: "unit", unit: "year", unitDisplay: "long" });
    case "text":
      return str;
    case "term":
      return typeof v === "object" && v !== null && "years" in v ? formatDuration(locale, v as Term) : undefined;
    case "ratio": {
      const r = str ? RATIOS[str] : undefined;
      return r && `${r[0]} ${formatNumber(locale, r[1])}`;
    }
    case "rule":
      return typeof v === "object" && v !== null && "source" in v ? ruleText(locale, v as RuleCitation) : undefined;
    case "article":
      return typeof v === "object" && v !== null && "article" in v ? articleText(locale, v as ArticleRef) : undefined;
    case "articles":
      if (!Array.isArray(v)) return undefined;
      return v.length ? (v as ArticleRef[]).map((a) => articleText(locale, a)).join(", ") : t(locale, "release.articlesNone");
    case "weekday":
      return num === undefined ? undefined : label(locale, `release.weekday.${num}`, String(num));
    case "regime":
      return str && label(locale, `common.regime.${str}`, str);
    case "msg":
      return typeof v === "object" && v !== null && "code" in v ? (renderMessage(locale, v as ExplainedMessage) ?? undefined) : undefined;
    case "list":
    case "commaList": {
      if (!Array.isArray(v)) return undefined;
      const parts = (v as ExplainedMessage[]).map((m) => renderMessage(locale, m));
      if (parts.some((p) => p === null)) return undefined;
      return parts.join(kind === "list" ? "; " : ", ");
    }
    default: {
      // Enumerations with their own labels: release.custodyKind.sizo, priority.severity.severe, …
      const prefix = { custodyKind: "release.custodyKind", stage: "release.stage", gravity: "release.gravityName", confidence: "release.confidence", holiday: "release.holiday", severity: "priority.severity", condition: "priority.condition", profile: "priority.profileValue", decree54: "priority.decree54Entry", listNote: "release.listNote" }[kind];
      return str && label(locale, `${prefix}.${str}`, str);
    }
  }
}

/** A message in `locale`, or null when its code (or a nested one) is unknown or a parameter is missing. */
export function renderMessage(locale: Locale, m: ExplainedMessage): string | null {
  const spec = Object.hasOwn(EXPLANATION_MESSAGES, m.code) ? EXPLANATION_MESSAGES[m.code] : undefined;
  if (!spec || !hasMessage(m.code)) return null;
  const params: Params = {};
  for (const [name, kind] of Object.entries(spec)) {
    const v = m.params?.[name];
    if (v === undefined) return null;
    const shown = param(locale, kind, v);
    if (shown === undefined) return null;
    params[name] = shown;
  }
  // A date in Russian or Ukrainian ends with "г." / "р.": do not double the full stop of the template.
  return t(locale, m.code as MessageKey, params).replace(/\.\./g, ".");
}

/** A line in `locale`, falling back to its English text when the code is unknown (e.g. a newer server). */
export function renderLine(locale: Locale, line: Partial<ExplainedLine> & { text: string }): string {
  if (!line.code || !line.params) return line.text;
  return renderMessage(locale, line as ExplainedMessage) ?? line.text;
}
