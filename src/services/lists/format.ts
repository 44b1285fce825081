/**
 * How registry facts are written on a list: bilingual names, articles, sentence, birth date.
 * The same text goes into the snapshot, the PDF, the XLSX and the CSV, so the formats never disagree.
 */
import type { CaseFacts } from "../../db/repositories/cases.js";
import { transliterate } from "../../domain/names/index.js";
import { formatDuration, t, type Locale } from "../../i18n/index.js";

/** The standards used for Latin names on lists (named on every exported page). */
export const LATIN_STANDARD = "as in the passport where recorded; otherwise ICAO Doc 9303 (Ukrainian names: KMU 2010)";

export const LIST_LANGUAGES = ["ru", "uk", "en"] as const;
export type ListLanguage = (typeof LIST_LANGUAGES)[number];

const CYRILLIC = /\p{Script=Cyrillic}/u;

export function isCyrillic(s: string): boolean {
  return CYRILLIC.test(s);
}

/**
 * Latin form of a Cyrillic name as a passport would print it: ICAO Doc 9303 (the scheme of Russian passports
 * since 2014), or for Ukrainians the national table of the Cabinet of Ministers' resolution No. 55 of 2010
 * (KMU 2010: Hryhorii, Yevheniia), which Ukrainian passports use. Each word capitalised; apostrophes are not
 * transliterated (KMU 2010). Deterministic, so a re-export yields the same text.
 */
export function latinName(cyrillic: string, ukrainian = false, words?: LatinWords): string {
  const kmu = ukrainian || /[іїєґІЇЄҐ]/.test(cyrillic);
  const text = cyrillic.normalize("NFC").replace(kmu ? /['’ʼ`]/g : /$^/g, "");
  const standard = kmu ? "ua2010" : "icao";
  if (!words)
    return transliterate(text, standard)
      .split(/(\s+|-)/)
      .map((w) => (w.length ? w[0]!.toUpperCase() + w.slice(1) : w))
      .join("");
  // Word by word, each word's Latin kept: transliteration looks only inside a word (its start, the letters either
  // side), so a word's Latin alone is its Latin in the whole name (format.test.ts holds the two forms equal).
  return text
    .split(/(\s+|-)/)
    .map((w) => {
      if (!w.length || w === "-" || /^\s+$/.test(w)) return w;
      const key = kmu ? `u${w}` : `r${w}`;
      let out = words.get(key);
      if (out === undefined) {
        const l = transliterate(w, standard);
        out = l.length ? l[0]!.toUpperCase() + l.slice(1) : l;
        words.set(key, out);
      }
      return out;
    })
    .join("");
}

/**
 * Latin forms of name words already written during one build: patronymics, given names and many surnames repeat,
 * and transliterating every name whole was ~1 s of CPU of a list of 100,000. Made per build and dropped with it
 * (no name outlives the build in memory).
 */
export type LatinWords = Map<string, string>;

/** Both forms of a person's name: the Cyrillic primary (or first Cyrillic) name and its Latin form. */
export function bilingualName(
  names: { name: string; script: string; isPrimary: boolean }[],
  primary: string,
  category?: string,
  passportLatin?: string | null,
  words?: LatinWords,
): { cyrillic: string | null; latin: string | null } {
  const cyr = isCyrillic(primary) ? primary : names.find((n) => n.script === "cyrl")?.name ?? null;
  // The spelling in the person's passport wins: it is what the other side's records hold.
  if (cyr) return { cyrillic: cyr, latin: passportLatin ?? latinName(cyr, category?.startsWith("ua_") ?? false, words) };
  // No Cyrillic spelling on record: the Latin stays as recorded; we do not invent a Cyrillic one.
  return { cyrillic: null, latin: primary };
}

const CODE_LABEL: Record<string, string> = { RU_CC: "УК РФ", RU_CAO: "КоАП РФ", UA_CC: "КК України", other: "" };

/** Articles as Russian courts write them ("ч. 2 ст. 207.3 УК РФ"): the other side reads them in that form. */
export function formatArticles(cases: CaseFacts[]): string | null {
  const seen = new Set<string>();
  for (const c of cases)
    for (const a of c.articles) {
      const parts = [a.paragraph ? `п. ${a.paragraph}` : "", a.part ? `ч. ${a.part}` : "", `ст. ${a.article}`, CODE_LABEL[a.code] ?? ""];
      seen.add(parts.filter(Boolean).join(" "));
    }
  return seen.size ? [...seen].join("; ") : null;
}

const SENTENCE_WORDS: Record<ListLanguage, { notSentenced: string; verdict: string }> = {
  en: { notSentenced: "not sentenced", verdict: "verdict" },
  ru: { notSentenced: "приговора нет", verdict: "приговор" },
  uk: { notSentenced: "вироку немає", verdict: "вирок" },
};

/**
 * The sentence of the latest case with a verdict, in the list's language ("7 лет, колония общего режима,
 * приговор 08.07.2022"), as it stands after the case's recorded court decisions; the spreadsheet's free
 * text when no case is structured.
 */
export function formatSentence(cases: CaseFacts[], sentenceText: string | null, language: ListLanguage = "en"): string | null {
  const withSentence = cases.filter((c) => c.sentenceYears || c.sentenceMonths || c.sentenceDays);
  const c = withSentence[withSentence.length - 1];
  const words = SENTENCE_WORDS[language];
  if (!c) return sentenceText ?? (cases.length ? words.notSentenced : null);
  let term = { years: c.sentenceYears ?? 0, months: c.sentenceMonths ?? 0, days: c.sentenceDays ?? 0 };
  let regime: string | null = c.regimeChangedTo ?? c.regime;
  // Later decisions in force replace the term and the regime (appeal, cassation, new or combined sentence).
  for (const d of [...(c.sentenceChanges ?? [])].sort((a, b) => a.date.localeCompare(b.date))) {
    if (d.pending || d.outcome === "quashed" || d.outcome === "upheld") continue;
    if (d.term) term = d.term;
    if (d.regime) regime = d.regime;
  }
  const locale = language as Locale;
  return [
    formatDuration(locale, term),
    regime ? t(locale, `common.regime.${regime}` as Parameters<typeof t>[1]) : "",
    c.verdictOn ? `${words.verdict} ${formatListDate(c.verdictOn, language)}` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

/** Dates on lists: DD.MM.YYYY for Russian and Ukrainian readers, ISO for English. */
export function formatListDate(iso: string, language: ListLanguage): string {
  if (language === "en" || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/** The first day of detention: the earliest detention date or custody period of the person's cases. */
export function firstDetention(cases: CaseFacts[]): string | null {
  const days = cases.flatMap((c) => [c.detainedOn, ...c.custodyPeriods.map((p) => p.fromDate)]).filter((d): d is string => !!d);
  return days.length ? days.sort()[0]! : null;
}

export function formatBirth(birthDate: string | null, birthYear: number | null): string | null {
  return birthDate ?? (birthYear ? String(birthYear) : null);
}
