// Public statistics: counts over the whole registry, with small groups merged so a rare region or article
// cannot point at one person who did not consent to be named. Pure shaping here; SQL in publicStats.ts.
import type { Db } from "../db/client.js";
import * as q from "../db/repositories/publicStats.js";
import { personCategories, personStatuses, type PersonCategory, type PersonStatus } from "../domain/vocabulary/enums.js";

/** Regions and articles with fewer people than this are shown only inside "other". */
export const MIN_GROUP = 5;
/** At most this many named regions/articles per chart; the rest go into "other". */
export const TOP = 12;

export interface Grouped {
  /** Named groups, largest first. */
  groups: { key: string; n: number }[];
  /** People in merged small groups (0 when none). */
  other: number;
}

export function mergeSmall(counts: { key: string; n: number }[], min = MIN_GROUP, top = TOP): Grouped {
  const sorted = [...counts].sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  const groups = sorted.filter((c) => c.n >= min).slice(0, top);
  const shown = new Set(groups.map((g) => g.key));
  const other = sorted.filter((c) => !shown.has(c.key)).reduce((a, c) => a + c.n, 0);
  return { groups, other };
}

/** Sentence bands in months: [from, to). */
export const SENTENCE_BANDS: [number, number][] = [
  [0, 12],
  [12, 36],
  [36, 60],
  [60, 84],
  [84, 120],
  [120, 180],
  [180, 240],
  [240, Infinity],
];

export function binSentences(months: number[]): number[] {
  const bins = SENTENCE_BANDS.map(() => 0);
  for (const m of months) {
    const i = SENTENCE_BANDS.findIndex(([a, b]) => m >= a && m < b);
    if (i >= 0) bins[i]!++;
  }
  return bins;
}

export interface PublicStats {
  totals: q.Totals;
  byCategory: { key: PersonCategory; n: number }[];
  byStatus: { key: PersonStatus; n: number }[];
  byArticle: Grouped;
  byRegion: Grouped;
  sentenceBins: number[];
  /** Per year: released, exchanged, pardoned. */
  freedByYear: { year: number; values: [number, number, number] }[];
}

// Seven aggregate queries per view of a page anyone can reload: keep the result for a minute. The counts cover
// everyone regardless of consent, so a figure a minute old shows nothing that a fresh one would hide.
const CACHE_MS = 60_000;
const cache = new WeakMap<object, Map<string, { at: number; value: Promise<PublicStats> }>>();

export function loadPublicStats(db: Db, organisationId: string, now = Date.now()): Promise<PublicStats> {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const hit = perDb.get(organisationId);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  const value = computePublicStats(db, organisationId);
  perDb.set(organisationId, { at: now, value });
  // A failed query must not be served from the cache for a minute.
  value.catch(() => perDb!.delete(organisationId));
  return value;
}

async function computePublicStats(db: Db, organisationId: string): Promise<PublicStats> {
  const [totals, cat, st, art, reg, months, freed] = await Promise.all([
    q.totals(db, organisationId),
    q.countByCategory(db, organisationId),
    q.countByStatus(db, organisationId),
    q.countByArticle(db, organisationId),
    q.countByRegion(db, organisationId),
    q.sentenceMonths(db, organisationId),
    q.freedByYear(db, organisationId),
  ]);
  // Enum order, not size order: the categories are a fixed vocabulary readers compare across visits.
  const byCategory = personCategories.map((key) => ({ key, n: cat.find((c) => c.key === key)?.n ?? 0 })).filter((c) => c.n > 0);
  const byStatus = personStatuses.map((key) => ({ key, n: st.find((c) => c.key === key)?.n ?? 0 })).filter((c) => c.n > 0);
  const years = [...new Set(freed.map((f) => f.year))].sort((a, b) => a - b);
  const first = years[0];
  const last = years[years.length - 1];
  const freedByYear: PublicStats["freedByYear"] = [];
  // Every year in the range, so a year without releases shows as a gap rather than disappearing.
  if (first !== undefined && last !== undefined)
    for (let y = first; y <= last; y++) {
      const v = (s: PersonStatus) => freed.find((f) => f.year === y && f.status === s)?.n ?? 0;
      freedByYear.push({ year: y, values: [v("released"), v("exchanged"), v("pardoned")] });
    }
  return {
    totals,
    byCategory,
    byStatus,
    byArticle: mergeSmall(art),
    byRegion: mergeSmall(reg),
    sentenceBins: binSentences(months),
    freedByYear,
  };
}
