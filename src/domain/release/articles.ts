/**
 * Article lists that change how custody is credited (CC art. 72 part 3.2) and when
 * parole becomes possible (CC art. 79 part 3), and a gravity table (CC art. 15) for
 * the articles our people are charged under.
 *
 * Every entry carries a confidence level. "high": we are sure of the text; "medium":
 * our recollection of the text, not checked against an official source here; "low":
 * reported but not established. The computation uses high and medium entries and
 * writes a warning into the working whenever a medium entry decides the outcome; low
 * entries are never applied, only warned about. See docs/release-dates.md.
 */
import type { ArticleRef, Gravity } from "./types.js";

export type Confidence = "high" | "medium" | "low";

export interface ListEntry {
  article: string;
  /** Parts covered; undefined = the whole article. */
  parts?: readonly string[];
  confidence: Confidence;
  note?: string;
}

function covers(entry: ListEntry, ref: ArticleRef): boolean {
  if (ref.code !== "RU_CC" || entry.article !== ref.article) return false;
  if (!entry.parts) return true;
  return ref.part !== undefined && entry.parts.includes(ref.part);
}

/** Partial match: the article is listed only for some parts and the part is unknown. */
function coversIfPartUnknown(entry: ListEntry, ref: ArticleRef): boolean {
  return ref.code === "RU_CC" && entry.article === ref.article && entry.parts !== undefined && ref.part === undefined;
}

/** CC art. 72 part 3.2 (No. 186-FZ of 3 July 2018): custody counted one day for one day. */
export const CC72_PART32: readonly ListEntry[] = [
  { article: "205", confidence: "high" },
  { article: "205.1", confidence: "high" },
  { article: "205.2", confidence: "high" },
  { article: "205.3", confidence: "high" },
  { article: "205.4", confidence: "high" },
  { article: "205.5", confidence: "high" },
  { article: "206", parts: ["2", "3"], confidence: "medium" },
  { article: "208", confidence: "medium" },
  { article: "211", parts: ["4"], confidence: "medium" },
  { article: "228", parts: ["2"], confidence: "medium" },
  { article: "228.1", parts: ["3"], confidence: "medium" },
  { article: "229", parts: ["2", "3"], confidence: "medium" },
  { article: "275", confidence: "high" },
  { article: "276", confidence: "high" },
  { article: "361", confidence: "high" },
];

/** Articles sometimes said to be in art. 72 part 3.2 that we could not establish: warned, not applied. */
export const CC72_PART32_UNVERIFIED: readonly ListEntry[] = [
  { article: "275.1", confidence: "low", note: "added with art. 275.1 in 2022? not established" },
  { article: "276.1", confidence: "low", note: "added with art. 276.1 in 2022? not established" },
  { article: "209", confidence: "low", note: "not in our reading of the 2018 text" },
  { article: "210", parts: ["1"], confidence: "low", note: "not in our reading of the 2018 text" },
];

/** CC art. 79 part 3 item (d): parole after three quarters of the term. */
export const CC79_ITEM_D: readonly ListEntry[] = [
  { article: "205", confidence: "high" },
  { article: "205.1", confidence: "high" },
  { article: "205.2", confidence: "high" },
  { article: "205.3", confidence: "high" },
  { article: "205.4", confidence: "high" },
  { article: "205.5", confidence: "high" },
  { article: "206", parts: ["3", "4"], confidence: "medium" },
  { article: "211", parts: ["4"], confidence: "medium" },
  { article: "277", confidence: "medium" },
  { article: "278", confidence: "medium" },
  { article: "279", confidence: "medium" },
  { article: "360", confidence: "medium" },
  { article: "361", confidence: "high" },
  {
    article: "275",
    confidence: "medium",
    note: "treason/espionage added to item (d) by the 2022–2023 amendments as we recall them",
  },
  { article: "275.1", confidence: "medium", note: "as above" },
  { article: "276", confidence: "medium", note: "as above" },
  { article: "276.1", confidence: "medium", note: "as above" },
];

/** Drug articles whose *especially grave* parts fall under item (d). */
export const CC79_ITEM_D_DRUGS_IF_ESPECIALLY_GRAVE: readonly string[] = ["228", "228.1", "229", "229.1"];

/** CC art. 79 part 3 item (c) names these articles besides especially grave crimes. */
export const CC79_ITEM_C: readonly ListEntry[] = [
  { article: "210", confidence: "medium" },
  { article: "210.1", confidence: "medium" },
];

export interface ListMatch {
  entry: ListEntry;
  article: ArticleRef;
  /** True when the list covers only some parts and the article's part was not given. */
  partUnknown: boolean;
}

export function findInList(list: readonly ListEntry[], articles: readonly ArticleRef[]): ListMatch[] {
  const out: ListMatch[] = [];
  for (const a of articles) {
    for (const e of list) {
      if (covers(e, a)) out.push({ entry: e, article: a, partUnknown: false });
      else if (coversIfPartUnknown(e, a)) out.push({ entry: e, article: a, partUnknown: true });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Gravity (CC art. 15)

export interface GravityEntry {
  article: string;
  part?: string;
  title: string;
  /** Maximum deprivation of liberty in years under the current text; "life" for life imprisonment. */
  maxYears: number | "life";
  confidence: Confidence;
  note?: string;
}

/**
 * Maximum penalty by article and part, current text as we know it. Penalties changed
 * over time (e.g. 280.3 part 1 was up to 3 years until March 2023); what counts is the
 * law at the time of the act (CC arts. 9–10). Give `maxPenaltyYears` on the case to
 * override when the table is wrong for a given case.
 */
export const GRAVITY_TABLE: readonly GravityEntry[] = [
  { article: "205", title: "Terrorist act", maxYears: "life", confidence: "high" },
  { article: "205.1", title: "Assisting terrorist activity", maxYears: "life", confidence: "medium" },
  { article: "205.2", part: "1", title: "Public calls to / justification of terrorism", maxYears: 5, confidence: "high" },
  { article: "205.2", part: "2", title: "Same, via media or the internet", maxYears: 7, confidence: "high" },
  { article: "205.3", title: "Training for terrorism", maxYears: "life", confidence: "medium" },
  { article: "205.4", part: "1", title: "Creating a terrorist community", maxYears: "life", confidence: "medium" },
  { article: "205.4", part: "2", title: "Participating in a terrorist community", maxYears: 10, confidence: "medium", note: "raised over time; check the version" },
  { article: "205.5", part: "1", title: "Organising a terrorist organisation", maxYears: "life", confidence: "high" },
  { article: "205.5", part: "2", title: "Participating in a terrorist organisation", maxYears: 20, confidence: "high" },
  { article: "207.3", part: "1", title: "Public dissemination of knowingly false information about the armed forces", maxYears: 3, confidence: "high" },
  { article: "207.3", part: "2", title: "Same, with aggravating circumstances (official position, hatred, group…)", maxYears: 10, confidence: "high" },
  { article: "207.3", part: "3", title: "Same, with grave consequences", maxYears: 15, confidence: "high" },
  { article: "208", part: "2", title: "Participation in an illegal armed formation", maxYears: 15, confidence: "medium" },
  { article: "212", part: "1", title: "Organising mass riots", maxYears: 15, confidence: "high" },
  { article: "212", part: "2", title: "Participating in mass riots", maxYears: 8, confidence: "high" },
  { article: "212", part: "3", title: "Calls to mass riots", maxYears: 2, confidence: "medium" },
  { article: "275", title: "High treason", maxYears: "life", confidence: "high" },
  { article: "275.1", title: "Confidential cooperation with a foreign state", maxYears: 8, confidence: "high" },
  { article: "276", title: "Espionage", maxYears: 20, confidence: "high" },
  { article: "280", part: "1", title: "Public calls to extremist activity", maxYears: 4, confidence: "high" },
  { article: "280", part: "2", title: "Same, via media or the internet", maxYears: 5, confidence: "high" },
  { article: "280.1", part: "1", title: "Public calls to violate territorial integrity", maxYears: 4, confidence: "medium" },
  { article: "280.1", part: "2", title: "Same, via media or the internet", maxYears: 5, confidence: "medium" },
  { article: "280.3", part: "1", title: "Discrediting the armed forces (after an administrative penalty)", maxYears: 5, confidence: "high", note: "up to 3 years before the March 2023 amendment" },
  { article: "280.3", part: "2", title: "Discrediting the armed forces with grave consequences", maxYears: 7, confidence: "high" },
  { article: "280.4", part: "1", title: "Public calls to activity against state security", maxYears: 4, confidence: "high" },
  { article: "280.4", part: "2", title: "Same, with aggravating circumstances", maxYears: 7, confidence: "high" },
  { article: "282", part: "1", title: "Incitement of hatred (after an administrative penalty)", maxYears: 5, confidence: "high" },
  { article: "282", part: "2", title: "Incitement of hatred with violence, official position or group", maxYears: 6, confidence: "high" },
  { article: "282.1", part: "1", title: "Organising an extremist community", maxYears: 10, confidence: "medium" },
  { article: "282.1", part: "2", title: "Participating in an extremist community", maxYears: 6, confidence: "medium" },
  { article: "282.2", part: "1", title: "Organising activity of an extremist organisation", maxYears: 10, confidence: "high" },
  { article: "282.2", part: "1.1", title: "Recruiting into an extremist organisation", maxYears: 8, confidence: "medium" },
  { article: "282.2", part: "2", title: "Participating in an extremist organisation", maxYears: 6, confidence: "high" },
  { article: "282.3", part: "1", title: "Financing extremist activity", maxYears: 8, confidence: "medium" },
  { article: "284.1", part: "1", title: "Participating in an undesirable organisation", maxYears: 4, confidence: "high" },
  { article: "284.1", part: "2", title: "Financing an undesirable organisation", maxYears: 5, confidence: "medium" },
  { article: "284.1", part: "3", title: "Organising an undesirable organisation", maxYears: 6, confidence: "high" },
  { article: "284.2", title: "Calls for sanctions against Russia", maxYears: 3, confidence: "medium" },
  { article: "318", part: "1", title: "Violence not dangerous to life against an official", maxYears: 5, confidence: "high" },
  { article: "318", part: "2", title: "Violence dangerous to life against an official", maxYears: 10, confidence: "high" },
  { article: "330.1", part: "1", title: "Evading foreign-agent duties", maxYears: 2, confidence: "medium" },
  { article: "330.1", part: "2", title: "Same, with submission of false data", maxYears: 5, confidence: "medium" },
  { article: "354.1", part: "1", title: "Rehabilitation of Nazism", maxYears: 3, confidence: "medium" },
  { article: "354.1", part: "2", title: "Same, with official position, media or the internet", maxYears: 5, confidence: "medium" },
  { article: "361", title: "Act of international terrorism", maxYears: "life", confidence: "high" },
];

/** CC art. 15 for an intentional crime. */
export const GRAVITY_LABELS: Readonly<Record<Gravity, string>> = {
  small: "small gravity",
  medium: "medium gravity",
  grave: "grave",
  especially_grave: "especially grave",
};

export function gravityFromMaxYears(maxYears: number | "life"): Gravity {
  if (maxYears === "life" || maxYears > 10) return "especially_grave";
  if (maxYears > 5) return "grave";
  if (maxYears > 3) return "medium";
  return "small";
}

export const GRAVITY_ORDER: readonly Gravity[] = ["small", "medium", "grave", "especially_grave"];

export function moreSevere(a: Gravity, b: Gravity): Gravity {
  return GRAVITY_ORDER.indexOf(a) >= GRAVITY_ORDER.indexOf(b) ? a : b;
}

export interface GravityFinding {
  gravity: Gravity | "unknown";
  source: "table" | "max_penalty" | "table_most_severe_part" | "unknown";
  text: string;
  confidence?: Confidence;
  /** The table's maximum penalty (source "table"). */
  maxYears?: number | "life";
}

/**
 * Gravity of one article. Order: explicit max penalty → table entry for the part →
 * the article without a part in the table → when only the part is missing, the most
 * severe of the article's parts (conservative for parole) → unknown.
 */
export function gravityOf(ref: ArticleRef & { maxPenaltyYears?: number | "life" }): GravityFinding {
  const label = `art. ${ref.article}${ref.part ? ` part ${ref.part}` : ""}`;
  if (ref.maxPenaltyYears !== undefined) {
    const g = gravityFromMaxYears(ref.maxPenaltyYears);
    return { gravity: g, source: "max_penalty", text: `${label}: max ${ref.maxPenaltyYears} y (given) → ${GRAVITY_LABELS[g]} (CC art. 15)` };
  }
  if (ref.code !== "RU_CC") return { gravity: "unknown", source: "unknown", text: `${label}: not a Criminal Code article` };
  const exact = GRAVITY_TABLE.find((e) => e.article === ref.article && e.part === ref.part);
  const whole = GRAVITY_TABLE.find((e) => e.article === ref.article && e.part === undefined);
  const hit = exact ?? whole;
  if (hit) {
    const g = gravityFromMaxYears(hit.maxYears);
    return {
      gravity: g,
      source: "table",
      confidence: hit.confidence,
      maxYears: hit.maxYears,
      text: `${label}: max ${hit.maxYears === "life" ? "life" : `${hit.maxYears} y`} → ${GRAVITY_LABELS[g]} (CC art. 15; table, ${hit.confidence} confidence)`,
    };
  }
  if (ref.part === undefined) {
    const parts = GRAVITY_TABLE.filter((e) => e.article === ref.article);
    if (parts.length > 0) {
      const g = parts.map((p) => gravityFromMaxYears(p.maxYears)).reduce(moreSevere);
      return {
        gravity: g,
        source: "table_most_severe_part",
        text: `${label}: part not given; assumed the most severe part → ${GRAVITY_LABELS[g]}`,
      };
    }
  }
  return { gravity: "unknown", source: "unknown", text: `${label}: gravity unknown (not in the table; give maxPenaltyYears)` };
}
