import type { SentenceRegime } from "../../db/schema/enums.js";
import { formatArticle } from "../../domain/tabular/articles.js";

// The registry file format that `export people` writes (docs/data-format.md); `import people` reads it back
// (and much else: src/domain/tabular/headers.ts).
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
  "verdict_on",
  "court",
  "judge",
  "publicity_consent",
  "exchange_consent",
  "public_summary",
] as const;
export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];

/** Russian Criminal Code articles in the short form ("207.3:2"); others as lawyers write them, so they read back. */
export function formatArticles(articles: { code?: string; article: string; part: string | null; paragraph?: string | null }[]): string {
  return articles.map((a) => ((a.code ?? "RU_CC") === "RU_CC" && !a.paragraph ? (a.part ? `${a.article}:${a.part}` : a.article) : formatArticle(a))).join("; ");
}

export function formatSentence(years: number | null, months: number | null, regime: SentenceRegime | null): string {
  const parts: string[] = [];
  if (years) parts.push(`${years}y`);
  if (months) parts.push(`${months}m`);
  if (!parts.length) return "";
  return regime ? `${parts.join("")} ${regime}` : parts.join("");
}
