// Public statistics: counts over the whole registry (numbers only, open to anonymous readers), shaped by
// src/domain/publicStats.ts so small groups never point at one person. SQL in db/repositories/publicStats.ts.
import type { Db } from "../../db/client.js";
import * as q from "../../db/repositories/publicStats.js";
import { binSentences, mergeSmall, type Grouped } from "../../domain/publicStats.js";
import { personCategories, personStatuses, type PersonCategory, type PersonStatus } from "../../domain/vocabulary/enums.js";
import type { ServiceContext } from "../context.js";

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

export function loadPublicStats(ctx: ServiceContext, organisationId: string, now = Date.now()): Promise<PublicStats> {
  const db = ctx.db;
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
