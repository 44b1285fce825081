import { z } from "zod";
import {
  exchangeConsents,
  personCategories,
  personStatuses,
  publicityConsents,
  sentenceRegimes,
  sexes,
  type SentenceRegime,
} from "../../db/schema/enums.js";
import { birthDateInput, isoDate, type ArticleInput } from "../personInput.js";

// The registry spreadsheet format (docs/data-format.md). Column names are case-insensitive; unknown
// columns are reported once as a warning and ignored.
export const PEOPLE_COLUMNS = [
  "external_id",
  "name",
  "name_alt",
  "sex",
  "birth_date",
  "citizenship",
  "region",
  "category",
  "status",
  "status_since",
  "facility",
  "articles",
  "sentence",
  "detained_on",
  "publicity_consent",
  "exchange_consent",
  "public_summary",
] as const;
export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];
export const REQUIRED_COLUMNS: PeopleColumn[] = ["external_id", "name", "category"];

/** Russian and English spellings that spreadsheets use for the same column. */
const COLUMN_ALIASES: Record<string, PeopleColumn> = {
  id: "external_id",
  "external id": "external_id",
  full_name: "name",
  fio: "name",
  фио: "name",
  имя: "name",
  aliases: "name_alt",
  other_names: "name_alt",
  birthdate: "birth_date",
  date_of_birth: "birth_date",
  "дата рождения": "birth_date",
  home_region: "region",
  регион: "region",
  статья: "articles",
  статьи: "articles",
  article: "articles",
  срок: "sentence",
  колония: "facility",
};

export function canonicalColumn(header: string): PeopleColumn | null {
  const h = header.trim().toLowerCase().replace(/\s+/g, " ");
  if ((PEOPLE_COLUMNS as readonly string[]).includes(h)) return h as PeopleColumn;
  const underscored = h.replace(/ /g, "_");
  if ((PEOPLE_COLUMNS as readonly string[]).includes(underscored)) return underscored as PeopleColumn;
  return COLUMN_ALIASES[h] ?? COLUMN_ALIASES[underscored] ?? null;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `longer than ${max} characters`)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim().toLowerCase()) : v), z.enum(values, { error: `expected one of: ${values.join(", ")}` }).optional());

export const peopleRowSchema = z.object({
  external_id: z.string().trim().min(1, "required").max(100),
  name: z.string().trim().min(1, "required").max(300),
  name_alt: optionalText(3000),
  sex: optionalEnum(sexes),
  birth_date: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), birthDateInput.optional()),
  citizenship: optionalText(100),
  region: optionalText(200),
  category: z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(personCategories, { error: `expected one of: ${personCategories.join(", ")}` })),
  status: optionalEnum(personStatuses),
  status_since: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), isoDate.optional()),
  facility: optionalText(300),
  articles: optionalText(500),
  sentence: optionalText(200),
  detained_on: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), isoDate.optional()),
  publicity_consent: optionalEnum(publicityConsents),
  exchange_consent: optionalEnum(exchangeConsents),
  public_summary: optionalText(5000),
});
export type PeopleRow = z.output<typeof peopleRowSchema>;

/**
 * Articles as spreadsheets write them: "207.3:2; 280.3", "ч. 2 ст. 207.3", "207.3 part 2", "205.2(2)".
 * Returns the parsed list or the piece that could not be read.
 */
export function parseArticles(text: string): { articles: ArticleInput[] } | { error: string } {
  const articles: ArticleInput[] = [];
  for (const raw of text.split(/[;,]/).map((s) => s.trim()).filter(Boolean)) {
    const s = raw.toLowerCase().replace(/ук рф|uk rf|rf cc|ст\.|статья|art\.|article/g, " ").replace(/\s+/g, " ").trim();
    let m = /^(\d{1,3}(?:\.\d{1,2})?)\s*(?::|\(|part|ч\.?)\s*(\d{1,2}(?:\.\d)?)\)?$/.exec(s);
    if (m) {
      articles.push({ code: "RU_CC", article: m[1]!, part: m[2]! });
      continue;
    }
    m = /^ч\.?\s*(\d{1,2}(?:\.\d)?)\s+(\d{1,3}(?:\.\d{1,2})?)$/.exec(s);
    if (m) {
      articles.push({ code: "RU_CC", article: m[2]!, part: m[1]! });
      continue;
    }
    m = /^(\d{1,3}(?:\.\d{1,2})?)$/.exec(s);
    if (m) {
      articles.push({ code: "RU_CC", article: m[1]! });
      continue;
    }
    return { error: `cannot read article "${raw}" (write e.g. 207.3:2)` };
  }
  return { articles };
}

export function formatArticles(articles: { article: string; part: string | null }[]): string {
  return articles.map((a) => (a.part ? `${a.article}:${a.part}` : a.article)).join("; ");
}

const REGIME_WORDS: [RegExp, SentenceRegime][] = [
  [/settlement|поселени/, "colony_settlement"],
  [/general|общего/, "general"],
  [/strict|строгого/, "strict"],
  [/special|особого/, "special"],
  [/prison|тюрьм/, "prison"],
  [/educational|воспитательн/, "educational"],
];

export interface ParsedSentence {
  years: number;
  months: number;
  regime: SentenceRegime | null;
}

/** "7y6m general", "7 years 6 months strict", "7 лет 6 мес. общего режима"; null when it is not a term of years. */
export function parseSentence(text: string): ParsedSentence | null {
  const s = text.toLowerCase();
  const y = /(\d{1,2})\s*(?:y\b|y(?=\d)|yrs?|years?|г\.|года?|лет)/.exec(s);
  const m = /(\d{1,2})\s*(?:m\b|mo\b|months?|мес)/.exec(s);
  if (!y && !m) return null;
  const regime = REGIME_WORDS.find(([re]) => re.test(s))?.[1] ?? null;
  return { years: y ? Number(y[1]) : 0, months: m ? Number(m[1]) : 0, regime };
}

export function formatSentence(years: number | null, months: number | null, regime: SentenceRegime | null): string {
  const parts: string[] = [];
  if (years) parts.push(`${years}y`);
  if (months) parts.push(`${months}m`);
  if (!parts.length) return "";
  return regime ? `${parts.join("")} ${regime}` : parts.join("");
}

export const SENTENCE_REGIMES = sentenceRegimes;
