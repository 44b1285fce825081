/**
 * How registry facts are written on a list: bilingual names, articles, sentence, birth date.
 * The same text goes into the snapshot, the PDF, the XLSX and the CSV, so the formats never disagree.
 */
import type { CaseWithDetails } from "../../db/repositories/people.js";
import { transliterate } from "../../domain/names/index.js";
import { formatDate, formatDuration, t, type Locale } from "../../i18n/index.js";

/** The language of the sentences written on a list (the headings are bilingual, Russian first). */
const LIST_LOCALE: Locale = "ru";

/** The standards used for Latin names on lists (named on every exported page). */
export const LATIN_STANDARD = "BGN/PCGN; Ukrainian names: UA 2010";

const CYRILLIC = /\p{Script=Cyrillic}/u;

export function isCyrillic(s: string): boolean {
  return CYRILLIC.test(s);
}

/**
 * Latin form of a Cyrillic name from the matcher's tables (BGN/PCGN, or UA 2010 for Ukrainians), each word capitalised
 * ("Горинов Алексей" → "Gorinov Aleksey"). Deterministic, so a re-export yields the same text.
 */
export function latinName(cyrillic: string, ukrainian = false): string {
  // Ukrainian citizens' passports use the national 2010 standard (Hryhorii, not Grigoriy): the other side
  // and the ICRC will look them up in that spelling.
  const standard = ukrainian || /[іїєґІЇЄҐ]/.test(cyrillic) ? "ua2010" : "bgn";
  return transliterate(cyrillic.normalize("NFC"), standard)
    .split(/(\s+|-)/)
    .map((w) => (w.length ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join("");
}

/** Both forms of a person's name: the Cyrillic primary (or first Cyrillic) name and its Latin form. */
export function bilingualName(names: { name: string; script: string; isPrimary: boolean }[], primary: string, category?: string): { cyrillic: string | null; latin: string | null } {
  const cyr = isCyrillic(primary) ? primary : names.find((n) => n.script === "cyrl")?.name ?? null;
  if (cyr) return { cyrillic: cyr, latin: latinName(cyr, category?.startsWith("ua_") ?? false) };
  // No Cyrillic spelling on record: the Latin stays as recorded; we do not invent a Cyrillic one.
  return { cyrillic: null, latin: primary };
}

const CODE_LABEL: Record<string, string> = { RU_CC: "УК РФ", RU_CAO: "КоАП РФ", UA_CC: "КК України", other: "" };

/** Articles as Russian courts write them ("ч. 2 ст. 207.3 УК РФ"): the other side reads them in that form. */
export function formatArticles(cases: CaseWithDetails[]): string | null {
  const seen = new Set<string>();
  for (const c of cases)
    for (const a of c.articles) {
      const parts = [a.paragraph ? `п. ${a.paragraph}` : "", a.part ? `ч. ${a.part}` : "", `ст. ${a.article}`, CODE_LABEL[a.code] ?? ""];
      seen.add(parts.filter(Boolean).join(" "));
    }
  return seen.size ? [...seen].join("; ") : null;
}

/**
 * The sentence of the latest case with a verdict, in Russian as the articles are (the list is negotiated with the
 * Russian side): "7 лет, колония общего режима, приговор 08.07.2022"; the spreadsheet's free text when no case is
 * structured.
 */
export function formatSentence(cases: CaseWithDetails[], sentenceText: string | null): string | null {
  const withSentence = cases.filter((c) => c.sentenceYears || c.sentenceMonths || c.sentenceDays);
  const c = withSentence[withSentence.length - 1];
  if (!c) return sentenceText ?? (cases.length ? t(LIST_LOCALE, "common.notSentenced") : null);
  const term = formatDuration(LIST_LOCALE, { years: c.sentenceYears, months: c.sentenceMonths, days: c.sentenceDays });
  const regime = c.regimeChangedTo ?? c.regime;
  return [term, regime ? t(LIST_LOCALE, `common.regime.${regime}`) : "", c.verdictOn ? t(LIST_LOCALE, "common.verdictOn", { date: formatDate(LIST_LOCALE, c.verdictOn, "short") }) : ""].filter(Boolean).join(", ");
}

export function formatBirth(birthDate: string | null, birthYear: number | null): string | null {
  return birthDate ?? (birthYear ? String(birthYear) : null);
}
