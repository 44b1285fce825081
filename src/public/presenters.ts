// The only way registry data reaches anonymous visitors. Every field is named here; nothing is spread from a
// row. Two levels of consent:
//   full        names (all spellings), photo, public summary, region, year of birth (needed on letters),
//               articles, sentence, status and date, facility with its postal address;
//   anonymised  initials, category, status and year, articles, sentence — nothing that points at one person
//               (no name, photo, free text, region, facility or exact dates).
// People without consent never get here: the repository does not return them.
import type { CaseWithDetails } from "../db/repositories/cases.js";
import type { PublicPersonRow } from "../db/repositories/publicPeople.js";
import type { FacilityKind, LegalCode, PersonCategory, PersonStatus, SentenceRegime } from "../domain/vocabulary/enums.js";

export interface PublicArticle {
  code: LegalCode;
  article: string;
  part: string | null;
}

export interface PublicSentence {
  years: number | null;
  months: number | null;
  days: number | null;
  regime: SentenceRegime | null;
}

export interface PublicFacility {
  id: string;
  name: string;
  kind: FacilityKind;
  region: string | null;
  postalAddress: string | null;
}

export interface PublicPersonCard {
  id: string;
  consent: "full" | "anonymised";
  /** The full primary name, or initials for an anonymised profile. */
  displayName: string;
  otherNames: string[];
  category: PersonCategory;
  status: PersonStatus;
  /** "YYYY-MM-DD" for named profiles, "YYYY" for anonymised ones. */
  statusSince: string | null;
  region: string | null;
  /** Same-origin path only: the CSP allows no other host, and a third-party photo would tell that host who looked. */
  photoUrl: string | null;
}

export interface PublicProfile extends PublicPersonCard {
  summary: string | null;
  birthYear: number | null;
  articles: PublicArticle[];
  sentences: PublicSentence[];
  /** Sentence as written in the source, when no structured case exists. */
  sentenceText: string | null;
  facility: PublicFacility | null;
}

/** "Горинов Алексей Александрович" → "Г. А. А." (at most three letters; the order is the name's own). */
export function initialsOf(name: string): string {
  const letters = name
    .split(/[\s\-‐]+/u)
    .map((w) => /\p{L}/u.exec(w)?.[0])
    .filter((c): c is string => !!c)
    .slice(0, 3);
  return letters.length ? letters.map((c) => `${c.toLocaleUpperCase()}.`).join(" ") : "—";
}

export function safePhotoUrl(url: string | null): string | null {
  if (!url) return null;
  // "/photos/x.jpg" yes; "//host/x.jpg", "https://…", "javascript:" no.
  return /^\/(?!\/)[\w\-./]+\.(?:jpe?g|png|webp|avif)$/i.test(url) && !url.includes("..") ? url : null;
}

/** What a card shows: the row read from SQL, or the person index's entry (public list and search). */
export type PublicCardRow = Pick<PublicPersonRow, "id" | "primaryName" | "publicityConsent" | "category" | "status" | "statusSince" | "homeRegion" | "photoUrl">;

export function presentPublicCard(p: PublicCardRow, names: { name: string }[] = []): PublicPersonCard {
  if (p.publicityConsent === "full") {
    return {
      id: p.id,
      consent: "full",
      displayName: p.primaryName,
      otherNames: [...new Set(names.map((n) => n.name))].filter((n) => n !== p.primaryName),
      category: p.category,
      status: p.status,
      statusSince: p.statusSince,
      region: p.homeRegion?.trim() || null,
      photoUrl: safePhotoUrl(p.photoUrl),
    };
  }
  if (p.publicityConsent !== "anonymised") throw new Error("no publicity consent: this person must not be presented publicly");
  return {
    id: p.id,
    consent: "anonymised",
    displayName: initialsOf(p.primaryName),
    otherNames: [],
    category: p.category,
    status: p.status,
    statusSince: p.statusSince ? p.statusSince.slice(0, 4) : null,
    region: null,
    photoUrl: null,
  };
}

export function presentPublicProfile(
  p: PublicPersonRow,
  names: { name: string }[],
  cases: CaseWithDetails[],
  facility: { id: string; name: string; kind: FacilityKind; region: string | null; postalAddress: string | null } | null,
): PublicProfile {
  const card = presentPublicCard(p, names);
  const full = card.consent === "full";
  const articles: PublicArticle[] = [];
  const seen = new Set<string>();
  for (const c of cases)
    for (const a of c.articles) {
      const k = `${a.code}|${a.article}|${a.part ?? ""}`;
      if (seen.has(k)) continue;
      seen.add(k);
      articles.push({ code: a.code, article: a.article, part: a.part });
    }
  const sentences: PublicSentence[] = cases
    .filter((c) => c.sentenceYears || c.sentenceMonths || c.sentenceDays)
    .map((c) => ({ years: c.sentenceYears, months: c.sentenceMonths, days: c.sentenceDays, regime: c.regimeChangedTo ?? c.regime }));
  return {
    ...card,
    summary: full ? p.publicSummary : null,
    birthYear: full ? p.birthYear : null,
    articles,
    sentences,
    // Free text may name people or places, so anonymised profiles show the structured sentence only.
    sentenceText: full ? p.sentenceText : null,
    facility: full && facility ? { id: facility.id, name: facility.name, kind: facility.kind, region: facility.region, postalAddress: facility.postalAddress } : null,
  };
}

/** The open-data record: the documented schema (docs/public-site.md), one object per consented person. */
export interface OpenDataRecord {
  id: string;
  profile_path: string;
  consent: "full" | "anonymised";
  display_name: string;
  other_names: string[];
  category: PersonCategory;
  status: PersonStatus;
  status_since: string | null;
  region: string | null;
  birth_year: number | null;
  articles: string[];
  sentence_months: number | null;
  sentence_regime: SentenceRegime | null;
  facility_name: string | null;
  facility_region: string | null;
  facility_address: string | null;
}

export const openDataFields = [
  "id",
  "profile_path",
  "consent",
  "display_name",
  "other_names",
  "category",
  "status",
  "status_since",
  "region",
  "birth_year",
  "articles",
  "sentence_months",
  "sentence_regime",
  "facility_name",
  "facility_region",
  "facility_address",
] as const satisfies readonly (keyof OpenDataRecord)[];

/** "RU_CC 207.3 part 2" — machine-readable and language-neutral. */
export function articleCode(a: PublicArticle): string {
  return `${a.code} ${a.article}${a.part ? ` part ${a.part}` : ""}`;
}

export function presentOpenData(p: PublicProfile): OpenDataRecord {
  // The longest sentence: what a reader of the data means by "sentenced to N years".
  const longest = p.sentences
    .map((s) => ({ s, m: (s.years ?? 0) * 12 + (s.months ?? 0) }))
    .sort((a, b) => b.m - a.m)[0];
  return {
    id: p.id,
    profile_path: `/people/${p.id}`,
    consent: p.consent,
    display_name: p.displayName,
    other_names: p.otherNames,
    category: p.category,
    status: p.status,
    status_since: p.statusSince,
    region: p.region,
    birth_year: p.birthYear,
    articles: p.articles.map(articleCode),
    sentence_months: longest && longest.m > 0 ? longest.m : null,
    sentence_regime: longest?.s.regime ?? null,
    facility_name: p.facility?.name ?? null,
    facility_region: p.facility?.region ?? null,
    facility_address: p.facility?.postalAddress ?? null,
  };
}

/** A named, held person on the letters page: what goes on the envelope (full name and year of birth). */
export function presentLetterRecipient(p: PublicPersonRow): { id: string; name: string; birthYear: number | null } | null {
  if (p.publicityConsent !== "full") return null;
  return { id: p.id, name: p.primaryName, birthYear: p.birthYear };
}
